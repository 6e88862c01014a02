"""The shooting calendar: which dates the board's day breaks fall on.

Pure data and functions, no database. A `ShootingCalendar` holds the first
shoot day, the weekly days off, the holidays and the per-element events
(travel, fitting, rehearsal). Shoot day N is the N-th working date counted from
the first shoot day, where a working date is one that is neither a weekly day
off nor a holiday. So the board's day breaks map to dates through the calendar,
and inserting, removing or moving a day re-dates every day after it:
`shoot_days_date` is the one pure function from an ordered list of shoot days
to their dates, and `shoot_days_redate` lists what a change moved.

Conventions, chosen for what a producer expects:

- A first shoot day that falls on a weekly day off or a holiday is refused
  (`CalendarError` naming the next working date), not silently shifted. The
  first shoot day is the date crew deals, cast start dates and insurance are
  keyed to; moving it quietly would move every date on the board without
  anyone deciding to. The error carries the suggestion so a page can offer it.
- Weekdays are Python's numbering: Monday 0 ... Sunday 6. The default week is
  five days (Saturday and Sunday off); a six-day week is `days_off={6}`.
- A calendar with all seven weekdays off leaves no shoot day and is refused.
- Holidays before the first shoot day or on a weekly day off are allowed and
  change nothing (a holiday on a Sunday is still only a Sunday).
- One event per element per date; a second one is refused, since the Day Out
  of Days can show only one code in a cell.
"""

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIVE_DAY_WEEK_OFF = frozenset({5, 6})
SIX_DAY_WEEK_OFF = frozenset({6})
ONE_DAY = timedelta(days=1)


class CalendarError(ValueError):
    """Calendar settings or a calendar question that has no sensible answer."""


class EventKind(StrEnum):
    """An element's non-shooting call, with its Day Out of Days code."""

    TRAVEL = "T"
    FITTING = "FT"
    REHEARSAL = "R"


EVENT_CODES = tuple(kind.value for kind in EventKind)


class DayKind(StrEnum):
    SHOOT = "shoot"  # a shoot day, with its number
    OFF = "off"  # a weekly day off
    HOLIDAY = "holiday"  # a company holiday
    BEFORE = "before"  # a working date before the first shoot day (prep)
    AFTER = "after"  # a working date after the last shoot day (wrap)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """Travel, a fitting or a rehearsal for one element on one date."""

    element: Hashable
    on: date
    kind: EventKind
    note: str = ""


@dataclass(frozen=True, slots=True)
class CalendarDay:
    on: date
    kind: DayKind
    number: int | None = None  # the shoot day number, for DayKind.SHOOT only


@dataclass(frozen=True, slots=True)
class DatedDay(Generic[K]):
    """One shoot day of an ordered board: its key (a day break), number and date."""

    key: K
    number: int
    on: date


@dataclass(frozen=True, slots=True)
class DateChange(Generic[K]):
    """A shoot day whose date changed; `before`/`after` is None when it was added/removed."""

    key: K
    before: date | None
    after: date | None


@dataclass(frozen=True)
class ShootingCalendar:
    first_shoot_day: date
    days_off: frozenset[int] = FIVE_DAY_WEEK_OFF
    holidays: frozenset[date] = frozenset()
    events: tuple[CalendarEvent, ...] = ()
    _events_by_element: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept any iterables from callers, keep frozen sets and tuples.
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "events", tuple(self.events))
        if not isinstance(self.first_shoot_day, date):
            raise CalendarError("The first shoot day must be a date.")
        for weekday in self.days_off:
            if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
                raise CalendarError(
                    f"Days off are weekdays 0 (Monday) to 6 (Sunday), not {weekday!r}.")
        if len(self.days_off) == 7:
            raise CalendarError("Every weekday is a day off: the calendar has no shoot day.")
        for holiday in self.holidays:
            if not isinstance(holiday, date):
                raise CalendarError(f"A holiday must be a date, not {holiday!r}.")
        if not self.is_working(self.first_shoot_day):
            weekday = self.first_shoot_day.weekday()
            reason = (f"a day off ({WEEKDAY_NAMES[weekday]})" if weekday in self.days_off
                      else "a holiday")
            suggestion = self.next_working(self.first_shoot_day)
            raise CalendarError(
                f"The first shoot day {self.first_shoot_day.isoformat()} is {reason}; "
                f"the next working day is {suggestion.isoformat()}.")
        by_element: dict[Hashable, dict[date, CalendarEvent]] = {}
        events = []
        for event in self.events:
            if not isinstance(event, CalendarEvent):
                raise CalendarError(f"Not a calendar event: {event!r}.")
            if not isinstance(event.on, date):
                raise CalendarError(f"An event's date must be a date, not {event.on!r}.")
            if event.kind not in EVENT_CODES:
                raise CalendarError(f"Unknown event kind {event.kind!r}: use one of "
                                    f"{', '.join(EVENT_CODES)}.")
            event = CalendarEvent(event.element, event.on, EventKind(event.kind), event.note)
            events.append(event)
            dates = by_element.setdefault(event.element, {})
            if event.on in dates:
                raise CalendarError(
                    f"Element {event.element!r} already has an event on {event.on.isoformat()}.")
            dates[event.on] = event
        object.__setattr__(self, "events", tuple(events))
        object.__setattr__(self, "_events_by_element", by_element)

    def is_working(self, on: date) -> bool:
        """Whether `on` is neither a weekly day off nor a holiday."""
        return on.weekday() not in self.days_off and on not in self.holidays

    def next_working(self, on: date) -> date:
        """The first working date strictly after `on`."""
        on += ONE_DAY
        while not self.is_working(on):
            on += ONE_DAY
        return on

    def kind_of(self, on: date) -> DayKind:
        """OFF, HOLIDAY, or SHOOT/BEFORE for a working date (the calendar alone has no end).

        A holiday that falls on a weekly day off is only a day off.
        """
        if on.weekday() in self.days_off:
            return DayKind.OFF
        if on in self.holidays:
            return DayKind.HOLIDAY
        return DayKind.BEFORE if on < self.first_shoot_day else DayKind.SHOOT

    def events_for(self, element: Hashable) -> dict[date, CalendarEvent]:
        """The element's events by date (empty when it has none)."""
        return dict(self._events_by_element.get(element, {}))


def _working_dates(calendar: ShootingCalendar) -> Iterator[date]:
    on = calendar.first_shoot_day
    while True:
        yield on
        on = calendar.next_working(on)


def shoot_day_dates(*, calendar: ShootingCalendar, count: int) -> list[date]:
    """The dates of shoot days 1..count, in order."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise CalendarError(f"A number of shoot days must be 0 or more, not {count!r}.")
    dates = []
    working = _working_dates(calendar)
    for _ in range(count):
        dates.append(next(working))
    return dates


def shoot_day_date(*, calendar: ShootingCalendar, number: int) -> date:
    """The date of shoot day `number` (1-based)."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise CalendarError(f"Shoot days are numbered from 1, not {number!r}.")
    return shoot_day_dates(calendar=calendar, count=number)[-1]


def shoot_day_number(*, calendar: ShootingCalendar, on: date) -> int | None:
    """The shoot day number of `on`, or None when it is not a working date on or after day 1."""
    if on < calendar.first_shoot_day or not calendar.is_working(on):
        return None
    days = (on - calendar.first_shoot_day).days + 1
    weeks, rest = divmod(days, 7)
    working = weeks * (7 - len(calendar.days_off))
    start = calendar.first_shoot_day.weekday()
    working += sum(1 for i in range(rest) if (start + i) % 7 not in calendar.days_off)
    working -= sum(1 for holiday in calendar.holidays
                   if calendar.first_shoot_day <= holiday <= on
                   and holiday.weekday() not in calendar.days_off)
    return working


def calendar_days(*, calendar: ShootingCalendar, start: date, end: date,
                  shoot_days: int | None = None) -> list[CalendarDay]:
    """Every date from `start` to `end` inclusive, with its kind and shoot day number.

    With `shoot_days` (the board's number of days), working dates after the last
    shoot day are AFTER; without it the calendar runs on and they are SHOOT.
    """
    if end < start:
        raise CalendarError(f"The range ends ({end.isoformat()}) before it starts "
                            f"({start.isoformat()}).")
    if shoot_days is not None and (isinstance(shoot_days, bool) or not isinstance(shoot_days, int)
                                   or shoot_days < 0):
        raise CalendarError(f"A number of shoot days must be 0 or more, not {shoot_days!r}.")
    days = []
    on = start
    number = None
    while on <= end:
        kind = calendar.kind_of(on)
        if kind is DayKind.SHOOT:
            # Count once, then step: the walk visits every working date in order.
            number = (shoot_day_number(calendar=calendar, on=on) if number is None
                      else number + 1)
            if shoot_days is not None and number > shoot_days:
                days.append(CalendarDay(on, DayKind.AFTER))
            else:
                days.append(CalendarDay(on, kind, number))
        else:
            days.append(CalendarDay(on, kind))
        on += ONE_DAY
    return days


def shoot_days_date(*, calendar: ShootingCalendar, days: Sequence[K]) -> list[DatedDay[K]]:
    """Number and date an ordered list of shoot days (day breaks): the board's order wins."""
    keys = list(days)
    if len(set(keys)) != len(keys):
        raise CalendarError("A shoot day appears twice in the board's order.")
    dates = shoot_day_dates(calendar=calendar, count=len(keys))
    return [DatedDay(key, number, on) for number, (key, on) in enumerate(zip(keys, dates,
                                                                             strict=True), 1)]


def shoot_days_insert(*, days: Sequence[K], key: K, at: int) -> tuple[K, ...]:
    """`days` with a new day `key` inserted so that it becomes day `at` (1-based)."""
    if key in days:
        raise CalendarError(f"Shoot day {key!r} is already on the board.")
    if isinstance(at, bool) or not isinstance(at, int) or not 1 <= at <= len(days) + 1:
        raise CalendarError(f"A new day can go at positions 1 to {len(days) + 1}, not {at!r}.")
    result = list(days)
    result.insert(at - 1, key)
    return tuple(result)


def shoot_days_remove(*, days: Sequence[K], key: K) -> tuple[K, ...]:
    """`days` without day `key`; every later day moves one working date earlier."""
    if key not in days:
        raise CalendarError(f"Shoot day {key!r} is not on the board.")
    return tuple(day for day in days if day != key)


def shoot_days_move(*, days: Sequence[K], key: K, to: int) -> tuple[K, ...]:
    """`days` with day `key` moved so that it becomes day `to` (1-based)."""
    if key not in days:
        raise CalendarError(f"Shoot day {key!r} is not on the board.")
    if isinstance(to, bool) or not isinstance(to, int) or not 1 <= to <= len(days):
        raise CalendarError(f"A day can move to positions 1 to {len(days)}, not {to!r}.")
    result = [day for day in days if day != key]
    result.insert(to - 1, key)
    return tuple(result)


def shoot_days_redate(*, calendar: ShootingCalendar, before: Sequence[K],
                      after: Sequence[K]) -> list[DateChange[K]]:
    """The days whose date differs between two orders of the board, in the new order.

    Removed days come last with `after=None`; added days have `before=None`.
    """
    old = {day.key: day.on for day in shoot_days_date(calendar=calendar, days=before)}
    new = shoot_days_date(calendar=calendar, days=after)
    changes = [DateChange(day.key, old.get(day.key), day.on) for day in new
               if old.get(day.key) != day.on]
    kept = {day.key for day in new}
    changes += [DateChange(key, on, None) for key, on in old.items() if key not in kept]
    return changes
