from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from rest_framework import serializers

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
from ..roles import Role

User = get_user_model()


class ProductionSerializer(serializers.ModelSerializer):
    my_role = serializers.CharField(read_only=True, allow_null=True)
    logo = serializers.SerializerMethodField(
        help_text="Where to GET the logo image (PUT a file there to set it); null: none.")

    class Meta:
        model = Production
        fields = [
            "id", "title", "kind", "phase", "company", "prep_start", "shoot_start",
            "shoot_end", "delivery_date", "time_zone", "currency", "logo", "my_role",
            "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_logo(self, obj) -> str | None:
        return reverse("production-logo", args=[obj.pk]) if obj.logo else None

    def validate(self, attrs):
        start = attrs.get("shoot_start", getattr(self.instance, "shoot_start", None))
        end = attrs.get("shoot_end", getattr(self.instance, "shoot_end", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"shoot_end": "The last shoot day is before the first."}
            )
        return attrs


class ProductionLogoSerializer(serializers.Serializer):
    logo = serializers.FileField(help_text="PNG or JPEG, up to 1 MB (SVG is refused).")


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "email", "phone"]
        read_only_fields = ["id"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "order"]
        read_only_fields = ["id"]


class ProductionChoiceField(serializers.PrimaryKeyRelatedField):
    """A related row that must belong to the view's production (no cross-production ids)."""

    model: type[models.Model]

    def __init__(self, related: str, **kwargs):
        self.related = related
        super().__init__(**kwargs)

    def get_queryset(self):
        view = self.context.get("view")
        production = getattr(view, "production", None)
        if production is None:
            return self.model._default_manager.none()
        return getattr(production, self.related).all()


class DepartmentField(ProductionChoiceField):
    model = Department

    def __init__(self, **kwargs):
        super().__init__("departments", **kwargs)


class PersonInputMixin(serializers.Serializer):
    """Create with an existing `person_id`, or a new person from name/email/phone."""

    person_id = serializers.PrimaryKeyRelatedField(
        source="person", queryset=Person.objects.none(), required=False, write_only=True
    )
    name = serializers.CharField(max_length=200, required=False, write_only=True)
    email = serializers.EmailField(required=False, allow_blank=True, write_only=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, write_only=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            from ..selectors import people_visible

            # django-stubs reads RelatedField.queryset as a manager descriptor.
            fields["person_id"].queryset = people_visible(  # type: ignore[attr-defined]
                user=request.user
            )
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and "person" not in attrs and not attrs.get("name", "").strip():
            raise serializers.ValidationError({"name": "Give a name, or a person_id."})
        return attrs

    @staticmethod
    def split_person(data: dict) -> dict:
        """The person's own fields, popped out of validated data, for updates."""
        return {key: data.pop(key) for key in ("name", "email", "phone") if key in data}


class CrewMemberSerializer(PersonInputMixin, serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)
    department = DepartmentField()

    class Meta:
        model = CrewMember
        fields = ["id", "person", "person_id", "name", "email", "phone", "department",
                  "position", "created_at"]
        read_only_fields = ["id", "created_at"]


class CrewMemberWithRateSerializer(CrewMemberSerializer):
    class Meta(CrewMemberSerializer.Meta):
        fields = [*CrewMemberSerializer.Meta.fields, "rate", "rate_unit"]


class CastMemberSerializer(PersonInputMixin, serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)
    board_id = serializers.IntegerField(min_value=1, max_value=9999, required=False)

    class Meta:
        model = CastMember
        fields = ["id", "person", "person_id", "name", "email", "phone", "character",
                  "board_id", "board_id_locked", "created_at"]
        read_only_fields = ["id", "created_at"]
        # Uniqueness of board IDs is checked by the service (and the database).
        validators: list = []


class CastMemberWithFeeSerializer(CastMemberSerializer):
    class Meta(CastMemberSerializer.Meta):
        fields = [*CastMemberSerializer.Meta.fields, "fee", "fee_unit"]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = [
            "id", "name", "address", "latitude", "longitude", "parking", "basecamp",
            "hospital_name", "hospital_address", "hospital_phone", "contact_name",
            "contact_phone", "notes", "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        validators: list = []

    def validate(self, attrs):
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lng = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lng is None):
            raise serializers.ValidationError(
                {"latitude": "Give both latitude and longitude, or neither."}
            )
        return attrs


class UserSummarySerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "email"]

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class MembershipSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "created_at"]
        read_only_fields = ["id", "user", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    person_id = serializers.PrimaryKeyRelatedField(
        source="person", queryset=Person.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "person_id", "status", "created_at", "expires_at",
                  "accepted_at", "revoked_at"]
        read_only_fields = ["id", "status", "created_at", "expires_at", "accepted_at",
                            "revoked_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            from ..selectors import people_visible

            # django-stubs reads RelatedField.queryset as a manager descriptor.
            fields["person_id"].queryset = people_visible(  # type: ignore[attr-defined]
                user=request.user
            )
        return fields

    def validate_role(self, role):
        if role not in Role.values:
            raise serializers.ValidationError("Unknown role.")
        return role


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
