"""The Day Out of Days as CSV and XLSX: pure renderers from a computed `Dood`.

Both files have the same table. Two header rows: the first names the columns
(board ID, element, one date per calendar day, then the totals), the second
gives each day's shoot day number, or "Off" / "Holiday"; then one row per
element with its code for every day and its totals (travel, work, hold,
holiday, rehearsal, fitting, start, finish, total, drop, pickup).

CSV carries dates as ISO strings; XLSX as real dates (shown "Mon 05 Jan") and
counts as numbers, with the header rows and the two name columns frozen.
Every text cell that a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) is neutralised with a leading apostrophe, as
in the budget exports: element names come from script imports and users.
"""

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from .dood import Dood
from .shooting_calendar import CalendarDay, DayKind

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
TOTAL_COLUMNS = ("Travel", "Work", "Hold", "Holiday", "Rehearsal", "Fitting", "Start", "Finish",
                 "Total", "Drop", "Pickup")
OFF_FILL = PatternFill("solid", fgColor="E5E5E5")
HOLIDAY_FILL = PatternFill("solid", fgColor="FCE4D6")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _day_label(day: CalendarDay) -> int | str:
    if day.kind is DayKind.SHOOT:
        return day.number or ""
    if day.kind is DayKind.OFF:
        return "Off"
    if day.kind is DayKind.HOLIDAY:
        return "Holiday"
    return ""


def dood_table(*, dood: Dood) -> list[list[Any]]:
    """The grid as rows of cells (dates as `date`, counts as `int`), formulas neutralised."""
    header: list[Any] = ["Board ID", "Element", *(day.on for day in dood.days), *TOTAL_COLUMNS]
    numbers: list[Any] = ["", "", *(_day_label(day) for day in dood.days),
                          *("" for _ in TOTAL_COLUMNS)]
    table = [header, numbers]
    for row in dood.rows:
        totals = row.totals
        board_id = row.element.board_id
        table.append([
            board_id if board_id is not None else "", safe(row.element.name),
            *(safe(code) for code in row.codes),
            totals.travel, totals.work, totals.hold, totals.holiday, totals.rehearsal,
            totals.fitting, totals.start or "", totals.finish or "", totals.total,
            totals.drop or "", totals.pickup or "",
        ])
    return table


def dood_csv(*, dood: Dood) -> str:
    """The grid as CSV text (UTF-8 when encoded), dates in ISO format."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in dood_table(dood=dood):
        writer.writerow([cell.isoformat() if isinstance(cell, date) else cell for cell in row])
    return out.getvalue()


def dood_xlsx(*, dood: Dood, title: str = "Day Out of Days") -> bytes:
    """The grid as an XLSX workbook of one sheet.

    Written in openpyxl's write-only mode with named styles, and empty day
    cells are not written at all (their column's style shades off days and
    holidays): styling every cell of a normal workbook took five times longer.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    styles = _named_styles(workbook)
    first_day_col = 3
    totals_col = first_day_col + len(dood.days)
    sheet.column_dimensions["A"].width = 9
    sheet.column_dimensions["B"].width = 28
    day_styles = [styles["off"] if day.kind is DayKind.OFF
                  else styles["holiday"] if day.kind is DayKind.HOLIDAY else styles["code"]
                  for day in dood.days]
    for col in range(first_day_col, totals_col + len(TOTAL_COLUMNS)):
        dimension = sheet.column_dimensions[get_column_letter(col)]
        dimension.width = 11
        if col < totals_col:
            # The column's style shades its empty cells; only coded cells are written.
            kind = dood.days[col - first_day_col].kind
            dimension.alignment = Alignment(horizontal="center")
            if kind is DayKind.OFF:
                dimension.fill = OFF_FILL
            elif kind is DayKind.HOLIDAY:
                dimension.fill = HOLIDAY_FILL
    sheet.freeze_panes = f"{get_column_letter(first_day_col)}3"

    date_columns = {totals_col + TOTAL_COLUMNS.index(name)
                    for name in ("Start", "Finish", "Drop", "Pickup")}
    for number, row in enumerate(dood_table(dood=dood)):
        cells = []
        for col, value in enumerate(row, 1):
            if number < 2:
                style = styles["date_header" if isinstance(value, date) else "header"]
            elif first_day_col <= col < totals_col and value:
                style = day_styles[col - first_day_col]
            elif first_day_col <= col < totals_col:
                cells.append(None)
                continue
            elif col in date_columns and value:
                style = styles["date"]
            else:
                cells.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            cell.style = style
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _named_styles(workbook: Workbook) -> dict[str, str]:
    centre = Alignment(horizontal="center")
    bold = Font(bold=True)
    styles = {
        "header": NamedStyle("dood_header", font=bold, alignment=centre),
        "date_header": NamedStyle("dood_date_header", font=bold, alignment=centre,
                                  number_format="ddd dd mmm"),
        "code": NamedStyle("dood_code", alignment=centre),
        "off": NamedStyle("dood_off", alignment=centre, fill=OFF_FILL),
        "holiday": NamedStyle("dood_holiday", alignment=centre, fill=HOLIDAY_FILL),
        "date": NamedStyle("dood_date", number_format="yyyy-mm-dd"),
    }
    for style in styles.values():
        workbook.add_named_style(style)
    return {key: style.name for key, style in styles.items()}


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Day Out of Days")[:31]
