"""Versions side by side, by account, with variances against the first column."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from .models import Budget, BudgetVersion
from .services import snapshot

MIN_COLUMNS, MAX_COLUMNS = 2, 4


def compare(columns: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """columns: (label, snapshot) pairs. Rows are accounts by number, in the order first
    seen; each row has one amount per column and the variance of each column against the
    first (money as strings; an account missing from a version counts as 0)."""
    rows: dict[str, dict[str, Any]] = {}
    for index, (_, sheet) in enumerate(columns):
        for account in sheet["accounts"]:
            row = rows.setdefault(account["number"], {
                "number": account["number"], "name": account["name"],
                "amounts": [Decimal("0")] * len(columns)})
            row["amounts"][index] = Decimal(account["total"])
    totals = [Decimal(sheet["grand_total"]) for _, sheet in columns]
    out_rows = []
    for row in rows.values():
        amounts = row["amounts"]
        out_rows.append({
            "number": row["number"], "name": row["name"],
            "amounts": [str(a) for a in amounts],
            "variances": [str(a - amounts[0]) for a in amounts[1:]],
        })
    sections = []
    for key, label in (("fringe_total", "Fringes"), ("charge_total", "Contractual charges"),
                       ("grand_total", "Grand total")):
        values = [Decimal(sheet[key]) for _, sheet in columns]
        sections.append({"label": label, "amounts": [str(v) for v in values],
                         "variances": [str(v - values[0]) for v in values[1:]]})
    return {
        "columns": [label for label, _ in columns],
        "currency": columns[0][1]["currency"],
        "rows": out_rows,
        "totals": sections,
        "grand_totals": [str(t) for t in totals],
    }


def compare_request(*, production, raw: str) -> dict[str, Any]:
    """Parse "3,5,current" into columns of one budget of the production and compare them."""
    entries = [t.strip() for t in raw.split(",") if t.strip()]
    if not MIN_COLUMNS <= len(entries) <= MAX_COLUMNS:
        raise ValidationError({"versions": [
            f"Choose {MIN_COLUMNS} to {MAX_COLUMNS} versions (ids, or “current”)."]})
    ids = [t for t in entries if t != "current"]
    if not all(t.isdigit() for t in ids):
        raise ValidationError({"versions": ["Versions are ids, or “current”."]})
    versions = {
        str(v.pk): v for v in BudgetVersion.objects.filter(
            budget__production=production, pk__in=[int(t) for t in ids]).select_related("budget")
    }
    missing = [t for t in ids if t not in versions]
    if missing:
        raise ValidationError({"versions": [f"No such version: {', '.join(missing)}."]})
    budgets = {v.budget_id for v in versions.values()}
    if len(budgets) > 1:
        raise ValidationError({"versions": ["Compare versions of one budget at a time."]})
    columns = []
    for entry in entries:
        if entry == "current":
            if not budgets:
                raise ValidationError({"versions": ["Name at least one saved version."]})
            budget = Budget.objects.get(pk=next(iter(budgets)))
            columns.append(("Current", snapshot(budget=budget)))
        else:
            columns.append((versions[entry].name, versions[entry].snapshot))
    return compare(columns)
