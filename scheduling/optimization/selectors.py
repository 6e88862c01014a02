"""Reads for the optimizer: a board as the solver's problem, runs, and the comparison of the
current board with a run's proposal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from productions.models import Production

from .. import board_selectors as bs
from ..dood import Dood
from ..models import CAST_CODE, Board, OptimizationRun, OptimizerSettings, Scene, Strip
from ..shooting_calendar import EventKind, ShootingCalendar, shoot_day_number
from .convert import (
    CastInput,
    Conversion,
    OptimizerOptions,
    SceneInput,
    daily_cost,
    problem_from_board,
)


def optimizer_settings(*, production: Production) -> OptimizerSettings:
    """The production's optimizer settings; unsaved defaults when it has none yet."""
    found = OptimizerSettings.objects.filter(production=production).first()
    return found if found is not None else OptimizerSettings(production=production)


def options_from(settings: OptimizerSettings) -> OptimizerOptions:
    return OptimizerOptions(
        capacity_eighths=settings.capacity_eighths,
        max_locations_per_day=settings.max_locations_per_day,
        no_ext_day_and_ext_night_same_day=settings.no_ext_day_and_ext_night_same_day,
        company_move_cost=settings.company_move_cost,
        location_change_cost=settings.location_change_cost,
        unknown_cast_daily_cost=settings.unknown_cast_daily_cost,
    )


@dataclass
class BoardProblem:
    """A board read for the optimizer: the problem, and the board's own days."""

    board: Board
    version: int
    conversion: Conversion
    current_days: list[list[int]]  # scene ids per closed shoot day, in board order
    tail: list[int]  # scene strips after the last day break (not in a day yet)


def _days_of(order: list[tuple[str, int | None]]) -> tuple[list[list[int]], list[int]]:
    days: list[list[int]] = []
    current: list[int] = []
    for kind, scene_id in order:
        if kind == Strip.Kind.SCENE and scene_id is not None:
            current.append(scene_id)
        elif kind == Strip.Kind.DAY_BREAK:
            days.append(current)
            current = []
    return days, current


def _travel_days(calendar: ShootingCalendar | None) -> dict[int, frozenset[int]]:
    """Per element, the shoot days (by number) it travels on: days it cannot work."""
    if calendar is None:
        return {}
    out: dict[int, set[int]] = {}
    for event in calendar.events:
        if event.kind != EventKind.TRAVEL:
            continue
        number = shoot_day_number(calendar=calendar, on=event.on)
        if number is not None:
            out.setdefault(event.element, set()).add(number)
    return {key: frozenset(days) for key, days in out.items()}


def board_problem(*, board: Board, settings: OptimizerSettings | None = None) -> BoardProblem:
    """The board as the solver's problem (raises convert.BoardNotOptimizable), in 7 queries:
    strips, scenes with sets and locations, tags, elements, calendar, events, settings."""
    production = board.production
    order = list(board.strips.order_by("position", "id").values_list("kind", "scene_id"))
    days, tail = _days_of(order)
    scene_ids = [scene_id for kind, scene_id in order if kind == Strip.Kind.SCENE and scene_id]
    scenes = Scene.objects.filter(pk__in=scene_ids).select_related("set", "set__location")
    by_id = {scene.pk: scene for scene in scenes}
    breakdown = bs.breakdown_load(production=production)
    cal_settings = bs.calendar_settings(production=production)
    try:
        calendar: ShootingCalendar | None = bs.calendar_build(
            settings=cal_settings, events=list(bs.event_list(production=production)))
    except ValueError:
        calendar = None
    per_week = 7 - len(calendar.days_off) if calendar is not None else 5
    travel = _travel_days(calendar)
    tracked = {element.key for element in breakdown.tracked}
    cast: dict[int, CastInput] = {}
    inputs = []
    for scene_id in scene_ids:
        scene = by_id.get(scene_id)
        if scene is None:  # deleted while we read: its strip goes with it
            continue
        members = []
        for element in breakdown.elements_by_scene.get(scene_id, ()):
            if element.category.code != CAST_CODE or element.pk not in tracked:
                continue
            members.append(element.pk)
            if element.pk not in cast:
                performer = element.cast_member
                cost = (daily_cost(fee=performer.fee, unit=performer.fee_unit,
                                   shoot_days_per_week=per_week)
                        if performer is not None else None)
                cast[element.pk] = CastInput(
                    key=element.pk, name=element.name, board_id=element.effective_board_id,
                    daily_cost=cost, unavailable_days=travel.get(element.pk, frozenset()))
        set_ = scene.set
        location = set_.location if set_ is not None else None
        inputs.append(SceneInput(
            key=scene.pk, label=scene.label, eighths=scene.eighths, int_ext=scene.int_ext,
            day_night=scene.day_night, set_key=set_.pk if set_ is not None else None,
            set_name=set_.name if set_ is not None else "",
            location_key=location.pk if location is not None else None,
            location_name=location.name if location is not None else "",
            cast=tuple(members)))
    settings = settings if settings is not None else optimizer_settings(production=production)
    conversion = problem_from_board(name=board.name, scenes=inputs, cast=list(cast.values()),
                                    options=options_from(settings))
    present = set(by_id)
    return BoardProblem(
        board=board, version=board.version, conversion=conversion,
        current_days=[[s for s in day if s in present] for day in days],
        tail=[s for s in tail if s in present],
    )


# --- Runs --------------------------------------------------------------------------------


def run_list(*, production: Production) -> QuerySet[OptimizationRun]:
    return (OptimizationRun.objects.filter(production=production)
            .select_related("board", "requested_by").order_by("-created_at", "-id"))


def run_get(*, production: Production, run_id: int) -> OptimizationRun:
    """One of the production's runs (404 for any other)."""
    from django.shortcuts import get_object_or_404

    run = get_object_or_404(OptimizationRun.objects.select_related("board", "requested_by"),
                            production=production, pk=run_id)
    run.production = production
    run.board.production = production
    return run


def board_runs(*, board: Board, limit: int = 5) -> list[OptimizationRun]:
    return list(board.optimization_runs.order_by("-created_at", "-id")[:limit])


# --- Comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class CastRow:
    """One cast member's days on the current board and on the proposal."""

    key: int
    name: str
    board_id: int | None
    work: tuple[int, int]  # (current, proposed)
    hold: tuple[int, int]
    paid: tuple[int, int]
    start: tuple[date | None, date | None]
    finish: tuple[date | None, date | None]

    @property
    def hold_saved(self) -> int:
        return self.hold[0] - self.hold[1]

    @property
    def paid_saved(self) -> int:
        return self.paid[0] - self.paid[1]


@dataclass
class Comparison:
    run: OptimizationRun
    stale: bool  # the board changed since the run read it
    shoot_days: tuple[int, int]
    holds: tuple[int, int]
    paid_days: tuple[int, int]
    company_moves: tuple[int, int]
    location_changes: tuple[int, int]
    cost: dict[str, tuple[int, int]]  # total, cast, moves: (current, proposed)
    cast: list[CastRow]
    current_dood: Dood | None
    proposed_dood: Dood | None
    proposed_days: list[list[tuple[int, str]]]  # per day, (scene id, label)
    current_violations: list[str] = field(default_factory=list)
    tail: int = 0
    notes: list[str] = field(default_factory=list)
    calendar_error: str = ""

    @property
    def saving(self) -> int:
        return self.cost["total"][0] - self.cost["total"][1]

    @property
    def saving_share(self) -> Decimal:
        current = self.cost["total"][0]
        if not current:
            return Decimal(0)
        return (Decimal(self.saving) * 100 / Decimal(current)).quantize(Decimal("0.1"))


def _ordered(days: list[list[int]]) -> list[bs.OrderedStrip]:
    order = []
    for day in days:
        order.extend(bs.OrderedStrip(None, Strip.Kind.SCENE, scene_id) for scene_id in day)
        order.append(bs.OrderedStrip(None, Strip.Kind.DAY_BREAK, None))
    return order


def run_comparison(*, run: OptimizationRun) -> Comparison:
    """The current board against the run's proposal (a finished run), in 6 queries: the
    board, its strips, tags, elements, calendar and events."""
    board = Board.objects.get(pk=run.board_id)
    board.production = run.production
    result = run.result
    proposed = [list(day) for day in result.get("days", [])]
    strips = list(board.strips.order_by("position", "id").values_list("pk", "kind", "scene_id"))
    current_order = [bs.OrderedStrip(pk, kind, scene_id) for pk, kind, scene_id in strips]
    _, tail = _days_of([(kind, scene_id) for _, kind, scene_id in strips])
    breakdown = bs.breakdown_load(production=run.production)
    cal_settings = bs.calendar_settings(production=run.production)
    current_dood = proposed_dood = None
    calendar_error = ""
    try:
        calendar = bs.calendar_build(settings=cal_settings,
                                     events=list(bs.event_list(production=run.production)))
    except ValueError as exc:
        calendar_error = str(exc)
    else:
        current_dood = bs.board_dood_from(order=current_order, breakdown=breakdown,
                                          calendar=calendar,
                                          drop_gap_days=cal_settings.drop_gap_days)
        proposed_dood = bs.board_dood_from(order=_ordered(proposed), breakdown=breakdown,
                                           calendar=calendar,
                                           drop_gap_days=cal_settings.drop_gap_days)
    rows = []
    if current_dood is not None and proposed_dood is not None:
        after = {row.element.key: row for row in proposed_dood.rows}
        for row in current_dood.rows:
            new = after[row.element.key].totals
            old = row.totals
            if not (old.work or new.work):
                continue
            rows.append(CastRow(
                key=row.element.key, name=row.element.name, board_id=row.element.board_id,
                work=(old.work, new.work), hold=(old.hold, new.hold), paid=(old.total, new.total),
                start=(old.start, new.start), finish=(old.finish, new.finish)))
    cur, prop = result.get("current", {}), result.get("proposed", {})

    def pair(key: str) -> tuple[int, int]:
        return (int(cur.get(key) or 0), int(prop.get(key) or 0))

    labels = {int(k): v for k, v in result.get("labels", {}).items()}
    return Comparison(
        run=run,
        stale=board.version != run.board_version,
        shoot_days=(current_dood.shoot_days if current_dood else len(cur.get("days", [])),
                    len(proposed)),
        holds=(sum(r.hold[0] for r in rows), sum(r.hold[1] for r in rows)),
        paid_days=(sum(r.paid[0] for r in rows), sum(r.paid[1] for r in rows)),
        company_moves=pair("company_moves"),
        location_changes=pair("location_changes"),
        cost={"total": pair("total"), "cast": pair("cast_cost"), "moves": pair("move_cost")},
        cast=rows,
        current_dood=current_dood,
        proposed_dood=proposed_dood,
        proposed_days=[[(s, labels.get(s, str(s))) for s in day] for day in proposed],
        current_violations=list(result.get("current_violations", [])),
        tail=len(tail),
        notes=list(result.get("notes", [])),
        calendar_error=calendar_error,
    )
