"""Day Out of Days: one row per element, one code per calendar day.

Pure data in and out, no database. `dood_compute` takes the shooting calendar,
the board's shoot days in order (the keys of the elements working each day),
the tracked elements (cast by board ID, and any element with `track in DOOD`)
with their flags, and the production's drop/pickup gap; it returns the grid
and each row's totals. `dood_totals` reduces a grid to what the budget needs.

The codes, following Movie Magic Scheduling's DOOD:

- ``SW`` start work (first shoot day the element works), ``W`` work, ``WF``
  work finish (last), ``SWF`` start-work-finish (a single day).
- ``H`` hold: a shoot day between two work days on which the element does not
  work, only for elements that allow holds. Elements without holds show those
  days blank: they are not engaged between their work days.
- Weekly days off are blank everywhere, also inside a hold run: an off day is
  not a paid hold (Movie Magic: "the Element is not on Hold during an off day").
- ``/`` company holiday: a holiday inside a hold run shows ``/`` and counts in
  the holiday total (the performer is on the books that day). Outside the
  element's span, inside a drop, or for an element without holds, a holiday is
  blank, like any day the element is not engaged.
- Drop and pickup: when the element allows holds and allows drop/pickup, and
  two consecutive work days are separated by MORE than `drop_gap_days` calendar
  days (strictly between them: 10 by default, 14 as the other common rule; so
  11 days allow a drop at 10, and exactly 10 do not), the element is released
  and picked up instead of being held. Where the codes sit is Movie Magic's
  convention, also the one on call sheets and in the SAG-AFTRA literature
  ("D marks the last paid day before the drop, P the day of pick-up"): ``D``
  is added to the last work day before the gap (``WD``, or ``SWD`` when that is
  also the start) and ``P`` to the first work day after it (``PW``, or ``PWF``
  when that is also the finish); the days between are blank and unpaid. The
  alternative, a ``D`` on the first idle day, would put a code on a day the
  performer is not paid for and make the code count differ from the paid
  days, so it is not used. A drop happens at most once per element per
  production: when several gaps qualify, the one that saves the most paid days
  (holds and holidays) is dropped, the earliest on a tie; the others are held.
- ``T`` travel, ``FT`` fitting, ``R`` rehearsal come from the calendar's
  events. An event replaces whatever the day would otherwise show (hold,
  holiday, blank, day off: a Sunday travel day is a ``T``) except work: on a
  work day the work code wins and the event is not counted twice. As in Movie
  Magic, events do not move the start and finish: ``SW`` stays on the first
  work day even when travel comes before it, and no holds are paid between
  an early fitting and the first work day.

Totals per row: work (every code with a ``W``), hold, travel, holiday,
rehearsal, fitting, and their sum `total` (the element's paid days); `start`
and `finish` are the first and last work days, `first_paid`/`last_paid`
widen them to the events, `drop`/`pickup` date the drop when there is one.

The grid's columns run over every calendar date from the first shoot day (or
an earlier event) to the last shoot day (or a later event).
"""

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .shooting_calendar import (
    CalendarDay,
    DayKind,
    EventKind,
    ShootingCalendar,
    calendar_days,
    shoot_day_dates,
)

DROP_GAP_DAYS = 10  # US feature films (SAG-AFTRA)
DROP_GAP_DAYS_LONG = 14  # the rule elsewhere
DROP_GAP_CHOICES = (DROP_GAP_DAYS, DROP_GAP_DAYS_LONG)

HOLD = "H"
HOLIDAY = "/"
BLANK = ""
WORK_CODES = frozenset({"SW", "W", "WF", "SWF", "WD", "SWD", "PW", "PWF"})
EVENT_CODES = frozenset(kind.value for kind in EventKind)


class DoodError(ValueError):
    """Input that no Day Out of Days can be built from."""


@dataclass(frozen=True, slots=True)
class DoodElement:
    """One row: a cast member (by board ID) or another element tracked in the DOOD.

    Drops are opt-in: a producer turns them on per performer, so that by
    default the DOOD (and the cast budget built on it) pays the holds.
    """

    key: Hashable
    name: str
    board_id: int | None = None
    allows_holds: bool = True
    allows_drop: bool = False


@dataclass(frozen=True, slots=True)
class DoodTotals:
    work: int = 0
    hold: int = 0
    travel: int = 0
    holiday: int = 0
    rehearsal: int = 0
    fitting: int = 0
    total: int = 0
    start: date | None = None
    finish: date | None = None
    first_paid: date | None = None
    last_paid: date | None = None
    drop: date | None = None  # the last work day before the drop (its code ends in D)
    pickup: date | None = None  # the first work day after it (its code starts with P)

    def as_dict(self) -> dict[str, Any]:
        return {name: (value.isoformat() if isinstance(value, date) else value)
                for name in self.__slots__ for value in [getattr(self, name)]}


@dataclass(frozen=True, slots=True)
class DoodRow:
    element: DoodElement
    codes: tuple[str, ...]  # one per column of `Dood.days`
    totals: DoodTotals


@dataclass(frozen=True, slots=True)
class Dood:
    days: tuple[CalendarDay, ...]
    rows: tuple[DoodRow, ...]
    shoot_days: int
    drop_gap_days: int

    def as_dict(self) -> dict[str, Any]:
        """The API's shape: days, and per row the element, board ID, codes and totals."""
        return {
            "days": [day.on.isoformat() for day in self.days],
            "day_numbers": [day.number for day in self.days],
            "day_kinds": [day.kind.value for day in self.days],
            "shoot_days": self.shoot_days,
            "drop_gap_days": self.drop_gap_days,
            "rows": [{"element": row.element.key, "name": row.element.name,
                      "board_id": row.element.board_id, "codes": list(row.codes),
                      "totals": row.totals.as_dict()} for row in self.rows],
        }


@dataclass(frozen=True, slots=True)
class ElementDays:
    """What the budget prices for one element."""

    work: int
    hold: int
    travel: int
    holiday: int
    rehearsal: int
    fitting: int
    paid: int


@dataclass(frozen=True, slots=True)
class DoodBudgetTotals:
    shoot_days: int
    elements: dict[Hashable, ElementDays]


def _check_gap(drop_gap_days: int) -> None:
    if (isinstance(drop_gap_days, bool) or not isinstance(drop_gap_days, int)
            or drop_gap_days < 0):
        raise DoodError(f"The drop/pickup gap is a number of days, 0 or more, not "
                        f"{drop_gap_days!r}.")


def dood_compute(*, calendar: ShootingCalendar, elements: Sequence[DoodElement],
                 shoot_days: Sequence[Collection[Hashable]],
                 drop_gap_days: int = DROP_GAP_DAYS) -> Dood:
    """The Day Out of Days of a board: rows in the order of `elements`.

    `shoot_days[i]` holds the keys of the elements working shoot day i + 1;
    keys of elements that are not rows (props, background...) are ignored, so
    a day's whole breakdown may be passed. Events come from the calendar.
    """
    _check_gap(drop_gap_days)
    index: dict[Hashable, int] = {}
    for position, element in enumerate(elements):
        if not isinstance(element, DoodElement):
            raise DoodError(f"Not a DOOD element: {element!r}.")
        if element.key in index:
            raise DoodError(f"Element {element.key!r} appears twice.")
        index[element.key] = position

    work: list[list[int]] = [[] for _ in elements]  # shoot day indexes, ascending
    for day, keys in enumerate(shoot_days):
        if isinstance(keys, str | bytes):
            raise DoodError(f"Shoot day {day + 1} must list element keys, not a string.")
        for key in keys:
            position = index.get(key)
            if position is not None and (not work[position] or work[position][-1] != day):
                work[position].append(day)
    count = len(shoot_days)
    dates = shoot_day_dates(calendar=calendar, count=count)

    events = [calendar.events_for(element.key) for element in elements]
    bounds = list(dates[:1]) + list(dates[-1:])
    bounds += [on for element_events in events for on in element_events]
    if not bounds:
        rows = tuple(DoodRow(element, (), DoodTotals()) for element in elements)
        return Dood((), rows, count, drop_gap_days)
    start, end = min(bounds), max(bounds)
    days = tuple(calendar_days(calendar=calendar, start=start, end=end, shoot_days=count))
    columns = [(dates[i] - start).days for i in range(count)]  # column of each shoot day
    kinds = [day.kind for day in days]
    # paid_before[c]: columns before c that cost money when held (shoot days, holidays).
    paid_before = [0]
    for kind in kinds:
        paid_before.append(paid_before[-1] + (kind is not DayKind.OFF))

    rows = []
    for element, worked, element_events in zip(elements, work, events, strict=True):
        codes = [BLANK] * len(days)
        drop = None  # index in `worked` of the last work day before the drop
        if worked:
            cols = [columns[i] for i in worked]
            if element.allows_holds and element.allows_drop:
                best = 0
                for j in range(len(cols) - 1):
                    gap = cols[j + 1] - cols[j] - 1  # calendar days strictly between
                    saved = paid_before[cols[j + 1]] - paid_before[cols[j] + 1]
                    if gap > drop_gap_days and saved > best:
                        drop, best = j, saved
            if element.allows_holds:
                for j in range(len(cols) - 1):
                    if j == drop:
                        continue
                    for col in range(cols[j] + 1, cols[j + 1]):
                        kind = kinds[col]
                        if kind is DayKind.SHOOT:
                            codes[col] = HOLD
                        elif kind is DayKind.HOLIDAY:
                            codes[col] = HOLIDAY
            last = len(cols) - 1
            pickup = drop + 1 if drop is not None else None
            for j, col in enumerate(cols):
                codes[col] = work_code(start=j == 0, finish=j == last, drop=j == drop,
                                       pickup=j == pickup)
        for on, event in element_events.items():
            col = (on - start).days
            if codes[col] not in WORK_CODES:
                codes[col] = event.kind.value
        rows.append(DoodRow(element, tuple(codes), _totals(
            codes=codes, days=days, worked=[dates[i] for i in worked], drop=drop)))
    return Dood(days, tuple(rows), count, drop_gap_days)


def work_code(*, start: bool, finish: bool, drop: bool = False, pickup: bool = False) -> str:
    """SW, W, WF, SWF; with a drop WD or SWD before it and PW or PWF after it."""
    return (("S" if start else "") + ("P" if pickup else "") + "W" + ("F" if finish else "")
            + ("D" if drop else ""))


def _totals(*, codes: list[str], days: tuple[CalendarDay, ...], worked: list[date],
            drop: int | None) -> DoodTotals:
    work = hold = travel = holiday = rehearsal = fitting = 0
    paid = []
    for code, day in zip(codes, days, strict=True):
        if not code:
            continue
        paid.append(day.on)
        if code in WORK_CODES:
            work += 1
        elif code == HOLD:
            hold += 1
        elif code == HOLIDAY:
            holiday += 1
        elif code == EventKind.TRAVEL:
            travel += 1
        elif code == EventKind.REHEARSAL:
            rehearsal += 1
        elif code == EventKind.FITTING:
            fitting += 1
    return DoodTotals(
        work=work, hold=hold, travel=travel, holiday=holiday, rehearsal=rehearsal,
        fitting=fitting, total=len(paid),
        start=worked[0] if worked else None, finish=worked[-1] if worked else None,
        first_paid=paid[0] if paid else None, last_paid=paid[-1] if paid else None,
        drop=worked[drop] if drop is not None else None,
        pickup=worked[drop + 1] if drop is not None else None)


def dood_totals(*, dood: Dood) -> DoodBudgetTotals:
    """Per element the paid days the cast budget prices, and the schedule's shoot days."""
    return DoodBudgetTotals(
        shoot_days=dood.shoot_days,
        elements={row.element.key: ElementDays(
            work=row.totals.work, hold=row.totals.hold, travel=row.totals.travel,
            holiday=row.totals.holiday, rehearsal=row.totals.rehearsal,
            fitting=row.totals.fitting, paid=row.totals.total) for row in dood.rows})
