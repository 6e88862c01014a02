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
    path(f"{base}/elements/", views.element_list, name="element_list"),
    path(f"{base}/elements/merge/", views.element_merge, name="element_merge"),
    path(f"{base}/elements/renumber/", views.element_renumber, name="element_renumber"),
    path(f"{base}/elements/<int:pk>/board-id/", views.element_board_id,
         name="element_board_id"),
    path(f"{base}/categories/<int:pk>/colour/", views.element_category_colour,
         name="element_category_colour"),
    path(f"{base}/settings/", views.breakdown_settings, name="breakdown_settings"),
]
