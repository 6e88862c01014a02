"""`schedule_optimize`: the best legal board within a time limit, with a proven bound.

Plan: explain evident clashes first; start from the greedy boards (auto-sort, and a
cast-grouped variant), or from the exact CP-SAT day model when greedy cutting fails;
improve by simulated annealing in this thread while column generation over day patterns
proves a lower bound in another (CP-SAT and GLOP release the GIL, so the two share the two
cores). The time limit is a hard wall: every solver call is given only the time left.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .annealing import Annealer
from .autosort import autosort_schedule
from .bounds import DayPatternBound, cast_min_paid, move_bound
from .checking import schedule_cost, schedule_violations
from .explain import infeasibility_reasons
from .instance import Instance, board_cost, board_order, pack_sequence
from .model import Problem
from .search import DayModel, model_solve


@dataclass(frozen=True)
class Progress:
    seconds: float
    best_total: int | None
    bound: int
    time_left: float


@dataclass
class ScheduleResult:
    status: str  # "optimal", "feasible", "infeasible" or "unknown" (no board found in time)
    days: list[list[int]] = field(default_factory=list)  # scene numbers, in shooting order
    total: int | None = None
    cast_cost: int | None = None
    move_cost: int | None = None
    n_days: int = 0
    bound: int = 0
    seconds: float = 0.0
    conflicts: list[str] = field(default_factory=list)
    paid_days: dict[int, int] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        if self.total is None:
            return None
        if self.total == 0:
            return 0.0
        return max(0.0, (self.total - self.bound) / self.total)


def simple_bound(inst: Instance) -> int:
    return sum(inst.rate[c] * cast_min_paid(inst, c) for c in range(inst.n_cast)) + move_bound(inst)


def _greedy_starts(problem: Problem, inst: Instance) -> list[list[list[int]]]:
    starts = []
    auto = autosort_schedule(problem=problem)
    if auto is not None:
        starts.append([[inst.index_of[n] for n in day] for day in auto])
    # Cast-grouped: scenes ordered by their most expensive cast member, then location.
    top = sorted(range(inst.n_cast), key=lambda c: -inst.rate[c] * len(inst.scenes_of_cast[c]))
    rank = {c: k for k, c in enumerate(top)}
    order = sorted(
        range(inst.n),
        key=lambda i: (
            tuple(sorted(rank[c] for c in inst.cast[i]))[:1] or (len(top),),
            inst.loc[i],
            inst.set_id[i],
            inst.night[i],
        ),
    )
    grouped = pack_sequence(inst, order)
    if grouped is not None:
        starts.append(grouped)
    return starts


def schedule_optimize(
    *,
    problem: Problem,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
) -> ScheduleResult:
    """Optimise the board within `time_limit` seconds (wall clock, enforced)."""
    started = time.monotonic()
    margin = min(0.25, 0.1 * time_limit)
    deadline = started + max(0.0, time_limit - margin)

    def done(result: ScheduleResult) -> ScheduleResult:
        result.seconds = round(time.monotonic() - started, 3)
        return result

    inst = Instance(problem)
    if inst.n == 0 and not inst.locked_days:
        return done(ScheduleResult(status="optimal", total=0, cast_cost=0, move_cost=0))
    reasons = infeasibility_reasons(inst)
    if reasons:
        return done(ScheduleResult(status="infeasible", conflicts=reasons))

    starts = _greedy_starts(problem, inst)
    legal = []
    for days in starts:
        numbers = [[inst.number[i] for i in d] for d in days]
        if not schedule_violations(problem=problem, days=numbers):
            legal.append(days)
    if not legal:
        horizon = inst.fixed_horizon() + inst.n
        if inst.max_days is not None:
            horizon = min(horizon, inst.max_days)
        model = DayModel(inst, max(1, horizon))
        first_deadline = started + max(0.0, time_limit - margin) * 0.5
        status, days = model_solve(model, deadline=first_deadline, workers=workers, seed=seed)
        if days is None:
            from ortools.sat.python import cp_model

            if status == cp_model.INFEASIBLE:
                return done(
                    ScheduleResult(
                        status="infeasible",
                        conflicts=[
                            "no legal board exists: the day capacity, cast unavailability, "
                            "location windows, locks and grouping rules cannot all be met "
                            f"within {horizon} shoot days"
                        ],
                    )
                )
            return done(ScheduleResult(status="unknown"))
        legal.append(days)
    best = min(legal, key=lambda d: sum(board_cost(inst, d)))

    # Lower bound: simple per-cast bound now, column generation in a thread.
    bound_box = {"value": simple_bound(inst)}
    best_columns = [list(day) for board in legal for day in board]

    def run_bound() -> None:
        try:
            cg = DayPatternBound(inst, best_columns)
            while time.monotonic() < deadline and cg.iterate(deadline=deadline, workers=1):
                bound_box["value"] = max(bound_box["value"], cg.best)
            bound_box["value"] = max(bound_box["value"], cg.best)
        except Exception:  # noqa: BLE001 - a failed bound must not lose the schedule
            bound_box["error"] = "column generation failed"

    thread = None
    if workers > 1:
        thread = threading.Thread(target=run_bound, daemon=True)
        thread.start()
    else:
        bound_deadline = started + (deadline - started) * 0.3
        cg = DayPatternBound(inst, best_columns)
        while time.monotonic() < bound_deadline and cg.iterate(deadline=bound_deadline, workers=1):
            pass
        bound_box["value"] = max(bound_box["value"], cg.best)

    top_rate = max(inst.rate, default=0) or 1
    annealer = Annealer(inst, best, seed=seed)

    def tick() -> bool:
        if on_progress is not None:
            now = time.monotonic()
            on_progress(
                Progress(
                    seconds=now - started,
                    best_total=annealer.best_cost,
                    bound=bound_box["value"],
                    time_left=max(0.0, deadline - now),
                )
            )
        return annealer.best_cost <= bound_box["value"]  # proven optimal: stop

    annealer.run(deadline, t0=0.4 * top_rate, t1=0.01 * top_rate, on_tick=tick)
    if thread is not None:
        thread.join(timeout=max(0.0, started + time_limit - margin / 2 - time.monotonic()))

    numbers = board_order(inst, annealer.best)
    cost = schedule_cost(problem=problem, days=numbers)
    problems = schedule_violations(problem=problem, days=numbers)
    if problems:  # never expected: the searches keep every board legal
        raise RuntimeError(f"internal error, illegal board: {problems[:3]}")
    bound = min(bound_box["value"], cost.total)
    return done(
        ScheduleResult(
            status="optimal" if bound >= cost.total else "feasible",
            days=numbers,
            total=cost.total,
            cast_cost=cost.cast_cost,
            move_cost=cost.move_cost,
            n_days=cost.n_days,
            bound=bound,
            paid_days=cost.paid_days,
        )
    )
