"""The cost report as XLSX/CSV/PDF, and the import of actuals from an accounting
system's export. Built on `budgets.exports` (formula-injection neutralising, the
XLSX/CSV writers and the upload reader)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from . import cost_services
from .burn import Point
from .cost_report import Figures
from .cost_selectors import CostReportData, report_levels
from .exports import XLSX, _download, csv_bytes, read_table, safe, xlsx_bytes
from .models import Actual
from .selectors import calc_levels

HEADER = ["Level", "Number", "Name", "Budget", "This period", "Actual to date", "Commitments",
          "Cost to date", "ETC", "EFC", "Variance", "% spent"]


def _figures(f: Figures) -> list[Any]:
    return [f.budget, f.this_period, f.actual_to_date, f.commitments, f.cost_to_date, f.etc,
            f.efc, f.variance, f.percent_spent]


def cost_report_rows(data: CostReportData) -> list[list[Any]]:
    """Top sheet, categories and accounts in one table, the way a cost report reads."""
    report = data.report
    rows = [HEADER]
    for level, label in calc_levels():
        for category in data.categories:
            if category.level != level:
                continue
            rows.append([label, safe(category.number), safe(category.name),
                         *_figures(report.categories[category.pk])])
            for account in data.accounts_of(category):
                rows.append(["", safe(account.number), safe(account.name),
                             *_figures(report.accounts[account.pk])])
        rows.append([f"Total {label}", "", "", *_figures(report.levels[level])])
    rows.append(["Total", "", "", *_figures(report.total)])
    return rows


def actual_rows(data: CostReportData) -> list[list[Any]]:
    rows = [["Account", "Date", "Vendor", "Description", "Reference", "PO", "Amount",
             "Currency", "Rate", f"Amount {data.budget.currency}", "Credit"]]
    actuals = (Actual.objects.filter(budget=data.budget, date__lte=data.as_of)
               .select_related("account", "purchase_order")
               .order_by("account__number", "date", "id"))
    for a in actuals:
        rows.append([safe(a.account.number), a.date, safe(a.vendor), safe(a.description),
                     safe(a.reference), safe(a.purchase_order.number) if a.purchase_order else "",
                     a.amount, a.currency, a.exchange_rate, a.base_amount,
                     "yes" if a.is_credit else ""])
    return rows


def burn_rows(points: list[Point]) -> list[list[Any]]:
    """The burn chart's series: one row per point (Prep, Day 1 ... Day N, Wrap, Post)."""
    rows: list[list[Any]] = [["Point", "From", "To", "Planned (cumulative)",
                              "Actual (cumulative)"]]
    for p in points:
        rows.append([p.label, p.start or "", p.end or "", p.planned,
                     "" if p.actual is None else p.actual])
    return rows


def cost_report_response(*, data: CostReportData, kind: str, part: str = "report",
                         burn: list[Point] | None = None) -> HttpResponse:
    """XLSX: the report, the actuals and the burn series as sheets; CSV: one of them
    (`part` report, the default, or burn)."""
    name = f"{slugify(data.budget.name) or 'budget'}-cost-report-{data.as_of.isoformat()}"
    if part not in ("report", "burn"):
        raise ValidationError({"part": ["Choose report or burn."]})
    if kind == "csv":
        if part == "burn":
            return _download(csv_bytes(burn_rows(burn or [])), f"{name}-burn.csv",
                             "text/csv; charset=utf-8")
        return _download(csv_bytes(cost_report_rows(data)), f"{name}.csv",
                         "text/csv; charset=utf-8")
    if kind != "xlsx":
        raise ValidationError({"type": ["Choose xlsx or csv."]})
    sheets = {"Cost report": cost_report_rows(data), "Actuals": actual_rows(data)}
    if burn:
        sheets["Burn by shoot day"] = burn_rows(burn)
    return _download(xlsx_bytes(sheets), f"{name}.xlsx", XLSX)


def cost_report_pdf(*, production, data: CostReportData, burn: list[Point] | None = None
                    ) -> bytes:
    """Pure rendering from computed data (WeasyPrint); with the burn series as a table."""
    from weasyprint import HTML

    html = render_to_string("budgets/cost_report_pdf.html", {
        "production": production, "budget": data.budget, "data": data, "burn": burn or [],
        "levels": report_levels(data), "total": data.report.total, "printed_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()


# --- import -------------------------------------------------------------------------

COLUMNS = {"account": "account", "account number": "account", "acct": "account",
           "vendor": "vendor", "payee": "vendor", "date": "date", "amount": "amount",
           "currency": "currency", "rate": "rate", "exchange rate": "rate",
           "reference": "reference", "ref": "reference", "invoice": "reference",
           "description": "description", "po": "po", "po number": "po", "credit": "credit"}
REQUIRED = {"account", "vendor", "date", "amount"}


def actuals_import(*, budget, upload, by=None) -> list[Actual]:
    rows = read_table(upload, columns=COLUMNS, required=REQUIRED, sheet="Actuals",
                      what="actuals")
    return cost_services.actuals_import(budget=budget, rows=rows, by=by)


