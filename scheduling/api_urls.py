from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
scoped = r"productions/(?P<production_pk>\d+)"
router.register(f"{scoped}/scripts", api.ScriptViewSet, basename="script")
router.register(f"{scoped}/scenes", api.SceneViewSet, basename="scene")
router.register(f"{scoped}/sets", api.SetViewSet, basename="set")
router.register(f"{scoped}/element-categories", api.CategoryViewSet, basename="elementcategory")
router.register(f"{scoped}/elements", api.ElementViewSet, basename="element")
router.register(f"{scoped}/tags", api.TagViewSet, basename="tag")
urlpatterns = [
    *router.urls,
    path("productions/<int:production_pk>/breakdown-settings/",
         api.BreakdownSettingsViewSet.as_view(
             {"get": "retrieve", "put": "update", "patch": "partial_update"}),
         name="breakdown-settings"),
]
