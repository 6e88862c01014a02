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
urlpatterns = router.urls
