from django.urls import path

from . import views

app_name = "scheduling"

base = "<int:production_id>/breakdown"
urlpatterns = [
    path(f"{base}/", views.scene_list, name="scene_list"),
    path(f"{base}/upload/", views.script_upload, name="script_upload"),
    path(f"{base}/scripts/<int:pk>/", views.script_review, name="script_review"),
    path(f"{base}/scenes/<int:pk>/", views.scene_sheet, name="scene_sheet"),
    path(f"{base}/scenes/<int:pk>/edit/", views.scene_edit, name="scene_edit"),
    path(f"{base}/scenes/<int:pk>/tags/", views.scene_tag_add, name="scene_tag_add"),
    path(f"{base}/scenes/<int:pk>/print/", views.scene_print, name="scene_print"),
    path(f"{base}/scenes/<int:pk>/pdf/", views.scene_pdf, name="scene_pdf"),
    path(f"{base}/tags/<int:pk>/remove/", views.scene_tag_remove, name="scene_tag_remove"),
    path(f"{base}/sets/", views.set_list, name="set_list"),
    path(f"{base}/sets/<int:pk>/location/", views.set_location, name="set_location"),
    path(f"{base}/elements/", views.element_list, name="element_list"),
    path(f"{base}/elements/merge/", views.element_merge, name="element_merge"),
    path(f"{base}/elements/renumber/", views.element_renumber, name="element_renumber"),
    path(f"{base}/elements/<int:pk>/rename/", views.element_rename, name="element_rename"),
    path(f"{base}/elements/<int:pk>/delete/", views.element_delete, name="element_delete"),
    path(f"{base}/elements/<int:pk>/board-id/", views.element_board_id,
         name="element_board_id"),
    path(f"{base}/categories/<int:pk>/colour/", views.element_category_colour,
         name="element_category_colour"),
    path(f"{base}/settings/", views.breakdown_settings, name="breakdown_settings"),
]

# The stripboard, calendar, Day Out of Days and schedule reports (issue 5).
from . import board_views  # noqa: E402

sched = "<int:production_id>/schedule"
urlpatterns += [
    path(f"{sched}/", board_views.board, name="board"),
    path(f"{sched}/boards/new/", board_views.board_create, name="board_create"),
    path(f"{sched}/boards/<int:pk>/", board_views.board_detail, name="board_detail"),
    path(f"{sched}/boards/<int:pk>/move/", board_views.board_move, name="board_move"),
    path(f"{sched}/boards/<int:pk>/copy/", board_views.board_copy, name="board_copy"),
    path(f"{sched}/boards/<int:pk>/activate/", board_views.board_activate,
         name="board_activate"),
    path(f"{sched}/boards/<int:pk>/report/", board_views.board_report, name="board_report"),
    path(f"{sched}/boards/<int:pk>/report.pdf", board_views.board_report_pdf,
         name="board_report_pdf"),
    path(f"{sched}/boards/<int:pk>/report.csv", board_views.board_report_csv,
         name="board_report_csv"),
    path(f"{sched}/calendar/", board_views.calendar, name="calendar"),
    path(f"{sched}/calendar/events/", board_views.calendar_event_add,
         name="calendar_event_add"),
    path(f"{sched}/calendar/events/<int:pk>/delete/", board_views.calendar_event_delete,
         name="calendar_event_delete"),
    path(f"{sched}/dood/", board_views.dood, name="dood"),
    path(f"{sched}/dood.csv", board_views.dood_csv_download, name="dood_csv"),
    path(f"{sched}/dood.xlsx", board_views.dood_xlsx_download, name="dood_xlsx"),
    path(f"{sched}/dood.pdf", board_views.dood_pdf_download, name="dood_pdf"),
]
urlpatterns += [
    path(f"{sched}/dood/flags/", board_views.dood_flags_update, name="dood_flags_update"),
]
urlpatterns += [
    path(f"{sched}/boards/<int:pk>/rename/", board_views.board_rename, name="board_rename"),
    path(f"{sched}/boards/<int:pk>/delete/", board_views.board_delete, name="board_delete"),
]

# Telling people their days moved, once the AP confirms (issue 5, item 7).
urlpatterns += [
    path(f"{sched}/boards/<int:pk>/notify/", board_views.board_notify, name="board_notify"),
]

# Calendar feeds (issue 5, item 8). The feed itself is reached by its secret alone.
from . import feed_views  # noqa: E402

urlpatterns += [
    path(f"{sched}/feeds/", feed_views.feeds, name="feeds"),
    path(f"{sched}/feeds/issue/", feed_views.feed_issue, name="feed_issue"),
    path(f"{sched}/feeds/revoke/", feed_views.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", feed_views.feed, name="feed"),
]

# The optimizer (issue 6).
from .optimization import views as optimize_views  # noqa: E402

urlpatterns += [
    path(f"{sched}/boards/<int:pk>/optimize/", optimize_views.optimize_start,
         name="optimize_start"),
    path(f"{sched}/optimizations/<int:pk>/", optimize_views.optimize_run, name="optimize_run"),
    path(f"{sched}/optimizations/<int:pk>/progress/", optimize_views.optimize_progress,
         name="optimize_progress"),
    path(f"{sched}/optimizations/<int:pk>/apply/", optimize_views.optimize_apply,
         name="optimize_apply"),
    path(f"{sched}/optimizations/<int:pk>/cancel/", optimize_views.optimize_cancel,
         name="optimize_cancel"),
    path(f"{sched}/optimizer-settings/", optimize_views.optimize_settings,
         name="optimize_settings"),
]
