"""Reads for cost tracking: the cost report in a fixed number of queries.

`cost_report_data` runs eight queries whatever the number of lines or actuals:
categories, accounts, account budgets (one aggregate over the lines' stored
figures), actuals per account (one aggregate with the period as a filter),
purchase orders, actuals per PO, ETC overrides and the alerts sent.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from productions.models import Production

from . import burn
from . import cost_report as cr
from .formulas import FormulaError, evaluate_globals, names, number, parse
from .models import (
    Account,
    Actual,
    Budget,
    Category,
    CostEstimate,
    LineItem,
    OverageAlert,
    PurchaseOrder,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))


def purchase_order_list(*, production: Production) -> QuerySet[PurchaseOrder]:
    return (PurchaseOrder.objects.filter(budget__production=production)
            .select_related("account")
            .annotate(spent=Coalesce(Sum("actuals__base_amount"), ZERO))
            .order_by("budget_id", "date", "id"))


def actual_list(*, production: Production) -> QuerySet[Actual]:
    return (Actual.objects.filter(budget__production=production)
            .select_related("account", "purchase_order", "budget")
            .order_by("budget_id", "-date", "-id"))


def estimate_list(*, production: Production) -> QuerySet[CostEstimate]:
    return CostEstimate.objects.filter(budget__production=production).select_related(
        "account").order_by("budget_id", "account__number", "id")


def account_budgets(*, budget: Budget | None, account_ids=None) -> dict[Any, Decimal]:
    lines = LineItem.objects.filter(budget=budget) if budget else LineItem.objects.all()
    if account_ids is not None:
        lines = lines.filter(account_id__in=account_ids)
    rows = (lines.order_by().values("account_id")
            .annotate(total=Sum(F("subtotal") + F("fringe_total"))))
    return {row["account_id"]: row["total"] for row in rows}


def account_costs(*, budget: Budget | None, as_of: date | None = None,
                  start: date | None = None, account_ids=None) -> tuple[dict, dict, dict]:
    """(this period, actual to date, commitments) per account id; budget None reads the
    accounts named (of any budget)."""
    if budget is None and account_ids is None:
        raise ValueError("Name a budget or the accounts.")
    actuals = Actual.objects.filter(budget=budget) if budget else Actual.objects.all()
    pos = (PurchaseOrder.objects.filter(budget=budget) if budget
           else PurchaseOrder.objects.all())
    if account_ids is not None:
        actuals = actuals.filter(account_id__in=account_ids)
        pos = pos.filter(account_id__in=account_ids)
    to_date = Q(date__lte=as_of) if as_of else Q()
    in_period = Q(date__gte=start) & to_date if start else Q(pk__in=[])
    rows = (actuals.order_by().values("account_id")
            .annotate(to_date=Coalesce(Sum("base_amount", filter=to_date), ZERO),
                      period=Coalesce(Sum("base_amount", filter=in_period), ZERO)))
    this_period = {r["account_id"]: r["period"] for r in rows}
    actual_to_date = {r["account_id"]: r["to_date"] for r in rows}
    open_pos = list(pos.exclude(status=PurchaseOrder.Status.CLOSED)
                    .values_list("id", "account_id", "amount"))
    # Always run (even with no open POs), so the report's query count is fixed.
    spent = dict(actuals.filter(purchase_order__isnull=False)
                 .exclude(purchase_order__status=PurchaseOrder.Status.CLOSED).order_by()
                 .values("purchase_order_id").annotate(s=Sum("base_amount"))
                 .values_list("purchase_order_id", "s"))
    committed = cr.commitments([cr.PurchaseOrderIn(pk, acc, amount, False)
                                for pk, acc, amount in open_pos], spent)
    return this_period, actual_to_date, committed


def report_args(params) -> tuple[date, str]:
    """`as_of` (YYYY-MM-DD, default today in the server's zone) and `period` (week/day)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from django.utils.dateparse import parse_date

    period = params.get("period") or "week"
    if period not in cr.PERIODS:
        raise ValidationError({"period": ["Choose week or day."]})
    raw = params.get("as_of") or ""
    try:
        as_of = parse_date(raw) if raw else timezone.localdate()
    except ValueError:
        as_of = None
    if as_of is None:
        raise ValidationError({"as_of": ["Give a date as YYYY-MM-DD."]})
    return as_of, period


@dataclass
class CostReportData:
    budget: Budget
    as_of: date
    period: str
    start: date
    categories: list[Category]
    accounts: list[Account]
    report: cr.Report
    alerts: list[OverageAlert]

    def accounts_of(self, category: Category) -> list[Account]:
        return [a for a in self.accounts if a.category_id == category.pk]


def cost_report_data(*, budget: Budget, as_of: date, period: str = "week") -> CostReportData:
    start = cr.period_start(as_of, period)
    categories = list(budget.categories.all())
    accounts = list(budget.accounts.all())
    budgets = account_budgets(budget=budget)
    this_period, to_date, committed = account_costs(budget=budget, as_of=as_of, start=start)
    overrides = dict(CostEstimate.objects.filter(budget=budget).values_list("account_id", "etc"))
    report = cr.cost_report(
        categories=[(c.pk, c.level) for c in categories],
        accounts=[(a.pk, a.category_id) for a in accounts],
        budgets=budgets, this_period=this_period, actual_to_date=to_date,
        commitments=committed, etc_overrides=overrides, currency=budget.currency)
    alerts = list(budget.overage_alerts.select_related("account").order_by(
        "account__category__order", "account__order", "account__number", "kind", "id"))
    return CostReportData(budget, as_of, period, start, categories, accounts, report, alerts)


def cost_report_json(*, data: CostReportData) -> dict[str, Any]:
    """The cost report as plain data, money as strings: what the API and exports share."""
    from .selectors import calc_levels

    report = data.report
    return {
        "budget": data.budget.pk, "currency": data.budget.currency,
        "as_of": data.as_of.isoformat(), "period": data.period,
        "period_start": data.start.isoformat(),
        "alert_threshold": str(data.budget.alert_threshold),
        "levels": [
            {"level": level, "label": label, **report.levels[level].as_strings(),
             "categories": [{"id": c.pk, "number": c.number, "name": c.name,
                             **report.categories[c.pk].as_strings()}
                            for c in data.categories if c.level == level]}
            for level, label in calc_levels()
        ],
        "accounts": [{"id": a.pk, "number": a.number, "name": a.name,
                      "category": a.category_id,
                      "etc_override": report.accounts[a.pk].etc_override,
                      **report.accounts[a.pk].as_strings()} for a in data.accounts],
        "total": report.total.as_strings(),
        "alerts": [{"account": a.account_id, "number": a.account.number, "kind": a.kind,
                    "threshold": None if a.threshold is None else str(a.threshold),
                    "created_at": a.created_at.isoformat()} for a in data.alerts],
    }


@dataclass
class OpenAlert:
    alert: OverageAlert
    figures: cr.Figures

    @property
    def amount(self) -> Decimal:
        """What the producer needs first: the overage for an EFC alert, the actuals for a
        threshold alert."""
        if self.alert.kind == OverageAlert.Kind.EFC:
            return self.figures.variance
        return self.figures.actual_to_date


def open_alerts(*, production: Production) -> list[OpenAlert]:
    """The production's overage alerts whose condition still holds today (an EFC back
    under budget, or actuals back under the threshold after a credit, is no longer open),
    with today's figures; per account, only the highest threshold still passed. Seven
    queries at most, whatever the number of alerts, accounts or actuals."""
    # A closed budget's books are final: its alerts are history, not news.
    alerts = list(OverageAlert.objects.filter(budget__production=production)
                  .exclude(budget__status=Budget.Status.CLOSED)
                  .select_related("budget", "account")
                  .order_by("budget__name", "budget_id", "account__number", "account_id",
                            "kind", "-threshold", "id"))
    if not alerts:
        return []
    ids = sorted({a.account_id for a in alerts})
    budgets = account_budgets(budget=None, account_ids=ids)
    _, to_date, committed = account_costs(budget=None, account_ids=ids)
    overrides = dict(CostEstimate.objects.filter(account_id__in=ids)
                     .values_list("account_id", "etc"))
    out: list[OpenAlert] = []
    shown: set[tuple[Any, str]] = set()
    for alert in alerts:
        figures = cr.account_figures(
            budget=budgets.get(alert.account_id) or Decimal("0"),
            actual_to_date=to_date.get(alert.account_id) or Decimal("0"),
            commitments=committed.get(alert.account_id) or Decimal("0"),
            etc_override=overrides.get(alert.account_id),
            zero=cr.round_money(Decimal("0"), alert.budget.currency))
        if alert.kind == OverageAlert.Kind.EFC:
            still = figures.efc > figures.budget
        else:
            still = (figures.budget > 0 and alert.threshold is not None
                     and figures.actual_to_date * 100 >= figures.budget * alert.threshold)
        key = (alert.account_id, alert.kind)
        if still and key not in shown:
            shown.add(key)
            out.append(OpenAlert(alert, figures))
    return out


@dataclass
class BurnData:
    points: list[burn.Point]
    source: str  # where the shoot days came from: "the active board", "SHOOT_DAYS", ""
    problem: str  # why there is no chart, said plainly


def _global_rows(budget: Budget) -> tuple[list[burn.GlobalIn], dict[str, Decimal]]:
    rows = list(budget.globals.values_list("name", "expression", "schedule_key"))
    items = []
    for name, expression, key in rows:
        try:
            uses = frozenset(names(parse(expression)))
        except FormulaError:
            uses = frozenset()
        items.append(burn.GlobalIn(name, key, uses))
    values, _ = evaluate_globals({name: expression for name, expression, _ in rows})
    by_key = {key.split(":", 1)[0]: values.get(name) for name, _, key in rows if key}
    days = {}
    for period, key in ((burn.PREP, "PREP_DAYS"), (burn.SHOOT, "SHOOT_DAYS"),
                        (burn.WRAP, "WRAP_DAYS")):
        value = by_key.get(key, values.get(key))
        if value is not None:
            days[period] = value
    return items, days


NO_NAMES: frozenset[str] = frozenset()
# `budgets.formulas.number` in SQL: a plain decimal, nothing to parse.
NUMBER_SQL = r"^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$"


def _uses(text: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """The global names a formula uses (cached per text: a budget repeats its formulas)."""
    found = cache.get(text)
    if found is None:
        try:
            found = NO_NAMES if number(text) is not None else frozenset(names(parse(text)))
        except FormulaError:
            found = NO_NAMES
        cache[text] = found
    return found


MAX_CHART_DAYS = 1000


def _days(value: Decimal | None) -> int:
    """A day count from a global: whole days, never negative (a broken value counts 0)."""
    try:
        return max(int(value or 0), 0)
    except (ArithmeticError, ValueError):
        return 0


def burn_data(*, budget: Budget, data: CostReportData) -> BurnData:
    """Planned spend by shoot day against actuals (see `budgets.burn` for the rules), in
    five queries whatever the size: globals, lines, the active board's day count, the
    calendar settings and the actuals summed by date."""
    from scheduling.board_selectors import calendar_build, calendar_settings
    from scheduling.models import Strip
    from scheduling.shooting_calendar import CalendarError, shoot_day_dates

    production = budget.production
    globals_, days = _global_rows(budget)
    cache: dict[str, frozenset[str]] = {}
    level_of = {c.pk: c.level for c in data.categories}
    account_level = {a.pk: level_of[a.category_id] for a in data.accounts}
    lines = []
    # Only formulas can name a period, so plain numbers read as "" and lines alike (same
    # account and formulas) are summed in the database: a few rows per account.
    formulas = {f"{name}_formula": Case(When(**{f"{name}__regex": NUMBER_SQL},
                                             then=Value("")), default=F(name))
                for name in ("amount", "multiplier", "rate")}
    for account_id, amount, x, rate, total in (
            LineItem.objects.filter(budget=budget).order_by().annotate(**formulas)
            .values_list("account_id", *formulas)
            .annotate(total=Sum(F("subtotal") + F("fringe_total")))):
        uses = _uses(amount, cache) | _uses(x, cache) | _uses(rate, cache)
        lines.append(burn.LineIn(total, account_level.get(account_id, "btl"), uses))
    board_days = Strip.objects.filter(board__production=production, board__is_active=True,
                                      kind=Strip.Kind.DAY_BREAK).count()
    source = "the active board"
    count = board_days
    if not count:
        count = _days(days.get(burn.SHOOT))
        source = "SHOOT_DAYS"
    if count > MAX_CHART_DAYS:
        return BurnData([], source, f"{count:,} shoot days is more than the chart draws "
                                    f"({MAX_CHART_DAYS:,}): check SHOOT_DAYS.")
    if count <= 0:
        return BurnData([], "", "No shoot days yet: put day breaks on the active board (or "
                                "give the budget a SHOOT_DAYS global) to see the burn by "
                                "shoot day.")
    try:
        calendar = calendar_build(settings=calendar_settings(production=production))
        shoot_dates = shoot_day_dates(calendar=calendar, count=count)
    except (CalendarError, ValueError) as exc:
        return BurnData([], source, f"The shooting calendar needs fixing: {exc}")
    day_one = shoot_dates[0]
    prep_days = min(_days(days.get(burn.PREP)), MAX_CHART_DAYS)
    prep_start = production.prep_start if (production.prep_start
                                           and production.prep_start < day_one) else None
    if prep_start is None and prep_days > 0:
        prep_start = day_one
        for _ in range(prep_days):
            prep_start = date.fromordinal(prep_start.toordinal() - 1)
            while not calendar.is_working(prep_start):
                prep_start = date.fromordinal(prep_start.toordinal() - 1)
    wrap_dates: list[date] = []
    for _ in range(min(_days(days.get(burn.WRAP)), MAX_CHART_DAYS)):
        wrap_dates.append(calendar.next_working(wrap_dates[-1] if wrap_dates
                                                else shoot_dates[-1]))
    days.setdefault(burn.SHOOT, Decimal(count))
    if prep_start is not None and burn.PREP not in days:
        days[burn.PREP] = Decimal(sum(1 for n in range(prep_start.toordinal(),
                                                       day_one.toordinal())
                                      if calendar.is_working(date.fromordinal(n))))
    plan = burn.plan(lines, burn.global_periods(globals_), days=days)
    by_date = dict(Actual.objects.filter(budget=budget, date__lte=data.as_of).order_by()
                   .values("date").annotate(s=Sum("base_amount")).values_list("date", "s"))
    points = burn.points(plan=plan, shoot_dates=shoot_dates, currency=budget.currency,
                         actual_by_date=by_date, as_of=data.as_of, prep_start=prep_start,
                         wrap_dates=wrap_dates, with_prep=prep_start is not None,
                         with_wrap=bool(wrap_dates))
    return BurnData(points, source, "")


def burn_json(*, burn: BurnData) -> dict[str, Any]:
    return {"source": burn.source, "problem": burn.problem, "points": [
        {"key": p.key, "label": p.label, "day": p.number,
         "start": p.start.isoformat() if p.start else None,
         "end": p.end.isoformat() if p.end else None, "planned": str(p.planned),
         "actual": None if p.actual is None else str(p.actual)} for p in burn.points]}


def report_levels(data: CostReportData) -> list[dict[str, Any]]:
    """Levels -> categories -> accounts with their figures, for pages and the PDF."""
    from .selectors import calc_levels

    report = data.report
    return [
        {"level": level, "label": label, "figures": report.levels[level],
         "categories": [
             {"category": c, "figures": report.categories[c.pk],
              "accounts": [{"account": a, "figures": report.accounts[a.pk]}
                           for a in data.accounts_of(c)]}
             for c in data.categories if c.level == level]}
        for level, label in calc_levels()
    ]


def account_activity(*, account: Account, as_of: date) -> dict[str, Any]:
    """An account's actuals and purchase orders, for its cost page."""
    actuals = list(account.actuals.filter(date__lte=as_of).select_related("purchase_order")
                   .order_by("-date", "-id"))
    pos = list(account.purchase_orders.annotate(
        spent=Coalesce(Sum("actuals__base_amount"), ZERO)).order_by("date", "id"))
    for po in pos:
        po.remaining = Decimal("0") if po.is_closed else max(po.amount - po.spent, Decimal("0"))
    return {"actuals": actuals, "purchase_orders": pos}
