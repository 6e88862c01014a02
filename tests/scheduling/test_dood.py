"""Day Out of Days: every code and rule by a small hand-worked board, then properties.

The calendar starts on Monday 5 January 2026 with a five-day week, so shoot
days fall: 1 Mon 5, 2 Tue 6, 3 Wed 7, 4 Thu 8, 5 Fri 9, 6 Mon 12, 7 Tue 13,
8 Wed 14, 9 Thu 15, 10 Fri 16, 11 Mon 19, 12 Tue 20, 13 Wed 21, 14 Thu 22,
15 Fri 23, 16 Mon 26 ... 21 Mon 2 Feb, 22 Tue 3, 23 Wed 4, 24 Thu 5.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scheduling.dood import (
    DROP_GAP_DAYS_LONG,
    WORK_CODES,
    DoodElement,
    DoodError,
    DoodTotals,
    ElementDays,
    dood_compute,
    dood_totals,
)
from scheduling.dood_export import dood_csv, dood_table, dood_xlsx
from scheduling.shooting_calendar import (
    CalendarEvent,
    DayKind,
    EventKind,
    ShootingCalendar,
)

MON_5_JAN = date(2026, 1, 5)


def jan(day: int) -> date:
    return date(2026, 1, day)


def board(days: int, **work: list[int]) -> list[set[str]]:
    """`days` shoot days; `work` maps an element key to the day numbers it works."""
    result: list[set[str]] = [set() for _ in range(days)]
    for key, numbers in work.items():
        for number in numbers:
            result[number - 1].add(key)
    return result


def one_row(*, days: int, work: list[int], calendar: ShootingCalendar | None = None,
            drop_gap_days: int = 10, **flags):
    calendar = calendar or ShootingCalendar(first_shoot_day=MON_5_JAN)
    dood = dood_compute(calendar=calendar, elements=[DoodElement("ann", "ANN", 1, **flags)],
                        shoot_days=board(days, ann=work), drop_gap_days=drop_gap_days)
    return dood, dood.rows[0]


def codes_by_date(dood, row) -> dict[date, str]:
    return {day.on: code for day, code in zip(dood.days, row.codes, strict=True)}


# Start, work, finish -------------------------------------------------------------------------

def test_single_day_is_start_work_finish():
    _, row = one_row(days=5, work=[3])

    assert row.codes == ("", "", "SWF", "", "")
    assert row.totals == DoodTotals(work=1, total=1, start=jan(7), finish=jan(7),
                                    first_paid=jan(7), last_paid=jan(7))


def test_consecutive_days_start_work_and_finish():
    _, row = one_row(days=5, work=[1, 2, 3])

    assert row.codes == ("SW", "W", "WF", "", "")
    assert (row.totals.work, row.totals.total) == (3, 3)


def test_grid_has_one_column_per_calendar_day_with_numbers():
    dood, _ = one_row(days=6, work=[1])

    assert [day.on for day in dood.days] == [jan(d) for d in range(5, 13)]
    assert [day.number for day in dood.days] == [1, 2, 3, 4, 5, None, None, 6]
    assert dood.shoot_days == 6


# Holds -------------------------------------------------------------------------------------

def test_days_between_work_are_holds_when_allowed():
    _, row = one_row(days=5, work=[1, 4])

    assert row.codes == ("SW", "H", "H", "WF", "")
    assert (row.totals.work, row.totals.hold, row.totals.total) == (2, 2, 4)


def test_element_without_holds_is_blank_between_work_days():
    _, row = one_row(days=5, work=[1, 4], allows_holds=False)

    assert row.codes == ("SW", "", "", "WF", "")
    assert (row.totals.work, row.totals.hold, row.totals.total) == (2, 0, 2)


def test_weekend_inside_a_hold_run_is_not_a_paid_hold():
    dood, row = one_row(days=7, work=[4, 7])  # Thu 8 and Tue 13

    assert codes_by_date(dood, row) == {
        jan(5): "", jan(6): "", jan(7): "", jan(8): "SW", jan(9): "H", jan(10): "",
        jan(11): "", jan(12): "H", jan(13): "WF"}
    assert (row.totals.hold, row.totals.total) == (2, 4)


def test_holiday_inside_a_hold_run_shows_slash_and_counts_as_holiday():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(19)})
    dood, row = one_row(days=11, work=[10, 11], calendar=calendar)  # Fri 16 and Tue 20

    assert codes_by_date(dood, row)[jan(16)] == "SW"
    assert [codes_by_date(dood, row)[jan(d)] for d in (17, 18, 19, 20)] == ["", "", "/", "WF"]
    assert (row.totals.work, row.totals.hold, row.totals.holiday, row.totals.total) == (
        2, 0, 1, 3)


def test_holiday_is_blank_for_an_element_without_holds():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(19)})
    dood, row = one_row(days=11, work=[10, 11], calendar=calendar, allows_holds=False)

    assert codes_by_date(dood, row)[jan(19)] == ""
    assert row.totals.holiday == 0


def test_holiday_outside_the_span_is_blank():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(19)})
    dood, row = one_row(days=11, work=[1, 2], calendar=calendar)

    assert dood.days[14].kind is DayKind.HOLIDAY
    assert codes_by_date(dood, row)[jan(19)] == ""
    assert row.totals.holiday == 0


# Drop and pickup ---------------------------------------------------------------------------

def test_gap_of_exactly_ten_calendar_days_is_held():
    # Thu 8 to Mon 19: Fri 9 .. Sun 18 are ten calendar days between.
    dood, row = one_row(days=11, work=[4, 11], allows_drop=True)

    codes = codes_by_date(dood, row)
    assert codes[jan(8)] == "SW"
    assert codes[jan(19)] == "WF"
    assert [codes[jan(d)] for d in range(9, 19)] == [
        "H", "", "", "H", "H", "H", "H", "H", "", ""]
    assert (row.totals.hold, row.totals.drop, row.totals.pickup) == (6, None, None)


def test_gap_of_eleven_calendar_days_is_dropped_and_picked_up():
    # Wed 7 to Mon 19: Thu 8 .. Sun 18 are eleven calendar days between.
    dood, row = one_row(days=11, work=[3, 11], allows_drop=True)

    codes = codes_by_date(dood, row)
    assert codes[jan(7)] == "SWD"
    assert codes[jan(19)] == "PWF"
    assert [codes[jan(d)] for d in range(8, 19)] == [""] * 11
    assert row.totals == DoodTotals(work=2, total=2, start=jan(7), finish=jan(19),
                                    first_paid=jan(7), last_paid=jan(19), drop=jan(7),
                                    pickup=jan(19))


def test_drop_marks_the_last_work_day_before_and_the_pickup_day_after():
    dood, row = one_row(days=13, work=[1, 2, 3, 11, 12, 13], allows_drop=True)

    codes = codes_by_date(dood, row)
    assert [codes[jan(d)] for d in (5, 6, 7)] == ["SW", "W", "WD"]
    assert [codes[jan(d)] for d in (19, 20, 21)] == ["PW", "W", "WF"]
    assert (row.totals.work, row.totals.hold) == (6, 0)


def test_eleven_days_without_drop_permission_are_held():
    dood, row = one_row(days=11, work=[3, 11])

    codes = codes_by_date(dood, row)
    assert (codes[jan(7)], codes[jan(19)]) == ("SW", "WF")
    assert row.totals.hold == 7  # Thu 8, Fri 9, Mon 12 .. Fri 16
    assert row.totals.drop is None


def test_element_without_holds_is_never_dropped():
    dood, row = one_row(days=11, work=[3, 11], allows_holds=False, allows_drop=True)

    codes = codes_by_date(dood, row)
    assert (codes[jan(7)], codes[jan(19)]) == ("SW", "WF")
    assert (row.totals.hold, row.totals.drop) == (0, None)


def test_fourteen_day_rule_holds_fourteen_days_and_drops_fifteen():
    # Thu 8 to Fri 23 leaves fourteen days between; Wed 7 to Fri 23 fifteen.
    held_dood, held = one_row(days=15, work=[4, 15], allows_drop=True,
                              drop_gap_days=DROP_GAP_DAYS_LONG)
    dropped_dood, dropped = one_row(days=15, work=[3, 15], allows_drop=True,
                                    drop_gap_days=DROP_GAP_DAYS_LONG)

    assert (codes_by_date(held_dood, held)[jan(8)], held.totals.hold) == ("SW", 10)
    assert codes_by_date(dropped_dood, dropped)[jan(7)] == "SWD"
    assert codes_by_date(dropped_dood, dropped)[jan(23)] == "PWF"
    assert dropped.totals.hold == 0


def test_fourteen_days_are_dropped_under_the_default_ten_day_rule():
    dood, row = one_row(days=15, work=[4, 15], allows_drop=True)

    assert codes_by_date(dood, row)[jan(8)] == "SWD"
    assert row.totals.hold == 0


def test_only_one_drop_per_production_on_the_gap_that_saves_most():
    # 1 (Mon 5), 12 (Tue 20), 24 (Thu 5 Feb): gaps of 14 and 15 calendar days, both over
    # ten; the second holds 11 shoot days against 10, so it is the one dropped.
    dood, row = one_row(days=24, work=[1, 12, 24], allows_drop=True)

    codes = codes_by_date(dood, row)
    assert codes[jan(5)] == "SW"
    assert [codes[jan(d)] for d in (6, 7, 8, 9, 12, 13, 14, 15, 16, 19)] == ["H"] * 10
    assert codes[jan(20)] == "WD"
    assert all(codes[on] == "" for on in codes if jan(20) < on < date(2026, 2, 5))
    assert codes[date(2026, 2, 5)] == "PWF"
    assert (row.totals.work, row.totals.hold, row.totals.total) == (3, 10, 13)
    assert (row.totals.drop, row.totals.pickup) == (jan(20), date(2026, 2, 5))


def test_equal_drop_savings_drop_the_earlier_gap():
    # 1, 12, 23: both gaps hold ten shoot days.
    dood, row = one_row(days=23, work=[1, 12, 23], allows_drop=True)

    codes = codes_by_date(dood, row)
    assert (codes[jan(5)], codes[jan(20)], codes[date(2026, 2, 4)]) == ("SWD", "PW", "WF")
    assert row.totals.hold == 10
    assert row.totals.drop == jan(5)


def test_drop_gap_counts_calendar_days_including_holidays():
    # Wed 7 to Mon 19 with Fri 16 a holiday: still eleven calendar days between.
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(16)})
    dood, row = one_row(days=10, work=[3, 10], calendar=calendar, allows_drop=True)

    codes = codes_by_date(dood, row)
    assert (codes[jan(7)], codes[jan(16)], codes[jan(19)]) == ("SWD", "", "PWF")
    assert row.totals.holiday == 0


# Events ------------------------------------------------------------------------------------

def test_travel_before_start_and_after_finish_widens_the_paid_span_not_the_start():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(4), EventKind.TRAVEL),
        CalendarEvent("ann", jan(10), EventKind.TRAVEL)])
    dood, row = one_row(days=5, work=[1, 2, 5], calendar=calendar)

    assert dood.days[0].on == jan(4)
    assert row.codes == ("T", "SW", "W", "H", "H", "WF", "T")
    assert row.totals == DoodTotals(work=3, hold=2, travel=2, total=7, start=jan(5),
                                    finish=jan(9), first_paid=jan(4), last_paid=jan(10))


def test_fitting_and_rehearsal_before_the_first_work_day_earn_no_holds():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(1), EventKind.FITTING),
        CalendarEvent("ann", jan(6), EventKind.REHEARSAL)])
    dood, row = one_row(days=5, work=[4], calendar=calendar)

    assert [day.on for day in dood.days] == [jan(d) for d in range(1, 10)]
    assert dood.days[0].kind is DayKind.BEFORE
    assert row.codes == ("FT", "", "", "", "", "R", "", "SWF", "")
    assert (row.totals.fitting, row.totals.rehearsal, row.totals.work, row.totals.hold,
            row.totals.total) == (1, 1, 1, 0, 3)


def test_event_replaces_a_hold_or_a_day_off_inside_the_span():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(9), EventKind.REHEARSAL),
        CalendarEvent("ann", jan(11), EventKind.TRAVEL)])
    dood, row = one_row(days=7, work=[4, 7], calendar=calendar)

    assert [codes_by_date(dood, row)[jan(d)] for d in range(8, 14)] == [
        "SW", "R", "", "T", "H", "WF"]
    assert (row.totals.hold, row.totals.rehearsal, row.totals.travel, row.totals.total) == (
        1, 1, 1, 5)


def test_event_on_a_work_day_leaves_the_work_code():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(6), EventKind.TRAVEL)])
    _, row = one_row(days=3, work=[1, 2, 3], calendar=calendar)

    assert row.codes == ("SW", "W", "WF")
    assert (row.totals.travel, row.totals.total) == (0, 3)


def test_event_inside_a_drop_is_shown_and_paid():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(18), EventKind.TRAVEL)])
    dood, row = one_row(days=11, work=[3, 11], calendar=calendar, allows_drop=True)

    codes = codes_by_date(dood, row)
    assert [codes[jan(d)] for d in (7, 17, 18, 19)] == ["SWD", "", "T", "PWF"]
    assert (row.totals.travel, row.totals.total) == (1, 3)


def test_element_with_events_and_no_work_has_no_start():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(6), EventKind.FITTING)])
    _, row = one_row(days=3, work=[], calendar=calendar)

    assert row.codes == ("", "FT", "")
    assert row.totals == DoodTotals(fitting=1, total=1, first_paid=jan(6), last_paid=jan(6))


# Input -------------------------------------------------------------------------------------

def test_rows_follow_the_elements_and_other_keys_are_ignored():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("prop", date(2025, 12, 1), EventKind.FITTING)])
    elements = [DoodElement("bob", "BOB", 2), DoodElement("ann", "ANN", 1)]

    dood = dood_compute(calendar=calendar, elements=elements,
                        shoot_days=[{"ann", "prop"}, ["bob", "bob"], {"ann"}])

    assert dood.days[0].on == jan(5)  # the prop's event does not widen the grid
    assert [(row.element.key, row.codes) for row in dood.rows] == [
        ("bob", ("", "SWF", "")), ("ann", ("SW", "H", "WF"))]


def test_empty_board_has_no_days():
    dood = dood_compute(calendar=ShootingCalendar(first_shoot_day=MON_5_JAN),
                        elements=[DoodElement("ann", "ANN", 1)], shoot_days=[])

    assert (dood.days, dood.shoot_days) == ((), 0)
    assert dood.rows[0].codes == ()
    assert dood.rows[0].totals == DoodTotals()


def test_element_listed_twice_is_refused():
    with pytest.raises(DoodError, match="twice"):
        dood_compute(calendar=ShootingCalendar(first_shoot_day=MON_5_JAN),
                     elements=[DoodElement("ann", "ANN"), DoodElement("ann", "ANNE")],
                     shoot_days=[{"ann"}])


@pytest.mark.parametrize("gap", [-1, 10.5, "10", True])
def test_bad_drop_gap_is_refused(gap):
    with pytest.raises(DoodError, match="drop/pickup gap"):
        dood_compute(calendar=ShootingCalendar(first_shoot_day=MON_5_JAN), elements=[],
                     shoot_days=[], drop_gap_days=gap)


def test_a_day_given_as_a_string_is_refused():
    with pytest.raises(DoodError, match="Shoot day 2"):
        dood_compute(calendar=ShootingCalendar(first_shoot_day=MON_5_JAN),
                     elements=[DoodElement("ann", "ANN")], shoot_days=[{"ann"}, "ann"])


def test_dood_errors_are_value_errors():
    assert issubclass(DoodError, ValueError)


# Budget totals and JSON --------------------------------------------------------------------

def test_budget_totals_give_paid_days_per_element_and_shoot_days():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
        CalendarEvent("ann", jan(4), EventKind.TRAVEL)])
    dood = dood_compute(calendar=calendar,
                        elements=[DoodElement("ann", "ANN", 1), DoodElement("bob", "BOB", 2),
                                  DoodElement("cab", "TAXI", allows_holds=False)],
                        shoot_days=board(6, ann=[1, 5], bob=[2], cab=[1, 6]))

    totals = dood_totals(dood=dood)

    assert totals.shoot_days == 6
    assert totals.elements == {
        "ann": ElementDays(work=2, hold=3, travel=1, holiday=0, rehearsal=0, fitting=0,
                           paid=6),
        "bob": ElementDays(work=1, hold=0, travel=0, holiday=0, rehearsal=0, fitting=0,
                           paid=1),
        "cab": ElementDays(work=2, hold=0, travel=0, holiday=0, rehearsal=0, fitting=0,
                           paid=2),
    }


def test_json_shape_for_the_api():
    dood, _ = one_row(days=2, work=[2])

    assert dood.as_dict() == {
        "days": ["2026-01-05", "2026-01-06"],
        "day_numbers": [1, 2],
        "day_kinds": ["shoot", "shoot"],
        "shoot_days": 2,
        "drop_gap_days": 10,
        "rows": [{
            "element": "ann", "name": "ANN", "board_id": 1, "codes": ["", "SWF"],
            "totals": {"work": 1, "hold": 0, "travel": 0, "holiday": 0, "rehearsal": 0,
                       "fitting": 0, "total": 1, "start": "2026-01-06",
                       "finish": "2026-01-06", "first_paid": "2026-01-06",
                       "last_paid": "2026-01-06", "drop": None, "pickup": None},
        }],
    }


# Exports -----------------------------------------------------------------------------------

def export_dood():
    calendar = ShootingCalendar(first_shoot_day=jan(8), holidays={jan(12)}, events=[
        CalendarEvent("ann", jan(7), EventKind.TRAVEL)])
    elements = [DoodElement("ann", "ANN", 1), DoodElement("bob", "=HYPERLINK(\"x\")", 2),
                DoodElement("cat", "+CAT"), DoodElement("dan", "-DAN"),
                DoodElement("eve", "@EVE")]
    return dood_compute(calendar=calendar, elements=elements,
                        shoot_days=board(3, ann=[1, 3], bob=[2], cat=[1], dan=[3], eve=[2]))


EXPORT_HEADER = ["Board ID", "Element", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10",
                 "2026-01-11", "2026-01-12", "2026-01-13", "Travel", "Work", "Hold", "Holiday",
                 "Rehearsal", "Fitting", "Start", "Finish", "Total", "Drop", "Pickup"]


def test_csv_parses_back_to_the_grid():
    rows = list(csv.reader(io.StringIO(dood_csv(dood=export_dood()))))

    assert rows == [
        EXPORT_HEADER,
        ["", "", "", "1", "2", "Off", "Off", "Holiday", "3"] + [""] * 11,
        ["1", "ANN", "T", "SW", "H", "", "", "/", "WF", "1", "2", "1", "1", "0", "0",
         "2026-01-08", "2026-01-13", "5", "", ""],
        ["2", "'=HYPERLINK(\"x\")", "", "", "SWF", "", "", "", "", "0", "1", "0", "0", "0", "0",
         "2026-01-09", "2026-01-09", "1", "", ""],
        ["", "'+CAT", "", "SWF", "", "", "", "", "", "0", "1", "0", "0", "0", "0",
         "2026-01-08", "2026-01-08", "1", "", ""],
        ["", "'-DAN", "", "", "", "", "", "", "SWF", "0", "1", "0", "0", "0", "0",
         "2026-01-13", "2026-01-13", "1", "", ""],
        ["", "'@EVE", "", "", "SWF", "", "", "", "", "0", "1", "0", "0", "0", "0",
         "2026-01-09", "2026-01-09", "1", "", ""],
    ]


def test_xlsx_reads_back_with_dates_numbers_and_frozen_headers():
    workbook = load_workbook(io.BytesIO(dood_xlsx(dood=export_dood())))
    sheet = workbook.active

    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Day Out of Days"
    assert sheet.freeze_panes == "C3"
    assert rows[0][:2] == ["Board ID", "Element"]
    assert [cell.date() for cell in rows[0][2:9]] == [jan(d) for d in range(7, 14)]
    assert rows[0][9:] == EXPORT_HEADER[9:]
    assert rows[1][:9] == [None, None, None, 1, 2, "Off", "Off", "Holiday", 3]
    ann = rows[2]
    assert ann[:9] == [1, "ANN", "T", "SW", "H", None, None, "/", "WF"]
    assert ann[9:15] == [1, 2, 1, 1, 0, 0]
    assert [ann[15].date(), ann[16].date()] == [jan(8), jan(13)]
    assert ann[17:] == [5, None, None]
    assert sheet.cell(row=1, column=3).number_format == "ddd dd mmm"
    assert sheet.column_dimensions["F"].fill.fgColor.rgb == "00E5E5E5"  # Saturday, off
    assert sheet.column_dimensions["H"].fill.fgColor.rgb == "00FCE4D6"  # Monday, holiday
    assert sheet.cell(row=3, column=8).fill.fgColor.rgb == "00FCE4D6"  # ANN's "/" on it


def test_xlsx_neutralises_formula_injection():
    sheet = load_workbook(io.BytesIO(dood_xlsx(dood=export_dood()))).active

    names = [sheet.cell(row=row, column=2) for row in range(4, 8)]
    assert [cell.value for cell in names] == ["'=HYPERLINK(\"x\")", "'+CAT", "'-DAN", "'@EVE"]
    assert {cell.data_type for cell in names} == {"s"}
    formulas = [cell.coordinate for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f"]
    assert formulas == []


def test_table_neutralises_only_dangerous_text():
    table = dood_table(dood=export_dood())

    assert [row[1] for row in table[2:]] == [
        "ANN", "'=HYPERLINK(\"x\")", "'+CAT", "'-DAN", "'@EVE"]


def test_xlsx_sheet_title_drops_characters_excel_refuses():
    sheet = load_workbook(io.BytesIO(dood_xlsx(dood=export_dood(),
                                               title="DOOD: board [v2] / final"))).active

    assert sheet.title == "DOOD  board  v2    final"


# Properties --------------------------------------------------------------------------------

quick = settings(max_examples=150, deadline=None)
KEYS = ["a", "b", "c", "d", "e"]


@st.composite
def boards(draw):
    days_off = draw(st.frozensets(st.integers(0, 6), max_size=3))
    start = draw(st.dates(date(2026, 1, 1), date(2026, 12, 31)))
    holidays = draw(st.frozensets(st.dates(start, start + timedelta(days=60)), max_size=6))
    while start.weekday() in days_off or start in holidays:
        start += timedelta(days=1)
    events = []
    for key in KEYS:
        dates = draw(st.frozensets(st.dates(start - timedelta(days=5),
                                            start + timedelta(days=70)), max_size=4))
        events += [CalendarEvent(key, on, draw(st.sampled_from(list(EventKind))))
                   for on in sorted(dates)]
    calendar = ShootingCalendar(first_shoot_day=start, days_off=days_off, holidays=holidays,
                                events=events)
    elements = [DoodElement(key, key.upper(), board_id=i + 1, allows_holds=draw(st.booleans()),
                            allows_drop=draw(st.booleans())) for i, key in enumerate(KEYS)]
    count = draw(st.integers(0, 30))
    shoot_days = [draw(st.frozensets(st.sampled_from(KEYS))) for _ in range(count)]
    gap = draw(st.sampled_from([0, 3, 10, 14]))
    return calendar, elements, shoot_days, gap


@quick
@given(boards())
def test_every_work_day_has_a_work_code_and_nothing_else_does(case):
    calendar, elements, shoot_days, gap = case
    dood = dood_compute(calendar=calendar, elements=elements, shoot_days=shoot_days,
                        drop_gap_days=gap)
    column = {day.on: i for i, day in enumerate(dood.days)}
    dates = [day.on for day in dood.days if day.kind is DayKind.SHOOT]

    for row in dood.rows:
        worked = {column[dates[i]] for i, keys in enumerate(shoot_days)
                  if row.element.key in keys}
        assert {i for i, code in enumerate(row.codes) if code in WORK_CODES} == worked
        assert all(code in WORK_CODES | {"", "H", "/", "T", "FT", "R"} for code in row.codes)


@quick
@given(boards())
def test_totals_are_the_counts_of_the_codes(case):
    calendar, elements, shoot_days, gap = case
    dood = dood_compute(calendar=calendar, elements=elements, shoot_days=shoot_days,
                        drop_gap_days=gap)

    for row in dood.rows:
        codes, totals = row.codes, row.totals
        assert totals.work == sum(code in WORK_CODES for code in codes)
        assert totals.hold == codes.count("H")
        assert totals.holiday == codes.count("/")
        assert totals.travel == codes.count("T")
        assert totals.fitting == codes.count("FT")
        assert totals.rehearsal == codes.count("R")
        assert totals.total == sum(1 for code in codes if code)
        assert totals.total == (totals.work + totals.hold + totals.holiday + totals.travel
                                + totals.fitting + totals.rehearsal)
        budget = dood_totals(dood=dood).elements[row.element.key]
        assert (budget.work, budget.hold, budget.paid) == (totals.work, totals.hold,
                                                           totals.total)


@quick
@given(boards())
def test_codes_stay_in_the_span_plus_events_and_follow_the_rules(case):
    calendar, elements, shoot_days, gap = case
    dood = dood_compute(calendar=calendar, elements=elements, shoot_days=shoot_days,
                        drop_gap_days=gap)

    for row in dood.rows:
        element, totals = row.element, row.totals
        events = calendar.events_for(element.key)
        work_codes = [code for code in row.codes if code in WORK_CODES]
        for day, code in zip(dood.days, row.codes, strict=True):
            if code in ("T", "FT", "R"):
                assert events[day.on].kind == code
            elif code:
                assert totals.start <= day.on <= totals.finish
            if code == "H":
                assert element.allows_holds and day.kind is DayKind.SHOOT
            if code == "/":
                assert element.allows_holds and day.kind is DayKind.HOLIDAY
        if work_codes:
            assert work_codes[0].startswith("S")
            assert work_codes[-1].endswith("F")
            assert sum(code.startswith("S") for code in work_codes) == 1
            assert sum(code.endswith("F") for code in work_codes) == 1
        drops = [i for i, code in enumerate(work_codes) if code.endswith("D")]
        pickups = [i for i, code in enumerate(work_codes) if code.startswith("P")]
        assert len(drops) <= 1
        assert [i + 1 for i in drops] == pickups
        if drops:
            assert element.allows_holds and element.allows_drop
            assert (totals.pickup - totals.drop).days - 1 > gap
        elif element.allows_holds and totals.start is not None:
            # No drop: every shoot day in the span is work, hold or an event.
            for day, code in zip(dood.days, row.codes, strict=True):
                if day.kind is DayKind.SHOOT and totals.start <= day.on <= totals.finish:
                    assert code != ""
