"""The call-sheet API: sheets, their versions, publish, per-person status, reminders.

Read with view_callsheets; write, publish and distribution status with publish_callsheet.
"""

import datetime

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.roles import Capability as C

from . import selectors, services
from .models import CallSheet, CallSheetVersion, PersonCall, Recipient


class CallSheetCallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = PersonCall
        fields = ["id", "person", "name", "kind", "department", "role", "board_id",
                  "dood_code", "call", "pickup", "hair_makeup", "on_set", "note"]
        read_only_fields = ["person", "kind", "department", "role", "board_id", "dood_code"]


class CallSheetSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = CallSheet
        fields = ["id", "unit", "day", "days_total", "date", "status", "published_version",
                  *services.EDITABLE, "schedule", "created_at", "updated_at"]
        read_only_fields = ["day", "unit", "days_total", "date", "published_version",
                            "schedule", "created_at", "updated_at"]


class CallSheetCreateSerializer(serializers.Serializer):
    day = serializers.IntegerField(min_value=1)
    unit = serializers.CharField(max_length=40, default="Main unit")


class CallSheetVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallSheetVersion
        fields = ["id", "number", "published_at", "changes", "overridden_warnings", "pdf_size",
                  "render_ms", "stamp_ms", "prepared_at", "error", "snapshot"]


class CallSheetRecipientSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name")
    status = serializers.SerializerMethodField()
    sent_at = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()

    class Meta:
        model = Recipient
        fields = ["person", "name", "department", "call_label", "status", "sent_at", "error",
                  "opened_at", "confirmed_at"]

    def get_status(self, obj) -> str:
        return obj.state  # preparing, queued, sending, sent, failed or cancelled

    def get_sent_at(self, obj) -> datetime.datetime | None:
        return obj.message.sent_at if obj.message else None

    def get_error(self, obj) -> str:
        return obj.state_error


class CallSheetPublishSerializer(serializers.Serializer):
    override = serializers.BooleanField(default=False)


class CallSheetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.UpdateModelMixin, ProductionScopedViewSet):
    serializer_class = CallSheetSerializer
    read_capability = C.VIEW_CALLSHEETS
    write_capability = C.PUBLISH_CALLSHEET
    # Recipients (confirmations): scoped in the action by selectors.confirmation_scope.

    def get_queryset(self):
        if self.schema_only:
            return CallSheet.objects.none()
        return selectors.callsheet_list(production=self.production)

    def _fail(self, exc: ValidationError) -> Response:
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)

    @extend_schema(request=CallSheetCreateSerializer, responses=CallSheetSerializer)
    def create(self, request, production_pk=None):
        data = CallSheetCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            sheet = services.callsheet_create_for_day(production=self.production,
                                                      **data.validated_data)
        except ValidationError as exc:
            return self._fail(exc)
        return Response(CallSheetSerializer(sheet).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k in services.EDITABLE}
        try:
            services.callsheet_update(callsheet=serializer.instance, **fields)
        except ValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc

    @extend_schema(responses=CallSheetCallSerializer(many=True))
    @action(detail=True, methods=["get"])
    def calls(self, request, production_pk=None, pk=None):
        sheet = self.get_object()
        return Response(CallSheetCallSerializer(sheet.calls.select_related("person"),
                                             many=True).data)

    @extend_schema(responses=CallSheetVersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request, production_pk=None, pk=None):
        sheet = self.get_object()
        versions = sheet.versions.order_by("number")
        return Response(CallSheetVersionSerializer(versions, many=True).data)

    @extend_schema(request=CallSheetPublishSerializer, responses=CallSheetVersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, production_pk=None, pk=None):
        sheet = self.get_object()
        data = CallSheetPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            version = services.callsheet_publish(callsheet=sheet, by=request.user,
                                                 override=data.validated_data["override"])
        except services.PublishWarnings as exc:
            return Response({"detail": "Warnings: publish again with override=true.",
                             "warnings": exc.warnings}, status=status.HTTP_409_CONFLICT)
        except ValidationError as exc:
            return self._fail(exc)
        return Response(CallSheetVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CallSheetRecipientSerializer(many=True))
    @action(detail=True, methods=["get"])
    def recipients(self, request, production_pk=None, pk=None):
        """Who got the latest version and who confirmed: everyone for producers, the AP,
        coordinators and the ADs; their own department's rows for a department head."""
        departments = selectors.confirmation_scope(membership=self.membership,
                                                   production=self.production)
        sheet = self.get_object()
        version = selectors.latest_version(callsheet=sheet)
        rows = selectors.recipients(version=version) if version else []
        if version and departments is not None:
            rows = rows.filter(department__in=departments)
        return Response(CallSheetRecipientSerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def remind(self, request, production_pk=None, pk=None):
        sheet = self.get_object()
        version = selectors.latest_version(callsheet=sheet)
        if version is None:
            return Response({"detail": "Not published."}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"reminded": services.callsheet_remind(version=version)})
