"""Breakdown API serializers: they validate and shape, nothing more."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from productions.api.serializers import ProductionChoiceField
from productions.models import CastMember, Location

from .. import services
from ..eighths import format_eighths
from ..models import (
    BreakdownSettings,
    Element,
    ElementCategory,
    RevisionColour,
    Scene,
    SceneElement,
    Script,
    Set,
)


@extend_schema_field(OpenApiTypes.INT)
class _Choice(ProductionChoiceField):
    def __init__(self, related: str, model, **kwargs):
        self.model = model
        super().__init__(related, **kwargs)


def choice(related: str, model, **kwargs) -> _Choice:
    return _Choice(related, model, **kwargs)


class TagBriefSerializer(serializers.ModelSerializer):
    element = serializers.IntegerField(source="element_id", read_only=True)
    name = serializers.CharField(source="element.name", read_only=True)
    category = serializers.IntegerField(source="element.category.code", read_only=True)
    board_id = serializers.SerializerMethodField()

    class Meta:
        model = SceneElement
        fields = ["id", "element", "name", "category", "board_id", "source"]
        read_only_fields = fields

    def get_board_id(self, tag) -> int | None:
        return tag.element.effective_board_id


class SceneSerializer(serializers.ModelSerializer):
    set = choice("sets", Set, allow_null=True, required=False)
    set_name = serializers.CharField(source="set.name", read_only=True, default="")
    length = serializers.SerializerMethodField()
    elements = TagBriefSerializer(source="tags", many=True, read_only=True)
    eighths = serializers.IntegerField(min_value=1, max_value=8 * 500, required=False)

    class Meta:
        model = Scene
        fields = ["id", "number", "heading", "int_ext", "set", "set_name", "time_of_day",
                  "day_night", "eighths", "length", "eighths_source", "page", "synopsis",
                  "order", "omitted", "elements", "updated_at"]
        read_only_fields = ["id", "eighths_source", "order", "omitted", "updated_at"]

    def get_length(self, scene) -> str:
        return format_eighths(scene.eighths)


class SetSerializer(serializers.ModelSerializer):
    location = choice("locations", Location, allow_null=True, required=False)
    scene_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Set
        fields = ["id", "name", "location", "scene_count"]
        read_only_fields = ["id"]
        validators = []


class ElementCategorySerializer(serializers.ModelSerializer):
    element_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ElementCategory
        fields = ["id", "code", "name", "colour", "element_count"]
        read_only_fields = ["id", "code"]
        validators = []


class ElementSerializer(serializers.ModelSerializer):
    category = choice("element_categories", ElementCategory)
    cast_member = choice("cast", CastMember, allow_null=True, required=False)
    effective_board_id = serializers.IntegerField(read_only=True)
    scene_count = serializers.IntegerField(read_only=True, default=0)
    aliases = serializers.SerializerMethodField()
    board_id = serializers.IntegerField(min_value=1, max_value=9999, allow_null=True,
                                        required=False)

    class Meta:
        model = Element
        fields = ["id", "category", "name", "notes", "cast_member", "board_id",
                  "board_id_locked", "effective_board_id", "scene_count", "aliases"]
        read_only_fields = ["id"]
        validators = []

    def get_aliases(self, element) -> list[str]:
        return [alias.name for alias in element.aliases.all()]


class ElementMergeSerializer(serializers.Serializer):
    into = choice("elements", Element, help_text="The element that keeps its name.")


class TagSerializer(serializers.ModelSerializer):
    scene = choice("scenes", Scene)
    element = choice("elements", Element)

    class Meta:
        model = SceneElement
        fields = ["id", "scene", "element", "source", "created_at"]
        read_only_fields = ["id", "source", "created_at"]
        validators = []


class ScriptSerializer(serializers.ModelSerializer):
    total_length = serializers.SerializerMethodField()

    class Meta:
        model = Script
        fields = ["id", "filename", "format", "encoding", "title", "revision_colour",
                  "revision_date", "status", "scene_count", "total_eighths", "total_length",
                  "summary", "created_at", "applied_at"]
        read_only_fields = fields

    def get_total_length(self, script) -> str:
        return format_eighths(script.total_eighths)


class BreakdownSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = BreakdownSettings
        fields = ["lines_per_page", "rounding", "int_day_colour", "ext_day_colour",
                  "int_night_colour", "ext_night_colour"]


class ScriptUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A Fountain (.fountain) or Final Draft (.fdx) file.")
    revision_colour = serializers.ChoiceField(choices=RevisionColour.choices,
                                              default=RevisionColour.WHITE)
    revision_date = serializers.DateField(required=False)
    apply = serializers.BooleanField(
        default=True,
        help_text="Merge into the breakdown at once. False keeps the draft pending, with its "
                  "summary, until POST …/scripts/{id}/apply/.",
    )

    def validate_file(self, upload):
        limit = services.max_upload_bytes()
        if upload.size > limit:
            raise serializers.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is "
                f"{limit / 1_048_576:.1f} MB."
            )
        return upload
