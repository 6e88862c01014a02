"""Reads of the stripboard: boards, their strips and days, the calendar and the DOOD.

The board page costs a fixed number of queries whatever the board's size:
the strips with their scenes and sets (1), every tag of the production's scenes
with its element (1), the boneyard (1), the calendar (1) and its events (1).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from productions.models import Production

from .dood import Dood, DoodElement, dood_compute
from .eighths import format_eighths
from .models import (
    CAST_CODE,
    Board,
    Element,
    ElementEvent,
    Scene,
    SceneElement,
    ScheduleBaseline,
    ShootingCalendarSettings,
    Strip,
)
from .schedule_notice import Baseline, PersonNotice, Recipient, element_days, pending_notices
from .shooting_calendar import (
    CalendarEvent,
    EventKind,
    ShootingCalendar,
    shoot_day_dates,
)

# --- Boards ----------------------------------------------------------------------------


def board_list(*, production: Production) -> QuerySet[Board]:
    return production.boards.annotate(
        day_count=Count("strips", filter=Q(strips__kind=Strip.Kind.DAY_BREAK)),
        scene_count=Count("strips", filter=Q(strips__kind=Strip.Kind.SCENE)),
    ).order_by("-is_active", "name", "id")


def board_get(*, production: Production, board_id: int) -> Board:
    """One of the production's boards (404 for any other)."""
    board = get_object_or_404(Board, production=production, pk=board_id)
    board.production = production
    return board


def board_active(*, production: Production) -> Board | None:
    board = production.boards.filter(is_active=True).first()
    if board is not None:
        board.production = production
    return board


def board_strips(*, board: Board) -> list[Strip]:
    return list(board.strips.select_related("scene", "scene__set").order_by("position", "id"))


# --- Calendar --------------------------------------------------------------------------


def _next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def calendar_settings(*, production: Production) -> ShootingCalendarSettings:
    """The production's calendar; unsaved defaults (the production's first shoot day, or
    the next Monday; weekends off; no holidays) when it has none yet."""
    found = ShootingCalendarSettings.objects.filter(production=production).first()
    if found is not None:
        return found
    first = production.shoot_start or _next_monday(date.today())
    while first.weekday() in (5, 6):
        first += timedelta(days=1)
    return ShootingCalendarSettings(production=production, first_shoot_day=first)


def event_list(*, production: Production) -> QuerySet[ElementEvent]:
    return production.element_events.select_related("element").order_by("on", "id")


def calendar_build(*, settings: ShootingCalendarSettings,
                   events: Sequence[ElementEvent] = ()) -> ShootingCalendar:
    """The pure calendar of a settings row (raises CalendarError on impossible settings)."""
    return ShootingCalendar(
        first_shoot_day=settings.first_shoot_day,
        days_off=frozenset(int(d) for d in settings.days_off or []),
        holidays=frozenset(date.fromisoformat(h) for h in settings.holidays or []),
        events=tuple(CalendarEvent(e.element_id, e.on, EventKind(e.kind), e.note)
                     for e in events),
    )


def shooting_calendar(*, production: Production) -> ShootingCalendar:
    return calendar_build(settings=calendar_settings(production=production),
                          events=list(event_list(production=production)))


# --- The breakdown as the board needs it -----------------------------------------------


@dataclass
class Breakdown:
    """Per scene, its tagged elements; per tracked element, its DOOD row definition."""

    elements_by_scene: dict[int, list[Element]]
    tracked: list[DoodElement]
    elements: dict[int, Element]

    def cast_ids(self, scene_id: int) -> list[int]:
        ids = {e.effective_board_id for e in self.elements_by_scene.get(scene_id, ())
               if e.category.code == CAST_CODE and e.effective_board_id is not None}
        return sorted(ids)

    def keys(self, scene_id: int) -> list[int]:
        return [e.pk for e in self.elements_by_scene.get(scene_id, ())]


def breakdown_load(*, production: Production) -> Breakdown:
    """Every tag of the production's scenes, and the elements (2 queries).

    Tags are read as plain (scene, element) pairs and the elements once each, so a
    300-scene breakdown builds a few hundred model instances, not thousands.
    """
    pairs = SceneElement.objects.filter(scene__production=production).values_list(
        "scene_id", "element_id")
    elements: dict[int, Element] = {
        element.pk: element for element in production.elements.select_related(
            "category", "cast_member", "cast_member__person", "dood_settings",
        ).order_by("category__code", "board_id", "name", "id")
    }
    by_scene: dict[int, list[Element]] = defaultdict(list)
    for scene_id, element_id in pairs:
        if element_id in elements:  # an element added since the first query waits
            by_scene[scene_id].append(elements[element_id])
    order = {pk: index for index, pk in enumerate(elements)}
    for tagged in by_scene.values():
        tagged.sort(key=lambda element: order[element.pk])
    tracked = []
    for element in elements.values():
        flags = getattr(element, "dood_settings", None)
        is_cast = element.category.code == CAST_CODE
        if not (flags.track_in_dood if flags is not None else is_cast):
            continue
        tracked.append(DoodElement(
            key=element.pk, name=element.name, board_id=element.effective_board_id,
            allows_holds=flags.allows_holds if flags is not None else True,
            allows_drop=flags.allows_drop if flags is not None else False,
        ))
    tracked.sort(key=lambda e: (e.board_id is None, e.board_id or 0, e.name.lower()))
    return Breakdown(elements_by_scene=dict(by_scene), tracked=tracked, elements=elements)


# --- Days of a board -------------------------------------------------------------------


@dataclass(frozen=True)
class OrderedStrip:
    """The little a day computation needs of a strip."""

    pk: int | None
    kind: str
    scene_id: int | None


def board_days(*, order: Sequence[OrderedStrip], breakdown: Breakdown) -> list[list[int]]:
    """Per shoot day (closed by a day break), the keys of the elements working it."""
    days: list[list[int]] = []
    current: list[int] = []
    for strip in order:
        if strip.kind == Strip.Kind.SCENE and strip.scene_id is not None:
            current.extend(breakdown.keys(strip.scene_id))
        elif strip.kind == Strip.Kind.DAY_BREAK:
            days.append(current)
            current = []
    return days


def board_dood_from(*, order: Sequence[OrderedStrip], breakdown: Breakdown,
                    calendar: ShootingCalendar, drop_gap_days: int) -> Dood:
    return dood_compute(calendar=calendar, elements=breakdown.tracked,
                        shoot_days=board_days(order=order, breakdown=breakdown),
                        drop_gap_days=drop_gap_days)


def board_order(*, strips: Sequence[Strip]) -> list[OrderedStrip]:
    return [OrderedStrip(s.pk, s.kind, s.scene_id) for s in strips]


def board_dood(*, board: Board) -> Dood:
    """The Day Out of Days of a board (5 queries)."""
    settings = calendar_settings(production=board.production)
    calendar = calendar_build(settings=settings,
                              events=list(event_list(production=board.production)))
    order = [OrderedStrip(pk, kind, scene_id) for pk, kind, scene_id in
             board.strips.order_by("position", "id").values_list("pk", "kind", "scene_id")]
    return board_dood_from(order=order, breakdown=breakdown_load(production=board.production),
                           calendar=calendar, drop_gap_days=settings.drop_gap_days)


# --- The page --------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the board as shown: a scene strip, a day break or a banner."""

    strip: Strip
    cast_ids: list[int] = field(default_factory=list)
    day: int | None = None  # a day break's number
    on: date | None = None  # a day break's date
    eighths: int = 0  # a day break's page total
    scenes: int = 0  # a day break's scene count
    in_day: int | None = None  # a scene strip's day, None after the last day break

    @property
    def length(self) -> str:
        return format_eighths(self.eighths) if self.eighths else "0"

    @property
    def pages_label(self) -> str:
        """"7/8 page", "1 page", "1 3/8 pages"."""
        return f"{self.length} {'page' if 0 < self.eighths <= 8 else 'pages'}"


@dataclass
class BoardPage:
    board: Board
    rows: list[Row]
    boneyard: list[Scene]
    boneyard_cast: dict[int, list[int]]
    days: list[Row]
    calendar: ShootingCalendar | None
    calendar_error: str
    breakdown: Breakdown
    unscheduled_tail: int  # scene strips after the last day break
    drop_gap_days: int = 10

    @property
    def eighths(self) -> int:
        return sum(day.eighths for day in self.days)


def board_page(*, board: Board) -> BoardPage:
    """The board with its strips, days, dates and boneyard, in 6 queries."""

    production = board.production
    strips = board_strips(board=board)
    breakdown = breakdown_load(production=production)
    settings = calendar_settings(production=production)
    try:
        calendar: ShootingCalendar | None = calendar_build(
            settings=settings, events=list(event_list(production=production)))
        calendar_error = ""
    except ValueError as exc:
        calendar, calendar_error = None, str(exc)
    rows = [Row(strip=s, cast_ids=breakdown.cast_ids(s.scene_id) if s.scene_id else [])
            for s in strips]
    days = [row for row in rows if row.strip.kind == Strip.Kind.DAY_BREAK]
    dates = shoot_day_dates(calendar=calendar, count=len(days)) if calendar else []
    number, eighths, scenes, pending = 1, 0, 0, []
    for row in rows:
        if row.strip.kind == Strip.Kind.SCENE:
            eighths += row.strip.scene.eighths
            scenes += 1
            pending.append(row)
        elif row.strip.kind == Strip.Kind.DAY_BREAK:
            row.day, row.eighths, row.scenes = number, eighths, scenes
            row.on = dates[number - 1] if dates else None
            for scene_row in pending:
                scene_row.in_day = number
            number, eighths, scenes, pending = number + 1, 0, 0, []
    on_board = {s.scene_id for s in strips if s.scene_id}
    boneyard = [scene for scene in production.scenes.filter(omitted=False).select_related("set")
                .order_by("order", "id") if scene.pk not in on_board]
    for scene in boneyard:
        scene.board_cast = breakdown.cast_ids(scene.pk)  # type: ignore[attr-defined]
    return BoardPage(
        board=board, rows=rows, boneyard=boneyard,
        boneyard_cast={scene.pk: breakdown.cast_ids(scene.pk) for scene in boneyard},
        days=days, calendar=calendar, calendar_error=calendar_error, breakdown=breakdown,
        unscheduled_tail=len(pending), drop_gap_days=settings.drop_gap_days,
    )


@dataclass(frozen=True)
class DoodFlags:
    element: Element
    allows_holds: bool
    allows_drop: bool
    tracked: bool


def dood_flags(*, production: Production) -> tuple[list[DoodFlags], list[Element]]:
    """Per element, how the DOOD counts it (cast are tracked unless turned off), and the
    untracked elements that could be added (1 query)."""
    rows, addable = [], []
    elements = production.elements.select_related("category", "cast_member",
                                                  "dood_settings").order_by(
        "category__code", "board_id", "name", "id")
    for element in elements:
        flags = getattr(element, "dood_settings", None)
        is_cast = element.category.code == CAST_CODE
        if flags is None and not is_cast:
            addable.append(element)
            continue
        rows.append(DoodFlags(
            element=element,
            allows_holds=flags.allows_holds if flags is not None else True,
            allows_drop=flags.allows_drop if flags is not None else False,
            tracked=flags.track_in_dood if flags is not None else True))
    return rows, addable


# --- Who must be told (issue 5, item 7) --------------------------------------------------


def notices_from(*, production: Production, dood: Dood,
                 breakdown: Breakdown) -> list[PersonNotice]:
    """The pending schedule-change notices, given the active board's DOOD (1 query)."""
    baselines = {
        row.element_id: Baseline(work=tuple(date.fromisoformat(d) for d in row.work_dates),
                                 holds=tuple(date.fromisoformat(d) for d in row.hold_dates),
                                 revision=row.revision)
        for row in ScheduleBaseline.objects.filter(production=production)
    }
    current = element_days(dood)
    recipients, names = {}, {}
    for key in current:
        element = breakdown.elements[key]
        cast = element.cast_member
        if cast is not None:
            recipients[key] = Recipient(person_id=cast.person_id, name=cast.person.name,
                                        email=cast.person.email)
        names[key] = (element.name, element.effective_board_id)
    return pending_notices(current=current, baselines=baselines, recipients=recipients,
                           names=names)


def page_notices(*, page: BoardPage) -> list[PersonNotice]:
    """The pending notices shown on the active board's page, from what the page loaded."""
    if not page.board.is_active or page.calendar is None:
        return []
    dood = board_dood_from(order=board_order(strips=[row.strip for row in page.rows]),
                           breakdown=page.breakdown, calendar=page.calendar,
                           drop_gap_days=page.drop_gap_days)
    return notices_from(production=page.board.production, dood=dood, breakdown=page.breakdown)


def schedule_notices(*, production: Production) -> tuple[Board | None, list[PersonNotice]]:
    """The active board and whose work days on it differ from what they were last told."""
    board = board_active(production=production)
    if board is None:
        return None, []
    settings = calendar_settings(production=production)
    calendar = calendar_build(settings=settings, events=list(event_list(production=production)))
    breakdown = breakdown_load(production=production)
    order = [OrderedStrip(pk, kind, scene_id) for pk, kind, scene_id in
             board.strips.order_by("position", "id").values_list("pk", "kind", "scene_id")]
    dood = board_dood_from(order=order, breakdown=breakdown, calendar=calendar,
                           drop_gap_days=settings.drop_gap_days)
    return board, notices_from(production=production, dood=dood, breakdown=breakdown)
