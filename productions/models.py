import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .roles import Capability, Role, can

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "JPY",
              "INR", "ZAR", "MXN", "BRL", "PLN", "CZK", "HUF", "ISK", "KRW", "SGD", "HKD"]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not an IANA time zone (e.g. Europe/London).")


class ProductionQuerySet(models.QuerySet):
    def for_user(self, user) -> "ProductionQuerySet":
        """The productions a user belongs to: where every user-facing query starts."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Production(models.Model):
    class Kind(models.TextChoices):
        FEATURE = "feature", "Feature film"
        EPISODIC = "episodic", "Episodic / TV"
        SHORT = "short", "Short film"
        COMMERCIAL = "commercial", "Commercial"
        DOCUMENTARY = "documentary", "Documentary"

    class Phase(models.TextChoices):
        DEVELOPMENT = "development", "Development"
        PRE_PRODUCTION = "pre_production", "Pre-production"
        PRODUCTION = "production", "Production"
        POST = "post", "Post-production"
        DELIVERED = "delivered", "Delivered"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FEATURE)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.PRE_PRODUCTION)
    company = models.CharField("production company", max_length=200, blank=True)
    prep_start = models.DateField("prep starts", null=True, blank=True)
    shoot_start = models.DateField("first shoot day", null=True, blank=True)
    shoot_end = models.DateField("last shoot day", null=True, blank=True)
    delivery_date = models.DateField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    currency = models.CharField(
        max_length=3, default="USD", choices=[(c, c) for c in CURRENCIES]
    )
    # Set only through productions.logo (checked and re-encoded, so what is stored is a
    # small PNG or JPEG); shown at the top of the call sheet.
    logo = models.FileField(upload_to="logos/", max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductionQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shoot_end__isnull=True)
                | Q(shoot_start__isnull=True)
                | Q(shoot_end__gte=models.F("shoot_start")),
                name="production_shoot_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("productions:overview", args=[self.pk])

    def clean(self) -> None:
        if self.shoot_start and self.shoot_end and self.shoot_end < self.shoot_start:
            raise ValidationError({"shoot_end": "The last shoot day is before the first."})


class Person(models.Model):
    """A human who may work on many productions; may or may not have a login."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["email"], name="person_email_idx")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "production"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} on {self.production}"

    def can(self, capability: Capability) -> bool:
        return can(self.role, capability)


class Invitation(models.Model):
    """A one-time, expiring invitation to join a production with a role.

    Only a hash of the token is stored: the link in the email is the secret.
    """

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Role.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} on {self.production}"

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class Department(models.Model):
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "name"], name="department_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RateUnit(models.TextChoices):
    HOUR = "hour", "per hour"
    DAY = "day", "per day"
    WEEK = "week", "per week"
    FLAT = "flat", "flat"


def money_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )


class CrewMember(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="crew")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="crew_roles")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="crew")
    position = models.CharField(max_length=120)
    rate = money_field("rate")
    rate_unit = models.CharField(max_length=10, choices=RateUnit.choices, default=RateUnit.DAY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["department__order", "department__name", "position", "id"]
        verbose_name = "crew member"
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=0), name="crew_rate_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"


class CastMember(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="cast")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cast_roles")
    character = models.CharField(max_length=200)
    board_id = models.PositiveIntegerField(
        "board ID", validators=[MinValueValidator(1), MaxValueValidator(9999)]
    )
    board_id_locked = models.BooleanField(
        "board ID locked",
        default=False,
        help_text="A locked board ID never shifts on re-import or renumbering.",
    )
    fee = money_field("fee")
    fee_unit = models.CharField(max_length=10, choices=RateUnit.choices, default=RateUnit.DAY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board_id"]
        verbose_name = "cast member"
        constraints = [
            models.UniqueConstraint(
                fields=["production", "board_id"], name="cast_unique_board_id"
            ),
            models.CheckConstraint(condition=Q(board_id__gte=1), name="cast_board_id_positive"),
            models.CheckConstraint(
                condition=Q(fee__isnull=True) | Q(fee__gte=0), name="cast_fee_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board_id}. {self.character} ({self.person})"


class Location(models.Model):
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    parking = models.TextField(blank=True)
    basecamp = models.TextField(blank=True)
    hospital_name = models.CharField("nearest hospital", max_length=200, blank=True)
    hospital_address = models.TextField(blank=True)
    hospital_phone = models.CharField(max_length=40, blank=True)
    contact_name = models.CharField("location contact", max_length=200, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "name"], name="location_unique_name"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")


class ApiToken(models.Model):
    """A personal API token. The secret is shown once; only its SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
