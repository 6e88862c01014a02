"""The burn chart: planned spend by shoot day against actual spend, both cumulative.

Pure: plain figures in, points out, Decimal throughout (`cost_selectors.burn_data`
loads the figures). The x axis is the shoot: a "Prep" point before Day 1 when
there is prep, Day 1 ... Day N on the dates of the shooting calendar, a "Wrap"
point after the last day when there is wrap, and a "Post" point when there is
post-production money.

How the budget is spread, line by line (a line's total is its subtotal plus
fringes, as in the cost report; contractual charges are not spent day by day
and are left out, as in the cost report):

* **Post-production** lines (categories at the post level) are spent after the
  shoot: all of it at the Post point.
* A line whose formulas use the schedule is spent in the periods it names:
  `SHOOT_DAYS`, `SHOOT_WEEKS`, a cast member's work or hold days -> the shoot;
  `PREP_DAYS`/`PREP_WEEKS` -> prep; `WRAP_DAYS`/`WRAP_WEEKS` -> wrap (a global
  defined from another, like `PREP_WEEKS = PREP_DAYS / 5`, counts as what it is
  defined from). A line naming several periods (a UPM on
  `PREP_WEEKS + SHOOT_WEEKS + WRAP_WEEKS`) is split in proportion to their
  days, the same proportion its formula priced. The shoot's share is spread
  evenly over the shoot days; prep and wrap shares land on their own point.
* A **fixed** line (no schedule in its formulas: a flat fee, an allowance, weeks
  typed in) above the line or in "other" (rights, cast and director deals,
  insurance, legal) is committed before the camera rolls: all of it at Prep
  (or on Day 1 when there is no prep). A fixed line below the line (rentals,
  purchases, materials) is consumed while shooting: spread evenly over the
  shoot days.

So the planned curve ends at the cost report's budget total, and a producer can
read any point as "what we expected to have spent by the end of this day".
Actuals are summed by date: a point shows everything dated up to its last date
(Prep: up to the day before Day 1; Wrap: up to its last wrap day; Post: up to
the report date), and points that start after the report date have no actual
yet. Money is rounded once, on each cumulative point (half up, the currency's
minor unit), so the last planned point equals the budget total exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .calculations import round_money

ZERO = Decimal("0")
PREP, SHOOT, WRAP = "prep", "shoot", "wrap"
PERIODS = (PREP, SHOOT, WRAP)
# Schedule keys (see budgets.models.Global.schedule_key) and name stems -> period.
_KEY_PERIODS = {"SHOOT_DAYS": SHOOT, "PREP_DAYS": PREP, "WRAP_DAYS": WRAP,
                "CAST_WORK_DAYS": SHOOT, "CAST_HOLD_DAYS": SHOOT}
_NAME_STEMS = (("PREP", PREP), ("SHOOT", SHOOT), ("WRAP", WRAP))
UPFRONT_LEVELS = ("atl", "other")


@dataclass(frozen=True)
class GlobalIn:
    name: str
    schedule_key: str  # "" for a typed-in global
    uses: frozenset[str]  # the names its expression refers to


def global_periods(globals_: Iterable[GlobalIn]) -> dict[str, frozenset[str]]:
    """Which schedule periods each global stands for (empty: none, a plain number)."""
    by_name = {g.name: g for g in globals_}
    out: dict[str, frozenset[str]] = {}

    def visit(name: str, seen: frozenset[str]) -> frozenset[str]:
        if name in out:
            return out[name]
        item = by_name.get(name)
        if item is None or name in seen:
            return frozenset()
        key = item.schedule_key.split(":", 1)[0]
        if key in _KEY_PERIODS:
            periods = frozenset({_KEY_PERIODS[key]})
        else:
            periods = frozenset(p for stem, p in _NAME_STEMS if name.upper().startswith(stem))
            if not periods:
                periods = frozenset().union(*(visit(u, seen | {name}) for u in item.uses))
        out[name] = periods
        return periods

    for name in by_name:
        visit(name, frozenset())
    return out


@dataclass(frozen=True)
class LineIn:
    total: Decimal  # subtotal + fringes, in the budget's currency
    level: str  # its category's level: atl, btl, post, other
    uses: frozenset[str]  # the global names its amount, X and rate refer to


@dataclass(frozen=True)
class Point:
    key: str  # "prep", "day", "wrap", "post"
    label: str  # "Prep", "Day 3", "Wrap", "Post"
    number: int | None  # the shoot day's number
    start: date | None  # first date of the point's window (None: open)
    end: date | None  # last date (None: up to the report date)
    planned: Decimal  # cumulative
    actual: Decimal | None  # cumulative; None when the point starts after the report date


@dataclass(frozen=True)
class Plan:
    """Money per place on the axis, exact (not yet rounded)."""

    prep: Decimal
    shoot: Decimal  # spread evenly over the shoot days
    wrap: Decimal
    post: Decimal

    @property
    def total(self) -> Decimal:
        return self.prep + self.shoot + self.wrap + self.post


def plan(lines: Iterable[LineIn], periods: dict[str, frozenset[str]], *,
         days: dict[str, Decimal]) -> Plan:
    """Where each line's money goes (see the module docstring).

    days: the budget's own prep, shoot and wrap day counts (its PREP_DAYS,
    SHOOT_DAYS and WRAP_DAYS), the proportions its formulas priced with.
    """
    money = {PREP: ZERO, SHOOT: ZERO, WRAP: ZERO, "post": ZERO}
    named_by_uses: dict[frozenset[str], frozenset[str]] = {frozenset(): frozenset()}
    for line in lines:
        if not line.total:
            continue
        if line.level == "post":
            money["post"] += line.total
            continue
        named = named_by_uses.get(line.uses)
        if named is None:
            named = frozenset().union(*(periods.get(u, frozenset()) for u in line.uses))
            named_by_uses[line.uses] = named
        if not named:
            money[PREP if line.level in UPFRONT_LEVELS else SHOOT] += line.total
            continue
        weights = {p: max(days.get(p, ZERO), ZERO) for p in PERIODS if p in named}
        whole = sum(weights.values(), ZERO)
        if whole <= 0:  # the periods have no days yet: share alike
            weights = {p: Decimal(1) for p in weights}
            whole = Decimal(len(weights))
        for period, weight in weights.items():
            money[period] += line.total * weight / whole
    return Plan(money[PREP], money[SHOOT], money[WRAP], money["post"])


def points(*, plan: Plan, shoot_dates: list[date], currency: str,
           actual_by_date: dict[date, Decimal], as_of: date,
           prep_start: date | None = None, wrap_dates: list[date] | None = None,
           with_prep: bool = False, with_wrap: bool = False) -> list[Point]:
    """The chart's points, cumulative. With no shoot day there is no chart ([]).

    with_prep: the schedule has prep days, so a Prep point (else money planned up front
    lands on Day 1); with_wrap: show Wrap even without money on it.
    """
    if not shoot_dates:
        return []
    wrap_dates = wrap_dates or []
    dated = sorted(actual_by_date.items())

    def money(value: Decimal) -> Decimal:
        return round_money(value, currency)

    def spent(start: date | None, end: date | None) -> Decimal | None:
        if start is not None and start > as_of:
            return None
        last = as_of if end is None else min(end, as_of)
        return money(sum((amount for on, amount in dated if on <= last), ZERO))

    out: list[Point] = []
    day_one = shoot_dates[0]
    planned = ZERO
    prep = plan.prep
    if with_prep:
        planned += prep
        out.append(Point("prep", "Prep", None, prep_start, _day_before(day_one),
                         money(planned), spent(None, _day_before(day_one))))
    else:
        # No prep on the axis: money committed up front is planned on Day 1.
        planned += prep
    count = len(shoot_dates)
    before = planned
    previous = _day_before(day_one)
    for number, on in enumerate(shoot_dates, 1):
        planned = before + plan.shoot * number / count
        start = None if not out else _day_after(previous)
        out.append(Point("day", f"Day {number}", number, start, on, money(planned),
                         spent(start, on)))
        previous = on
    if plan.wrap or with_wrap:
        planned += plan.wrap
        end = wrap_dates[-1] if wrap_dates else shoot_dates[-1]
        start = wrap_dates[0] if wrap_dates else _day_after(previous)
        out.append(Point("wrap", "Wrap", None, start, end, money(planned), spent(start, end)))
        previous = end
    else:
        planned += plan.wrap
    if plan.post:
        planned += plan.post
        start = _day_after(previous)
        out.append(Point("post", "Post", None, start, None, money(planned),
                         spent(start, None)))
    return out


def _day_before(on: date) -> date:
    return date.fromordinal(on.toordinal() - 1)


def _day_after(on: date) -> date:
    return date.fromordinal(on.toordinal() + 1)


@dataclass(frozen=True)
class DayPlan:
    label: str
    planned: Decimal  # planned for that one day, not cumulative


def day_plan(chart: list[Point], on: date) -> DayPlan | None:
    """What the plan spends on shoot day `on` (the hot cost's yardstick), or None when
    `on` is not a shoot day."""
    previous = None
    for point in chart:
        if point.key == "day" and point.end == on:
            return DayPlan(point.label, point.planned - (previous.planned if previous
                                                         else ZERO))
        previous = point
    return None


def rows(chart: list[Point]) -> list[dict[str, Any]]:
    """The points as table rows (exports, the page's figures table)."""
    return [{"label": p.label, "start": p.start, "end": p.end, "planned": p.planned,
             "actual": p.actual} for p in chart]
