"""Indexed form of a Problem used by the solvers, and day-level building blocks.

Scenes, cast and locations are numbered from 0 here; shoot days stay 1-based. A board under
construction is a list of days, each a list of scene indices (unordered until `board_order`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .model import Problem


class Instance:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        p = problem
        self.n = len(p.scenes)
        self.capacity = p.capacity_eighths
        self.max_locations = p.rules.max_locations_per_day
        self.no_ext_mix = p.rules.no_ext_day_and_ext_night_same_day
        self.move_cost = p.weights.company_move_within_day
        self.change_cost = p.weights.location_change_between_days
        self.max_days = p.max_days
        cast_index = {c.id: k for k, c in enumerate(p.cast)}
        loc_index = {loc.id: k for k, loc in enumerate(p.locations)}
        set_by_id = p.set_by_id
        self.cast_ids = [c.id for c in p.cast]
        self.cast_names = [c.name or str(c.id) for c in p.cast]
        self.rate = [c.daily_rate * p.weights.cast for c in p.cast]
        self.unavailable = [c.unavailable_days for c in p.cast]
        self.loc_names = [loc.name or str(loc.id) for loc in p.locations]
        self.loc_available = [loc.available_days for loc in p.locations]
        self.number = [s.number for s in p.scenes]
        # What the AP calls each scene in messages ("12A"); the number when it has no label.
        self.label = [s.label or str(s.number) for s in p.scenes]
        self.index_of = {s.number: i for i, s in enumerate(p.scenes)}
        self.eighths = [s.eighths for s in p.scenes]
        self.set_id = [s.set for s in p.scenes]
        self.loc = [loc_index[set_by_id[s.set].location] for s in p.scenes]
        ext = [set_by_id[s.set].int_ext == "EXT" for s in p.scenes]
        self.ext_day = [e and s.day_night == "DAY" for e, s in zip(ext, p.scenes, strict=True)]
        self.ext_night = [e and s.day_night == "NIGHT" for e, s in zip(ext, p.scenes, strict=True)]
        self.night = [s.day_night == "NIGHT" for s in p.scenes]
        self.cast = [tuple(sorted(cast_index[c] for c in s.cast)) for s in p.scenes]
        self.scenes_of_cast: list[list[int]] = [[] for _ in p.cast]
        for i, cs in enumerate(self.cast):
            for c in cs:
                self.scenes_of_cast[c].append(i)
        self.n_cast = len(p.cast)
        self.n_locations = len(p.locations)
        # Locks: a fixed day per scene, a fixed position per scene, locked days' contents.
        self.locked_day: list[int | None] = [None] * self.n
        self.locked_position: list[int | None] = [None] * self.n
        self.locked_days: dict[int, list[int]] = {
            d: [self.index_of[x] for x in scenes] for d, scenes in p.locked_days.items()
        }
        for d, members in self.locked_days.items():
            for i in members:
                self.locked_day[i] = d
        self.lock_conflicts: list[str] = []
        for lock in p.strip_locks:
            i = self.index_of[lock.scene]
            if lock.day is not None:
                if self.locked_day[i] is not None and self.locked_day[i] != lock.day:
                    self.lock_conflicts.append(
                        f"scene {lock.scene} is locked to day {lock.day} but its locked day "
                        f"{self.locked_day[i]} holds it"
                    )
                self.locked_day[i] = lock.day
            if lock.position is not None:
                self.locked_position[i] = lock.position

    def allowed(self, i: int, day: int) -> bool:
        """Whether scene i may be shot on shoot day `day` (locks, cast, location windows)."""
        ld = self.locked_day[i]
        if ld is not None:
            return ld == day
        if day in self.locked_days:
            return False
        if self.max_days is not None and day > self.max_days:
            return False
        avail = self.loc_available[self.loc[i]]
        if avail is not None and day not in avail:
            return False
        return all(day not in self.unavailable[c] for c in self.cast[i])

    def fixed_horizon(self) -> int:
        """The last day number any lock, window or unavailability mentions."""
        days = [0]
        days.extend(d for d in self.locked_days)
        days.extend(d for d in self.locked_day if d is not None)
        for u in self.unavailable:
            days.extend(u)
        for a in self.loc_available:
            if a is not None:
                days.extend(a)
        return max(days)


@dataclass
class DayState:
    eighths: int = 0
    locations: dict[int, int] = field(default_factory=dict)  # location -> scene count
    ext_day: int = 0
    ext_night: int = 0
    scenes: list[int] = field(default_factory=list)

    def can_add(self, inst: Instance, i: int, day: int) -> bool:
        if self.eighths + inst.eighths[i] > inst.capacity:
            return False
        if inst.no_ext_mix and (
            (inst.ext_day[i] and self.ext_night) or (inst.ext_night[i] and self.ext_day)
        ):
            return False
        if (
            inst.max_locations
            and inst.loc[i] not in self.locations
            and len(self.locations) >= inst.max_locations
        ):
            return False
        return inst.allowed(i, day)

    def add(self, inst: Instance, i: int) -> None:
        self.eighths += inst.eighths[i]
        self.locations[inst.loc[i]] = self.locations.get(inst.loc[i], 0) + 1
        self.ext_day += inst.ext_day[i]
        self.ext_night += inst.ext_night[i]
        self.scenes.append(i)


def day_is_legal(inst: Instance, scenes: list[int], day: int) -> bool:
    state = DayState()
    for i in scenes:
        if not state.can_add(inst, i, day):
            return False
        state.add(inst, i)
    return True


def pack_sequence(
    inst: Instance, order: list[int], *, day_limit: int | None = None
) -> list[list[int]] | None:
    """Cut a sequence of scenes into legal days, greedily.

    Scenes go into the current day while they fit; a scene that cannot be shot on the day
    being filled (cast unavailable, location closed, rule clash) waits and is retried first
    on each new day. Scenes locked to a day open that day. Returns None when the greedy cut
    fails (the caller then falls back to the exact model).
    """
    if day_limit is None:
        day_limit = inst.fixed_horizon() + inst.n + 1
        if inst.max_days is not None:
            day_limit = min(day_limit, inst.max_days)
    locked_to: dict[int, list[int]] = {}
    for i in range(inst.n):
        d = inst.locked_day[i]
        if d is not None and d not in inst.locked_days:
            locked_to.setdefault(d, []).append(i)
    queue = [i for i in order if inst.locked_day[i] is None]
    days: list[list[int]] = []
    pending: list[int] = []

    def open_day() -> DayState | None:
        d = len(days) + 1
        while d in inst.locked_days:
            days.append(list(inst.locked_days[d]))
            d += 1
        if d > day_limit:
            return None
        state = DayState()
        for i in locked_to.get(d, []):
            state.add(inst, i)
        for i in list(pending):
            if state.can_add(inst, i, d):
                state.add(inst, i)
                pending.remove(i)
        return state

    state = open_day()
    if state is None:
        return None
    for i in queue:
        if state.can_add(inst, i, len(days) + 1):
            state.add(inst, i)
            continue
        if state.scenes:
            days.append(state.scenes)
            state = open_day()
            if state is None:
                return None
        if state.can_add(inst, i, len(days) + 1):
            state.add(inst, i)
        else:
            pending.append(i)
    if state.scenes:
        days.append(state.scenes)
    # Scenes still waiting: first fit into the days built so far, then new days.
    states = []
    for d, scenes in enumerate(days, start=1):
        st = DayState()
        for i in scenes:
            st.add(inst, i)
        states.append((d, st))
    for i in list(pending):
        for d, st in states:
            if d not in inst.locked_days and st.can_add(inst, i, d):
                st.add(inst, i)
                pending.remove(i)
                break
    for d, st in states:
        days[d - 1] = st.scenes
    last_locked = max(list(locked_to) + list(inst.locked_days), default=0)
    while pending or len(days) < last_locked:
        state = open_day()
        if state is None or not state.scenes:
            return None
        days.append(state.scenes)
    return days


def board_order(inst: Instance, days: list[list[int]]) -> list[list[int]]:
    """Order the scenes inside each day to minimise company moves and location changes.

    Each day shoots one block per location; which location opens and closes the day is
    chosen by dynamic programming over the days so that consecutive days meet at the same
    location where possible. Locked days keep their order; position locks are honoured.
    Returns scene numbers.
    """
    options: list[list[tuple[int, int]]] = []
    for d, scenes in enumerate(days, start=1):
        if d in inst.locked_days:
            fixed = inst.locked_days[d]
            options.append([(inst.loc[fixed[0]], inst.loc[fixed[-1]])])
            continue
        locs = sorted({inst.loc[i] for i in scenes})
        if len(locs) == 1:
            options.append([(locs[0], locs[0])])
        else:
            options.append([(a, b) for a in locs for b in locs if a != b])
    # DP: best[k] = (cost, choice index path) ending with option k of the current day.
    best: list[tuple[int, list[int]]] = [(0, [k]) for k in range(len(options[0]))] if days else []
    for d in range(1, len(days)):
        nxt = []
        for k, (start, _end) in enumerate(options[d]):
            cands = []
            for j, (cost, path) in enumerate(best):
                prev_end = options[d - 1][j][1]
                cands.append((cost + (start != prev_end) * inst.change_cost, path))
            cost, path = min(cands, key=lambda t: t[0])
            nxt.append((cost, [*path, k]))
        best = nxt
    if not days:
        return []
    path = min(best, key=lambda t: t[0])[1]
    out: list[list[int]] = []
    for d, scenes in enumerate(days, start=1):
        if d in inst.locked_days:
            out.append([inst.number[i] for i in inst.locked_days[d]])
            continue
        start, end = options[d - 1][path[d - 1]]

        def key(i: int, start: int = start, end: int = end) -> tuple:
            block = 0 if inst.loc[i] == start else (2 if inst.loc[i] == end else 1)
            return (block, inst.loc[i], inst.set_id[i], inst.night[i], inst.number[i])

        ordered = sorted(scenes, key=key)
        pinned = sorted(
            (inst.locked_position[i], i) for i in ordered if inst.locked_position[i] is not None
        )
        if pinned:
            free = [i for i in ordered if inst.locked_position[i] is None]
            ordered = free
            for pos, i in pinned:
                ordered.insert(min(pos - 1, len(ordered)), i)
        out.append([inst.number[i] for i in ordered])
    return out


def board_cost(inst: Instance, days: list[list[int]]) -> tuple[int, int]:
    """(cast cost, move cost) of days of scene indices, ordered as `board_order` would."""
    first = [0] * inst.n_cast
    last = [0] * inst.n_cast
    for d, scenes in enumerate(days, start=1):
        for i in scenes:
            for c in inst.cast[i]:
                if not first[c]:
                    first[c] = d
                last[c] = d
    cast_cost = sum(r * (b - a + 1) for r, a, b in zip(inst.rate, first, last, strict=True) if a)
    moves = 0
    # Changes between days by DP over (start, end) choices, as in board_order.
    best: dict[int, int] = {}
    for d, scenes in enumerate(days, start=1):
        if d in inst.locked_days:
            fixed = inst.locked_days[d]
            locs_seq = [inst.loc[i] for i in fixed]
            moves += sum(a != b for a, b in itertools.pairwise(locs_seq))
            opts = [(locs_seq[0], locs_seq[-1])]
        else:
            locs = sorted({inst.loc[i] for i in scenes})
            moves += len(locs) - 1
            opts = (
                [(locs[0], locs[0])]
                if len(locs) == 1
                else [(a, b) for a in locs for b in locs if a != b]
            )
        nxt: dict[int, int] = {}
        for start, end in opts:
            cost = min(c + (start != e) * inst.change_cost for e, c in best.items()) if best else 0
            if end not in nxt or cost < nxt[end]:
                nxt[end] = cost
        best = nxt
    changes_cost = min(best.values()) if best else 0
    return cast_cost, moves * inst.move_cost + changes_cost
