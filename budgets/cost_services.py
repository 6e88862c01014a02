"""Writes for cost tracking: purchase orders, actuals, ETC overrides, imports, alerts.

Each write locks the budget row (so alert checks never race) but does not bump the
budget's version: spending goes on against a locked budget (the approved budget is
the one costs are tracked against), and an actual entered by the accountant must not
make the AP's open line editor stale. A closed budget (books closed, final cost
report issued) takes no more costs: `_begin` refuses it. After each write the
accounts it touched are checked for overages (`alerts_check`).
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.dateparse import parse_date

from notifications.services import email_message, messages_enqueue
from productions.models import CURRENCIES, Membership
from productions.roles import Role

from . import cost_report as cr
from .cost_selectors import account_budgets, account_costs
from .models import Account, Actual, Budget, CostEstimate, LineItem, OverageAlert, PurchaseOrder
from .services import _begin

ALERT_ROLES = (Role.PRODUCER, Role.ACCOUNTANT)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _check_account(budget: Budget, account: Account, line: LineItem | None = None) -> None:
    if account.budget_id != budget.pk:
        raise ValidationError({"account": "This account belongs to another budget."})
    if line is not None and line.account_id != account.pk:
        raise ValidationError({"line": "This line is not in the chosen account."})


def _store(instance, exclude=None):
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError("This conflicts with an existing entry "
                              "(a PO number or reference already used).") from exc
    return instance


# --- Purchase orders ------------------------------------------------------------------


@transaction.atomic
def po_create(*, budget: Budget, account: Account, number: str, vendor: str,
              amount: Decimal, date: date, description: str = "",
              line: LineItem | None = None) -> PurchaseOrder:
    budget = _begin(budget, None, allow_locked=True)
    _check_account(budget, account, line)
    _check_po_amount(amount)
    po = _store(PurchaseOrder(budget=budget, account=account, line=line, number=number,
                              vendor=vendor, amount=amount, date=date,
                              description=description))
    alerts_check(budget=budget, account_ids=[account.pk])
    return po


def _check_po_amount(amount: Any) -> None:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": f"“{amount}” is not an amount."}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"amount": "A purchase order's amount must be above zero."})


PO_FIELDS = {"number", "vendor", "description", "amount", "date", "status", "account", "line"}


@transaction.atomic
def po_update(*, po: PurchaseOrder, **fields) -> PurchaseOrder:
    budget = _begin(po.budget, None, allow_locked=True)
    unknown = set(fields) - PO_FIELDS
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    before = po.account_id
    if "amount" in fields:
        _check_po_amount(fields["amount"])
    for name, value in fields.items():
        setattr(po, name, value)
    _check_account(budget, po.account, po.line)
    if po.actuals.exists() and po.account_id != before:
        raise ValidationError({"account": "Actuals are posted against this PO: "
                                          "it stays on its account."})
    _store(po)
    # Reopening a closed PO: open or partly paid follows its actuals, not the caller.
    _po_status_after_actual(po)
    alerts_check(budget=budget, account_ids=list({before, po.account_id}))
    return po


def po_close(*, po: PurchaseOrder) -> PurchaseOrder:
    return po_update(po=po, status=PurchaseOrder.Status.CLOSED)


@transaction.atomic
def po_delete(*, po: PurchaseOrder) -> None:
    _begin(po.budget, None, allow_locked=True)
    if po.actuals.exists():
        raise ValidationError("Actuals are posted against this PO: close it instead.")
    po.delete()


def _po_status_after_actual(po: PurchaseOrder) -> None:
    """Open until an actual is posted against it, partly paid while any is; closed only
    when someone closes it (a final invoice may still come)."""
    if po.status == PurchaseOrder.Status.CLOSED:
        return
    status = (PurchaseOrder.Status.PARTLY_PAID if po.actuals.exists()
              else PurchaseOrder.Status.OPEN)
    if po.status != status:
        PurchaseOrder.objects.filter(pk=po.pk).update(status=status)
        po.status = status


# --- Actuals --------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _actual(budget: Budget, *, account: Account, vendor: str, amount: Any, date: Any,
            currency: str = "", exchange_rate: Any = None, is_credit: bool = False,
            line: LineItem | None = None, purchase_order: PurchaseOrder | None = None,
            reference: str = "", description: str = "", document=None, by=None,
            query: bool = True) -> Actual:
    """An unsaved, validated actual: every bad input refused with a clear message.
    query=False skips the database checks (an import checks references for all rows at once
    and the rows' own rules are in `Actual.clean`)."""
    _check_account(budget, account, line)
    currency = (currency or budget.currency).upper()
    errors: dict[str, str] = {}
    if currency not in CURRENCIES:
        errors["currency"] = f"Unknown currency “{currency}”."
    try:
        amount = Decimal(str(amount).strip().replace(",", ""))
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["amount"] = f"“{amount}” is not an amount."
        amount = None
    rate = Decimal("1")
    if currency != budget.currency:
        if exchange_rate in (None, ""):
            errors["exchange_rate"] = (f"An actual in {currency} needs the exchange rate to "
                                       f"{budget.currency}.")
        else:
            try:
                rate = Decimal(str(exchange_rate).strip())
                if not rate.is_finite() or rate <= 0:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                errors["exchange_rate"] = "The exchange rate must be a number above zero."
    elif exchange_rate not in (None, "") and _decimal(exchange_rate) != 1:
        errors["exchange_rate"] = "An actual in the budget's currency has a rate of 1."
    if isinstance(date, str):
        text = date.strip()
        try:
            # A spreadsheet's date cell reads as "YYYY-MM-DD 00:00:00".
            date = parse_date(text.split(" ")[0]) if text else None
        except ValueError:
            date = None
    if date is None:
        errors["date"] = "Give the date (YYYY-MM-DD)."
    if purchase_order is not None:
        if purchase_order.budget_id != budget.pk:
            errors["purchase_order"] = "This PO belongs to another budget."
        elif purchase_order.account_id != account.pk:
            errors["purchase_order"] = (f"PO {purchase_order.number} is on another account.")
        elif purchase_order.is_closed:
            errors["purchase_order"] = f"PO {purchase_order.number} is closed."
    if errors:
        raise ValidationError(errors)
    actual = Actual(budget=budget, account=account, line=line, purchase_order=purchase_order,
                    vendor=vendor, description=description, date=date, reference=reference,
                    amount=amount, currency=currency, exchange_rate=rate,
                    base_amount=cr.convert(amount, rate, budget.currency),
                    is_credit=bool(is_credit), created_by=by)
    if document:
        if document.size > MAX_DOCUMENT_BYTES:
            raise ValidationError({"document": "The document is larger than 10 MB."})
        actual.document = document
    actual.full_clean(exclude=["budget", "account", "line", "purchase_order", "created_by"],
                      validate_unique=query, validate_constraints=query)
    return actual


@transaction.atomic
def actual_record(*, budget: Budget, by=None, **fields) -> Actual:
    """Record an invoice, receipt or payroll entry (a credit is negative, marked as such)."""
    budget = _begin(budget, None, allow_locked=True)
    actual = _actual(budget, by=by, **fields)
    _store(actual, exclude=["budget", "account", "line", "purchase_order", "created_by"])
    if actual.purchase_order is not None:
        _po_status_after_actual(actual.purchase_order)
    alerts_check(budget=budget, account_ids=[actual.account_id])
    return actual


@transaction.atomic
def actual_delete(*, actual: Actual) -> None:
    budget = _begin(actual.budget, None, allow_locked=True)
    po = actual.purchase_order
    actual.delete()
    if po is not None:
        _po_status_after_actual(po)
    alerts_check(budget=budget, account_ids=[actual.account_id])


# --- ETC ------------------------------------------------------------------------------


@transaction.atomic
def etc_set(*, account: Account, etc: Any, note: str = "", by=None) -> CostEstimate | None:
    """Override an account's estimate to complete; None (or "") goes back to the default."""
    budget = _begin(account.budget, None, allow_locked=True)
    if etc in (None, ""):
        CostEstimate.objects.filter(account=account).delete()
        alerts_check(budget=budget, account_ids=[account.pk])
        return None
    try:
        value = Decimal(str(etc).strip())
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError({"etc": f"“{etc}” is not an amount."}) from None
    if value < 0:
        raise ValidationError({"etc": "An estimate to complete is never below zero."})
    estimate, _ = CostEstimate.objects.update_or_create(
        account=account, defaults={"budget": budget, "etc": cr.round_money(value, budget.currency),
                                   "note": note, "updated_by": by})
    estimate.full_clean()
    alerts_check(budget=budget, account_ids=[account.pk])
    return estimate


@transaction.atomic
def alert_threshold_set(*, budget: Budget, threshold: Any) -> Budget:
    budget = _begin(budget, None, allow_locked=True)
    budget.alert_threshold = threshold
    budget.full_clean(exclude=["production"], validate_unique=False)
    Budget.objects.filter(pk=budget.pk).update(alert_threshold=budget.alert_threshold)
    # A lower threshold may already be passed: tell them now, not at the next entry.
    alerts_check(budget=budget, account_ids=list(budget.accounts.values_list("pk", flat=True)))
    return budget


# --- Alerts ---------------------------------------------------------------------------


def alerts_check(*, budget: Budget, account_ids: list) -> list[OverageAlert]:
    """Alert the producer and accountant once per account and kind: when EFC exceeds the
    account's budget, and when actuals reach the budget's threshold. Runs in the caller's
    transaction with the budget row locked; the alert row's unique key and the email's
    dedupe key make a second trigger a no-op."""
    account_ids = [a for a in account_ids if a is not None]
    if not account_ids:
        return []
    budgets = account_budgets(budget=budget, account_ids=account_ids)
    _, to_date, committed = account_costs(budget=budget, account_ids=account_ids)
    overrides = dict(CostEstimate.objects.filter(account_id__in=account_ids)
                     .values_list("account_id", "etc"))
    done = set(OverageAlert.objects.filter(account_id__in=account_ids)
               .values_list("account_id", "kind", "threshold"))
    threshold = Decimal(budget.alert_threshold)
    new: list[OverageAlert] = []
    for account_id in account_ids:
        figures = cr.account_figures(budget=budgets.get(account_id, Decimal("0")),
                                     actual_to_date=to_date.get(account_id, Decimal("0")),
                                     commitments=committed.get(account_id, Decimal("0")),
                                     etc_override=overrides.get(account_id))
        kinds = []
        if figures.efc > figures.budget:
            kinds.append((OverageAlert.Kind.EFC, None))
        if figures.budget > 0 and figures.actual_to_date * 100 >= figures.budget * threshold:
            kinds.append((OverageAlert.Kind.THRESHOLD, threshold))
        for kind, value in kinds:
            if (account_id, kind, value) in done:
                continue
            new.append(OverageAlert(budget=budget, account_id=account_id, kind=kind,
                                    threshold=value, account_budget=figures.budget,
                                    actual_to_date=figures.actual_to_date, efc=figures.efc))
    if not new:
        return []
    OverageAlert.objects.bulk_create(new, ignore_conflicts=True)
    _alert_emails(budget, new)
    return new


def _alert_emails(budget: Budget, alerts: list[OverageAlert]) -> None:
    from django.conf import settings

    production = budget.production
    recipients = list(Membership.objects.filter(production=production, role__in=ALERT_ROLES)
                      .select_related("user").order_by("id"))
    accounts = {a.pk: a for a in Account.objects.filter(pk__in=[x.account_id for x in alerts])}
    messages = []
    for alert in alerts:
        account = accounts[alert.account_id]
        percent = f"{alert.threshold.normalize():f}" if alert.threshold is not None else ""
        suffix = "efc" if alert.kind == OverageAlert.Kind.EFC else f"{percent}pct"
        context = {
            "production_title": production.title, "budget_name": budget.name,
            "currency": budget.currency, "account": f"{account.number} {account.name}",
            "kind": alert.kind, "threshold": percent,
            "account_budget": f"{alert.account_budget:,}",
            "actual_to_date": f"{alert.actual_to_date:,}", "efc": f"{alert.efc:,}",
            "variance": f"{alert.efc - alert.account_budget:,}",
            "url": settings.SITE_URL + reverse("budgets:costs", args=[production.pk, budget.pk]),
        }
        for membership in recipients:
            if not membership.user.email:
                continue
            messages.append(email_message(
                template="overage", address=membership.user.email, production=production,
                context={**context, "name": membership.user.get_full_name()
                         or membership.user.email},
                dedupe_key=f"overage:{budget.pk}:{account.pk}:{suffix}:{membership.user_id}"))
    messages_enqueue(messages=messages)


# --- Import ---------------------------------------------------------------------------


@transaction.atomic
def actuals_import(*, budget: Budget, rows: list[tuple[int, dict[str, str]]],
                   by=None) -> list[Actual]:
    """Record actuals from rows of text (account number, vendor, date, amount, currency,
    rate, reference, description, po, credit): every row valid, or nothing is imported.
    A reference already in the budget, or twice in the file, is a duplicate."""
    budget = _begin(budget, None, allow_locked=True)
    if not rows:
        raise ValidationError({"file": ["There are no actuals in the file."]})
    accounts = {a.number: a for a in budget.accounts.all()}
    pos = {p.number: p for p in budget.purchase_orders.all()}
    references = [row.get("reference", "") for _, row in rows if row.get("reference")]
    existing = set(Actual.objects.filter(budget=budget, reference__in=references)
                   .values_list("reference", flat=True))
    seen: dict[str, int] = {}
    errors: list[str] = []
    actuals: list[Actual] = []
    for number, row in rows:
        problems: list[str] = []
        account = accounts.get(row.get("account", ""))
        if account is None:
            problems.append(f"Account: no account “{row.get('account', '')}” in this budget")
        reference = row.get("reference", "")
        if reference in existing:
            problems.append(f"Reference: “{reference}” is already recorded (duplicate)")
        elif reference and reference in seen:
            problems.append(f"Reference: “{reference}” is also on row {seen[reference]} "
                            "(duplicate)")
        if reference:
            seen.setdefault(reference, number)
        po = None
        if row.get("po"):
            po = pos.get(row["po"])
            if po is None:
                problems.append(f"PO: no purchase order “{row['po']}” in this budget")
        credit = row.get("credit", "").strip().lower() in {"1", "yes", "y", "true", "x", "credit"}
        if not row.get("vendor"):
            problems.append("Vendor: give the vendor")
        if account is not None and not (po is None and row.get("po")):
            try:
                actuals.append(_actual(
                    budget, account=account, vendor=row.get("vendor", ""),
                    amount=row.get("amount", ""), date=row.get("date", ""),
                    currency=row.get("currency", ""), exchange_rate=row.get("rate") or None,
                    is_credit=credit, purchase_order=po, reference=reference,
                    description=row.get("description", ""), by=by, query=False))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    label = field.replace("_", " ").capitalize() if field != "__all__" else "Row"
                    problems.extend(f"{label}: {m.rstrip('.')}" for m in messages)
        if problems:
            errors.extend(f"Row {number}: {p}." for p in problems)
    if errors:
        raise ValidationError({"file": errors})
    created = Actual.objects.bulk_create(actuals)
    # Every PO named now has an actual: open ones become partly paid, in one update.
    PurchaseOrder.objects.filter(pk__in={a.purchase_order_id for a in created},
                                 status=PurchaseOrder.Status.OPEN).update(
        status=PurchaseOrder.Status.PARTLY_PAID)
    alerts_check(budget=budget, account_ids=sorted({a.account_id for a in created}))
    return created
