from django.urls import path

from . import views

app_name = "callsheets"

base = "<int:production_id>/callsheets"
urlpatterns = [
    path(f"{base}/", views.callsheet_list, name="list"),
    path(f"{base}/new/", views.callsheet_create, name="create"),
    path(f"{base}/<int:pk>/", views.callsheet_edit, name="edit"),
    path(f"{base}/<int:pk>/calls/", views.callsheet_calls, name="calls"),
    path(f"{base}/<int:pk>/refresh/", views.callsheet_refresh, name="refresh"),
    path(f"{base}/<int:pk>/publish/", views.callsheet_publish, name="publish"),
    path(f"{base}/<int:pk>/pdf/", views.callsheet_pdf, name="pdf"),
    path(f"{base}/<int:pk>/distribution/", views.distribution, name="distribution"),
    path(f"{base}/<int:pk>/remind/", views.remind, name="remind"),
    # The personal link in each email: no login, the token is the key.
    path("calls/<str:token>/", views.mobile, name="mobile"),
    path("calls/<str:token>/confirm/", views.mobile_confirm, name="confirm"),
]
