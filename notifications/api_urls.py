from rest_framework.routers import SimpleRouter

from .api import MessageViewSet, WebhookViewSet

router = SimpleRouter()
scoped = r"productions/(?P<production_pk>\d+)"
router.register(f"{scoped}/messages", MessageViewSet, basename="message")
router.register(f"{scoped}/webhooks", WebhookViewSet, basename="webhook")
urlpatterns = router.urls
