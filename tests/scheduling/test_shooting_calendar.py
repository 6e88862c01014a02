"""The shooting calendar: shoot day numbers to dates and back, day kinds, re-dating.

January 2026 starts on a Thursday: Monday 5 January is the first shoot day of
most cases, Saturday 10 and Sunday 11 the first weekend.
"""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.shooting_calendar import (
    SIX_DAY_WEEK_OFF,
    CalendarDay,
    CalendarError,
    CalendarEvent,
    DateChange,
    DatedDay,
    DayKind,
    EventKind,
    ShootingCalendar,
    calendar_days,
    shoot_day_date,
    shoot_day_dates,
    shoot_day_number,
    shoot_days_date,
    shoot_days_insert,
    shoot_days_move,
    shoot_days_redate,
    shoot_days_remove,
)

MON_5_JAN = date(2026, 1, 5)


def jan(day: int) -> date:
    return date(2026, 1, day)


def test_five_day_week_skips_the_weekend():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)

    assert shoot_day_dates(calendar=calendar, count=7) == [
        jan(5), jan(6), jan(7), jan(8), jan(9), jan(12), jan(13)]
    assert shoot_day_date(calendar=calendar, number=6) == jan(12)


def test_six_day_week_shoots_saturdays():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, days_off=SIX_DAY_WEEK_OFF)

    assert shoot_day_dates(calendar=calendar, count=8) == [
        jan(5), jan(6), jan(7), jan(8), jan(9), jan(10), jan(12), jan(13)]


def test_holiday_is_skipped_and_later_days_shift():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(19)})

    assert shoot_day_date(calendar=calendar, number=10) == jan(16)
    assert shoot_day_date(calendar=calendar, number=11) == jan(20)
    assert shoot_day_number(calendar=calendar, on=jan(20)) == 11


def test_date_to_day_number_is_none_off_the_shoot():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(19)})

    assert shoot_day_number(calendar=calendar, on=jan(5)) == 1
    assert shoot_day_number(calendar=calendar, on=jan(16)) == 10
    assert shoot_day_number(calendar=calendar, on=jan(17)) is None  # Saturday
    assert shoot_day_number(calendar=calendar, on=jan(19)) is None  # holiday
    assert shoot_day_number(calendar=calendar, on=jan(2)) is None  # before day 1


def test_day_numbers_start_at_one():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)

    with pytest.raises(CalendarError, match="numbered from 1"):
        shoot_day_date(calendar=calendar, number=0)
    with pytest.raises(CalendarError):
        shoot_day_dates(calendar=calendar, count=-1)
    assert shoot_day_dates(calendar=calendar, count=0) == []


def test_first_shoot_day_on_a_day_off_is_refused_with_the_next_working_day():
    with pytest.raises(CalendarError) as error:
        ShootingCalendar(first_shoot_day=jan(10))

    assert str(error.value) == ("The first shoot day 2026-01-10 is a day off (Saturday); "
                                "the next working day is 2026-01-12.")


def test_first_shoot_day_on_a_holiday_is_refused_with_the_next_working_day():
    with pytest.raises(CalendarError) as error:
        ShootingCalendar(first_shoot_day=jan(19), holidays={jan(19), jan(20)})

    assert str(error.value) == ("The first shoot day 2026-01-19 is a holiday; "
                                "the next working day is 2026-01-21.")


def test_calendar_errors_are_value_errors():
    assert issubclass(CalendarError, ValueError)


def test_all_weekdays_off_is_refused():
    with pytest.raises(CalendarError, match="no shoot day"):
        ShootingCalendar(first_shoot_day=MON_5_JAN, days_off=range(7))


@pytest.mark.parametrize("weekday", [7, -1, "Sat", True])
def test_unknown_weekday_is_refused(weekday):
    with pytest.raises(CalendarError, match="weekdays 0"):
        ShootingCalendar(first_shoot_day=MON_5_JAN, days_off={weekday})


def test_holiday_must_be_a_date():
    with pytest.raises(CalendarError, match="holiday must be a date"):
        ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={"2026-01-19"})


def test_holiday_on_a_weekly_day_off_is_only_a_day_off():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(11)})

    assert calendar.kind_of(jan(11)) is DayKind.OFF
    assert shoot_day_date(calendar=calendar, number=6) == jan(12)


def test_calendar_days_give_each_date_its_kind_and_number():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, holidays={jan(19)})

    days = calendar_days(calendar=calendar, start=jan(1), end=jan(20), shoot_days=8)

    assert days == [
        CalendarDay(jan(1), DayKind.BEFORE), CalendarDay(jan(2), DayKind.BEFORE),
        CalendarDay(jan(3), DayKind.OFF), CalendarDay(jan(4), DayKind.OFF),
        CalendarDay(jan(5), DayKind.SHOOT, 1), CalendarDay(jan(6), DayKind.SHOOT, 2),
        CalendarDay(jan(7), DayKind.SHOOT, 3), CalendarDay(jan(8), DayKind.SHOOT, 4),
        CalendarDay(jan(9), DayKind.SHOOT, 5),
        CalendarDay(jan(10), DayKind.OFF), CalendarDay(jan(11), DayKind.OFF),
        CalendarDay(jan(12), DayKind.SHOOT, 6), CalendarDay(jan(13), DayKind.SHOOT, 7),
        CalendarDay(jan(14), DayKind.SHOOT, 8),
        CalendarDay(jan(15), DayKind.AFTER), CalendarDay(jan(16), DayKind.AFTER),
        CalendarDay(jan(17), DayKind.OFF), CalendarDay(jan(18), DayKind.OFF),
        CalendarDay(jan(19), DayKind.HOLIDAY), CalendarDay(jan(20), DayKind.AFTER),
    ]


def test_calendar_days_without_a_board_length_keep_numbering():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)

    days = calendar_days(calendar=calendar, start=jan(9), end=jan(12))

    assert days == [CalendarDay(jan(9), DayKind.SHOOT, 5), CalendarDay(jan(10), DayKind.OFF),
                    CalendarDay(jan(11), DayKind.OFF), CalendarDay(jan(12), DayKind.SHOOT, 6)]


def test_calendar_days_refuse_a_backwards_range():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)

    with pytest.raises(CalendarError, match="ends"):
        calendar_days(calendar=calendar, start=jan(9), end=jan(8))


def test_ordered_days_are_numbered_and_dated_in_board_order():
    calendar = ShootingCalendar(first_shoot_day=jan(8))

    dated = shoot_days_date(calendar=calendar, days=["b", "a", "c"])

    assert dated == [DatedDay("b", 1, jan(8)), DatedDay("a", 2, jan(9)),
                     DatedDay("c", 3, jan(12))]


def test_a_day_listed_twice_is_refused():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)

    with pytest.raises(CalendarError, match="twice"):
        shoot_days_date(calendar=calendar, days=["a", "b", "a"])


def test_inserting_a_day_pushes_every_later_day_over_the_weekend():
    calendar = ShootingCalendar(first_shoot_day=jan(7))
    before = ("a", "b", "c", "d")

    after = shoot_days_insert(days=before, key="x", at=2)

    assert after == ("a", "x", "b", "c", "d")
    assert shoot_days_redate(calendar=calendar, before=before, after=after) == [
        DateChange("x", None, jan(8)),
        DateChange("b", jan(8), jan(9)),
        DateChange("c", jan(9), jan(12)),
        DateChange("d", jan(12), jan(13)),
    ]


def test_removing_a_day_pulls_every_later_day_earlier():
    calendar = ShootingCalendar(first_shoot_day=jan(7))
    before = ("a", "b", "c", "d")

    after = shoot_days_remove(days=before, key="b")

    assert after == ("a", "c", "d")
    assert shoot_days_redate(calendar=calendar, before=before, after=after) == [
        DateChange("c", jan(9), jan(8)),
        DateChange("d", jan(12), jan(9)),
        DateChange("b", jan(8), None),
    ]


def test_moving_a_day_redates_from_the_earliest_position_it_touches():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)
    before = ("a", "b", "c", "d", "e")

    after = shoot_days_move(days=before, key="d", to=2)

    assert after == ("a", "d", "b", "c", "e")
    assert shoot_days_redate(calendar=calendar, before=before, after=after) == [
        DateChange("d", jan(8), jan(6)),
        DateChange("b", jan(6), jan(7)),
        DateChange("c", jan(7), jan(8)),
    ]


def test_moving_a_day_to_where_it_is_changes_nothing():
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN)
    before = ("a", "b", "c")

    after = shoot_days_move(days=before, key="b", to=2)

    assert after == before
    assert shoot_days_redate(calendar=calendar, before=before, after=after) == []


def test_bad_day_edits_are_refused_and_leave_the_order_alone():
    days = ("a", "b")

    with pytest.raises(CalendarError, match="already on the board"):
        shoot_days_insert(days=days, key="a", at=1)
    with pytest.raises(CalendarError, match="positions 1 to 3"):
        shoot_days_insert(days=days, key="x", at=4)
    with pytest.raises(CalendarError, match="not on the board"):
        shoot_days_remove(days=days, key="x")
    with pytest.raises(CalendarError, match="not on the board"):
        shoot_days_move(days=days, key="x", to=1)
    with pytest.raises(CalendarError, match="positions 1 to 2"):
        shoot_days_move(days=days, key="a", to=0)
    assert days == ("a", "b")


def test_events_are_kept_by_element_and_date():
    travel = CalendarEvent("ann", jan(4), "T")
    fitting = CalendarEvent("ann", jan(2), EventKind.FITTING)
    calendar = ShootingCalendar(first_shoot_day=MON_5_JAN, events=[travel, fitting])

    assert calendar.events_for("ann") == {
        jan(4): CalendarEvent("ann", jan(4), EventKind.TRAVEL),
        jan(2): CalendarEvent("ann", jan(2), EventKind.FITTING),
    }
    assert calendar.events_for("ann")[jan(4)].kind is EventKind.TRAVEL
    assert calendar.events_for("bob") == {}


def test_two_events_for_one_element_on_one_date_are_refused():
    with pytest.raises(CalendarError, match="already has an event on 2026-01-04"):
        ShootingCalendar(first_shoot_day=MON_5_JAN, events=[
            CalendarEvent("ann", jan(4), EventKind.TRAVEL),
            CalendarEvent("ann", jan(4), EventKind.REHEARSAL)])


def test_unknown_event_kind_is_refused():
    with pytest.raises(CalendarError, match="Unknown event kind 'X'"):
        ShootingCalendar(first_shoot_day=MON_5_JAN, events=[CalendarEvent("ann", jan(4), "X")])


# Properties -------------------------------------------------------------------------------

quick = settings(max_examples=200, deadline=None)


@st.composite
def calendars(draw):
    days_off = draw(st.frozensets(st.integers(0, 6), max_size=6))
    start = draw(st.dates(date(2025, 1, 1), date(2027, 12, 31)))
    holidays = draw(st.frozensets(st.dates(start - timedelta(days=10),
                                           start + timedelta(days=120)), max_size=12))
    on = start
    while on.weekday() in days_off or on in holidays:
        on += timedelta(days=1)
    return ShootingCalendar(first_shoot_day=on, days_off=days_off, holidays=holidays)


@quick
@given(calendars(), st.integers(1, 80))
def test_day_numbers_and_dates_round_trip(calendar, count):
    dates = shoot_day_dates(calendar=calendar, count=count)

    assert dates[0] == calendar.first_shoot_day
    assert all(calendar.is_working(on) for on in dates)
    assert [shoot_day_number(calendar=calendar, on=on) for on in dates] == list(
        range(1, count + 1))
    # No working date is skipped between two consecutive shoot days.
    for earlier, later in pairwise(dates):
        gap = [earlier + timedelta(days=i) for i in range(1, (later - earlier).days)]
        assert not any(calendar.is_working(on) for on in gap)


@quick
@given(calendars(), st.integers(1, 60))
def test_calendar_days_agree_with_day_numbers(calendar, count):
    dates = shoot_day_dates(calendar=calendar, count=count)

    days = calendar_days(calendar=calendar, start=dates[0], end=dates[-1], shoot_days=count)

    assert [(day.on, day.number) for day in days if day.kind is DayKind.SHOOT] == list(
        zip(dates, range(1, count + 1), strict=True))


@quick
@given(calendars(), st.data())
def test_redating_is_monotonic_and_leaves_earlier_days_alone(calendar, data):
    before = tuple(range(data.draw(st.integers(1, 30))))
    key = data.draw(st.sampled_from(before))
    to = data.draw(st.integers(1, len(before)))

    after = shoot_days_move(days=before, key=key, to=to)
    dated = shoot_days_date(calendar=calendar, days=after)

    assert sorted(after) == sorted(before)
    assert all(a.on < b.on for a, b in pairwise(dated))
    first_touched = min(before.index(key), to - 1)
    changed = {change.key for change in
               shoot_days_redate(calendar=calendar, before=before, after=after)}
    assert changed.isdisjoint(before[:first_touched])
