"""Best-first (A*) search over scene subsets, for cores too large for the full table.

A state is the set Q of scenes already shot (a bitmask); its cost g is the idle cost paid so
far, which depends only on the order inside Q, so each set is kept once with its cheapest g.
States are expanded by increasing g + h, where h is a lower bound on the idle cost still to
come. The first complete state popped is optimal; if the deadline (or the memory cap) comes
first, the smallest g + h left open is a proven lower bound.

* h is the lower bound of the talent-scheduling model in the ddo solver (xgillard/ddo), in
  the line of Garcia de la Banda, Stuckey & Chu (2011): the actors on set must stay until
  their last remaining scene. Split each remaining scene among its on-set actors in
  proportion to their cost; that gives a one-machine weighted-completion problem which Smith's
  ratio rule solves exactly, and a correction term removes the scenes' own (non-idle) cost.
* Dominance: if the cast of a remaining scene is exactly the set of actors on set, shooting it
  next is optimal (moving it forward can only shorten spans), so it is the only child.
* States whose g + h reaches the incumbent (an upper bound from the heuristic) are dropped.
"""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass

from .reduction import Core


@dataclass(slots=True)
class SearchOutcome:
    order: list[int] | None  # an order better than the incumbent, if one was found
    waiting: int | None
    lower_bound: int  # proven lower bound on the core's idle cost
    proven: bool


class IdleBound:
    """h(Q): lower bound on the idle cost of the on-set actors over the remaining scenes."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self._cache: dict[tuple[int, int], int] = {}
        self._pieces: dict[int, tuple[float, float, list[int]]] = {}

    def _piece(self, shared: int) -> tuple[float, float, list[int]]:
        """For a set of on-set actors sharing scenes: 1 / c(set), correction factor, members."""
        costs = self.core.costs
        members = [j for j in range(len(costs)) if shared >> j & 1 and costs[j]]
        weight = sum(costs[j] for j in members)
        if not weight:
            return 0.0, 0.0, []
        square = sum(costs[j] * costs[j] for j in members)
        piece = (1.0 / weight, (weight + square / weight) / 2, members)
        self._pieces[shared] = piece
        return piece

    def __call__(self, remaining: int, on_set: int) -> int:
        if not on_set:
            return 0
        key = (remaining, on_set)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        durations, casts = self.core.durations, self.core.casts
        # Scenes whose on-set actors are the same set act as one piece of summed duration.
        length: dict[int, int] = {}
        rest = remaining
        while rest:
            low = rest & -rest
            rest ^= low
            i = low.bit_length() - 1
            shared = casts[i] & on_set
            if shared:
                length[shared] = length.get(shared, 0) + durations[i]
        ratio: dict[int, float] = {}
        bound = 0.0
        pieces = self._pieces
        for shared, duration in length.items():
            inverse, correction, members = pieces.get(shared) or self._piece(shared)
            bound -= duration * correction
            share = duration * inverse
            for j in members:
                ratio[j] = ratio.get(j, 0.0) + share
        costs = self.core.costs
        elapsed = 0.0
        for j in sorted(ratio, key=ratio.__getitem__):
            elapsed += ratio[j] * costs[j]
            bound += costs[j] * elapsed
        # Float noise must never push the bound above the integer optimum.
        value = max(0, math.ceil(bound - 1e-9 * (1.0 + abs(bound))))
        self._cache[key] = value
        return value


MAX_STATES = 600_000  # about 300 MB of states; beyond that the search gives up unproven


def search_solve(
    core: Core, *, incumbent: int, deadline: float, bound: IdleBound | None = None
) -> SearchOutcome:
    """Look for an order with idle cost below `incumbent`; prove there is none otherwise.

    Stops unproven at the deadline or when it holds `MAX_STATES` states.
    """
    n = core.size
    durations, casts, costs = core.durations, core.casts, core.costs
    full = (1 << n) - 1
    scenes_of = [sum(1 << i for i in range(n) if casts[i] >> j & 1) for j in range(len(costs))]
    bound = bound or IdleBound(core)
    cost_cache: dict[int, int] = {}

    def mask_cost(mask: int) -> int:
        value = cost_cache.get(mask)
        if value is None:
            value = sum(costs[j] for j in range(len(costs)) if mask >> j & 1)
            cost_cache[mask] = value
        return value

    everyone = 0
    for cast in casts:
        everyone |= cast
    # (g + h, -depth, g, shot, cast of shot, cast of the rest)
    heap = [(bound(full, 0), 0, 0, 0, 0, everyone)]
    best_g = {0: 0}
    parent: dict[int, int] = {}
    while heap:
        f, depth, g, shot, cast_shot, cast_rest = heapq.heappop(heap)
        if f >= incumbent:
            heap.clear()
            break
        if best_g[shot] < g:
            continue
        if shot == full:
            return SearchOutcome(_path(parent, shot), g, g, proven=True)
        if len(best_g) > MAX_STATES or time.monotonic() > deadline:
            lower = min(f, incumbent)
            return SearchOutcome(None, None, lower, proven=False)
        rest = full ^ shot
        on_set = cast_shot & cast_rest
        children = rest
        if on_set:
            scan = rest
            while scan:
                low = scan & -scan
                scan ^= low
                if casts[low.bit_length() - 1] == on_set:
                    children = low
                    break
        while children:
            low = children & -children
            children ^= low
            s = low.bit_length() - 1
            child = shot | low
            g2 = g + durations[s] * mask_cost(on_set & ~casts[s])
            if g2 >= best_g.get(child, incumbent):
                continue
            remaining = rest ^ low
            leaving = 0
            cast = casts[s]
            while cast:
                bit = cast & -cast
                cast ^= bit
                if not scenes_of[bit.bit_length() - 1] & remaining:
                    leaving |= bit
            child_shot = cast_shot | casts[s]
            child_rest = cast_rest & ~leaving
            f2 = g2 + bound(remaining, child_shot & child_rest)
            if f2 >= incumbent:
                continue
            best_g[child] = g2
            parent[child] = s
            heapq.heappush(heap, (f2, depth - 1, g2, child, child_shot, child_rest))
    return SearchOutcome(None, None, incumbent, proven=True)


def _path(parent: dict[int, int], shot: int) -> list[int]:
    backwards = []
    while shot:
        s = parent[shot]
        backwards.append(s)
        shot ^= 1 << s
    return backwards[::-1]
