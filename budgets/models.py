"""Budgets: a top sheet of categories -> numbered accounts -> detail lines.

Amount, X and rate of a line are stored as the text the user typed (a number
or a formula over the budget's globals); `budgets.calculations` computes every
figure from them. Every row carries its budget so one budget loads in a
handful of queries and nothing crosses from one budget to another.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from productions.models import CURRENCIES, CastMember, CrewMember, Production

from .formulas import FormulaError, parse

identifier = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_]*$",
    "Use letters, digits and underscores, starting with a letter (e.g. SHOOT_DAYS).",
)


def validate_formula(value: str) -> None:
    try:
        parse(value)
    except FormulaError as exc:
        raise ValidationError(str(exc)) from None


def formula_field(verbose_name: str, default: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=200, default=default,
                            validators=[validate_formula])


class Level(models.TextChoices):
    ATL = "atl", "Above the line"
    BTL = "btl", "Below the line"
    POST = "post", "Post-production"
    OTHER = "other", "Other"


class Unit(models.TextChoices):
    ALLOW = "allow", "Allow"
    FLAT = "flat", "Flat"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    HOURS = "hours", "Hours"
    EACH = "each", "Each"
    MONTHS = "months", "Months"
    EPISODES = "episodes", "Episodes"
    MILES = "miles", "Miles"
    REELS = "reels", "Reels"


class Budget(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LOCKED = "locked", "Locked"
        # The books are closed (final cost report issued): no edits and no more costs.
        CLOSED = "closed", "Closed"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(max_length=120)
    currency = models.CharField(max_length=3, default="USD",
                                choices=[(c, c) for c in CURRENCIES])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    template = models.CharField(max_length=30, blank=True)
    # Optimistic concurrency: every write bumps it; a write that names an older one is refused.
    version = models.PositiveIntegerField(default=1)
    notes = models.TextField(blank=True)
    # Cost tracking: alert when an account's actuals reach this percent of its budget.
    alert_threshold = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("90"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "name"], name="budget_unique_name"),
            models.CheckConstraint(condition=Q(status__in=["draft", "locked", "closed"]),
                                   name="budget_status_valid"),
            models.CheckConstraint(condition=Q(version__gte=1), name="budget_version_positive"),
            models.CheckConstraint(condition=Q(alert_threshold__gt=0, alert_threshold__lte=100),
                                   name="budget_alert_threshold_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        """Nothing in it may change: locked, or closed."""
        return self.status in (self.Status.LOCKED, self.Status.CLOSED)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Category(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="categories")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.BTL)
    number = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "number", "id"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="category_unique_number"),
            models.CheckConstraint(condition=Q(level__in=[c.value for c in Level]),
                                   name="category_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Account(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="accounts")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="accounts")
    number = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="account_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def clean(self) -> None:
        if self.category_id and self.budget_id and self.category.budget_id != self.budget_id:
            raise ValidationError({"category": "This category belongs to another budget."})


class Fringe(models.Model):
    class Kind(models.TextChoices):
        PERCENT = "percent", "Percentage"
        FLAT = "flat", "Flat per unit"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="fringes")
    code = models.CharField(max_length=20, validators=[identifier])
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERCENT)
    rate = models.DecimalField(
        max_digits=12, decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99999999"))],
        help_text="Percent for a percentage fringe; money per unit for a flat one.",
    )
    cutoff = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Cap on the base per line: money for a percentage, units for a flat fringe.",
    )

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="fringe_unique_code"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="fringe_rate_non_negative"),
            models.CheckConstraint(condition=Q(kind="flat") | Q(rate__lte=100),
                                   name="fringe_percent_at_most_100"),
            models.CheckConstraint(condition=Q(cutoff__isnull=True) | Q(cutoff__gte=0),
                                   name="fringe_cutoff_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.kind == self.Kind.PERCENT and self.rate is not None and self.rate > 100:
            raise ValidationError({"rate": "A percentage fringe is at most 100%."})


class Global(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Typed in"
        SCHEDULE = "schedule", "From the schedule"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="globals")
    name = models.CharField(max_length=40, validators=[identifier])
    expression = formula_field("value", "0")
    description = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    # SHOOT_DAYS, PREP_DAYS, WRAP_DAYS, CAST_WORK_DAYS:<board id>, CAST_HOLD_DAYS:<board id>
    schedule_key = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="global_unique_name"),
            models.CheckConstraint(condition=Q(source="manual") | ~Q(schedule_key=""),
                                   name="global_schedule_needs_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.source == self.Source.SCHEDULE and not self.schedule_key:
            raise ValidationError({"schedule_key": "Say which schedule figure drives it."})


class LineItem(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=200)
    amount = formula_field("amount", "1")
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.DAYS)
    multiplier = formula_field("X", "1")
    rate = formula_field("rate", "0")
    crew_member = models.ForeignKey(CrewMember, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="budget_lines")
    cast_member = models.ForeignKey(CastMember, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="budget_lines")
    fringes = models.ManyToManyField(Fringe, blank=True, related_name="lines")
    notes = models.TextField(blank=True)
    # The engine's figures for this line, kept by the services on every write that moves
    # them, so a line edit can answer with every total from one aggregate query.
    subtotal = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"),
                                   editable=False)
    fringe_total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"),
                                       editable=False)
    # Set when a schedule-driven global moved this line's total; cleared when someone edits it.
    schedule_change = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "detail line"
        indexes = [models.Index(fields=["budget", "account", "order"], name="line_account_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(crew_member__isnull=True) | Q(cast_member__isnull=True),
                name="line_one_person_link",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.account_id and self.budget_id and self.account.budget_id != self.budget_id:
            raise ValidationError({"account": "This account belongs to another budget."})
        production_id = self.budget.production_id if self.budget_id else None
        for field in ("crew_member", "cast_member"):
            linked = getattr(self, field)
            if linked is not None and linked.production_id != production_id:
                raise ValidationError({field: "This person works on another production."})
        if self.crew_member_id and self.cast_member_id:
            raise ValidationError("Link a line to a crew member or a cast member, not both.")


class ContractualCharge(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="charges")
    name = models.CharField(max_length=120)
    percent = models.DecimalField(
        max_digits=7, decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    accounts = models.ManyToManyField(Account, blank=True, related_name="+")
    excluded_accounts = models.ManyToManyField(Account, blank=True, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="charge_unique_name"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100),
                                   name="charge_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.percent}%"


class BudgetVersion(models.Model):
    """A frozen copy of a budget: its structure and every total, as JSON (money as strings)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=120)
    locked = models.BooleanField(default=False, help_text="A locked version is the original.")
    snapshot = models.JSONField()
    grand_total = models.DecimalField(max_digits=16, decimal_places=2)
    budget_version = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="budget_version_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# Cost tracking lives in its own module; importing it here registers its models.
from .cost_models import (  # noqa: E402, F401
    Actual,
    CostEstimate,
    OverageAlert,
    PurchaseOrder,
)
