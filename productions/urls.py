from django.urls import path

from . import views

app_name = "productions"

urlpatterns = [
    path("new/", views.production_create, name="create"),
    path("<int:production_id>/", views.overview, name="overview"),
    path("<int:production_id>/edit/", views.production_edit, name="edit"),
    path("<int:production_id>/delete/", views.production_delete, name="delete"),
    path("<int:production_id>/people/", views.crew_list, name="crew"),
    path("<int:production_id>/people/crew/new/", views.crew_create, name="crew_create"),
    path("<int:production_id>/people/crew/<int:pk>/", views.crew_edit, name="crew_edit"),
    path("<int:production_id>/people/crew/<int:pk>/delete/", views.crew_delete,
         name="crew_delete"),
    path("<int:production_id>/people/cast/", views.cast_list, name="cast"),
    path("<int:production_id>/people/cast/new/", views.cast_create, name="cast_create"),
    path("<int:production_id>/people/cast/<int:pk>/", views.cast_edit, name="cast_edit"),
    path("<int:production_id>/people/cast/<int:pk>/delete/", views.cast_delete,
         name="cast_delete"),
    path("<int:production_id>/people/team/", views.team, name="team"),
    path("<int:production_id>/people/team/<int:pk>/role/", views.member_update,
         name="member_update"),
    path("<int:production_id>/people/team/<int:pk>/remove/", views.member_remove,
         name="member_remove"),
    path("<int:production_id>/people/invitations/<int:pk>/revoke/", views.invitation_revoke,
         name="invitation_revoke"),
    path("<int:production_id>/locations/", views.location_list, name="locations"),
    path("<int:production_id>/locations/new/", views.location_create, name="location_create"),
    path("<int:production_id>/locations/<int:pk>/", views.location_edit, name="location_edit"),
    path("<int:production_id>/locations/<int:pk>/delete/", views.location_delete,
         name="location_delete"),
]
