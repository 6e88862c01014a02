"""Exact talent scheduling: reduce the instance, then solve each core exactly within a time limit.

Each core (see `reduction`) goes to the first method that fits:

* one scene: nothing to decide;
* up to `dp.MAX_SCENES` scenes: the full subset dynamic programme (`dp`), exact and fast;
* larger: a greedy order improved by block moves gives an incumbent, then best-first search
  with lower bounds (`search`, up to 70% of the remaining time) improves it or proves it
  optimal. If the search stops unproven (time or memory), iterated local search (block moves
  and random restarts) uses the rest of the time.

When the deadline passes, the best order found so far is returned with `optimal=False` and the
best proven lower bound. `optimal` is true only when every core was solved to proven optimality.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from . import dp
from .heuristic import greedy_order, improve_order, perturb_and_improve
from .instance import TalentInstance, talent_cost
from .reduction import Core, talent_reduce
from .search import IdleBound, search_solve

_SEARCH_SHARE = 0.7  # of the remaining time; if the search fails, local search gets the rest


@dataclass(frozen=True)
class TalentSolution:
    name: str
    order: tuple[int, ...]  # scene ids, first shot first
    total: int
    waiting: int
    fixed: int
    lower_bound: int  # proven lower bound on `total`
    optimal: bool
    seconds: float
    method: str  # how the cores were solved: "dp", "search", "heuristic", "trivial"


@dataclass(slots=True)
class _CoreResult:
    order: list[int]
    lower_bound: int
    proven: bool
    method: str


def talent_solve(*, instance: TalentInstance, time_limit: float | None = 60.0) -> TalentSolution:
    """Find a cheapest shooting order for `instance`, proving optimality within `time_limit`.

    `time_limit` is in seconds (None: no limit). The scenes of each core are still ordered
    when the limit is reached, so a little post-processing time may follow it.
    """
    if time_limit is not None and not (time_limit > 0 and math.isfinite(time_limit)):
        raise ValueError(f"time_limit must be a positive number of seconds, not {time_limit!r}.")
    started = time.monotonic()
    deadline = math.inf if time_limit is None else started + time_limit

    actor_index = {actor.id: j for j, actor in enumerate(instance.actors)}
    reduction = talent_reduce(
        durations=[scene.duration for scene in instance.scenes],
        casts=[frozenset(actor_index[a] for a in scene.actors) for scene in instance.scenes],
        costs=[actor.cost for actor in instance.actors],
    )
    positions = list(reduction.free)
    lower_idle = 0
    proven = True
    methods = []
    for core in reduction.cores:
        result = _solve_core(core, deadline=deadline)
        positions += core.expand(result.order)
        lower_idle += result.lower_bound
        proven &= result.proven
        if result.method not in methods:
            methods.append(result.method)

    order = tuple(instance.scenes[p].id for p in positions)
    cost = talent_cost(instance=instance, order=order)
    return TalentSolution(
        name=instance.name,
        order=order,
        total=cost.total,
        waiting=cost.waiting,
        fixed=cost.fixed,
        lower_bound=cost.fixed + lower_idle,
        # The recomputed cost must meet the proven bound; anything else would be a bug, and
        # then the order is not claimed optimal.
        optimal=proven and cost.waiting == lower_idle,
        seconds=time.monotonic() - started,
        method="+".join(methods) or "trivial",
    )


def _solve_core(core: Core, *, deadline: float) -> _CoreResult:
    if core.size == 1:
        return _CoreResult(order=[0], lower_bound=0, proven=True, method="trivial")
    bound = IdleBound(core)
    if dp.solvable(core):
        try:
            solved = dp.dp_solve(core, deadline=deadline)
        except MemoryError:  # the table did not fit: use the search below
            pass
        else:
            if solved is None:  # out of time; the greedy order takes milliseconds at this size
                order = greedy_order(core, bound=bound)
                return _CoreResult(order=order, lower_bound=0, proven=False, method="heuristic")
            order, idle = solved
            return _CoreResult(order=order, lower_bound=idle, proven=True, method="dp")

    order, idle = improve_order(core, greedy_order(core, bound=bound), deadline=deadline)
    if idle == 0:
        return _CoreResult(order=order, lower_bound=0, proven=True, method="heuristic")
    now = time.monotonic()
    search_until = deadline if math.isinf(deadline) else now + (deadline - now) * _SEARCH_SHARE
    outcome = search_solve(core, incumbent=idle, deadline=search_until, bound=bound)
    if outcome.order is not None:
        order = outcome.order
    elif not outcome.proven:
        # Out of time or memory: what is left goes to finding better orders.
        order, idle = perturb_and_improve(core, order, deadline=deadline)
    return _CoreResult(
        order=order, lower_bound=outcome.lower_bound, proven=outcome.proven, method="search"
    )
