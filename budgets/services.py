"""Every write to budgets.

Keyword-only functions, one transaction each. Each write to a budget first
locks the budget row (`select_for_update`), refuses it when the budget is
locked or when the caller's `expected_version` is stale (`BudgetConflict`,
HTTP 409 in the API), validates with the models' own rules and the formulas
against the budget's globals, and bumps the budget's version.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from productions.models import Production
from productions.writes import assign_fields as _assign
from productions.writes import save_validated as _save

from . import calculations as calc
from .charts import CHARTS
from .formulas import FormulaError, evaluate_globals, names, parse
from .formulas import compute as formula_compute
from .models import (
    Account,
    Budget,
    BudgetVersion,
    Category,
    ContractualCharge,
    Fringe,
    Global,
    LineItem,
)
from .selectors import budget_calculate, top_sheet

MAX_QUANTITY = Decimal("1000000000")


class BudgetConflict(Exception):
    """Someone changed the budget since the caller read it."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            "Someone else changed this budget since you loaded it (it is now at version "
            f"{current_version}). Reload to see their changes, then try again."
        )


def _begin(budget: Budget, expected_version: int | None, *, allow_locked=False,
           allow_closed=False) -> Budget:
    """Lock the budget row; refuse stale versions, locked budgets (unless allow_locked:
    costs and status changes) and closed ones (unless allow_closed: reopening)."""
    current = Budget.objects.select_for_update().get(pk=budget.pk)
    if expected_version is not None and int(expected_version) != current.version:
        raise BudgetConflict(current.version)
    if current.is_closed and not allow_closed:
        raise ValidationError("This budget's books are closed: reopen it before changing "
                              "it or recording costs against it.")
    if current.is_locked and not allow_locked:
        raise ValidationError("This budget is locked: unlock it before changing it.")
    return current


def _bump(budget: Budget) -> None:
    Budget.objects.filter(pk=budget.pk).update(version=F("version") + 1,
                                               updated_at=timezone.now())
    budget.version = Budget.objects.values_list("version", flat=True).get(pk=budget.pk)


def _same_budget(budget: Budget, objects, what: str, field: str) -> None:
    for obj in objects:
        if obj.budget_id != budget.pk:
            raise ValidationError({field: f"This {what} belongs to another budget."})


# --- Budgets -------------------------------------------------------------------------


@transaction.atomic
def budget_create(*, production: Production, name: str, currency: str = "",
                  template: str = "", notes: str = "") -> Budget:
    """A new budget, empty or from a chart of accounts (see budgets.charts)."""
    if template and template not in CHARTS:
        raise ValidationError({"template": f"Unknown chart of accounts “{template}”."})
    budget = _save(Budget(production=production, name=name,
                          currency=currency or production.currency, template=template,
                          notes=notes))
    if template:
        _apply_chart(budget, CHARTS[template])
    return budget


def _apply_chart(budget: Budget, chart) -> None:
    categories = Category.objects.bulk_create(
        Category(budget=budget, level=level, number=number, name=name, order=index)
        for index, (level, number, name, _) in enumerate(chart.categories)
    )
    accounts = Account.objects.bulk_create(
        Account(budget=budget, category=category, number=number, name=name, order=index)
        for category, (*_, rows) in zip(categories, chart.categories, strict=True)
        for index, (number, name) in enumerate(rows)
    )
    Fringe.objects.bulk_create(
        Fringe(budget=budget, code=code, name=name, kind=kind, rate=Decimal(rate),
               cutoff=Decimal(cutoff) if cutoff else None)
        for code, name, kind, rate, cutoff in chart.fringes
    )
    Global.objects.bulk_create(
        Global(budget=budget, name=name, expression=expression, description=description,
               source=Global.Source.SCHEDULE if key else Global.Source.MANUAL,
               schedule_key=key)
        for name, expression, description, key in chart.globals
    )
    category_by_number = {c.number: c for c in categories}
    for index, (name, percent, excluded) in enumerate(chart.charges):
        charge = ContractualCharge.objects.create(budget=budget, name=name,
                                                  percent=Decimal(percent), order=index)
        excluded_ids = {category_by_number[n].pk for n in excluded}
        charge.excluded_accounts.set([a for a in accounts if a.category_id in excluded_ids])


BUDGET_FIELDS = {"name", "currency", "notes"}


@transaction.atomic
def budget_update(*, budget: Budget, expected_version: int | None = None, **fields) -> Budget:
    current = _begin(budget, expected_version)
    _assign(current, fields, BUDGET_FIELDS)
    _save(current)
    _recompute(current)  # the currency sets the rounding
    _bump(current)
    return current


@transaction.atomic
def budget_set_status(*, budget: Budget, status: str,
                      expected_version: int | None = None) -> Budget:
    """Lock a budget (nothing in it may change), unlock it for editing, or close its books
    (no edits and no more costs; reopening makes it locked or draft again)."""
    current = _begin(budget, expected_version, allow_locked=True, allow_closed=True)
    if status not in Budget.Status.values:
        raise ValidationError({"status": "A budget is draft, locked or closed."})
    current.status = status
    _save(current)
    _bump(current)
    return current


@transaction.atomic
def budget_delete(*, budget: Budget, expected_version: int | None = None) -> None:
    """Delete a draft budget. A locked one is refused, and so is one with money recorded
    against it: invoices and purchase orders are the accounts' records, not a draft's."""
    current = _begin(budget, expected_version)
    if current.actuals.exists() or current.purchase_orders.exists():
        raise ValidationError("Actuals or purchase orders are recorded against this budget: "
                              "it cannot be deleted.")
    current.delete()


# --- Categories and accounts ----------------------------------------------------------


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def category_create(*, budget: Budget, number: str, name: str, level: str = "btl",
                    order: int | None = None, expected_version: int | None = None) -> Category:
    budget = _begin(budget, expected_version)
    if order is None:
        order = _next_order(budget.categories)
    category = _save(Category(budget=budget, number=number, name=name, level=level, order=order))
    _bump(budget)
    return category


@transaction.atomic
def category_update(*, category: Category, expected_version: int | None = None,
                    **fields) -> Category:
    budget = _begin(category.budget, expected_version)
    _assign(category, fields, {"number", "name", "level", "order"})
    _save(category)
    _bump(budget)
    return category


@transaction.atomic
def category_delete(*, category: Category, expected_version: int | None = None) -> None:
    budget = _begin(category.budget, expected_version)
    if category.accounts.filter(lines__isnull=False).exists():
        raise ValidationError("Move or delete this category's detail lines first.")
    category.delete()
    _bump(budget)


@transaction.atomic
def account_create(*, budget: Budget, category: Category, number: str, name: str,
                   order: int | None = None, expected_version: int | None = None) -> Account:
    budget = _begin(budget, expected_version)
    _same_budget(budget, [category], "category", "category")
    if order is None:
        order = _next_order(category.accounts)
    account = _save(Account(budget=budget, category=category, number=number, name=name,
                            order=order))
    _bump(budget)
    return account


@transaction.atomic
def account_update(*, account: Account, expected_version: int | None = None,
                   **fields) -> Account:
    budget = _begin(account.budget, expected_version)
    if "category" in fields:
        _same_budget(budget, [fields["category"]], "category", "category")
    _assign(account, fields, {"category", "number", "name", "order"})
    _save(account)
    _bump(budget)
    return account


@transaction.atomic
def account_delete(*, account: Account, expected_version: int | None = None) -> None:
    budget = _begin(account.budget, expected_version)
    if account.lines.exists():
        raise ValidationError("Move or delete this account's detail lines first.")
    account.delete()
    _bump(budget)


# --- Detail lines ------------------------------------------------------------------------


def _globals_env(budget: Budget) -> tuple[dict[str, Decimal], dict[str, str]]:
    return evaluate_globals(dict(budget.globals.values_list("name", "expression")))


def _check_line(line: LineItem, env: dict[str, Decimal], global_errors: dict[str, str]) -> None:
    """Every formula of the line must evaluate, within range."""
    errors = {}
    values = {}
    for field in ("amount", "multiplier", "rate"):
        text = getattr(line, field)
        try:
            used = names(parse(text))
            broken = sorted(n for n in used if n in global_errors)
            if broken:
                raise FormulaError(f"The global “{broken[0]}” has an error: "
                                   f"{global_errors[broken[0]]}")
            value = formula_compute(text, env)
        except FormulaError as exc:
            errors[field] = str(exc)
            continue
        if abs(value) > MAX_QUANTITY:
            errors[field] = "This value is out of range."
        elif field == "rate" and value < 0:
            errors[field] = "A rate cannot be negative."
        values[field] = value
    if not errors:
        subtotal = values["amount"] * values["multiplier"] * values["rate"]
        if abs(subtotal) > calc.MAX_MONEY:
            errors["rate"] = "The line's subtotal is out of range."
    if errors:
        raise ValidationError(errors)


LINE_FIELDS = {"account", "description", "amount", "unit", "multiplier", "rate", "crew_member",
               "cast_member", "notes", "order"}


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    for key in ("amount", "multiplier", "rate"):
        if key in fields and fields[key] is not None:
            fields[key] = str(fields[key]).strip()
    return fields


def _save_line(budget: Budget, line: LineItem, fringes):
    if line.account_id:
        _same_budget(budget, [line.account], "account", "account")
    _save(line)
    env, global_errors = _globals_env(budget)
    _check_line(line, env, global_errors)
    if fringes is not None:
        fringes = list(fringes)
        _same_budget(budget, fringes, "fringe", "fringes")
        line.fringes.set(fringes)
    else:
        fringes = list(line.fringes.all())
    out = calc.line_out(
        calc.LineIn(line.pk, line.account_id, line.amount, line.multiplier, line.rate,
                    tuple(f.pk for f in fringes)),
        {f.pk: calc.FringeIn(f.pk, f.kind, f.rate, f.cutoff) for f in fringes},
        env, budget.currency)
    line.subtotal, line.fringe_total = out.subtotal, out.fringe_total
    LineItem.objects.filter(pk=line.pk).update(subtotal=out.subtotal,
                                               fringe_total=out.fringe_total)


def _recompute(budget: Budget) -> int:
    """Bring every line's stored figures in line with the engine (after globals, fringes or
    the currency changed). Returns how many lines moved."""
    result = budget_calculate(budget=budget).result
    changed = []
    for pk, subtotal, fringe_total in budget.lines.values_list("id", "subtotal", "fringe_total"):
        out = result.lines[pk]
        if (out.subtotal, out.fringe_total) != (subtotal, fringe_total):
            changed.append(LineItem(pk=pk, subtotal=out.subtotal, fringe_total=out.fringe_total))
    LineItem.objects.bulk_update(changed, ["subtotal", "fringe_total"], batch_size=1000)
    return len(changed)


@transaction.atomic
def line_create(*, budget: Budget, account: Account, description: str,
                fringes=None, expected_version: int | None = None, **fields) -> LineItem:
    budget = _begin(budget, expected_version)
    _same_budget(budget, [account], "account", "account")
    fields = _normalise(fields)
    fields.setdefault("order", _next_order(account.lines))
    line = LineItem(budget=budget, account=account, description=description)
    _assign(line, fields, LINE_FIELDS)
    _save_line(budget, line, fringes)
    _bump(budget)
    return line


@transaction.atomic
def line_update(*, line: LineItem, fringes=None, expected_version: int | None = None,
                **fields) -> LineItem:
    budget = _begin(line.budget, expected_version)
    _assign(line, _normalise(fields), LINE_FIELDS)
    line.schedule_change = None  # a person has looked at it now
    _save_line(budget, line, fringes)
    _bump(budget)
    return line


@transaction.atomic
def line_reposition(*, line: LineItem, position: int,
                    expected_version: int | None = None) -> LineItem:
    """Move a line to `position` (1-based) in its account; the account's lines are
    renumbered 1..n so the order stays unambiguous. Totals do not move."""
    budget = _begin(line.budget, expected_version)
    lines = list(LineItem.objects.filter(account_id=line.account_id).order_by("order", "id")
                 .only("id", "order"))
    try:
        position = int(position)
    except (TypeError, ValueError):
        raise ValidationError({"position": "Give the line's position as a number."}) from None
    if not 1 <= position <= len(lines):
        raise ValidationError({"position": f"A position from 1 to {len(lines)}."})
    moving = next(item for item in lines if item.pk == line.pk)
    lines.remove(moving)
    lines.insert(position - 1, moving)
    changed = []
    for order, item in enumerate(lines, 1):
        if item.order != order:
            item.order = order
            changed.append(item)
    LineItem.objects.bulk_update(changed, ["order"])
    line.order = position
    _bump(budget)
    return line


@transaction.atomic
def line_delete(*, line: LineItem, expected_version: int | None = None) -> None:
    budget = _begin(line.budget, expected_version)
    line.delete()
    _bump(budget)


# --- Fringes ---------------------------------------------------------------------------------

FRINGE_FIELDS = {"code", "name", "kind", "rate", "cutoff"}


@transaction.atomic
def fringe_create(*, budget: Budget, expected_version: int | None = None, **fields) -> Fringe:
    budget = _begin(budget, expected_version)
    fringe = Fringe(budget=budget)
    _assign(fringe, fields, FRINGE_FIELDS)
    _save(fringe)
    _bump(budget)
    return fringe


@transaction.atomic
def fringe_update(*, fringe: Fringe, expected_version: int | None = None, **fields) -> Fringe:
    budget = _begin(fringe.budget, expected_version)
    _assign(fringe, fields, FRINGE_FIELDS)
    _save(fringe)
    _recompute(budget)
    _bump(budget)
    return fringe


@transaction.atomic
def fringe_delete(*, fringe: Fringe, expected_version: int | None = None) -> None:
    budget = _begin(fringe.budget, expected_version)
    fringe.delete()
    _recompute(budget)
    _bump(budget)


# --- Globals ------------------------------------------------------------------------------


def _check_globals(budget: Budget, expressions: dict[str, str]) -> None:
    """The globals must evaluate (no cycles, no unknown names) and every line still must."""
    values, errors = evaluate_globals(expressions)
    if errors:
        name, message = sorted(errors.items())[0]
        raise ValidationError({"expression": f"{name}: {message}"})
    for line in budget.lines.only("id", "description", "amount", "multiplier", "rate"):
        try:
            _check_line(line, values, {})
        except ValidationError as exc:
            message = next(iter(exc.message_dict.values()))[0]
            raise ValidationError(
                {"expression": f"The line “{line.description}” would break: {message}"}
            ) from None


GLOBAL_FIELDS = {"name", "expression", "description", "source", "schedule_key"}


def _expressions(budget: Budget, without: Global | None = None) -> dict[str, str]:
    rows = budget.globals.values_list("pk", "name", "expression")
    return {name: expression for pk, name, expression in rows
            if without is None or pk != without.pk}


@transaction.atomic
def global_create(*, budget: Budget, expected_version: int | None = None, **fields) -> Global:
    budget = _begin(budget, expected_version)
    item = Global(budget=budget)
    _assign(item, _normalise_global(fields), GLOBAL_FIELDS)
    _save(item)
    _check_globals(budget, {**_expressions(budget, without=item), item.name: item.expression})
    _recompute(budget)
    _bump(budget)
    return item


def _normalise_global(fields: dict[str, Any]) -> dict[str, Any]:
    if "expression" in fields:
        fields["expression"] = str(fields["expression"]).strip()
    return fields


@transaction.atomic
def global_update(*, item: Global, expected_version: int | None = None, **fields) -> Global:
    budget = _begin(item.budget, expected_version)
    _assign(item, _normalise_global(fields), GLOBAL_FIELDS)
    _save(item)
    _check_globals(budget, {**_expressions(budget, without=item), item.name: item.expression})
    _recompute(budget)
    _bump(budget)
    return item


@transaction.atomic
def global_delete(*, item: Global, expected_version: int | None = None) -> None:
    budget = _begin(item.budget, expected_version)
    _check_globals(budget, _expressions(budget, without=item))
    item.delete()
    _recompute(budget)
    _bump(budget)


@transaction.atomic
def globals_apply_schedule(*, budget: Budget, values: dict[str, Decimal]) -> dict[str, Any]:
    """Set the schedule-driven globals (keyed by schedule key, e.g. SHOOT_DAYS) and mark
    every line whose total moved with the change ("changed by schedule").

    Called when the active board's Day Out of Days changes. A locked budget is
    left alone. Returns what changed: globals, lines (id -> change) and totals.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    summary: dict[str, Any] = {"globals": {}, "lines": {}, "grand_total_change": Decimal("0"),
                               "skipped": ""}
    if budget.is_locked:
        summary["skipped"] = "The budget is locked."
        return summary
    before = budget_calculate(budget=budget).result
    changed = []
    for item in budget.globals.filter(source=Global.Source.SCHEDULE,
                                      schedule_key__in=list(values)):
        new = format(Decimal(values[item.schedule_key]).normalize(), "f")  # 40, not 4E+1
        if item.expression != new:
            summary["globals"][item.name] = {"from": item.expression, "to": new}
            item.expression = new
            changed.append(item)
    if not changed:
        return summary
    Global.objects.bulk_update(changed, ["expression"])
    after = budget_calculate(budget=budget).result
    moved = []
    for line in budget.lines.only("id", "schedule_change"):
        out = after.lines[line.pk]
        delta = out.total - before.lines[line.pk].total
        if delta:
            line.schedule_change = (line.schedule_change or Decimal("0")) + delta
            line.subtotal, line.fringe_total = out.subtotal, out.fringe_total
            summary["lines"][line.pk] = delta
            moved.append(line)
    LineItem.objects.bulk_update(moved, ["schedule_change", "subtotal", "fringe_total"],
                                 batch_size=1000)
    summary["grand_total_change"] = after.grand_total - before.grand_total
    _bump(budget)
    return summary


def production_schedule_changed(*, production: Production,
                                values: dict[str, Decimal]) -> dict[int, dict[str, Any]]:
    """The hook for the schedule: the active board's figures moved (SHOOT_DAYS, PREP_DAYS,
    WRAP_DAYS, CAST_WORK_DAYS:<board id>, CAST_HOLD_DAYS:<board id>), so re-price every
    draft budget of the production. Returns each budget's summary, by budget id."""
    return {budget.pk: globals_apply_schedule(budget=budget, values=values)
            for budget in production.budgets.filter(status=Budget.Status.DRAFT)}


@transaction.atomic
def lines_acknowledge_schedule(*, budget: Budget) -> int:
    """Clear the "changed by schedule" marks once someone has reviewed them."""
    return budget.lines.filter(schedule_change__isnull=False).update(schedule_change=None)


# --- Contractual charges ------------------------------------------------------------------

CHARGE_FIELDS = {"name", "percent", "order"}


def _set_charge_targets(budget, charge, categories, accounts, excluded_accounts) -> None:
    for field, objects, what in (("categories", categories, "category"),
                                 ("accounts", accounts, "account"),
                                 ("excluded_accounts", excluded_accounts, "account")):
        if objects is not None:
            objects = list(objects)
            _same_budget(budget, objects, what, field)
            getattr(charge, field).set(objects)


@transaction.atomic
def charge_create(*, budget: Budget, categories=None, accounts=None, excluded_accounts=None,
                  expected_version: int | None = None, **fields) -> ContractualCharge:
    budget = _begin(budget, expected_version)
    fields.setdefault("order", _next_order(budget.charges))
    charge = ContractualCharge(budget=budget)
    _assign(charge, fields, CHARGE_FIELDS)
    _save(charge)
    _set_charge_targets(budget, charge, categories, accounts, excluded_accounts)
    _bump(budget)
    return charge


@transaction.atomic
def charge_update(*, charge: ContractualCharge, categories=None, accounts=None,
                  excluded_accounts=None, expected_version: int | None = None,
                  **fields) -> ContractualCharge:
    budget = _begin(charge.budget, expected_version)
    _assign(charge, fields, CHARGE_FIELDS)
    _save(charge)
    _set_charge_targets(budget, charge, categories, accounts, excluded_accounts)
    _bump(budget)
    return charge


@transaction.atomic
def charge_delete(*, charge: ContractualCharge, expected_version: int | None = None) -> None:
    budget = _begin(charge.budget, expected_version)
    charge.delete()
    _bump(budget)


# --- Versions -------------------------------------------------------------------------------


def snapshot(*, budget: Budget) -> dict[str, Any]:
    """The budget's top sheet and accounts, frozen as JSON (money as strings)."""
    data = budget_calculate(budget=budget)
    sheet = top_sheet(data=data)
    category_number = {c.pk: c.number for c in data.categories}
    for account in sheet["accounts"]:
        account["category_number"] = category_number[account["category"]]
    sheet["budget_name"] = budget.name
    return sheet


@transaction.atomic
def version_create(*, budget: Budget, name: str, by=None, locked: bool = False) -> BudgetVersion:
    """Save the budget as it is now; `locked=True` marks it as the original."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    sheet = snapshot(budget=budget)
    return _save(BudgetVersion(budget=budget, name=name, locked=locked, snapshot=sheet,
                               grand_total=Decimal(sheet["grand_total"]),
                               budget_version=budget.version, created_by=by))


@transaction.atomic
def version_update(*, version: BudgetVersion, **fields) -> BudgetVersion:
    if version.locked:
        raise ValidationError("This version is locked: it is the original.")
    _assign(version, fields, {"name", "locked"})
    return _save(version)


@transaction.atomic
def version_delete(*, version: BudgetVersion) -> None:
    if version.locked:
        raise ValidationError("A locked version is the original: it cannot be deleted.")
    version.delete()


# --- Import ---------------------------------------------------------------------------------


@transaction.atomic
def lines_import(*, budget: Budget, rows: list[tuple[int, dict[str, str]]],
                 expected_version: int | None = None) -> list[LineItem]:
    """Add detail lines from rows of text: every row valid, or nothing is imported.

    rows: (row number, {account, description, amount, unit, multiplier, rate,
    fringes, notes}). Errors name the row and the column.
    """
    budget = _begin(budget, expected_version)
    if not rows:
        raise ValidationError({"file": ["There are no lines in the file."]})
    accounts = {a.number: a for a in budget.accounts.all()}
    fringes = {f.code.upper(): f for f in budget.fringes.all()}
    env, global_errors = _globals_env(budget)
    units = {value for value, _ in LineItem._meta.get_field("unit").choices}
    orders = dict(budget.lines.values("account_id").annotate(m=Max("order"))
                  .values_list("account_id", "m"))
    errors: list[str] = []
    lines, line_fringes = [], []
    for number, row in rows:
        problems = []
        account = accounts.get(row.get("account", ""))
        if account is None:
            problems.append(f"Account: no account “{row.get('account', '')}” in this budget")
        unit = (row.get("unit") or "days").lower()
        if unit not in units:
            problems.append(f"Unit: “{row.get('unit')}” is not one of {', '.join(sorted(units))}")
        codes = [c for c in row.get("fringes", "").replace(",", " ").upper().split() if c]
        unknown = [c for c in codes if c not in fringes]
        if unknown:
            problems.append(f"Fringes: no fringe {', '.join(unknown)} in this budget")
        line = LineItem(budget=budget, account=account, description=row.get("description", ""),
                        amount=row.get("amount") or "1", unit=unit,
                        multiplier=row.get("multiplier") or "1", rate=row.get("rate") or "0",
                        notes=row.get("notes", ""))
        labels = {"multiplier": "X", "__all__": "Line"}
        for check, args in (
            (line.full_clean, {"exclude": ["budget", "account", "crew_member", "cast_member",
                                           "unit", "amount", "multiplier", "rate"]}),
            (_check_line, {"line": line, "env": env, "global_errors": global_errors}),
        ):
            try:
                check(**args)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    label = labels.get(field, field.replace("_", " ").capitalize())
                    problems.extend(f"{label}: {m}" for m in messages)
        if problems:
            errors.extend(f"Row {number}: {p}." if not p.endswith(".") else f"Row {number}: {p}"
                          for p in problems)
            continue
        orders[account.pk] = (orders.get(account.pk) or 0) + 1
        line.order = orders[account.pk]
        lines.append(line)
        line_fringes.append([fringes[c] for c in codes])
    if errors:
        raise ValidationError({"file": errors})
    fringe_inputs = {f.pk: calc.FringeIn(f.pk, f.kind, f.rate, f.cutoff)
                     for f in fringes.values()}
    memo: dict = {}
    for line, chosen in zip(lines, line_fringes, strict=True):
        out = calc.line_out(calc.LineIn(None, None, line.amount, line.multiplier, line.rate,
                                        tuple(f.pk for f in chosen)),
                            fringe_inputs, env, budget.currency, memo)
        line.subtotal, line.fringe_total = out.subtotal, out.fringe_total
    created = LineItem.objects.bulk_create(lines)
    LineItem.fringes.through.objects.bulk_create(
        LineItem.fringes.through(lineitem_id=line.pk, fringe_id=fringe.pk)
        for line, chosen in zip(created, line_fringes, strict=True) for fringe in chosen
    )
    _bump(budget)
    return created
