"""The cost report engine: plain figures in, plain figures out, Decimal throughout.

No database here (`budgets.cost_selectors` loads the figures). For each account:

* budget: the account's current budget total (lines and fringes);
* this period: actuals dated in the period (a week, or a day for the hot cost);
* actual to date: actuals dated up to the report date;
* commitments: what open and partly paid purchase orders still commit, i.e. each
  PO's amount less the actuals posted against it, never below zero; a closed PO
  commits nothing;
* cost to date = actual to date + commitments (money already spent or promised);
* ETC: the AP's override if there is one, else max(budget - cost to date, 0);
* EFC = cost to date + ETC; variance = EFC - budget (positive is an overage);
* percent spent = actual to date / budget x 100, to one decimal (None when the
  budget is zero).

Every input is already rounded money (actuals are converted and rounded once when
recorded, see `convert`), so every figure here is an exact sum or difference:
a category equals the sum of its accounts, the top sheet the sum of its levels.
Contractual charges are not in the cost report: they are not spent account by account.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .calculations import LEVELS, round_money

ZERO = Decimal("0")
HUNDRED = Decimal("100")
PERIODS = ("week", "day")


def convert(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """An amount in another currency, in the budget's currency: rounded once, half up."""
    return round_money(amount * rate, currency)


def period_start(as_of: date, period: str = "week") -> date:
    """The first day of the period holding `as_of`: its Monday for a week, itself for a day."""
    if period == "day":
        return as_of
    if period != "week":
        raise ValueError(f"Unknown period {period!r}")
    return as_of - timedelta(days=as_of.weekday())


@dataclass(frozen=True)
class PurchaseOrderIn:
    id: Any
    account_id: Any
    amount: Decimal
    closed: bool


def commitments(purchase_orders: Iterable[PurchaseOrderIn],
                spent_by_po: dict[Any, Decimal]) -> dict[Any, Decimal]:
    """Per account: what its open POs still commit (amount less actuals, never below 0)."""
    out: dict[Any, Decimal] = {}
    for po in purchase_orders:
        if po.closed:
            continue
        remaining = max(po.amount - spent_by_po.get(po.id, ZERO), ZERO)
        out[po.account_id] = out.get(po.account_id, ZERO) + remaining
    return out


@dataclass
class Figures:
    budget: Decimal = ZERO
    this_period: Decimal = ZERO
    actual_to_date: Decimal = ZERO
    commitments: Decimal = ZERO
    etc: Decimal = ZERO
    etc_override: bool = False

    @property
    def cost_to_date(self) -> Decimal:
        return self.actual_to_date + self.commitments

    @property
    def efc(self) -> Decimal:
        return self.cost_to_date + self.etc

    @property
    def variance(self) -> Decimal:
        return self.efc - self.budget

    @property
    def percent_spent(self) -> Decimal | None:
        if self.budget <= 0:
            return None
        return (self.actual_to_date * HUNDRED / self.budget).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def over(self) -> bool:
        return self.variance > 0

    def add(self, other: Figures) -> None:
        self.budget += other.budget
        self.this_period += other.this_period
        self.actual_to_date += other.actual_to_date
        self.commitments += other.commitments
        self.etc += other.etc

    def as_strings(self) -> dict[str, str | None]:
        percent = self.percent_spent
        return {"budget": str(self.budget), "this_period": str(self.this_period),
                "actual_to_date": str(self.actual_to_date),
                "commitments": str(self.commitments), "cost_to_date": str(self.cost_to_date),
                "etc": str(self.etc), "efc": str(self.efc), "variance": str(self.variance),
                "percent_spent": None if percent is None else str(percent)}


def account_figures(*, budget: Decimal, this_period: Decimal = ZERO,
                    actual_to_date: Decimal = ZERO, commitments: Decimal = ZERO,
                    etc_override: Decimal | None = None, zero: Decimal = ZERO) -> Figures:
    """zero: the currency's zero (0.00 for cents), so figures print with its minor unit."""
    figures = Figures(budget, this_period, actual_to_date, commitments, zero)
    if etc_override is not None:
        figures.etc, figures.etc_override = etc_override, True
    else:
        remaining = budget - figures.cost_to_date
        figures.etc = remaining if remaining > 0 else zero
    return figures


@dataclass
class Report:
    accounts: dict[Any, Figures]
    categories: dict[Any, Figures]
    levels: dict[str, Figures]
    total: Figures = field(default_factory=Figures)


def cost_report(*, categories: Iterable[tuple[Any, str]], accounts: Iterable[tuple[Any, Any]],
                budgets: dict[Any, Decimal], this_period: dict[Any, Decimal],
                actual_to_date: dict[Any, Decimal], commitments: dict[Any, Decimal],
                etc_overrides: dict[Any, Decimal], currency: str = "USD") -> Report:
    """categories: (id, level); accounts: (id, category id); the rest per account id."""
    zero = round_money(ZERO, currency)

    def empty() -> Figures:
        return Figures(zero, zero, zero, zero, zero)

    level_of = dict(categories)
    category_totals = {c: empty() for c in level_of}
    level_totals = {level: empty() for level in LEVELS}
    account_totals: dict[Any, Figures] = {}
    total = empty()
    for account_id, category_id in accounts:
        figures = account_figures(
            budget=budgets.get(account_id) or zero,
            this_period=this_period.get(account_id) or zero,
            actual_to_date=actual_to_date.get(account_id) or zero,
            commitments=commitments.get(account_id) or zero,
            etc_override=etc_overrides.get(account_id), zero=zero)
        account_totals[account_id] = figures
        category_totals[category_id].add(figures)
        level_totals[level_of[category_id]].add(figures)
        total.add(figures)
    return Report(account_totals, category_totals, level_totals, total)
