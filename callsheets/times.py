"""Wall-clock times of a call sheet: a date plus a local time in the production's zone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_datetime(*, time_zone: str, on: date, at: time, after: time | None = None) -> datetime:
    """The aware datetime of `at` on `on` in `time_zone`.

    With `after` (e.g. the day's call), a time earlier than it is read as the next
    morning: a 02:00 wrap after a 14:00 call is 02:00 the next day.
    """
    day = on + timedelta(days=1) if after is not None and at < after else on
    return datetime.combine(day, at, tzinfo=ZoneInfo(time_zone))


def hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""
