from django.urls import path

from . import edit_views, views

app_name = "callsheets"

base = "<int:production_id>/callsheets"
urlpatterns = [
    path(f"{base}/", views.callsheet_list, name="list"),
    path(f"{base}/new/", views.callsheet_create, name="create"),
    path(f"{base}/settings/", edit_views.settings_edit, name="settings"),
    path(f"{base}/<int:pk>/", edit_views.callsheet_edit, name="edit"),
    path(f"{base}/<int:pk>/calls/", edit_views.calls_save, name="calls"),
    path(f"{base}/<int:pk>/department-call/", edit_views.department_call,
         name="department_call"),
    path(f"{base}/<int:pk>/background/", edit_views.background_add, name="background_add"),
    path(f"{base}/person-calls/<int:pk>/", edit_views.person_call_edit, name="person_call"),
    path(f"{base}/background/<int:pk>/", edit_views.background_edit, name="background_edit"),
    path(f"{base}/background/<int:pk>/delete/", edit_views.background_delete,
         name="background_delete"),
    path(f"{base}/<int:pk>/refresh/", views.callsheet_refresh, name="refresh"),
    path(f"{base}/<int:pk>/publish/", views.callsheet_publish, name="publish"),
    path(f"{base}/<int:pk>/pdf/", views.callsheet_pdf, name="pdf"),
    path(f"{base}/<int:pk>/distribution/", views.distribution, name="distribution"),
    path(f"{base}/<int:pk>/remind/", views.remind, name="remind"),
    # The personal link in each email: no login, the token is the key.
    path("calls/<str:token>/", views.mobile, name="mobile"),
    path("calls/<str:token>/confirm/", views.mobile_confirm, name="confirm"),
]
