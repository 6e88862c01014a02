"""A person's iCalendar feed of their work days on the active board (issue 5, item 8).

The subscription URL carries a secret token; only its SHA-256 is stored
(`CalendarFeed.token_hash`), so a database dump reveals no working URL. The feed is
computed on every request from the active board (no cache to go stale); an ETag of
the body lets calendar apps that poll skip an unchanged download.

Cast get the days the Day Out of Days marks as work for any role they play; crew get
every shoot day. Each day is one all-day event, or a timed one from the person's call
once a higher app knows it (`hooks.feed_day_details`: call sheets).
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.core.exceptions import PermissionDenied
from django.http import Http404

from productions.models import Person, Production

from . import board_selectors as bs
from .hooks import feed_day_details
from .models import CalendarFeed, Strip
from .schedule_notice import element_days
from .shooting_calendar import shoot_day_dates

# Without a wrap time, a called day blocks a standard shooting day in the calendar.
DEFAULT_DAY_LENGTH = timedelta(hours=12)


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def on_production(*, production: Production, person: Person) -> bool:
    return (production.cast.filter(person=person).exists()
            or production.crew.filter(person=person).exists())


def own_person(*, production: Production, user) -> Person | None:
    """The user's own Person, when they are on the production's cast or crew."""
    person = getattr(user, "person", None)
    if person is not None and on_production(production=production, person=person):
        return person
    return None


def feed_person(*, production: Production, user, can_manage: bool, person_id) -> Person:
    """The person whose feed a request names: oneself, or, for those who may edit people,
    anyone on the cast or crew. Http404 for anyone else's production (nothing said),
    PermissionDenied for a colleague's feed without the capability."""
    try:
        person = Person.objects.get(pk=int(person_id))
    except (TypeError, ValueError, Person.DoesNotExist) as exc:
        raise Http404 from exc
    own = own_person(production=production, user=user)
    if own is not None and own.pk == person.pk:
        return person
    if not on_production(production=production, person=person):
        raise Http404
    if not can_manage:
        raise PermissionDenied("You may only manage your own calendar feed.")
    return person


def feed_find(*, token: str) -> CalendarFeed | None:
    """The feed a token opens, or None (unknown or revoked look the same)."""
    if not token or len(token) > 200:
        return None
    return (CalendarFeed.objects.select_related("production", "person")
            .filter(token_hash=token_hash(token)).first())


@dataclass
class FeedScene:
    label: str
    heading: str
    set_name: str


@dataclass
class FeedDay:
    day: int
    on: date
    scenes: list[FeedScene]
    roles: list[str] = field(default_factory=list)  # characters the person plays that day
    details: dict[str, Any] = field(default_factory=dict)


def person_days(*, production: Production, person: Person) -> list[FeedDay]:
    """The person's work days on the production's active board, in order."""
    board = bs.board_active(production=production)
    if board is None:
        return []
    is_crew = production.crew.filter(person=person).exists()
    settings = bs.calendar_settings(production=production)
    try:
        calendar = bs.calendar_build(settings=settings,
                                     events=list(bs.event_list(production=production)))
    except ValueError:
        return []
    breakdown = bs.breakdown_load(production=production)
    strips = bs.board_strips(board=board)
    days: list[list[Strip]] = []
    current: list[Strip] = []
    for strip in strips:
        if strip.kind == Strip.Kind.SCENE:
            current.append(strip)
        elif strip.kind == Strip.Kind.DAY_BREAK:
            days.append(current)
            current = []
    dates = shoot_day_dates(calendar=calendar, count=len(days))
    mine = {key for key, element in breakdown.elements.items()
            if element.cast_member is not None and element.cast_member.person_id == person.pk}
    work: set[date] = set()
    if mine:
        dood = bs.board_dood_from(order=bs.board_order(strips=strips), breakdown=breakdown,
                                  calendar=calendar, drop_gap_days=settings.drop_gap_days)
        for key, (worked, _holds) in element_days(dood).items():
            if key in mine:
                work.update(worked)
    result = []
    for number, (scenes, on) in enumerate(zip(days, dates, strict=True), start=1):
        played = [s for s in scenes if mine.intersection(breakdown.keys(s.scene_id))]
        if not (is_crew or on in work):
            continue
        roles = sorted({breakdown.elements[key].name for s in played
                        for key in breakdown.keys(s.scene_id) if key in mine})
        shown = scenes if is_crew or not played else played
        result.append(FeedDay(day=number, on=on, roles=roles, scenes=[
            FeedScene(label=s.scene.label, heading=s.scene.heading,
                      set_name=s.scene.set.name if s.scene.set_id else "")
            for s in shown]))
    if result:
        for provided in feed_day_details.send(production=production, person=person,
                                              dates=[d.on for d in result]):
            for day in result:
                day.details.update((provided or {}).get(day.on, {}))
    return result


def _summary(production: Production, day: FeedDay) -> str:
    parts = [production.title, f"Day {day.day}"]
    if day.scenes:
        parts.append("Sc " + ", ".join(s.label for s in day.scenes))
    if day.details.get("call"):
        parts.append(f"Call {day.details['call'].strftime('%H:%M')}")
    return " · ".join(parts)


def _description(day: FeedDay) -> str:
    lines = []
    if day.details.get("call"):
        lines.append(f"Your call: {day.details['call'].strftime('%H:%M')}")
    if day.roles:
        lines.append("As " + ", ".join(day.roles))
    for scene in day.scenes:
        lines.append(f"Sc {scene.label}: {scene.heading}"
                     + (f" (set: {scene.set_name})" if scene.set_name else ""))
    if day.details.get("note"):
        lines.append(str(day.details["note"]))
    return "\n".join(lines)


def feed_ical(*, production: Production, person: Person, days: list[FeedDay],
              stamp: datetime) -> bytes:
    """The VCALENDAR of `days`. `stamp` (DTSTAMP) is the board's last change, so the
    same schedule gives the same bytes and the same ETag."""
    zone = ZoneInfo(production.time_zone)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//APCrew//Schedule feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{production.title} · {person.name}")
    cal.add("x-wr-timezone", production.time_zone)
    stamp = stamp.astimezone(UTC)
    for day in days:
        event = icalendar.Event()
        # One event per person and date: a day moved is a removal and a new event, and
        # the same date keeps its UID however often the board changes around it.
        event.add("uid", f"apcrew-{production.pk}-{person.pk}-{day.on.isoformat()}@apcrew")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("summary", _summary(production, day))
        event.add("description", _description(day))
        call: time | None = day.details.get("call")
        if call is not None:
            start = datetime.combine(day.on, call, tzinfo=zone)
            wrap: time | None = day.details.get("wrap")
            end = datetime.combine(day.on, wrap, tzinfo=zone) if wrap else start
            if end <= start:
                end = end + timedelta(days=1) if wrap else start + DEFAULT_DAY_LENGTH
            event.add("dtstart", start)
            event.add("dtend", end)
        else:
            event.add("dtstart", day.on)
            event.add("dtend", day.on + timedelta(days=1))
            event.add("transp", "OPAQUE")
        where = ", ".join(str(p) for p in (day.details.get("location"),
                                           day.details.get("address")) if p)
        if where:
            event.add("location", where)
        cal.add_component(event)
    if any(day.details.get("call") for day in days):
        cal.add_missing_timezones()
    return cal.to_ical()


def feed_body(*, feed: CalendarFeed) -> bytes:
    production, person = feed.production, feed.person
    days = person_days(production=production, person=person)
    board = bs.board_active(production=production)
    stamp = board.updated_at if board is not None else feed.created_at
    return feed_ical(production=production, person=person, days=days, stamp=stamp)
