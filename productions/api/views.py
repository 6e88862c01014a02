from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from .. import selectors, services
from ..logo import logo_bytes, production_logo_clear, production_logo_set
from ..models import (
    ApiToken,
    CastMember,
    CrewMember,
    Department,
    Invitation,
    Location,
    Membership,
    Person,
    Production,
)
from ..roles import Capability as C
from .base import ProductionScopedViewSet
from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    CastMemberSerializer,
    CastMemberWithFeeSerializer,
    CrewMemberSerializer,
    CrewMemberWithRateSerializer,
    DepartmentSerializer,
    InvitationSerializer,
    LocationSerializer,
    MembershipSerializer,
    PersonInputMixin,
    PersonSerializer,
    ProductionLogoSerializer,
    ProductionSerializer,
)

# apcrew.schema.AutoSchema documents these on every operation; an explicit
# `responses=` may still spread them in for readability.
ERRORS = {
    400: OpenApiResponse(description="Invalid input: a JSON object of messages per field."),
    403: OpenApiResponse(description="Your role on this production does not allow this."),
    404: OpenApiResponse(description="No such object among your productions."),
}


class CrudViewSet(
    ProductionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    # List/retrieve from a selector; create/update/delete through services.
    # (A comment, not a docstring: the schema would show it as the API's text.)

    def create_object(self, data: dict):
        raise NotImplementedError

    def update_object(self, instance, data: dict):
        raise NotImplementedError

    def delete_object(self, instance) -> None:
        raise NotImplementedError

    def perform_create(self, serializer):
        serializer.instance = self.create_object(serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = self.update_object(serializer.instance, serializer.validated_data)

    def perform_destroy(self, instance):
        self.delete_object(instance)


class ProductionViewSet(viewsets.ModelViewSet):
    """Your productions. Creating one makes you its producer."""

    serializer_class = ProductionSerializer
    filterset_fields = ["kind", "phase"]
    search_fields = ["title", "company"]
    ordering_fields = ["title", "shoot_start", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Production.objects.none()
        return selectors.production_list(user=self.request.user)

    def _membership(self, production):
        return selectors.membership_for(user=self.request.user, production_id=production.pk)

    def _require(self, production, capability):
        from rest_framework.exceptions import PermissionDenied

        if not self._membership(production).can(capability):
            raise PermissionDenied("Your role on this production does not allow this.")

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "my_role"}
        production = services.production_create(user=self.request.user, **data)
        serializer.instance = selectors.production_list(user=self.request.user).get(
            pk=production.pk
        )

    def perform_update(self, serializer):
        self._require(serializer.instance, C.EDIT_PRODUCTION)
        services.production_update(production=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        self._require(instance, C.DELETE_PRODUCTION)
        services.production_delete(production=instance)

    @extend_schema(methods=["GET"], request=None,
                   responses={(200, "image/png"): OpenApiTypes.BINARY,
                              (200, "image/jpeg"): OpenApiTypes.BINARY})
    @extend_schema(methods=["PUT"], request={"multipart/form-data": ProductionLogoSerializer},
                   responses=ProductionSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["get", "put", "delete"],
            parser_classes=[MultiPartParser, FormParser])
    def logo(self, request, pk=None, format=None):
        """The production's logo, printed on call sheets: read it, replace it, remove it."""
        production = self.get_object()  # before reading the body: outsiders get a 404
        if request.method == "GET":
            found = logo_bytes(production.logo.name)
            if found is None:
                raise Http404("This production has no logo.")
            return HttpResponse(found[0], content_type=found[1])
        self._require(production, C.EDIT_PRODUCTION)
        if request.method == "DELETE":
            production_logo_clear(production=production)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = ProductionLogoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            production_logo_set(production=production,
                                upload=data.validated_data["logo"])
        except DjangoValidationError as exc:
            raise ValidationError({"logo": exc.messages}) from exc
        return Response(self.get_serializer(self.get_object()).data)


class DepartmentViewSet(CrudViewSet):
    """The production's departments (seeded with the standard list)."""

    serializer_class = DepartmentSerializer
    read_capability = C.VIEW_PEOPLE
    write_capability = C.EDIT_PEOPLE
    pagination_class = None

    def get_queryset(self):
        if self.schema_only:
            return Department.objects.none()
        return selectors.department_list(production=self.production)

    def create_object(self, data):
        return services.department_create(production=self.production, **data)

    def update_object(self, department, data):
        return services.department_update(department=department, **data)

    def delete_object(self, department):
        services.department_delete(department=department)


class CrewFilter(filters.FilterSet):
    department = filters.NumberFilter(field_name="department_id")

    class Meta:
        model = CrewMember
        fields = ["department", "position"]


class CrewMemberViewSet(CrudViewSet):
    """Crew by department. `rate` and `rate_unit` appear only for roles that may see rates."""

    read_capability = C.VIEW_PEOPLE
    write_capability = C.EDIT_PEOPLE
    filterset_class = CrewFilter
    search_fields = ["person__name", "position", "person__email"]
    ordering_fields = ["position", "person__name"]

    def get_serializer_class(self):
        # Rates exist in the API only for the money roles.
        if self.schema_only or self.can(C.VIEW_RATES):
            return CrewMemberWithRateSerializer
        return CrewMemberSerializer

    def get_queryset(self):
        if self.schema_only:
            return CrewMember.objects.none()
        return selectors.crew_list(production=self.production)

    def create_object(self, data):
        return services.crew_member_create(production=self.production, **data)

    def update_object(self, member, data):
        data.pop("person", None)
        person_fields = PersonInputMixin.split_person(data)
        return services.crew_member_update(member=member, person_fields=person_fields, **data)

    def delete_object(self, member):
        services.crew_member_delete(member=member)


class CastMemberViewSet(CrudViewSet):
    """Cast by board ID. `fee` and `fee_unit` appear only for roles that may see rates."""

    read_capability = C.VIEW_PEOPLE
    write_capability = C.EDIT_PEOPLE
    filterset_fields = ["board_id_locked"]
    search_fields = ["person__name", "character"]
    ordering_fields = ["board_id", "character"]

    def get_serializer_class(self):
        if self.schema_only or self.can(C.VIEW_RATES):
            return CastMemberWithFeeSerializer
        return CastMemberSerializer

    def get_queryset(self):
        if self.schema_only:
            return CastMember.objects.none()
        return selectors.cast_list(production=self.production)

    def create_object(self, data):
        return services.cast_member_create(production=self.production, **data)

    def update_object(self, member, data):
        data.pop("person", None)
        person_fields = PersonInputMixin.split_person(data)
        return services.cast_member_update(member=member, person_fields=person_fields, **data)

    def delete_object(self, member):
        services.cast_member_delete(member=member)


class LocationViewSet(CrudViewSet):
    """Locations with parking, basecamp and the nearest hospital."""

    serializer_class = LocationSerializer
    read_capability = C.VIEW_PRODUCTION
    write_capability = C.EDIT_PEOPLE
    search_fields = ["name", "address"]
    ordering_fields = ["name"]

    def get_queryset(self):
        if self.schema_only:
            return Location.objects.none()
        return selectors.location_list(production=self.production)

    def create_object(self, data):
        return services.location_create(production=self.production, **data)

    def update_object(self, location, data):
        return services.location_update(location=location, **data)

    def delete_object(self, location):
        services.location_delete(location=location)


class MembershipViewSet(
    ProductionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    """Members of the production with their roles. Invite new ones through invitations."""

    serializer_class = MembershipSerializer
    read_capability = C.VIEW_PEOPLE
    write_capability = C.MANAGE_MEMBERS
    filterset_fields = ["role"]

    def get_queryset(self):
        if self.schema_only:
            return Membership.objects.none()
        return selectors.member_list(production=self.production)

    def perform_update(self, serializer):
        services.membership_update(
            membership=serializer.instance,
            role=serializer.validated_data.get("role", serializer.instance.role),
            by=self.membership,
        )

    def perform_destroy(self, instance):
        services.membership_remove(membership=instance, by=self.membership)


class InvitationViewSet(
    ProductionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
):
    """Invite people by email. DELETE revokes a pending invitation."""

    serializer_class = InvitationSerializer
    read_capability = C.MANAGE_MEMBERS
    write_capability = C.MANAGE_MEMBERS
    filterset_fields = ["role"]

    def get_queryset(self):
        if self.schema_only:
            return Invitation.objects.none()
        return selectors.invitation_list(production=self.production)

    def perform_create(self, serializer):
        issued = services.invitation_create(
            production=self.production, by=self.membership, **serializer.validated_data
        )
        serializer.instance = issued.invitation

    def destroy(self, request, *args, **kwargs):
        invitation = services.invitation_revoke(invitation=self.get_object())
        return Response(self.get_serializer(invitation).data)


@extend_schema_view(list=extend_schema(responses={200: PersonSerializer(many=True)}))
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People on your productions. Edit them through crew or cast."""

    serializer_class = PersonSerializer
    search_fields = ["name", "email"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return selectors.people_visible(user=self.request.user).order_by("name", "id")


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your personal API tokens. The secret is in the create response only."""

    serializer_class = ApiTokenSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return selectors.api_token_list(user=self.request.user)

    @extend_schema(responses={201: ApiTokenCreatedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            token, secret = services.api_token_create(
                user=request.user, name=serializer.validated_data["name"]
            )
        body = {**ApiTokenSerializer(token).data, "token": secret}
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.api_token_revoke(token=instance)
