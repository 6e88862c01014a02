from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register(r"productions/(?P<production_pk>\d+)/callsheets", api.CallSheetViewSet,
                basename="callsheet")
urlpatterns = router.urls
