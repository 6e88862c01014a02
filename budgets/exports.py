"""XLSX and CSV: export of the top sheet, accounts and detail lines, of a version
comparison, and reading an uploaded file of detail lines for import.

Every text cell that a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) is neutralised with a leading apostrophe.
Money goes into XLSX as numbers and into CSV as plain decimal strings.
"""

import csv
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.text import slugify

from . import selectors, services

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


def safe(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _formula_or_number(text: str) -> Any:
    from .formulas import number

    value = number(text)
    return value if value is not None else safe(text)


def budget_tables(*, budget, rates: bool) -> dict[str, list[list[Any]]]:
    """The three tables of an export: top sheet, accounts, detail lines."""
    data = selectors.budget_calculate(budget=budget)
    result = data.result
    top = [["Level", "Category", "Name", "Subtotal", "Fringes", "Total"]]
    for level, label in selectors.calc_levels():
        for category in data.categories:
            if category.level == level:
                totals = result.categories[category.pk]
                top.append([label, safe(category.number), safe(category.name), totals.subtotal,
                            totals.fringes, totals.total])
        top.append([f"Total {label}", "", "", result.levels[level].subtotal,
                    result.levels[level].fringes, result.levels[level].total])
    top.append([])
    top.append(["Fringes", "", "", "", "", ""])
    for fringe in data.fringes:
        top.append(["", safe(fringe.code), safe(fringe.name), "", "", result.fringes[fringe.pk]])
    top.append(["Contractual charges", "", "", "", "", ""])
    for row in data.charges:
        charge = row["charge"]
        top.append(["", f"{charge.percent}%", safe(charge.name),
                    result.charge_bases[charge.pk], "", result.charges[charge.pk]])
    top.append(["Grand total", "", "", "", "", result.grand_total])

    category_by_id = {c.pk: c for c in data.categories}
    accounts = [["Account", "Name", "Category", "Subtotal", "Fringes", "Total"]]
    for account in data.accounts:
        totals = result.accounts[account.pk]
        accounts.append([safe(account.number), safe(account.name),
                         safe(category_by_id[account.category_id].number),
                         totals.subtotal, totals.fringes, totals.total])

    fringe_code = {f.pk: f.code for f in data.fringes}
    account_by_id = {a.pk: a for a in data.accounts}
    header = ["Account", "Description", "Amount", "Unit", "X"]
    if rates:
        header.append("Rate")
    header += ["Fringes", "Subtotal", "Fringe total", "Total", "Notes"]
    details = [header]
    lines = budget.lines.order_by("account__order", "account__number", "order", "id").values_list(
        "id", "account_id", "description", "amount", "unit", "multiplier", "rate", "notes")
    for pk, account_id, description, amount, unit, multiplier, rate, notes in lines:
        out = result.lines[pk]
        row = [safe(account_by_id[account_id].number), safe(description),
               _formula_or_number(amount), unit, _formula_or_number(multiplier)]
        if rates:
            row.append(_formula_or_number(rate))
        row += [" ".join(fringe_code[f] for f in data.line_fringes.get(pk, ())),
                out.subtotal, out.fringe_total, out.total, safe(notes)]
        details.append(row)
    return {"Top sheet": top, "Accounts": accounts, "Detail lines": details}


def xlsx_bytes(tables: dict[str, list[list[Any]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, rows in tables.items():
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV_PARTS = {"topsheet": "Top sheet", "accounts": "Accounts", "details": "Detail lines"}


def export_response(*, budget, kind: str, rates: bool, part: str = "details") -> HttpResponse:
    tables = budget_tables(budget=budget, rates=rates)
    name = slugify(budget.name) or "budget"
    if kind == "csv":
        if part not in CSV_PARTS:
            raise ValidationError({"part": ["Choose topsheet, accounts or details."]})
        return _download(csv_bytes(tables[CSV_PARTS[part]]), f"{name}-{part}.csv",
                         "text/csv; charset=utf-8")
    if kind != "xlsx":
        raise ValidationError({"type": ["Choose xlsx or csv."]})
    return _download(xlsx_bytes(tables), f"{name}.xlsx", XLSX)


def compare_rows(table: dict[str, Any]) -> list[list[Any]]:
    columns = table["columns"]
    header = ["Account", "Name", *columns, *(f"{c} vs {columns[0]}" for c in columns[1:])]
    rows = [header]
    for row in table["rows"]:
        rows.append([safe(row["number"]), safe(row["name"]),
                     *(Decimal(a) for a in row["amounts"]),
                     *(Decimal(v) for v in row["variances"])])
    for total in table["totals"]:
        rows.append(["", total["label"], *(Decimal(a) for a in total["amounts"]),
                     *(Decimal(v) for v in total["variances"])])
    return rows


def compare_response(*, table: dict[str, Any], kind: str) -> HttpResponse:
    rows = compare_rows(table)
    if kind == "csv":
        return _download(csv_bytes(rows), "budget-comparison.csv", "text/csv; charset=utf-8")
    return _download(xlsx_bytes({"Comparison": rows}), "budget-comparison.xlsx", XLSX)


# --- import -------------------------------------------------------------------------------

COLUMNS = {"account": "account", "description": "description", "amount": "amount",
           "unit": "unit", "x": "multiplier", "multiplier": "multiplier", "rate": "rate",
           "fringes": "fringes", "notes": "notes"}
REQUIRED = {"account", "description"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in DANGEROUS:
        text = text[1:]  # our own neutralising apostrophe, from an export
    return text


def read_rows(upload) -> list[tuple[int, dict[str, str]]]:
    """(row number, {field: text}) for each non-empty row of an XLSX or CSV upload."""
    return read_table(upload, columns=COLUMNS, required=REQUIRED, sheet="Detail lines",
                      what="lines")


def read_table(upload, *, columns: dict[str, str], required: set[str], sheet: str,
               what: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of an XLSX (the sheet named `sheet`, else the first) or CSV upload, keyed by
    the fields `columns` maps their header names to."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": ["The file is larger than 5 MB."]})
    name = (upload.name or "").lower()
    content = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise ValidationError({"file": ["This is not a readable XLSX file."]}) from exc
        chosen = workbook[sheet] if sheet in workbook.sheetnames else workbook.worksheets[0]
        raw = [[_cell(v) for v in row] for row in chosen.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": ["A CSV file must be UTF-8."]}) from exc
        raw = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ValidationError({"file": ["Upload an .xlsx or .csv file."]})
    if not raw:
        raise ValidationError({"file": ["The file is empty."]})
    header = [columns.get(h.lower().strip()) for h in raw[0]]
    missing = required - set(header)
    if missing:
        raise ValidationError({"file": [
            "The first row must name the columns; missing: "
            + ", ".join(sorted(m.capitalize() for m in missing)) + "."]})
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        rows.append((number, {field: value for field, value in zip(header, values, strict=False)
                              if field}))
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": [f"At most {MAX_ROWS} {what} per import."]})
    return rows


def lines_import(*, budget, upload, expected_version: int | None = None):
    return services.lines_import(budget=budget, rows=read_rows(upload),
                                 expected_version=expected_version)
