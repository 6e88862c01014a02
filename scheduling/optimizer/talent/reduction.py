"""Preprocessing: shrink an instance into independent cores that have the same optimal orders.

Every rule keeps at least one optimal order (after the preprocessing of Garcia de la Banda,
Stuckey & Chu 2011):

* An actor who costs nothing is dropped.
* An actor in a single scene is paid exactly that scene's duration in any order: a constant,
  so the actor is dropped.
* Scenes with the same cast can be shot back to back in an optimal order, so they are merged
  into one scene whose duration is the sum (their original order is kept inside the block).
  Dropping actors can make casts equal and merging can leave actors in one scene, so the two
  rules run until nothing changes.
* A scene left with no cast costs nothing extra wherever it goes; shot first, it delays
  nobody who is already being paid. All such scenes go first.
* Actors in exactly the same scenes are always paid for the same days: they become one actor
  whose cost is the sum.
* Scenes fall into components linked by shared actors. Shooting the components one after the
  other is optimal: dropping the other components' scenes from any order can only shorten an
  actor's span, so each component costs at least its own optimum in any order.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Core:
    """An independent piece: plain ints for the solvers, and the way back to the scenes.

    `casts[i]` is a bitmask over the core's actors, `groups[i]` the positions of the
    original scenes merged into core scene `i`, in the order they are shot.
    """

    durations: list[int]
    casts: list[int]
    costs: list[int]
    groups: list[list[int]]

    @property
    def size(self) -> int:
        return len(self.durations)

    def expand(self, order: list[int]) -> list[int]:
        return [position for i in order for position in self.groups[i]]


@dataclass(slots=True)
class Reduction:
    free: list[int] = field(default_factory=list)  # scene positions with nobody to wait for
    cores: list[Core] = field(default_factory=list)


def talent_reduce(
    *, durations: list[int], casts: list[frozenset[int]], costs: list[int]
) -> Reduction:
    """Reduce scenes (given by position: duration and set of actor positions) into cores."""
    # An actor who costs nothing cannot change which order is best.
    blocks: list[tuple[list[int], int, frozenset[int]]] = [
        ([i], durations[i], frozenset(a for a in casts[i] if costs[a] > 0))
        for i in range(len(durations))
    ]
    changed = True
    while changed:
        changed = False
        appearances: dict[int, int] = {}
        for _, _, cast in blocks:
            for actor in cast:
                appearances[actor] = appearances.get(actor, 0) + 1
        merged: dict[frozenset[int], tuple[list[int], int, frozenset[int]]] = {}
        free_blocks = []
        for positions, duration, cast in blocks:
            kept = frozenset(a for a in cast if appearances[a] > 1)
            changed |= kept != cast
            if not kept:
                free_blocks.append((positions, duration, kept))
            elif kept in merged:
                previous = merged[kept]
                merged[kept] = (previous[0] + positions, previous[1] + duration, kept)
                changed = True
            else:
                merged[kept] = (positions, duration, kept)
        blocks = free_blocks + list(merged.values())

    reduction = Reduction()
    linked = []
    for positions, duration, cast in blocks:
        if cast:
            linked.append((positions, duration, cast))
        else:
            reduction.free.extend(positions)
    for component in _components(linked):
        reduction.cores.append(_core(component, costs))
    return reduction


def _components(
    blocks: list[tuple[list[int], int, frozenset[int]]],
) -> list[list[tuple[list[int], int, frozenset[int]]]]:
    parent = list(range(len(blocks)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, (_, _, cast) in enumerate(blocks):
        for actor in cast:
            if actor in owner:
                parent[root(i)] = root(owner[actor])
            else:
                owner[actor] = i
    grouped: dict[int, list[tuple[list[int], int, frozenset[int]]]] = {}
    for i, block in enumerate(blocks):
        grouped.setdefault(root(i), []).append(block)
    return list(grouped.values())


def _core(blocks: list[tuple[list[int], int, frozenset[int]]], costs: list[int]) -> Core:
    # Actors with the same set of scenes are one actor as far as any order is concerned.
    scenes_of: dict[int, int] = {}
    for i, (_, _, cast) in enumerate(blocks):
        for actor in cast:
            scenes_of[actor] = scenes_of.get(actor, 0) | (1 << i)
    merged_cost: dict[int, int] = {}
    for actor in sorted(scenes_of):
        merged_cost[scenes_of[actor]] = merged_cost.get(scenes_of[actor], 0) + costs[actor]
    signatures = list(merged_cost)
    casts = [
        sum(1 << j for j, signature in enumerate(signatures) if signature >> i & 1)
        for i in range(len(blocks))
    ]
    return Core(
        durations=[duration for _, duration, _ in blocks],
        casts=casts,
        costs=[merged_cost[signature] for signature in signatures],
        groups=[positions for positions, _, _ in blocks],
    )
