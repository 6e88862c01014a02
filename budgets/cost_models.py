"""Cost tracking: purchase orders (commitments), actuals (what was spent), per-account
estimates to complete, and the overage alerts already sent.

Imported by `budgets.models`, so Django finds these models in the budgets app.
Money in the budget's currency is stored once, already rounded; an actual in
another currency keeps its own amount, currency and the rate used, so the
conversion can always be checked.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from productions.models import CURRENCIES


class PurchaseOrder(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PARTLY_PAID = "partly_paid", "Partly paid"
        CLOSED = "closed", "Closed"

    budget = models.ForeignKey("budgets.Budget", on_delete=models.CASCADE,
                               related_name="purchase_orders")
    account = models.ForeignKey("budgets.Account", on_delete=models.CASCADE,
                                related_name="purchase_orders")
    line = models.ForeignKey("budgets.LineItem", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="purchase_orders")
    number = models.CharField("PO number", max_length=40)
    vendor = models.CharField(max_length=120)
    description = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2,
                                 help_text="In the budget's currency.")
    date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "purchase order"
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="po_unique_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="po_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=["open", "partly_paid", "closed"]),
                                   name="po_status_valid"),
        ]

    def __str__(self) -> str:
        return f"PO {self.number} {self.vendor}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Actual(models.Model):
    """An invoice, receipt or payroll entry. A credit (refund, rebate) is negative and
    must say so: `is_credit`."""

    budget = models.ForeignKey("budgets.Budget", on_delete=models.CASCADE,
                               related_name="actuals")
    account = models.ForeignKey("budgets.Account", on_delete=models.CASCADE,
                                related_name="actuals")
    line = models.ForeignKey("budgets.LineItem", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="actuals")
    purchase_order = models.ForeignKey(PurchaseOrder, null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="actuals")
    vendor = models.CharField(max_length=120)
    description = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    reference = models.CharField(max_length=60, blank=True,
                                 help_text="Invoice or transaction number; unique per budget.")
    amount = models.DecimalField(max_digits=14, decimal_places=2,
                                 help_text="In `currency`; negative only for a credit.")
    currency = models.CharField(max_length=3, choices=[(c, c) for c in CURRENCIES])
    exchange_rate = models.DecimalField(
        max_digits=18, decimal_places=8, default=Decimal("1"),
        help_text="Budget currency per unit of `currency`, as used for this entry.")
    base_amount = models.DecimalField(
        max_digits=14, decimal_places=2, editable=False,
        help_text="amount x exchange_rate in the budget's currency, rounded once.")
    is_credit = models.BooleanField(default=False)
    document = models.FileField(upload_to="actuals/%Y/%m/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["budget", "account", "date"], name="actual_account_date")]
        constraints = [
            models.UniqueConstraint(fields=["budget", "reference"], condition=~Q(reference=""),
                                    name="actual_unique_reference"),
            models.CheckConstraint(
                condition=Q(is_credit=False, amount__gt=0, base_amount__gte=0)
                | Q(is_credit=True, amount__lt=0, base_amount__lte=0),
                name="actual_sign_matches_credit"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0),
                                   name="actual_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.amount} {self.currency}"

    def clean(self) -> None:
        if self.amount is not None:
            if self.amount < 0 and not self.is_credit:
                raise ValidationError({"amount": "A negative amount must be marked as a credit."})
            if self.amount > 0 and self.is_credit:
                raise ValidationError({"amount": "A credit is entered as a negative amount."})
            if self.amount == 0:
                raise ValidationError({"amount": "An actual cannot be zero."})


class CostEstimate(models.Model):
    """An account's estimate to complete, typed in by the AP; without one the report uses
    max(budget - cost to date, 0)."""

    budget = models.ForeignKey("budgets.Budget", on_delete=models.CASCADE,
                               related_name="cost_estimates")
    account = models.OneToOneField("budgets.Account", on_delete=models.CASCADE,
                                   related_name="cost_estimate")
    etc = models.DecimalField("estimate to complete", max_digits=14, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(etc__gte=0), name="estimate_etc_non_negative"),
        ]

    def __str__(self) -> str:
        return f"ETC {self.etc}"


class OverageAlert(models.Model):
    """One per account and kind: the record that the producer and accountant were told."""

    class Kind(models.TextChoices):
        EFC = "efc", "Estimated final cost over budget"
        THRESHOLD = "threshold", "Actuals past the threshold"

    budget = models.ForeignKey("budgets.Budget", on_delete=models.CASCADE,
                               related_name="overage_alerts")
    account = models.ForeignKey("budgets.Account", on_delete=models.CASCADE,
                                related_name="overage_alerts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    threshold = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    account_budget = models.DecimalField(max_digits=14, decimal_places=2)
    actual_to_date = models.DecimalField(max_digits=14, decimal_places=2)
    efc = models.DecimalField(max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "threshold"],
                                    nulls_distinct=False, name="alert_unique_per_account_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.account_id})"
