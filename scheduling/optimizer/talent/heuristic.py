"""Upper bounds: a greedy order, block moves until no move helps, then random restarts."""

from __future__ import annotations

import random
import time

from .reduction import Core
from .search import IdleBound

_LOOKAHEAD_SCENES = 60  # above this, the greedy skips the lower-bound lookahead


def fixed_cost(core: Core) -> int:
    """What the core's scenes cost in any order: each scene's duration times its cast's cost."""
    costs = core.costs
    return sum(
        duration * sum(costs[j] for j in range(len(costs)) if cast >> j & 1)
        for duration, cast in zip(core.durations, core.casts, strict=True)
    )


def paid_cost(core: Core, order: list[int]) -> int:
    """Total cost of shooting the core's scenes in `order` (fixed plus idle)."""
    durations, casts, costs = core.durations, core.casts, core.costs
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    clock = 0
    for i in order:
        cast = casts[i]
        while cast:
            bit = cast & -cast
            cast ^= bit
            j = bit.bit_length() - 1
            first.setdefault(j, clock)
            last[j] = clock + durations[i]
        clock += durations[i]
    return sum(costs[j] * (last[j] - first[j]) for j in first)


def greedy_order(core: Core, *, bound: IdleBound | None = None) -> list[int]:
    """Shoot next the scene with the least idle cost now plus a lower bound on what follows."""
    n = core.size
    durations, casts, costs = core.durations, core.casts, core.costs
    lookahead = bound if n <= _LOOKAHEAD_SCENES else None
    scenes_of = [sum(1 << i for i in range(n) if casts[i] >> j & 1) for j in range(len(costs))]

    cost_of: dict[int, int] = {}

    def mask_cost(mask: int) -> int:
        value = cost_of.get(mask)
        if value is None:
            value = cost_of[mask] = sum(costs[j] for j in range(len(costs)) if mask >> j & 1)
        return value

    order: list[int] = []
    rest = (1 << n) - 1
    cast_shot = 0
    while rest:
        cast_rest = 0
        scan = rest
        while scan:
            low = scan & -scan
            scan ^= low
            cast_rest |= casts[low.bit_length() - 1]
        on_set = cast_shot & cast_rest
        best = None
        scan = rest
        while scan:
            low = scan & -scan
            scan ^= low
            s = low.bit_length() - 1
            score = durations[s] * mask_cost(on_set & ~casts[s])
            remaining = rest ^ low
            shot = cast_shot | casts[s]
            if lookahead is not None:
                still = sum(1 << j for j in range(len(costs)) if scenes_of[j] & remaining)
                score += lookahead(remaining, shot & still)
            # Ties: prefer scenes that bring fewer new actors on set.
            key = (score, mask_cost(casts[s] & ~cast_shot), s)
            if best is None or key < best:
                best = key
        s = best[2]
        order.append(s)
        rest ^= 1 << s
        cast_shot |= casts[s]
    return order


def improve_order(core: Core, order: list[int], *, deadline: float) -> tuple[list[int], int]:
    """Move blocks of 1 to 3 consecutive scenes while that lowers the cost (first improvement).

    Returns the improved order and its idle cost.
    """
    fixed = fixed_cost(core)
    best = list(order)
    best_cost = paid_cost(core, best)
    n = len(best)
    improved = True
    while improved and best_cost > fixed:
        improved = False
        for length in (1, 2, 3):
            for start in range(n - length + 1):
                block = best[start : start + length]
                others = best[:start] + best[start + length :]
                for at in range(len(others) + 1):
                    if at == start:
                        continue
                    candidate = others[:at] + block + others[at:]
                    cost = paid_cost(core, candidate)
                    if cost < best_cost:
                        best, best_cost, improved = candidate, cost, True
                        break
                if time.monotonic() > deadline:
                    return best, best_cost - fixed
    return best, best_cost - fixed


def perturb_and_improve(
    core: Core, order: list[int], *, deadline: float, seed: int = 0
) -> tuple[list[int], int]:
    """Iterated local search: move a random stretch of scenes elsewhere, improve, keep if not
    worse. Stops at the deadline or after 4n rounds in a row without a new best order."""
    rng = random.Random(seed)
    best, best_idle = improve_order(core, order, deadline=deadline)
    current, current_idle = best, best_idle
    n = len(order)
    rounds = 4 * n
    stale = 0
    while n > 2 and best_idle > 0 and stale < rounds and time.monotonic() < deadline:
        start = rng.randrange(n)
        stop = rng.randrange(start + 1, min(n, start + max(2, n // 4)) + 1)
        stretch = current[start:stop]
        others = current[:start] + current[stop:]
        at = rng.randrange(len(others) + 1)
        if rng.random() < 0.5:
            stretch.reverse()
        candidate, idle = improve_order(
            core, others[:at] + stretch + others[at:], deadline=deadline
        )
        if idle <= current_idle:
            current, current_idle = candidate, idle
        if idle < best_idle:
            best, best_idle, stale = candidate, idle, 0
        else:
            stale += 1
    return best, best_idle
