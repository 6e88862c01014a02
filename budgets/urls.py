from django.urls import path

from . import views

app_name = "budgets"

b = "<int:production_id>/budgets/<int:pk>"
urlpatterns = [
    path("<int:production_id>/budgets/", views.budget_list, name="list"),
    path(f"{b}/", views.topsheet, name="topsheet"),
    path(f"{b}/status/", views.budget_status, name="status"),
    path(f"{b}/setup/", views.setup, name="setup"),
    path(f"{b}/schedule-reviewed/", views.schedule_reviewed, name="schedule_reviewed"),
    path(f"{b}/categories/new/", views.category_create, name="category_create"),
    path(f"{b}/accounts/new/", views.account_create, name="account_create"),
    path(f"{b}/export/", views.export, name="export"),
    path(f"{b}/topsheet.pdf", views.topsheet_pdf, name="pdf"),
    path(f"{b}/import/", views.lines_import, name="import"),
    path(f"{b}/versions/", views.versions, name="versions"),
    path(f"{b}/compare/", views.versions_compare, name="compare"),
    path("<int:production_id>/budget-accounts/<int:pk>/", views.account_detail, name="account"),
    path("<int:production_id>/budget-accounts/<int:pk>/edit/", views.account_edit,
         name="account_edit"),
    path("<int:production_id>/budget-accounts/<int:pk>/lines/new/", views.line_create,
         name="line_create"),
    path("<int:production_id>/budget-lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("<int:production_id>/budget-lines/<int:pk>/delete/", views.line_delete,
         name="line_delete"),
    path("<int:production_id>/budget-globals/<int:pk>/edit/", views.global_edit,
         name="global_edit"),
    path("<int:production_id>/budget-accounts/<int:pk>/delete/", views.account_delete,
         name="account_delete"),
    path("<int:production_id>/budget-categories/<int:pk>/edit/", views.category_edit,
         name="category_edit"),
    path("<int:production_id>/budget-categories/<int:pk>/delete/", views.category_delete,
         name="category_delete"),
    path("<int:production_id>/budget-fringes/<int:pk>/edit/", views.fringe_edit,
         name="fringe_edit"),
    path("<int:production_id>/budget-fringes/<int:pk>/delete/", views.fringe_delete,
         name="fringe_delete"),
    path("<int:production_id>/budget-charges/<int:pk>/delete/", views.charge_delete,
         name="charge_delete"),
]
