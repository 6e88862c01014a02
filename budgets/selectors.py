"""Reads for budgets: one budget's whole structure in a fixed number of queries.

`budget_calculate` loads categories, accounts, lines (as plain values), line
fringes, fringes, globals and charges -- seven queries whatever the size of the
budget -- and runs the pure engine over them.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from productions.models import Production

from . import calculations as calc
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


def budget_list(*, production: Production) -> QuerySet[Budget]:
    return production.budgets.annotate(line_count=Count("lines")).order_by("-updated_at", "id")


def category_list(*, production: Production) -> QuerySet[Category]:
    return Category.objects.filter(budget__production=production).order_by(
        "budget_id", "order", "number", "id")


def account_list(*, production: Production) -> QuerySet[Account]:
    return Account.objects.filter(budget__production=production).select_related(
        "category").order_by("budget_id", "category__order", "order", "number", "id")


def line_list(*, production: Production) -> QuerySet[LineItem]:
    return (
        LineItem.objects.filter(budget__production=production)
        .select_related("account", "budget")
        .prefetch_related("fringes")
        .order_by("budget_id", "account__order", "account__number", "order", "id")
    )


def fringe_list(*, production: Production) -> QuerySet[Fringe]:
    return Fringe.objects.filter(budget__production=production).order_by("budget_id", "code")


def global_list(*, production: Production) -> QuerySet[Global]:
    return Global.objects.filter(budget__production=production).order_by("budget_id", "name")


def charge_list(*, production: Production) -> QuerySet[ContractualCharge]:
    return (
        ContractualCharge.objects.filter(budget__production=production)
        .prefetch_related("categories", "accounts", "excluded_accounts")
        .order_by("budget_id", "order", "id")
    )


def version_list(*, production: Production) -> QuerySet[BudgetVersion]:
    return BudgetVersion.objects.filter(budget__production=production).select_related(
        "created_by").defer("snapshot").order_by("budget_id", "created_at", "id")


@dataclass
class BudgetData:
    """A budget's structure, as loaded for the engine, and the engine's result."""

    budget: Budget
    categories: list[Category]
    accounts: list[Account]
    fringes: list[Fringe]
    globals: list[Global]
    charges: list[dict[str, Any]]
    line_fringes: dict[int, tuple[int, ...]]
    result: calc.Result

    def accounts_of(self, category: Category) -> list[Account]:
        return [a for a in self.accounts if a.category_id == category.pk]


def _charge_rows(budget: Budget) -> list[dict[str, Any]]:
    charges = list(budget.charges.all())
    through = {
        "categories": ContractualCharge.categories.through,
        "accounts": ContractualCharge.accounts.through,
        "excluded_accounts": ContractualCharge.excluded_accounts.through,
    }
    chosen: dict[str, dict[int, set]] = {}
    for field, model in through.items():
        target = "category_id" if field == "categories" else "account_id"
        mapping = defaultdict(set)
        if charges:
            for charge_id, target_id in model.objects.filter(
                contractualcharge__budget=budget
            ).values_list("contractualcharge_id", target):
                mapping[charge_id].add(target_id)
        chosen[field] = mapping
    return [
        {"charge": c, "categories": chosen["categories"][c.pk],
         "accounts": chosen["accounts"][c.pk],
         "excluded_accounts": chosen["excluded_accounts"][c.pk]}
        for c in charges
    ]


def budget_calculate(*, budget: Budget) -> BudgetData:
    categories = list(budget.categories.all())
    accounts = list(budget.accounts.all())
    fringes = list(budget.fringes.all())
    globals_ = list(budget.globals.all())
    charges = _charge_rows(budget)
    line_fringes: dict[int, list[int]] = defaultdict(list)
    for line_id, fringe_id in LineItem.fringes.through.objects.filter(
        lineitem__budget=budget
    ).values_list("lineitem_id", "fringe_id"):
        line_fringes[line_id].append(fringe_id)
    lines = LineItem.objects.filter(budget=budget).values_list(
        "id", "account_id", "amount", "multiplier", "rate")
    result = calc.calculate(
        categories=[calc.CategoryIn(c.pk, c.level) for c in categories],
        accounts=[calc.AccountIn(a.pk, a.category_id) for a in accounts],
        lines=[calc.LineIn(pk, account_id, amount, x, rate, tuple(line_fringes.get(pk, ())))
               for pk, account_id, amount, x, rate in lines],
        fringes=[calc.FringeIn(f.pk, f.kind, f.rate, f.cutoff) for f in fringes],
        globals={g.name: g.expression for g in globals_},
        charges=[calc.ChargeIn(row["charge"].pk, row["charge"].percent,
                               frozenset(row["categories"]), frozenset(row["accounts"]),
                               frozenset(row["excluded_accounts"])) for row in charges],
        currency=budget.currency,
    )
    return BudgetData(budget, categories, accounts, fringes, globals_, charges,
                      {k: tuple(v) for k, v in line_fringes.items()}, result)


@dataclass
class RollUpData:
    budget: Budget
    categories: list[Category]
    accounts: list[Account]
    charges: list[dict[str, Any]]
    totals: calc.RollUp


def budget_rollup(*, budget: Budget) -> RollUpData:
    """Every total above the lines from the lines' stored figures: six queries and no
    formula evaluation, whatever the size of the budget (what a line edit answers with)."""
    categories = list(budget.categories.all())
    accounts = list(budget.accounts.all())
    charges = _charge_rows(budget)
    sums = (LineItem.objects.filter(budget=budget).order_by().values("account_id")
            .annotate(subtotal=Sum("subtotal"), fringes=Sum("fringe_total")))
    account_totals = {row["account_id"]: calc.Total(row["subtotal"], row["fringes"])
                      for row in sums}
    totals = calc.roll_up(
        categories=[calc.CategoryIn(c.pk, c.level) for c in categories],
        accounts=[calc.AccountIn(a.pk, a.category_id) for a in accounts],
        account_totals=account_totals,
        charges=[calc.ChargeIn(row["charge"].pk, row["charge"].percent,
                               frozenset(row["categories"]), frozenset(row["accounts"]),
                               frozenset(row["excluded_accounts"])) for row in charges],
        currency=budget.currency,
    )
    return RollUpData(budget, categories, accounts, charges, totals)


def globals_values(*, budget_id: int) -> dict[str, Decimal]:
    from .formulas import evaluate_globals

    values, _ = evaluate_globals(dict(Global.objects.filter(budget_id=budget_id)
                                      .values_list("name", "expression")))
    return values


def account_lines(*, account: Account) -> QuerySet[LineItem]:
    return account.lines.select_related("crew_member__person", "cast_member__person"
                                        ).prefetch_related("fringes").order_by("order", "id")


def _money(value: Decimal) -> str:
    return str(value)


def top_sheet(*, data: BudgetData) -> dict[str, Any]:
    """The top sheet as plain data, money as strings: what the API and exports share."""
    result = data.result
    levels = []
    for level, label in calc_levels():
        categories = [c for c in data.categories if c.level == level]
        levels.append({
            "level": level, "label": label,
            "subtotal": _money(result.levels[level].subtotal),
            "fringes": _money(result.levels[level].fringes),
            "total": _money(result.levels[level].total),
            "categories": [
                {"id": c.pk, "number": c.number, "name": c.name,
                 "subtotal": _money(result.categories[c.pk].subtotal),
                 "fringes": _money(result.categories[c.pk].fringes),
                 "total": _money(result.categories[c.pk].total)}
                for c in categories
            ],
        })
    return {
        "budget": data.budget.pk,
        "budget_version": data.budget.version,
        "currency": data.budget.currency,
        "levels": levels,
        "accounts": [
            {"id": a.pk, "number": a.number, "name": a.name, "category": a.category_id,
             "subtotal": _money(result.accounts[a.pk].subtotal),
             "fringes": _money(result.accounts[a.pk].fringes),
             "total": _money(result.accounts[a.pk].total)}
            for a in data.accounts
        ],
        "fringes": [{"id": f.pk, "code": f.code, "name": f.name,
                     "total": _money(result.fringes[f.pk])} for f in data.fringes],
        "charges": [{"id": row["charge"].pk, "name": row["charge"].name,
                     "percent": str(row["charge"].percent),
                     "base": _money(result.charge_bases[row["charge"].pk]),
                     "amount": _money(result.charges[row["charge"].pk])}
                    for row in data.charges],
        "globals": {g.name: str(result.globals[g.name]) if g.name in result.globals else None
                    for g in data.globals},
        "errors": {
            "lines": {str(k): v for k, v in result.errors.items()},
            "globals": result.global_errors,
        },
        "subtotal": _money(result.subtotal),
        "fringe_total": _money(result.fringe_total),
        "charge_total": _money(result.charge_total),
        "grand_total": _money(result.grand_total),
    }


def calc_levels():
    from .models import Level

    return list(Level.choices)
