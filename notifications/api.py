from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.roles import Capability as C

from . import selectors, services
from .models import Message, WebhookEndpoint


class MessageSerializer(serializers.ModelSerializer):
    person: serializers.Field = serializers.StringRelatedField()

    class Meta:
        model = Message
        fields = ["id", "channel", "address", "person", "template", "subject", "status",
                  "attempts", "last_error", "created_at", "updated_at", "sent_at",
                  "next_attempt_at", "opened_at", "confirmed_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    queued = serializers.IntegerField()
    sending = serializers.IntegerField()
    sent = serializers.IntegerField()
    failed = serializers.IntegerField()
    pending = serializers.IntegerField()


class MessageViewSet(ProductionScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The production's outbox: what was sent to whom, and what failed."""

    serializer_class = MessageSerializer
    read_capability = C.VIEW_MESSAGES
    write_capability = C.VIEW_MESSAGES
    filterset_fields = ["status", "channel", "template"]
    search_fields = ["address", "subject"]
    ordering_fields = ["created_at", "status"]

    def get_queryset(self):
        if self.schema_only:
            return Message.objects.none()
        return selectors.message_list(production=self.production)

    @extend_schema(request=None, responses={200: MessageSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def retry(self, request, *args, **kwargs):
        message = self.get_object()
        if message.status != "failed":
            raise serializers.ValidationError({"status": ["Only failed messages can be retried."]})
        return Response(MessageSerializer(services.message_retry(message=message)).data)

    @extend_schema(responses={200: ProgressSerializer})
    @action(detail=False, methods=["get"])
    def progress(self, request, *args, **kwargs):
        template = request.query_params.get("template", "")
        return Response(selectors.message_progress(production=self.production, template=template))


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    secret = serializers.CharField(read_only=True, help_text="Verify X-APCrew-Signature with it.")

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "is_active", "secret", "created_at"]
        read_only_fields = ["id", "secret", "created_at"]

    def validate_url(self, url: str) -> str:
        if not url.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Use an http:// or https:// URL.")
        return url


class WebhookViewSet(
    ProductionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    """Webhook endpoints: signed JSON POSTs of the production's events."""

    serializer_class = WebhookSerializer
    read_capability = C.MANAGE_INTEGRATIONS
    write_capability = C.MANAGE_INTEGRATIONS

    def get_queryset(self):
        if self.schema_only:
            return WebhookEndpoint.objects.none()
        return selectors.webhook_list(production=self.production)

    def perform_create(self, serializer):
        serializer.instance = services.webhook_create(
            production=self.production, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.webhook_update(endpoint=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.webhook_delete(endpoint=instance)
