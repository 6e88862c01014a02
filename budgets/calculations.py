"""The budget calculation engine: plain data in, plain data out, Decimal throughout.

No database here. `calculate(...)` takes the structure of a budget (categories,
accounts, lines, fringes, globals, contractual charges) and returns every total.

Rounding: each money figure the engine produces is rounded once, from its exact
value, to the currency's minor unit with ROUND_HALF_UP: a line's subtotal
(amount x X x rate), each fringe on a line, each contractual charge. Every
total above them is the exact sum of those rounded parts, so a total always
equals the sum of what is printed beneath it and nothing is rounded twice.

Fringes: a percentage fringe is `min(line subtotal, cutoff) x rate / 100`; a
flat fringe is `min(units, cutoff) x rate` where units = amount x X. The cutoff
caps the base per line. Fringes count in account, category and level totals
and are also reported per fringe, for the top sheet's fringe block.

Contractual charges: a percentage of the total (lines and fringes) of the
chosen accounts: those in the chosen categories plus those chosen one by one,
less the excluded accounts; a charge with nothing chosen applies to every
account. Charges never apply to each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from .formulas import FormulaError, compute, evaluate_globals

ZERO = Decimal("0")
HUNDRED = Decimal("100")
MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "HUF": 2}
LEVELS = ("atl", "btl", "post", "other")
# Exact arithmetic for intermediate values: 14-digit money times multipliers fits easily.
PRECISION = 40


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2))


def round_money(value: Decimal, currency: str = "USD") -> Decimal:
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CategoryIn:
    id: Any
    level: str


@dataclass(frozen=True)
class AccountIn:
    id: Any
    category_id: Any


@dataclass(frozen=True)
class LineIn:
    id: Any
    account_id: Any
    amount: str = "1"
    multiplier: str = "1"
    rate: str = "0"
    fringe_ids: tuple = ()


@dataclass(frozen=True)
class FringeIn:
    id: Any
    kind: str  # "percent" | "flat"
    rate: Decimal
    cutoff: Decimal | None = None


@dataclass(frozen=True)
class ChargeIn:
    id: Any
    percent: Decimal
    category_ids: frozenset = frozenset()
    account_ids: frozenset = frozenset()
    excluded_account_ids: frozenset = frozenset()


@dataclass
class Total:
    subtotal: Decimal = ZERO  # detail lines
    fringes: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.fringes

    def add(self, subtotal: Decimal, fringes: Decimal) -> None:
        self.subtotal += subtotal
        self.fringes += fringes


@dataclass
class LineOut:
    amount: Decimal
    multiplier: Decimal
    rate: Decimal
    subtotal: Decimal
    fringes: dict[Any, Decimal]
    fringe_total: Decimal
    error: str = ""

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.fringe_total


@dataclass
class Result:
    currency: str
    globals: dict[str, Decimal]
    global_errors: dict[str, str]
    lines: dict[Any, LineOut]
    accounts: dict[Any, Total]
    categories: dict[Any, Total]
    levels: dict[str, Total]
    fringes: dict[Any, Decimal]  # total per fringe, the top sheet's fringe block
    charges: dict[Any, Decimal]
    charge_bases: dict[Any, Decimal]
    errors: dict[Any, str] = field(default_factory=dict)  # line id -> message

    @property
    def subtotal(self) -> Decimal:
        return sum((t.subtotal for t in self.levels.values()), ZERO)

    @property
    def fringe_total(self) -> Decimal:
        return sum(self.fringes.values(), ZERO)

    @property
    def charge_total(self) -> Decimal:
        return sum(self.charges.values(), ZERO)

    @property
    def grand_total(self) -> Decimal:
        return self.subtotal + self.fringe_total + self.charge_total


MAX_MONEY = Decimal("999999999999.99")


def line_values(line: LineIn, env: dict[str, Decimal],
                memo: dict | None = None) -> tuple[Decimal, Decimal, Decimal]:
    """Amount, X and rate of a line, each evaluated; FormulaError names the column.

    `memo` caches each distinct text's value for one calculation (lines share formulas).
    """
    values = []
    for label, text in (("Amount", line.amount), ("X", line.multiplier), ("Rate", line.rate)):
        if memo is not None and text in memo:
            value = memo[text]
        else:
            try:
                value = compute(text, env)
            except FormulaError as exc:
                value = exc
            if memo is not None:
                memo[text] = value
        if isinstance(value, FormulaError):
            raise FormulaError(f"{label}: {value}")
        values.append(value)
    return values[0], values[1], values[2]


def _fringe(fringe: FringeIn, subtotal_exact: Decimal, units: Decimal) -> Decimal:
    if fringe.kind == "flat":
        base = units if fringe.cutoff is None else min(units, fringe.cutoff)
        return base * fringe.rate
    base = subtotal_exact if fringe.cutoff is None else min(subtotal_exact, fringe.cutoff)
    return base * fringe.rate / HUNDRED


def line_out(line: LineIn, fringes_by_id: dict[Any, FringeIn], env: dict[str, Decimal],
             currency: str = "USD", memo: dict | None = None) -> LineOut:
    """One line's figures: subtotal rounded once, each fringe rounded once from the exact
    subtotal. A line that cannot be evaluated counts as zero and carries its error."""
    with localcontext() as context:
        context.prec = PRECISION
        return _line_out(line, fringes_by_id, env, quantum(currency), memo)


def _line_out(line: LineIn, fringes_by_id: dict[Any, FringeIn], env: dict[str, Decimal],
              q: Decimal, memo: dict | None) -> LineOut:
    try:
        amount, multiplier, rate = line_values(line, env, memo)
        exact = amount * multiplier * rate
        subtotal = exact.quantize(q, rounding=ROUND_HALF_UP)
        if abs(subtotal) > MAX_MONEY:
            raise FormulaError("The line's subtotal is out of range.")
        error = ""
    except (FormulaError, ArithmeticError) as exc:
        amount = multiplier = rate = exact = subtotal = ZERO
        error = str(exc) if isinstance(exc, FormulaError) else "Out of range."
    per_fringe = {}
    fringe_total = ZERO
    for fringe_id in line.fringe_ids:
        fringe = fringes_by_id.get(fringe_id)
        if fringe is not None:
            value = _fringe(fringe, exact, amount * multiplier).quantize(
                q, rounding=ROUND_HALF_UP)
            per_fringe[fringe_id] = value
            fringe_total += value
    return LineOut(amount, multiplier, rate, subtotal, per_fringe, fringe_total, error)


@dataclass
class RollUp:
    """Totals above the lines: what a line edit needs to answer with."""

    accounts: dict[Any, Total]
    categories: dict[Any, Total]
    levels: dict[str, Total]
    charges: dict[Any, Decimal]
    charge_bases: dict[Any, Decimal]

    @property
    def subtotal(self) -> Decimal:
        return sum((t.subtotal for t in self.levels.values()), ZERO)

    @property
    def fringe_total(self) -> Decimal:
        return sum((t.fringes for t in self.levels.values()), ZERO)

    @property
    def charge_total(self) -> Decimal:
        return sum(self.charges.values(), ZERO)

    @property
    def grand_total(self) -> Decimal:
        return self.subtotal + self.fringe_total + self.charge_total


def roll_up(*, categories: Iterable[CategoryIn], accounts: Iterable[AccountIn],
            account_totals: dict[Any, Total], charges: Iterable[ChargeIn] = (),
            currency: str = "USD") -> RollUp:
    """Category, level and charge totals from each account's (subtotal, fringes)."""
    q = quantum(currency)
    categories, accounts = list(categories), list(accounts)
    account_totals = {a.id: account_totals.get(a.id) or Total() for a in accounts}
    category_totals = {c.id: Total() for c in categories}
    level_of = {c.id: c.level for c in categories}
    level_totals = {level: Total() for level in LEVELS}
    category_of = {a.id: a.category_id for a in accounts}
    for account_id, total in account_totals.items():
        category_totals[category_of[account_id]].add(total.subtotal, total.fringes)
    for category_id, total in category_totals.items():
        level_totals[level_of[category_id]].add(total.subtotal, total.fringes)
    charge_results, charge_bases = {}, {}
    with localcontext() as context:
        context.prec = PRECISION
        for charge in charges:
            chosen = charge.category_ids or charge.account_ids
            base = ZERO
            for account_id, total in account_totals.items():
                if account_id in charge.excluded_account_ids:
                    continue
                if (not chosen or account_id in charge.account_ids
                        or category_of[account_id] in charge.category_ids):
                    base += total.total
            charge_bases[charge.id] = base
            charge_results[charge.id] = (base * charge.percent / HUNDRED).quantize(
                q, rounding=ROUND_HALF_UP)
    return RollUp(account_totals, category_totals, level_totals, charge_results, charge_bases)


def calculate(
    *,
    categories: Iterable[CategoryIn],
    accounts: Iterable[AccountIn],
    lines: Iterable[LineIn],
    fringes: Iterable[FringeIn] = (),
    globals: dict[str, str] | None = None,
    charges: Iterable[ChargeIn] = (),
    currency: str = "USD",
) -> Result:
    categories = list(categories)
    accounts = list(accounts)
    fringes_by_id = {f.id: f for f in fringes}
    env, global_errors = evaluate_globals(globals or {})
    account_totals = {a.id: Total() for a in accounts}
    fringe_totals = dict.fromkeys(fringes_by_id, ZERO)
    line_results: dict[Any, LineOut] = {}
    errors: dict[Any, str] = {}
    memo: dict[str, Decimal | FormulaError] = {}
    q = quantum(currency)
    with localcontext() as context:
        context.prec = PRECISION
        for line in lines:
            out = _line_out(line, fringes_by_id, env, q, memo)
            if out.error:
                errors[line.id] = out.error
            for fringe_id, value in out.fringes.items():
                fringe_totals[fringe_id] += value
            line_results[line.id] = out
            account_totals[line.account_id].add(out.subtotal, out.fringe_total)
    rolled = roll_up(categories=categories, accounts=accounts, account_totals=account_totals,
                     charges=charges, currency=currency)
    return Result(
        currency=currency,
        globals=env,
        global_errors=global_errors,
        lines=line_results,
        accounts=rolled.accounts,
        categories=rolled.categories,
        levels=rolled.levels,
        fringes=fringe_totals,
        charges=rolled.charges,
        charge_bases=rolled.charge_bases,
        errors=errors,
    )
