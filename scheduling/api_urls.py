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

# The stripboard, calendar and Day Out of Days (issue 5).
from .api import boards as board_api  # noqa: E402

board_router = SimpleRouter()
board_router.register(f"{scoped}/boards", board_api.BoardViewSet, basename="board")
urlpatterns += [
    *board_router.urls,
    path("productions/<int:production_pk>/calendar/",
         board_api.CalendarViewSet.as_view({"get": "retrieve", "put": "update"}),
         name="shooting-calendar"),
    path("productions/<int:production_pk>/dood/",
         board_api.DoodViewSet.as_view({"get": "retrieve"}), name="dood-json"),
]
urlpatterns += [
    path("productions/<int:production_pk>/dood/elements/<int:pk>/",
         board_api.DoodFlagsViewSet.as_view({"get": "retrieve", "put": "update"}),
         name="dood-flags"),
]

# The optimizer (issue 6).
from .api.optimize import OptimizationRunViewSet  # noqa: E402

optimize_router = SimpleRouter()
optimize_router.register(f"{scoped}/optimizations", OptimizationRunViewSet,
                         basename="optimization")
urlpatterns += optimize_router.urls

# Calendar feed subscriptions (issue 5, item 8): <pk> is the person.
from .api.feeds import CalendarFeedViewSet  # noqa: E402

urlpatterns += [
    path("productions/<int:production_pk>/calendar-feeds/",
         CalendarFeedViewSet.as_view({"get": "list", "post": "create"}),
         name="calendar-feeds"),
    path("productions/<int:production_pk>/calendar-feeds/<int:pk>/",
         CalendarFeedViewSet.as_view({"delete": "destroy"}), name="calendar-feed"),
]
