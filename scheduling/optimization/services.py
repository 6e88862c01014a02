"""Writes for the optimizer: settings, runs (start, execute, cancel, expire) and applying a
proposal to the stripboard.

A run's life: `optimization_start` stores it `queued` and hands its id to Celery after
commit; the task calls `optimization_execute`, which claims it (`queued` -> `running` with
one conditional UPDATE, so a redelivered task does nothing), reads the board, runs the
solver with the run's time limit and writes progress at most once a second, then stores
the proposal (`done`) or the reason (`failed`). A run whose worker died is not left
`running`: `optimization_runs_expire` fails any run still running well past its time limit,
and any run no worker picked up; it is called whenever runs are read or started.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from productions.models import Production

from .. import board_selectors as bs
from ..models import Board, OptimizationRun, OptimizerSettings, Strip
from ..optimizer.production import (
    Progress,
    schedule_cost,
    schedule_optimize,
    schedule_violations,
)
from ..services.boards import BoardChange, BoardConflict, board_copy, order_changed
from . import selectors
from .convert import BoardNotOptimizable

logger = logging.getLogger(__name__)

TIME_LIMIT_MIN = 2  # short runs are for tests and tiny boards
TIME_LIMIT_MAX = 600
TIME_LIMIT_DEFAULT = 30
# A running run that has not finished this long after its time limit is presumed dead
# (its worker was killed): the solver stops itself at the limit, then needs a moment to
# store the result.
GRACE_SECONDS = 60
# A queued run that no worker has started after this long is failed: no worker is running.
QUEUE_TIMEOUT_SECONDS = 15 * 60
PROGRESS_EVERY_SECONDS = 1.0

S = OptimizationRun.Status


# --- Settings ----------------------------------------------------------------------------


@transaction.atomic
def optimizer_settings_update(*, production: Production, **values) -> OptimizerSettings:
    """Save the production's optimizer settings (validated by the model)."""
    settings = selectors.optimizer_settings(production=production)
    for name, value in values.items():
        if name not in {"capacity_eighths", "max_locations_per_day",
                        "no_ext_day_and_ext_night_same_day", "company_move_cost",
                        "location_change_cost", "unknown_cast_daily_cost"}:
            raise ValidationError({name: "Not an optimizer setting."})
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


# --- Runs --------------------------------------------------------------------------------


def time_limit_check(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (
            TIME_LIMIT_MIN <= value <= TIME_LIMIT_MAX):
        raise ValidationError({"time_limit": f"A time limit from {TIME_LIMIT_MIN} to "
                                             f"{TIME_LIMIT_MAX} seconds."})
    return value


def _dispatch(run_id: int, time_limit: int) -> None:
    from ..tasks import optimize_board

    try:
        # Celery's hard limit is the last wall: the solver stops itself at `time_limit`.
        optimize_board.apply_async(args=[run_id], soft_time_limit=time_limit + GRACE_SECONDS // 2,
                                   time_limit=time_limit + GRACE_SECONDS)
    except Exception:  # broker down: the run stays queued and expires with a clear reason
        logger.exception("Could not queue optimization run %s", run_id)


@transaction.atomic
def optimization_start(*, board: Board, time_limit: int = TIME_LIMIT_DEFAULT,
                       by=None) -> OptimizationRun:
    """Queue an optimisation of `board`. Refused at once (ValidationError) when the board
    cannot be optimised (no scenes, a scene of no length) or a run of it is under way."""
    time_limit_check(time_limit)
    optimization_runs_expire(production=board.production)
    try:
        read = selectors.board_problem(board=board)
    except BoardNotOptimizable as exc:
        raise ValidationError(str(exc)) from exc
    try:
        with transaction.atomic():
            run = OptimizationRun.objects.create(
                production=board.production, board=board, board_version=read.version,
                requested_by=by, time_limit=time_limit, status=S.QUEUED)
    except IntegrityError as exc:
        raise ValidationError("This board is being optimised already: wait for that run, or "
                              "cancel it.") from exc
    transaction.on_commit(partial(_dispatch, run.pk, time_limit), robust=True)
    return run


def _claim(run_id: int) -> OptimizationRun | None:
    """Take a queued run (and read its board's version under lock); None when another
    delivery took it, or it was cancelled or expired."""
    now = timezone.now()
    with transaction.atomic():
        claimed = OptimizationRun.objects.filter(pk=run_id, status=S.QUEUED).update(
            status=S.RUNNING, started_at=now, heartbeat_at=now)
        if not claimed:
            return None
        return OptimizationRun.objects.select_related("board", "production").get(pk=run_id)


def _finish(run_id: int, **values) -> bool:
    values.setdefault("finished_at", timezone.now())
    return bool(OptimizationRun.objects.filter(pk=run_id, status=S.RUNNING).update(**values))


def _daemon_children_allowed():
    """Let the solver fork its bound process inside a Celery prefork child.

    multiprocessing refuses children to a daemonic process because a daemon's children
    would be orphaned when it is killed; the solver's child stops itself at the run's
    deadline, so an orphan outlives a killed worker by at most the time limit."""
    process = multiprocessing.current_process()
    config = getattr(process, "_config", None)
    if not isinstance(config, dict) or not config.get("daemon"):
        return None
    config["daemon"] = False
    return config


def optimization_execute(*, run_id: int, workers: int = 2) -> OptimizationRun | None:
    """Run the solver for a queued run and store its proposal (the task's one call)."""
    run = _claim(run_id)
    if run is None:
        return None
    board = run.board
    board.production = run.production
    try:
        with transaction.atomic():
            # The version and the strips are read together: nobody moves a strip meanwhile.
            locked = Board.objects.select_for_update().get(pk=board.pk)
            board.version = locked.version
            read = selectors.board_problem(board=board)
            OptimizationRun.objects.filter(pk=run_id).update(board_version=read.version)
    except BoardNotOptimizable as exc:
        _finish(run_id, status=S.FAILED, error=str(exc))
        return _reload(run_id)
    except Exception as exc:  # never leave a claimed run running
        logger.exception("Optimization run %s could not read its board", run_id)
        _finish(run_id, status=S.FAILED, error=f"The board could not be read for the optimizer "
                                               f"({type(exc).__name__}); try again.")
        return _reload(run_id)
    problem = read.conversion.problem
    current = schedule_cost(problem=problem, days=read.current_days)
    OptimizationRun.objects.filter(pk=run_id).update(current_total=current.total)

    last = {"at": 0.0}

    def on_progress(progress: Progress) -> bool:
        now = time.monotonic()
        if now - last["at"] < PROGRESS_EVERY_SECONDS:
            return False
        last["at"] = now
        still = OptimizationRun.objects.filter(pk=run_id, status=S.RUNNING).update(
            best_total=progress.best_total, bound=progress.bound,
            elapsed=round(progress.seconds, 2), time_left=round(progress.time_left, 2),
            heartbeat_at=timezone.now())
        return not still  # cancelled (or expired): stop the search

    config = _daemon_children_allowed()
    try:
        result = schedule_optimize(problem=problem, time_limit=run.time_limit,
                                   workers=workers, on_progress=on_progress)
    except Exception as exc:
        logger.exception("Optimization run %s failed", run_id)
        _finish(run_id, status=S.FAILED, error=f"The optimizer failed ({type(exc).__name__}); "
                                               "try again, or with a shorter time limit.")
        return _reload(run_id)
    finally:
        if config is not None:
            config["daemon"] = True
    if result.status == "infeasible":
        _finish(run_id, status=S.FAILED, error="No legal board exists with these settings: "
                + "; ".join(result.conflicts) + ".")
        return _reload(run_id)
    if result.total is None:
        _finish(run_id, status=S.FAILED,
                error="No legal board was found within the time limit: give it longer.")
        return _reload(run_id)
    proposed = schedule_cost(problem=problem, days=result.days)
    labels = read.conversion.labels
    payload = {
        "days": result.days,
        "status": result.status,
        "bound": result.bound,
        "gap": round(result.gap or 0.0, 4),
        "seconds": result.seconds,
        "labels": {str(k): v for k, v in labels.items()},
        "proposed": _cost_dict(proposed),
        "current": {**_cost_dict(current), "days": read.current_days},
        "current_violations": schedule_violations(problem=problem, days=read.current_days)
        if read.current_days else [],
        "tail": read.tail,
        "notes": read.conversion.notes,
        "cast_names": {str(k): v for k, v in read.conversion.cast_names.items()},
    }
    _finish(run_id, status=S.DONE, result=payload, best_total=proposed.total,
            bound=result.bound, elapsed=result.seconds, time_left=0)
    return _reload(run_id)


def _cost_dict(cost) -> dict:
    return {"total": cost.total, "cast_cost": cost.cast_cost, "move_cost": cost.move_cost,
            "company_moves": cost.company_moves, "location_changes": cost.location_changes,
            "n_days": cost.n_days, "paid_days": {str(k): v for k, v in cost.paid_days.items()}}


def _reload(run_id: int) -> OptimizationRun:
    return OptimizationRun.objects.select_related("board", "production").get(pk=run_id)


@transaction.atomic
def optimization_cancel(*, run: OptimizationRun) -> OptimizationRun:
    """Stop a queued or running run; the solver notices within a second."""
    OptimizationRun.objects.filter(pk=run.pk, status__in=[S.QUEUED, S.RUNNING]).update(
        status=S.CANCELLED, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def optimization_runs_expire(*, production: Production | None = None,
                             now: datetime | None = None) -> int:
    """Fail runs whose worker died (still running well past their time limit) and runs no
    worker picked up. Returns how many were failed."""
    now = now or timezone.now()
    runs = OptimizationRun.objects.filter(status__in=[S.QUEUED, S.RUNNING])
    if production is not None:
        runs = runs.filter(production=production)
    dead, unclaimed = [], []
    for pk, status, created_at, started_at, limit in runs.values_list(
            "pk", "status", "created_at", "started_at", "time_limit"):
        if status == S.RUNNING and started_at is not None:
            if started_at + timedelta(seconds=limit + GRACE_SECONDS) < now:
                dead.append(pk)
        elif created_at + timedelta(seconds=QUEUE_TIMEOUT_SECONDS) < now:
            unclaimed.append(pk)
    failed = 0
    if dead:
        failed += OptimizationRun.objects.filter(pk__in=dead, status=S.RUNNING).update(
            status=S.FAILED, finished_at=now,
            error="The optimizer stopped without finishing (its worker was stopped or died). "
                  "Run it again.")
    if unclaimed:
        failed += OptimizationRun.objects.filter(pk__in=unclaimed, status=S.QUEUED).update(
            status=S.FAILED, finished_at=now,
            error=f"No worker started the run within {QUEUE_TIMEOUT_SECONDS // 60} minutes: "
                  "is a Celery worker running?")
    return failed


def optimization_refresh(*, run: OptimizationRun) -> OptimizationRun:
    """The run as it stands, failed first if its worker died."""
    if run.status in (S.QUEUED, S.RUNNING) and optimization_runs_expire(
            production=run.production):
        run.refresh_from_db()
    return run


# --- Applying a proposal -----------------------------------------------------------------


@dataclass
class Applied:
    board: Board
    change: BoardChange
    mode: str


def _default_name(run: OptimizationRun) -> str:
    zone = ZoneInfo(run.production.time_zone or "UTC")
    return f"Optimized {timezone.now().astimezone(zone):%Y-%m-%d %H:%M}"


def _strips_replace(*, board: Board, days: list[list[int]]) -> BoardChange:
    """Lay `days` (scene ids per shoot day) onto a locked board, in one go.

    Strips keep their identity: scene strips move, day breaks are reused (new ones added,
    spare ones removed), banners stay at the head of the day they were on. Scenes of the
    board the proposal does not place (added since the run read the board) wait after the
    last day break; proposal scenes no longer on the board are skipped.
    """
    strips = list(board.strips.order_by("position", "id"))
    before_order = bs.board_order(strips=strips)
    by_scene = {s.scene_id: s for s in strips if s.kind == Strip.Kind.SCENE}
    breaks = [s for s in strips if s.kind == Strip.Kind.DAY_BREAK]
    banners: dict[int, list[Strip]] = {}
    day = 1
    for s in strips:
        if s.kind == Strip.Kind.DAY_BREAK:
            day += 1
        elif s.kind == Strip.Kind.BANNER:
            banners.setdefault(day, []).append(s)
    placed: set[int] = set()
    order: list[Strip] = []
    new_breaks: list[Strip] = []
    for number, scene_ids in enumerate(days, start=1):
        order.extend(banners.pop(number, []))
        for scene_id in scene_ids:
            strip = by_scene.get(scene_id)
            if strip is not None and scene_id not in placed:
                order.append(strip)
                placed.add(scene_id)
        if breaks:
            order.append(breaks.pop(0))
        else:
            fresh = Strip(board=board, kind=Strip.Kind.DAY_BREAK, position=0)
            new_breaks.append(fresh)
            order.append(fresh)
    for number in sorted(banners):
        order.extend(banners[number])
    order.extend(s for s in strips if s.kind == Strip.Kind.SCENE and s.scene_id not in placed)
    if breaks:
        Strip.objects.filter(pk__in=[s.pk for s in breaks]).delete()
    changed = []
    for position, strip in enumerate(order):
        if strip.position != position or strip.pk is None:
            strip.position = position
            if strip.pk is not None:
                changed.append(strip)
    if changed:
        Strip.objects.bulk_update(changed, ["position"])
    if new_breaks:
        Strip.objects.bulk_create(new_breaks)
    board.version += 1
    board.save(update_fields=["version", "updated_at"])
    change = BoardChange(board=board)
    order_changed(board=board, change=change, before_order=before_order,
                  after_order=bs.board_order(strips=order))
    return change


@transaction.atomic
def optimization_apply(*, run: OptimizationRun, mode: str, expected_version: int | None = None,
                       name: str = "", by=None) -> Applied:
    """Apply a finished run's proposal: as a new scenario (a copy of the board laid out as
    proposed, not active) or over the board itself. Over the board is refused with
    BoardConflict when the board changed since the run read it (or since
    `expected_version`); nothing is saved then."""
    locked_run = OptimizationRun.objects.select_for_update().select_related(
        "board", "production").get(pk=run.pk)
    if locked_run.status != S.DONE:
        raise ValidationError("Only a finished run can be applied.")
    if mode not in ("new", "over"):
        raise ValidationError({"mode": "Apply as a new scenario (new) or over the board (over)."})
    days = [list(day) for day in locked_run.result.get("days", [])]
    board = Board.objects.select_for_update().select_related("production").get(
        pk=locked_run.board_id)
    if mode == "over":
        if board.version != locked_run.board_version or (
                expected_version is not None and expected_version != board.version):
            raise BoardConflict(board=board, expected=expected_version
                                if expected_version is not None else locked_run.board_version)
        on_board = set(board.strips.filter(kind=Strip.Kind.SCENE)
                       .values_list("scene_id", flat=True))
        if on_board != {s for day in days for s in day}:
            raise ValidationError("The board's scenes changed since the run read it: run the "
                                  "optimizer again, or apply as a new scenario.")
        target = board
    else:
        target = board_copy(board=board, name=(name or "").strip() or _default_name(locked_run),
                            by=by)
        target = Board.objects.select_for_update().select_related("production").get(
            pk=target.pk)
    change = _strips_replace(board=target, days=days)
    locked_run.applied_at = timezone.now()
    locked_run.applied_mode = mode
    locked_run.applied_board = target
    locked_run.save(update_fields=["applied_at", "applied_mode", "applied_board"])
    return Applied(board=target, change=change, mode=mode)
