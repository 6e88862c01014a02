"""Writes to the stripboard: boards (scenarios), strip moves, the calendar and events.

Every change to a board's strips goes through `strip_move`: it locks the board,
checks the version the caller saw, applies the change and bumps the version, in
one transaction. When the board is the production's active one, the change's
impact is computed from the Day Out of Days before and after it (for the caller to
show), `hooks.schedule_changed` hears the budget's figures, and nobody is emailed: the
people whose work days now differ from what they were last told wait, as pending
notices, for the AP to confirm (`notices.schedule_notify`).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from productions.models import Production

from .. import board_selectors as bs
from ..dood import WORK_CODES, Dood
from ..hooks import schedule_changed
from ..models import (
    Board,
    Element,
    ElementDoodSettings,
    ElementEvent,
    Scene,
    ShootingCalendarSettings,
    Strip,
)
from ..shooting_calendar import CalendarError, ShootingCalendar

DEFAULT_EIGHTHS_PER_DAY = 40  # five pages


class BoardConflict(Exception):
    """The board changed since the caller read it: reload and try again."""

    def __init__(self, *, board: Board, expected: int):
        self.board = board
        self.version = board.version
        self.expected = expected
        super().__init__(f"The board changed (version {board.version}, you had {expected}).")


# --- Impact ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CastImpact:
    """How one tracked element's days moved."""

    element_id: int
    name: str
    board_id: int | None
    before: tuple[date, ...]
    after: tuple[date, ...]
    holds_before: int
    holds_after: int

    @property
    def added(self) -> tuple[date, ...]:
        return tuple(d for d in self.after if d not in self.before)

    @property
    def removed(self) -> tuple[date, ...]:
        return tuple(d for d in self.before if d not in self.after)


@dataclass
class BoardChange:
    board: Board
    strip: Strip | None = None
    impact: list[CastImpact] = field(default_factory=list)
    notified: int = 0  # moves tell nobody any more; kept for the API's shape
    pending: int = 0  # people whose work days differ from what they were last told
    values: dict[str, Decimal] | None = None


def _work_dates(dood: Dood) -> dict[int, tuple[tuple[date, ...], int]]:
    result = {}
    for row in dood.rows:
        dates = tuple(day.on for day, code in zip(dood.days, row.codes, strict=True)
                      if code in WORK_CODES)
        result[row.element.key] = (dates, row.totals.hold)
    return result


def schedule_values(*, dood: Dood) -> dict[str, Decimal]:
    """The figures the budget prices from the schedule."""
    values = {"SHOOT_DAYS": Decimal(dood.shoot_days)}
    for row in dood.rows:
        if row.element.board_id is not None:
            values[f"CAST_WORK_DAYS:{row.element.board_id}"] = Decimal(row.totals.work)
            values[f"CAST_HOLD_DAYS:{row.element.board_id}"] = Decimal(row.totals.hold)
    return values


def schedule_impact(*, before: Dood, after: Dood) -> list[CastImpact]:
    old, new = _work_dates(before), _work_dates(after)
    impact = []
    for row in after.rows:
        key = row.element.key
        was, now = old.get(key, ((), 0)), new[key]
        if was != now:
            impact.append(CastImpact(key, row.element.name, row.element.board_id,
                                     was[0], now[0], was[1], now[1]))
    return impact


def after_change(*, board: Board, change: BoardChange, breakdown: bs.Breakdown,
                 before: Dood, after: Dood, always_hook: bool = False) -> None:
    """Count who now has days to hear about, and give the budget its figures, when the
    change is to the active board. Nobody is told here: the AP confirms first
    (`notices.schedule_notify`)."""
    if not board.is_active:
        return
    change.impact = schedule_impact(before=before, after=after)
    change.pending = len(bs.notices_from(production=board.production, dood=after,
                                         breakdown=breakdown))
    old_values, values = schedule_values(dood=before), schedule_values(dood=after)
    if always_hook or values != old_values:
        change.values = values
        schedule_changed.send(production=board.production, values=values)


def calendar_for(production: Production) -> tuple[ShootingCalendarSettings, ShootingCalendar]:
    settings = bs.calendar_settings(production=production)
    try:
        calendar = bs.calendar_build(settings=settings,
                                     events=list(bs.event_list(production=production)))
    except CalendarError as exc:
        raise ValidationError(f"Fix the shooting calendar first: {exc}") from exc
    return settings, calendar


# --- Boards ----------------------------------------------------------------------------


def _unique_name(production: Production, name: str) -> str:
    name = (name or "").strip() or "Board"
    taken = set(production.boards.values_list("name", flat=True))
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


@transaction.atomic
def board_create(*, production: Production, name: str, by=None,
                 split: bool = True, eighths_per_day: int = DEFAULT_EIGHTHS_PER_DAY) -> Board:
    """A new board. With `split`, every scene in script order, a day break whenever a day
    reaches `eighths_per_day`; without, an empty board with every scene in the boneyard.
    The production's first board becomes its active one."""
    if eighths_per_day < 1:
        raise ValidationError({"eighths_per_day": "A day holds at least one eighth."})
    first = not production.boards.exists()
    board = Board.objects.create(production=production, name=_unique_name(production, name),
                                 is_active=first, created_by=by)
    if split:
        strips, total = [], 0
        scenes = production.scenes.filter(omitted=False).order_by("order", "id")
        for scene in scenes.only("pk", "eighths"):
            strips.append(Strip(board=board, kind=Strip.Kind.SCENE, scene_id=scene.pk))
            total += scene.eighths
            if total >= eighths_per_day:
                strips.append(Strip(board=board, kind=Strip.Kind.DAY_BREAK))
                total = 0
        if total:
            strips.append(Strip(board=board, kind=Strip.Kind.DAY_BREAK))
        for position, strip in enumerate(strips):
            strip.position = position
        Strip.objects.bulk_create(strips)
    if first and split:
        # The production's first schedule: the budget hears it; people wait for the AP.
        change = BoardChange(board=board)
        settings, calendar = calendar_for(production)
        breakdown = bs.breakdown_load(production=production)
        empty = bs.board_dood_from(order=[], breakdown=breakdown, calendar=calendar,
                                   drop_gap_days=settings.drop_gap_days)
        after = bs.board_dood_from(order=bs.board_order(strips=bs.board_strips(board=board)),
                                   breakdown=breakdown, calendar=calendar,
                                   drop_gap_days=settings.drop_gap_days)
        after_change(board=board, change=change, breakdown=breakdown, before=empty,
                     after=after, always_hook=True)
    return board


@transaction.atomic
def board_copy(*, board: Board, name: str = "", by=None) -> Board:
    """A new scenario: the same strips in the same order, not active."""
    copy = Board.objects.create(
        production=board.production, name=_unique_name(board.production, name or
                                                       f"{board.name} copy"),
        is_active=False, created_by=by)
    Strip.objects.bulk_create([
        Strip(board=copy, position=s.position, kind=s.kind, scene_id=s.scene_id, text=s.text)
        for s in board.strips.order_by("position", "id")
    ])
    return copy


@transaction.atomic
def board_rename(*, board: Board, name: str) -> Board:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the board a name."})
    board.name = name
    try:
        with transaction.atomic():
            board.save(update_fields=["name", "updated_at"])
    except IntegrityError as exc:
        raise ValidationError({"name": "Another board has this name."}) from exc
    return board


@transaction.atomic
def board_activate(*, board: Board, by=None) -> BoardChange:
    """Make `board` the one the production shoots from. Whoever's work days differ on it
    from what they were told becomes a pending notice."""
    production = board.production
    previous = Board.objects.select_for_update().filter(production=production,
                                                        is_active=True).first()
    locked = Board.objects.select_for_update().get(pk=board.pk)
    change = BoardChange(board=locked)
    if previous is not None and previous.pk == locked.pk:
        return change
    settings, calendar = calendar_for(production)
    breakdown = bs.breakdown_load(production=production)
    before_order = (bs.board_order(strips=bs.board_strips(board=previous))
                    if previous is not None else [])
    before = bs.board_dood_from(order=before_order, breakdown=breakdown, calendar=calendar,
                                drop_gap_days=settings.drop_gap_days)
    if previous is not None:
        Board.objects.filter(pk=previous.pk).update(is_active=False)
    locked.is_active = True
    locked.version += 1
    locked.save(update_fields=["is_active", "version", "updated_at"])
    after = bs.board_dood_from(order=bs.board_order(strips=bs.board_strips(board=locked)),
                               breakdown=breakdown, calendar=calendar,
                               drop_gap_days=settings.drop_gap_days)
    after_change(board=locked, change=change, breakdown=breakdown, before=before, after=after,
                 always_hook=True)
    return change


@transaction.atomic
def board_delete(*, board: Board) -> None:
    if board.is_active:
        raise ValidationError("Make another board active before deleting this one.")
    board.delete()


# --- Moves -----------------------------------------------------------------------------


@transaction.atomic
def strip_move(*, board: Board, expected_version: int, by=None,
               to_position: int | None, strip: Strip | int | None = None,
               scene: Scene | int | None = None, new_kind: str | None = None,
               text: str = "") -> BoardChange:
    """Every change to a board's strips, validated and atomic.

    Exactly one of: `strip` (a strip of this board: moved to `to_position`, or to the
    boneyard / removed when `to_position` is None), `scene` (a boneyard scene of this
    production, placed at `to_position`), `new_kind` ("day_break" or "banner" with
    `text`, inserted at `to_position`). `to_position` is the strip's 0-based index in
    the board once the change is made. A stale `expected_version` raises BoardConflict
    and changes nothing.
    """
    locked = Board.objects.select_for_update().select_related("production").get(pk=board.pk)
    if locked.version != expected_version:
        raise BoardConflict(board=locked, expected=expected_version)
    if sum(x is not None for x in (strip, scene, new_kind)) != 1:
        raise ValidationError("Move one thing: a strip, a boneyard scene or a new strip.")
    production = locked.production
    strips = list(locked.strips.order_by("position", "id").only("pk", "position", "kind",
                                                                 "scene_id", "board_id"))
    before_order = bs.board_order(strips=strips)
    moving: Strip
    if strip is not None:
        strip_id = strip.pk if isinstance(strip, Strip) else strip
        found = [s for s in strips if s.pk == strip_id]
        if not found:
            raise ValidationError({"strip": "That strip is not on this board."})
        moving = found[0]
        strips.remove(moving)
    elif scene is not None:
        scene_id = scene.pk if isinstance(scene, Scene) else scene
        if not Scene.objects.filter(pk=scene_id, production=production,
                                    omitted=False).exists():
            raise ValidationError({"scene": "That scene is not in this production's breakdown."})
        if any(s.scene_id == scene_id for s in strips):
            raise ValidationError({"scene": "That scene is already on the board."})
        if to_position is None:
            raise ValidationError({"to_position": "The scene is already in the boneyard."})
        moving = Strip(board=locked, kind=Strip.Kind.SCENE, scene_id=scene_id, position=0)
    else:
        if new_kind not in (Strip.Kind.DAY_BREAK, Strip.Kind.BANNER):
            raise ValidationError({"new_kind": "Add a day break or a banner."})
        text = (text or "").strip()
        if new_kind == Strip.Kind.BANNER and not text:
            raise ValidationError({"text": "Give the banner some text."})
        if to_position is None:
            raise ValidationError({"to_position": "Say where the new strip goes."})
        moving = Strip(board=locked, kind=new_kind, text=text[:200], position=0)
    if to_position is not None:
        if isinstance(to_position, bool) or not isinstance(to_position, int) or not (
                0 <= to_position <= len(strips)):
            raise ValidationError({"to_position": f"A position from 0 to {len(strips)}."})
        strips.insert(to_position, moving)

    if moving.pk is None:
        moving.position = to_position or 0
        moving.save()
    elif to_position is None:
        moving.delete()
    changed = []
    for position, s in enumerate(strips):
        if s.position != position:
            s.position = position
            changed.append(s)
    if changed:
        Strip.objects.bulk_update(changed, ["position"])
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])

    change = BoardChange(board=locked, strip=moving if to_position is not None else None)
    order_changed(board=locked, change=change, before_order=before_order,
                  after_order=bs.board_order(strips=strips))
    return change


def order_changed(*, board: Board, change: BoardChange, before_order, after_order) -> None:
    """A reordered board's consequences: on the active board, the DOOD before and after
    feed the pending notices and the budget hook (`after_change`)."""
    if not board.is_active:
        return
    settings, calendar = calendar_for(board.production)
    breakdown = bs.breakdown_load(production=board.production)
    before = bs.board_dood_from(order=before_order, breakdown=breakdown, calendar=calendar,
                                drop_gap_days=settings.drop_gap_days)
    after = bs.board_dood_from(order=after_order, breakdown=breakdown, calendar=calendar,
                               drop_gap_days=settings.drop_gap_days)
    after_change(board=board, change=change, breakdown=breakdown, before=before, after=after)


def day_break_position(*, board: Board, day: int) -> int:
    """The position that puts a strip at the end of shoot day `day` (before its day break)."""
    breaks = list(board.strips.filter(kind=Strip.Kind.DAY_BREAK).order_by("position", "id")
                  .values_list("position", flat=True))
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= len(breaks):
        raise ValidationError({"day": f"The board has days 1 to {len(breaks)}."
                               if breaks else "The board has no days yet: add a day break."})
    return breaks[day - 1]


# --- Calendar --------------------------------------------------------------------------


def _calendar_change(*, production: Production, apply):
    """Apply a change to the calendar, events or DOOD flags, then count whoever's days moved
    on the active board and give the budget its new figures. Returns what `apply` returns."""
    active = Board.objects.select_for_update().filter(production=production,
                                                      is_active=True).first()
    if active is not None:
        before_settings = bs.calendar_settings(production=production)
        before_events = list(bs.event_list(production=production))
        before_breakdown = bs.breakdown_load(production=production)
    result = apply()
    after_settings = bs.calendar_settings(production=production)
    try:
        after_calendar = bs.calendar_build(settings=after_settings,
                                           events=list(bs.event_list(production=production)))
    except CalendarError as exc:
        raise ValidationError(str(exc)) from exc
    if active is None:
        return result
    breakdown = bs.breakdown_load(production=production)
    order = bs.board_order(strips=bs.board_strips(board=active))
    try:
        before_calendar = bs.calendar_build(settings=before_settings, events=before_events)
        before = bs.board_dood_from(order=order, breakdown=before_breakdown,
                                    calendar=before_calendar,
                                    drop_gap_days=before_settings.drop_gap_days)
    except CalendarError:
        before = bs.board_dood_from(order=[], breakdown=breakdown, calendar=after_calendar,
                                    drop_gap_days=after_settings.drop_gap_days)
    after = bs.board_dood_from(order=order, breakdown=breakdown, calendar=after_calendar,
                               drop_gap_days=after_settings.drop_gap_days)
    active.version += 1
    active.save(update_fields=["version", "updated_at"])
    change = BoardChange(board=active)
    after_change(board=active, change=change, breakdown=breakdown, before=before, after=after,
                 always_hook=True)
    return result


@transaction.atomic
def calendar_update(*, production: Production, first_shoot_day: date,
                    days_off: list[int] | None = None, holidays: list[date] | None = None,
                    drop_gap_days: int = 10) -> ShootingCalendarSettings:
    """Save the calendar; settings that leave no shoot day are refused."""
    days_off = sorted({int(d) for d in (days_off if days_off is not None else [5, 6])})
    holidays = sorted(set(holidays or []))
    if drop_gap_days not in (10, 14):
        raise ValidationError({"drop_gap_days": "The drop/pickup minimum is 10 or 14 days."})
    try:
        ShootingCalendar(first_shoot_day=first_shoot_day, days_off=frozenset(days_off),
                         holidays=frozenset(holidays))
    except CalendarError as exc:
        field_name = "days_off" if len(days_off) == 7 else "first_shoot_day"
        raise ValidationError({field_name: str(exc)}) from exc

    def apply() -> ShootingCalendarSettings:
        settings, _ = ShootingCalendarSettings.objects.update_or_create(
            production=production, defaults={
                "first_shoot_day": first_shoot_day, "days_off": days_off,
                "holidays": [h.isoformat() for h in holidays], "drop_gap_days": drop_gap_days})
        return settings

    return _calendar_change(production=production, apply=apply)


@transaction.atomic
def event_create(*, production: Production, element: Element, kind: str, on: date,
                 note: str = "") -> ElementEvent:
    if element.production_id != production.pk:
        raise ValidationError({"element": "Choose an element of this production."})
    if kind not in ElementEvent.Kind.values:
        raise ValidationError({"kind": "Travel (T), rehearsal (R) or fitting (FT)."})
    if ElementEvent.objects.filter(element=element, on=on).exists():
        raise ValidationError({"on": f"{element} already has an event on {on.isoformat()}."})
    return _calendar_change(production=production, apply=lambda: ElementEvent.objects.create(
        production=production, element=element, kind=kind, on=on, note=(note or "")[:200]))


@transaction.atomic
def event_delete(*, event: ElementEvent) -> None:
    _calendar_change(production=event.production, apply=event.delete)


@transaction.atomic
def element_dood_update(*, element: Element, allows_holds: bool, allows_drop: bool,
                        track_in_dood: bool) -> ElementDoodSettings:
    """How an element counts in the Day Out of Days (holds, drop/pickup, tracked at all).
    Drop/pickup needs holds: a performer who is never held is never dropped either."""
    if allows_drop and not allows_holds:
        raise ValidationError({"allows_drop": "Drop/pickup replaces holds: allow holds too."})

    def apply() -> ElementDoodSettings:
        flags, _ = ElementDoodSettings.objects.update_or_create(element=element, defaults={
            "allows_holds": allows_holds, "allows_drop": allows_drop,
            "track_in_dood": track_in_dood})
        return flags

    return _calendar_change(production=element.production, apply=apply)


def strip_move_preview(**kwargs) -> BoardChange:
    """What `strip_move` would do to people's days, without doing it: the move and the
    budget hook run in a savepoint that is rolled back. Same arguments and errors as
    `strip_move`."""
    with transaction.atomic():
        change = strip_move(**kwargs)
        transaction.set_rollback(True)
    change.board.version -= 1  # the in-memory board, back to the version that stays
    change.notified = 0
    return change
