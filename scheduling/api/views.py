"""Breakdown API viewsets: read with view_schedule, write with edit_schedule; every
write is a service call."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.api.views import CrudViewSet
from productions.roles import Capability as C

from .. import selectors, services
from ..models import Element, ElementCategory, Scene, SceneElement, Script, Set
from .serializers import (
    BreakdownSettingsSerializer,
    ElementCategorySerializer,
    ElementMergeSerializer,
    ElementSerializer,
    SceneSerializer,
    ScriptSerializer,
    ScriptUploadSerializer,
    SetSerializer,
    TagSerializer,
)


class BreakdownViewSet(ProductionScopedViewSet):
    read_capability = C.VIEW_SCHEDULE
    write_capability = C.EDIT_SCHEDULE


class SceneFilter(filters.FilterSet):
    set = filters.NumberFilter(field_name="set_id")
    element = filters.NumberFilter(field_name="tags__element_id", distinct=True)

    class Meta:
        model = Scene
        fields = ["set", "int_ext", "day_night", "omitted", "element"]


class SceneViewSet(BreakdownViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.UpdateModelMixin):
    """Scenes in script order, each with its tagged elements. Omitted scenes (removed by a
    later draft) are listed with `?omitted=true`."""

    serializer_class = SceneSerializer
    filterset_class = SceneFilter
    search_fields = ["heading", "number", "synopsis"]
    ordering_fields = ["order", "eighths", "number"]

    def get_queryset(self):
        if self.schema_only:
            return Scene.objects.none()
        return selectors.scene_list(production=self.production, omitted=None)

    def perform_update(self, serializer):
        serializer.instance = services.scene_update(scene=serializer.instance,
                                                    **serializer.validated_data)


class SetViewSet(BreakdownViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                 mixins.UpdateModelMixin):
    serializer_class = SetSerializer
    search_fields = ["name"]

    def get_queryset(self):
        if self.schema_only:
            return Set.objects.none()
        return selectors.set_list(production=self.production)

    def perform_update(self, serializer):
        services.set_update(set=serializer.instance, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class CategoryViewSet(BreakdownViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.UpdateModelMixin):
    """The element categories (Universal Schedule Standard codes 100 onwards); the names and
    colours are editable."""

    serializer_class = ElementCategorySerializer
    pagination_class = None

    def get_queryset(self):
        if self.schema_only:
            return ElementCategory.objects.none()
        return selectors.category_list(production=self.production)

    def list(self, request, *args, **kwargs):
        services.categories_ensure(production=self.production)
        return super().list(request, *args, **kwargs)

    def perform_update(self, serializer):
        services.category_update(category=serializer.instance, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class ElementFilter(filters.FilterSet):
    category = filters.NumberFilter(field_name="category_id")
    code = filters.NumberFilter(field_name="category__code")

    class Meta:
        model = Element
        fields = ["category", "code", "board_id_locked"]


class ElementViewSet(BreakdownViewSet, CrudViewSet):
    """Breakdown elements. Characters (category 100) carry board IDs; a character played
    by a cast member uses the cast member's board ID."""

    serializer_class = ElementSerializer
    filterset_class = ElementFilter
    search_fields = ["name"]
    ordering_fields = ["name", "board_id"]

    def get_queryset(self):
        if self.schema_only:
            return Element.objects.none()
        return selectors.element_list(production=self.production)

    def _reload(self, element):
        return self.get_queryset().get(pk=element.pk)

    def create_object(self, data):
        return self._reload(services.element_create(production=self.production, **data))

    def update_object(self, element, data):
        return self._reload(services.element_update(element=element, **data))

    def delete_object(self, element):
        services.element_delete(element=element)

    @extend_schema(request=ElementMergeSerializer, responses={200: ElementSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        """Merge this element into another (CYBER BOB is BOB): its tags move, and its name
        becomes an alias that later imports follow."""
        element = self.get_object()
        serializer = ElementMergeSerializer(data=request.data,
                                            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        into = services.element_merge(element=element, into=serializer.validated_data["into"])
        return Response(ElementSerializer(self._reload(into)).data)


class TagFilter(filters.FilterSet):
    scene = filters.NumberFilter(field_name="scene_id")
    element = filters.NumberFilter(field_name="element_id")

    class Meta:
        model = SceneElement
        fields = ["scene", "element", "source"]


class TagViewSet(BreakdownViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                 mixins.CreateModelMixin, mixins.DestroyModelMixin):
    """Elements tagged in scenes."""

    serializer_class = TagSerializer
    filterset_class = TagFilter

    def get_queryset(self):
        if self.schema_only:
            return SceneElement.objects.none()
        return selectors.tag_list(production=self.production)

    def perform_create(self, serializer):
        serializer.instance = services.tag_create(**serializer.validated_data)

    def perform_destroy(self, instance):
        services.tag_delete(tag=instance)


class ScriptViewSet(BreakdownViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin):
    """Script drafts. Upload one (multipart) to get its import summary: scenes added,
    removed (kept as omitted), changed (heading, length, number, or who speaks: each changed
    scene lists `speakers_added` and `speakers_removed`) and unchanged."""

    serializer_class = ScriptSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["status"]

    def get_queryset(self):
        if self.schema_only:
            return Script.objects.none()
        return selectors.script_list(production=self.production)

    @extend_schema(
        request={"multipart/form-data": ScriptUploadSerializer},
        responses={201: ScriptSerializer},
    )
    def create(self, request, *args, **kwargs):
        upload = ScriptUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        script = services.script_upload(
            production=self.production,
            data=data["file"].read(),
            filename=data["file"].name or "script",
            revision_colour=data["revision_colour"],
            revision_date=data.get("revision_date"),
            by=request.user,
            apply=data["apply"],
        )
        return Response(ScriptSerializer(script).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ScriptSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request, *args, **kwargs):
        """Merge a pending draft into the breakdown."""
        script = services.script_apply(script=self.get_object())
        return Response(ScriptSerializer(script).data)

    @extend_schema(request=None, responses={200: ScriptSerializer, 400: OpenApiResponse(
        description="The draft is not pending.")})
    @action(detail=True, methods=["post"])
    def discard(self, request, *args, **kwargs):
        """Drop a pending draft without touching the breakdown."""
        script = services.script_discard(script=self.get_object())
        return Response(ScriptSerializer(script).data)



class BreakdownSettingsViewSet(BreakdownViewSet, mixins.RetrieveModelMixin,
                               mixins.UpdateModelMixin):
    """How scene lengths are measured (lines per page, rounding) and the strip colours.
    They apply to drafts imported after the change."""

    serializer_class = BreakdownSettingsSerializer

    def get_object(self):
        return selectors.breakdown_settings(production=self.production)

    @extend_schema(responses={200: BreakdownSettingsSerializer})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(responses={200: BreakdownSettingsSerializer})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={200: BreakdownSettingsSerializer})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        serializer.instance = services.breakdown_settings_update(
            production=self.production, **serializer.validated_data)
