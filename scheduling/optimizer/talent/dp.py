"""Exact dynamic programme over scene subsets, vectorised with numpy.

If the scenes in a set Q are shot first, an actor is on set during the next scene s exactly
when they are in s, or appear both in Q and in the scenes after it. So the idle cost of
shooting s next depends only on Q:

    wait(Q, s) = d(s) * c(on(Q) - a(s)),     on(Q) = a(Q) & a(complement of Q)

and g(Q) = min over s in Q of g(Q - s) + wait(Q - s, s) is the least idle cost of any order
that starts with the scenes of Q. on(Q) is symmetric (on(Q) = on(complement of Q)), so the
least idle cost of an order that *ends* with the scenes of Q is g(Q) as well, and the optimum
is min over Q of size n // 2 of g(Q) + g(complement of Q). Only layers up to ceil(n / 2) are
computed: about half the work of the plain programme. (Garcia de la Banda et al. 2011 also
build orders from both ends.)

Memory is two arrays of 2^n integers (4 bytes each when the costs and the actors fit) plus the
layers; `solvable` says whether a core is small enough.
"""

from __future__ import annotations

import time

import numpy as np

from .reduction import Core

MAX_SCENES = 23  # 2^23 states: about 2 s and 250 MB on one core
_MAX_ACTORS = 62  # actor masks live in int64


def solvable(core: Core) -> bool:
    return core.size <= MAX_SCENES and len(core.costs) <= _MAX_ACTORS


def _cost_lookup(costs: list[int], dtype: type):
    """Vectorised c(mask) for actor masks: one table per 16 actors."""
    tables = []
    for start in range(0, len(costs), 16):
        table = np.zeros(1, dtype=dtype)
        for cost in costs[start : start + 16]:
            table = np.concatenate([table, table + cost])
        tables.append((start, table, len(table) - 1))

    def lookup(masks: np.ndarray) -> np.ndarray:
        start, table, low = tables[0]
        out = table[masks & low]
        for start, table, low in tables[1:]:
            out += table[(masks >> start) & low]
        return out

    return lookup


def dp_solve(core: Core, *, deadline: float) -> tuple[list[int], int] | None:
    """Return an optimal order of the core's scenes and its idle cost, or None at the deadline."""
    n = core.size
    durations, casts, costs = core.durations, core.casts, core.costs
    full = (1 << n) - 1
    half = (n + 1) // 2
    # No idle cost can exceed every actor waiting through every scene.
    small_costs = sum(costs) * sum(durations) < 2**30
    value_type = np.int32 if small_costs else np.int64
    mask_cost = _cost_lookup(costs, value_type)

    # Masks index other arrays, so they stay int64 (numpy would convert them on every use).
    cast_of = np.zeros(1, dtype=np.int64)  # cast_of[Q] = a(Q)
    layers = [np.zeros(1, dtype=np.int64)] + [np.zeros(0, dtype=np.int64)] * half
    for i in range(n):
        cast_of = np.concatenate([cast_of, cast_of | casts[i]])
        for k in range(min(i + 1, half), 0, -1):
            layers[k] = np.concatenate([layers[k], layers[k - 1] | (1 << i)])

    unreached = np.iinfo(value_type).max // 4
    best = np.full(1 << n, unreached, dtype=value_type)
    best[0] = 0
    for k in range(half):
        layer = layers[k]
        on = cast_of[layer] & cast_of[full ^ layer]
        base = best[layer]
        for s in range(n):
            if time.monotonic() > deadline:
                return None
            open_ = ((layer >> s) & 1) == 0
            target = layer[open_] | (1 << s)
            idle = mask_cost(on[open_] & ~casts[s])
            idle *= durations[s]
            value = base[open_] + idle
            np.minimum(value, best[target], out=value)
            best[target] = value

    middle = layers[n // 2]
    totals = best[middle].astype(np.int64) + best[full ^ middle]
    pick = int(np.argmin(totals))
    front_set = int(middle[pick])

    def mask_cost_int(mask: int) -> int:
        return sum(costs[j] for j in range(len(costs)) if mask >> j & 1)

    def prefix_order(chosen: int) -> list[int]:
        # Walk back from `chosen` through predecessors that attain best[chosen].
        backwards = []
        while chosen:
            for s in range(n):
                if not chosen >> s & 1:
                    continue
                before = chosen ^ (1 << s)
                on_set = int(cast_of[before]) & int(cast_of[full ^ before])
                step = durations[s] * mask_cost_int(on_set & ~casts[s])
                if int(best[before]) + step == int(best[chosen]):
                    backwards.append(s)
                    chosen = before
                    break
            else:  # pragma: no cover - the table is consistent by construction
                raise AssertionError("dynamic programme table is inconsistent")
        return backwards[::-1]

    order = prefix_order(front_set) + prefix_order(full ^ front_set)[::-1]
    return order, int(totals[pick])
