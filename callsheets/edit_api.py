"""The call-sheet API's editing side: per-person calls, department calls, background calls,
and the production's call-sheet settings.

Read with view_callsheets; write with publish_callsheet. Filter calls and background
with `?callsheet=<id>`.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.api.serializers import ProductionChoiceField
from productions.api.views import CrudViewSet
from productions.roles import Capability as C

from . import editing, selectors
from .models import BackgroundCall, CallSheet, CallSheetSettings, PersonCall

TIME_FIELDS = ["call", "pickup", "hair_makeup", "on_set"]


@extend_schema_field(OpenApiTypes.INT)
class CallSheetField(ProductionChoiceField):
    model = CallSheet


class PersonCallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    # A plain string, not an enum: "kind" is already an enum of productions in the schema.
    kind = serializers.CharField(read_only=True, help_text="crew or cast")
    effective_call = serializers.TimeField(
        source="call_time", read_only=True, allow_null=True,
        help_text="The call itself, or the sheet's general call when `call` is empty.")

    class Meta:
        model = PersonCall
        fields = ["id", "callsheet", "person", "name", "kind", "department", "role",
                  "board_id", "dood_code", *TIME_FIELDS, "effective_call", "note"]
        read_only_fields = ["callsheet", "person", "kind", "department", "role", "board_id",
                            "dood_code"]


class DepartmentCallSerializer(serializers.Serializer):
    callsheet = CallSheetField(related="callsheets")
    department = serializers.CharField(max_length=100)
    call = serializers.TimeField(allow_null=True,
                                 help_text="null: everyone back to the general call.")


class DepartmentCallResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text="How many calls were set.")


class PersonCallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.UpdateModelMixin, ProductionScopedViewSet):
    # Calls come from the schedule (a sheet's cast and crew), so there is no create or
    # delete here: only their times and note change.
    serializer_class = PersonCallSerializer
    read_capability = C.VIEW_CALLSHEETS
    write_capability = C.PUBLISH_CALLSHEET
    filterset_fields = ["callsheet", "kind", "department"]

    def get_queryset(self):
        if self.schema_only:
            return PersonCall.objects.none()
        return selectors.person_call_list(production=self.production).select_related(
            "callsheet")

    def perform_update(self, serializer):
        serializer.instance = editing.person_call_edit(person_call=serializer.instance,
                                                       **serializer.validated_data)

    @extend_schema(request=DepartmentCallSerializer, responses=DepartmentCallResultSerializer)
    @action(detail=False, methods=["post"])
    def department(self, request, production_pk=None):
        """Give every crew member of a department on a sheet the same call."""
        data = DepartmentCallSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        updated = editing.department_call_edit(**data.validated_data)
        return Response({"updated": updated})


class BackgroundCallSerializer(serializers.ModelSerializer):
    callsheet = CallSheetField(related="callsheets")

    class Meta:
        model = BackgroundCall
        fields = ["id", "callsheet", "description", "count", "call", "scenes"]


class BackgroundCallViewSet(CrudViewSet):
    serializer_class = BackgroundCallSerializer
    read_capability = C.VIEW_CALLSHEETS
    write_capability = C.PUBLISH_CALLSHEET
    filterset_fields = ["callsheet"]

    def get_queryset(self):
        if self.schema_only:
            return BackgroundCall.objects.none()
        return selectors.background_list(production=self.production)

    def create_object(self, data: dict):
        return editing.background_call_create(**data)

    def update_object(self, instance, data: dict):
        data.pop("callsheet", None)  # a background call stays on its sheet
        return editing.background_call_update(background_call=instance, **data)

    def delete_object(self, instance):
        editing.background_call_delete(background_call=instance)


class CallSheetSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallSheetSettings
        fields = editing.settings_fields()


class CallSheetSettingsViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                               ProductionScopedViewSet):
    # One per production, at a fixed URL; the defaults until first saved.
    serializer_class = CallSheetSettingsSerializer
    read_capability = C.VIEW_CALLSHEETS
    write_capability = C.PUBLISH_CALLSHEET
    pagination_class = None

    def get_object(self):
        if self.schema_only:
            return CallSheetSettings()
        return selectors.callsheet_settings(production=self.production)

    def perform_update(self, serializer):
        serializer.instance = editing.callsheet_settings_update(production=self.production,
                                                                **serializer.validated_data)
