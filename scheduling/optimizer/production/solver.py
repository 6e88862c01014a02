"""`schedule_optimize`: the best legal board within a time limit, with a proven bound.

Plan: explain evident clashes first; start from the greedy boards (auto-sort, and a
cast-grouped variant), or from the exact CP-SAT day model when greedy cutting fails;
improve by simulated annealing in this process while column generation over day patterns
proves a lower bound in a forked process, so the two use the two cores. The annealer's
better boards go to the bound process as columns; once column generation has converged,
that process anneals too (another seed, from the main search's latest board) and sends
back the boards it improves, which the main search adopts. The time limit is a hard wall:
every solver call is given only the time left.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .annealing import Annealer
from .autosort import autosort_schedule
from .bounds import DayPatternBound, HeldPairsBound, cast_min_paid, hold_group, move_bound
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


def _drain(q) -> list:
    import queue

    items = []
    try:
        while True:
            items.append(q.get_nowait())
    except (queue.Empty, OSError, EOFError, ValueError):
        pass
    return items


def _bound_worker(
    inst: Instance,
    columns: list[list[int]],
    board: list[list[int]],
    deadline: float,
    shared,
    boards,
    found,
    schedule: tuple[float, float, float, int],
) -> None:
    """Column generation in a child process, then a second annealer once it is done.

    Boards the main search finds arrive on `boards` (their days become columns; the last
    one is where the second annealer starts); the bound goes out through `shared`, boards
    the second annealer improves go back on `found`.
    """
    begun = time.monotonic()
    cg = DayPatternBound(inst, columns)
    while time.monotonic() < deadline:
        for days in _drain(boards):
            cg.add_days(days)
            board = days
        more = cg.iterate(deadline=deadline, workers=1)
        with shared.get_lock():
            shared.value = max(shared.value, cg.best)
        if not more:
            break
    group = hold_group(inst)
    took = time.monotonic() - begun
    if cg.converged and group and deadline - time.monotonic() > 2 * took:
        # Time to spare: prove some of the hold days the order forces on the leads.
        held = HeldPairsBound(inst, [sorted(k) for k in cg.seen], group, cg.best)
        while held.iterate(deadline=deadline, workers=1):
            with shared.get_lock():
                shared.value = max(shared.value, held.best)
        with shared.get_lock():
            shared.value = max(shared.value, held.best)
    for days in _drain(boards):
        board = days
    if deadline - time.monotonic() < 1.0:
        return
    # The bound is as good as it gets: spend the rest of this core on the schedule, on the
    # main search's temperature schedule from where it stands now, with another seed.
    started, t0, t1, seed = schedule
    frac = min(1.0, (time.monotonic() - started) / max(1e-3, deadline - started))
    annealer = Annealer(inst, board, seed=seed + 7919)
    sent = {"cost": annealer.best_cost, "at": 0.0}

    def tick() -> bool:
        now = time.monotonic()
        if annealer.best_cost < sent["cost"] and now - sent["at"] > 1.0:
            found.put([list(d) for d in annealer.best])
            sent["cost"], sent["at"] = annealer.best_cost, now
        return False

    annealer.run(deadline, t0=t0 * (t1 / t0) ** frac, t1=t1, on_tick=tick)
    if annealer.best_cost < sent["cost"]:
        found.put([list(d) for d in annealer.best])


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
    on_progress: Callable[[Progress], bool | None] | None = None,
) -> ScheduleResult:
    """Optimise the board within `time_limit` seconds (wall clock, enforced).

    `on_progress` hears the best cost and bound about twice a second once the search runs;
    returning True stops the search early (a cancelled run): the best board so far is
    returned, as at the time limit.
    """
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

    # Lower bound: simple per-cast bound now, column generation alongside.
    bound_box = {"value": simple_bound(inst)}
    best_columns = [list(day) for board in legal for day in board]

    # The bound runs in a forked process (true parallelism: the annealer holds the GIL);
    # it publishes its best bound through shared memory and stops at the deadline.
    shared = None
    process = None
    boards = None
    found = None
    top_rate = max(inst.rate, default=0) or 1
    t_start, t_end = 0.4 * top_rate, 0.01 * top_rate
    if workers > 1:
        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - platforms without fork
            ctx = None
        if ctx is not None:
            shared = ctx.Value("q", bound_box["value"])
            boards = ctx.Queue()
            boards.cancel_join_thread()  # never wait on boards the child did not read
            found = ctx.Queue()
            process = ctx.Process(
                target=_bound_worker,
                args=(
                    inst,
                    best_columns,
                    best,
                    deadline,
                    shared,
                    boards,
                    found,
                    (started, t_start, t_end, seed),
                ),
                daemon=True,
            )
            try:
                process.start()
            except AssertionError:
                # Inside a daemonic process (a Celery prefork child) multiprocessing refuses
                # children: bound on this core instead, as with workers=1.
                process = shared = boards = found = None
    if process is None:
        bound_deadline = started + (deadline - started) * 0.3
        cg = DayPatternBound(inst, best_columns)
        while time.monotonic() < bound_deadline and cg.iterate(deadline=bound_deadline, workers=1):
            pass
        bound_box["value"] = max(bound_box["value"], cg.best)

    def current_bound() -> int:
        if shared is not None:
            bound_box["value"] = max(bound_box["value"], shared.value)
        return bound_box["value"]

    annealer = Annealer(inst, best, seed=seed)
    if process is not None:
        # A portfolio: this chain keeps to the small moves, the second annealer also ruins
        # and recreates days (which packs days tighter: a gain on some boards, a trap on
        # others); this chain goes back to the best board of both at set points of its run.
        annealer.recreate_rate = 0.0

    sent = {"cost": annealer.best_cost, "at": time.monotonic()}
    stopped = {"early": False}

    def adopt() -> None:
        """Keep the child annealer's board when it beats ours (the main search goes on
        along its own path: two independent runs find more than one run twice shaken)."""
        if found is None:
            return
        for days in _drain(found):
            cost = sum(board_cost(inst, days))
            if cost < annealer.best_cost:
                annealer.best, annealer.best_cost = days, cost

    def tick() -> bool:
        adopt()
        now = time.monotonic()
        if boards is not None and annealer.best_cost < sent["cost"] and now - sent["at"] > 2.0:
            # The search's better days make good columns for the bound.
            boards.put([list(d) for d in annealer.best])
            sent["cost"], sent["at"] = annealer.best_cost, now
        if on_progress is not None:
            now = time.monotonic()
            if on_progress(
                Progress(
                    seconds=now - started,
                    best_total=annealer.best_cost,
                    bound=current_bound(),
                    time_left=max(0.0, deadline - now),
                )
            ):
                stopped["early"] = True
                return True
        return annealer.best_cost <= current_bound()  # proven optimal: stop

    annealer.run(deadline, t0=t_start, t1=t_end, on_tick=tick)
    if process is not None:
        end = started + time_limit - margin / 2
        if stopped["early"]:
            end = time.monotonic()  # asked to stop: do not wait for the bound
        while process.is_alive() and time.monotonic() < end:
            adopt()  # keeps the child's last puts flowing while it finishes
            process.join(timeout=min(0.02, max(0.0, end - time.monotonic())))
        if process.is_alive():
            process.terminate()
            process.join(0.05)
        adopt()
        current_bound()

    numbers = board_order(inst, annealer.best)
    cost = schedule_cost(problem=problem, days=numbers)
    problems = schedule_violations(problem=problem, days=numbers)
    if problems:  # never expected: the searches keep every board legal
        raise RuntimeError(f"internal error, illegal board: {problems[:3]}")
    bound = min(current_bound(), cost.total)
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
