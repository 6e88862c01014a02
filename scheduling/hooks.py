"""Plain hooks through which higher apps react to the schedule without scheduling importing
them (DESIGN: dependencies point down).

    from scheduling.hooks import schedule_changed
    schedule_changed.connect(production_schedule_changed_adapter)

Board services call `schedule_changed.send(production=..., values=...)` inside their
transaction after a change to the production's active board. `values` holds SHOOT_DAYS,
CAST_WORK_DAYS:<board id> and CAST_HOLD_DAYS:<board id> as Decimals. A subscriber that
raises rolls the change back: the schedule and what depends on it move together.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self) -> None:
        self._subscribers: list[Callable[..., Any]] = []

    def connect(self, subscriber: Callable[..., Any]) -> Callable[..., Any]:
        if subscriber not in self._subscribers:
            self._subscribers.append(subscriber)
        return subscriber

    def disconnect(self, subscriber: Callable[..., Any]) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    @property
    def subscribers(self) -> tuple[Callable[..., Any], ...]:
        return tuple(self._subscribers)

    def send(self, **kwargs: Any) -> list[Any]:
        return [subscriber(**kwargs) for subscriber in list(self._subscribers)]


# Called with (production=Production, values=dict[str, Decimal]).
schedule_changed = Hook()


# Called with (production=Production, person=Person, dates=list[date]); each subscriber
# returns {date: details} for the dates it knows more about, where details may hold
#   "call": datetime.time      the person's call that day (makes the event timed)
#   "wrap": datetime.time      when the day is expected to end
#   "location": str            where to go (name), "address": str
#   "note": str                a line for the event's description
# Read by the calendar feed (scheduling.calendar_feed) on every request; a subscriber
# must answer in a fixed number of queries whatever the number of dates. Callsheets
# subscribes with what its published call sheets said.
feed_day_details = Hook()
