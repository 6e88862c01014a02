from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, edit_api

router = SimpleRouter()
scoped = r"productions/(?P<production_pk>\d+)"
router.register(f"{scoped}/callsheets", api.CallSheetViewSet, basename="callsheet")
router.register(f"{scoped}/callsheet-calls", edit_api.PersonCallViewSet,
                basename="callsheet-call")
router.register(f"{scoped}/callsheet-background", edit_api.BackgroundCallViewSet,
                basename="callsheet-background")
settings_view = edit_api.CallSheetSettingsViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update"})
urlpatterns = [
    *router.urls,
    path("productions/<int:production_pk>/callsheet-settings/", settings_view,
         name="callsheet-settings"),
]
