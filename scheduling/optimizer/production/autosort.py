"""The incumbents' auto-sort, kept as the baseline the optimiser is judged against.

Sort strips by location, set, DAY before NIGHT and cast ids; cut days at the capacity;
repair illegal days greedily (a strip that cannot be shot on the day being filled waits and
goes into the first day that can take it).
"""

from __future__ import annotations

from .instance import Instance, pack_sequence
from .model import Problem


def autosort_schedule(*, problem: Problem) -> list[list[int]] | None:
    """The auto-sorted board as days of scene numbers, or None if greedy repair fails."""
    inst = Instance(problem)
    set_rank = {s.id: k for k, s in enumerate(problem.sets)}
    order = sorted(
        range(inst.n),
        key=lambda i: (
            inst.loc[i],
            set_rank[inst.set_id[i]],
            inst.night[i],
            tuple(inst.cast_ids[c] for c in inst.cast[i]),
            inst.number[i],
        ),
    )
    days = pack_sequence(inst, order)
    if days is None:
        return None
    position = {i: k for k, i in enumerate(order)}
    return [[inst.number[i] for i in sorted(day, key=position.__getitem__)] for day in days]
