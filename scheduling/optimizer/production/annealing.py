"""Simulated annealing on a board with incremental cost.

Moves: relocate a scene to another day (or a new last day), swap two scenes between days,
move a whole day to another position, swap two days, reverse a run of days, and ruin and
recreate: take every scene of one day (the day is then deleted and the later days move up
one, which is how the board loses a day) or of a few days out, and put each back where it
costs least (`_recreate`); and its inverse, split a day in two (`_split`). Small moves are
applied, priced from the touched days and cast only, and undone when rejected; the big ones
are built aside, priced whole and loaded when accepted. Legality is kept at all
times, and days never become empty except the last one (so shoot-day numbers, which
unavailability and windows refer to, stay meaningful).

The internal price of changes between days is a proxy (a change wherever two consecutive
days share no location); the exact board is re-priced with `board_cost` when kept.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from .instance import Instance, board_cost


class Annealer:
    recreate_rate = 0.004  # share of steps that ruin and recreate (each costs ~40 steps)
    # Fractions of the run at which a chain that wandered off goes back to the best board
    # (in the main search that includes the second annealer's boards, so the two chains
    # act as a small population with the best kept).
    restarts: tuple[float, ...] = (0.5, 0.75)

    def __init__(self, inst: Instance, days: list[list[int]], *, seed: int = 0) -> None:
        self.inst = inst
        self.rng = random.Random(seed)
        self.cap = inst.capacity
        self.maxloc = inst.max_locations or 10**9
        self.movable = [inst.locked_day[i] is None for i in range(inst.n)]
        self.horizon = max(len(days) + inst.n, inst.fixed_horizon() + 1)
        if inst.max_days is not None:
            self.horizon = min(self.horizon, inst.max_days)
        # allowed[i][d] for d in 0..horizon (index 0 unused); locks are honoured here.
        self.allowed = [
            [False] + [inst.allowed(i, d) for d in range(1, self.horizon + 1)]
            for i in range(inst.n)
        ]
        self.locked_days = set(inst.locked_days)
        # Days up to here hold a lock: a day after it may be deleted (later days move up).
        self.shift_floor = max(
            [0, *inst.locked_days, *(d for d in inst.locked_day if d is not None)]
        )
        self._load(days)
        self.best = [list(d) for d in days]
        self.best_cost = sum(board_cost(inst, self.best))

    # --- state ---------------------------------------------------------------------------

    def _load(self, days: list[list[int]]) -> None:
        inst = self.inst
        H = self.horizon + 2
        self.nd = len(days)
        self.day_of = [0] * inst.n
        self.members: list[list[int]] = [[] for _ in range(H)]
        self.eighths = [0] * H
        self.locs: list[dict[int, int]] = [{} for _ in range(H)]
        self.ext_day = [0] * H
        self.ext_night = [0] * H
        self.cnt = [[0] * H for _ in range(inst.n_cast)]
        for d, scenes in enumerate(days, start=1):
            for i in scenes:
                self._add(i, d)
        self.first = [0] * inst.n_cast
        self.last = [0] * inst.n_cast
        for c in range(inst.n_cast):
            self._span(c)
        self.cost = self._full_cost()

    def _add(self, i: int, d: int) -> None:
        inst = self.inst
        self.day_of[i] = d
        self.members[d].append(i)
        self.eighths[d] += inst.eighths[i]
        lo = inst.loc[i]
        self.locs[d][lo] = self.locs[d].get(lo, 0) + 1
        self.ext_day[d] += inst.ext_day[i]
        self.ext_night[d] += inst.ext_night[i]
        for c in inst.cast[i]:
            self.cnt[c][d] += 1

    def _remove(self, i: int, d: int) -> None:
        inst = self.inst
        self.members[d].remove(i)
        self.eighths[d] -= inst.eighths[i]
        lo = inst.loc[i]
        k = self.locs[d][lo] - 1
        if k:
            self.locs[d][lo] = k
        else:
            del self.locs[d][lo]
        self.ext_day[d] -= inst.ext_day[i]
        self.ext_night[d] -= inst.ext_night[i]
        for c in inst.cast[i]:
            self.cnt[c][d] -= 1

    def _span(self, c: int) -> None:
        row = self.cnt[c]
        nd = self.nd
        f = 0
        for d in range(1, nd + 1):
            if row[d]:
                f = d
                break
        if not f:
            self.first[c] = self.last[c] = 0
            return
        lst = f
        for d in range(nd, f - 1, -1):
            if row[d]:
                lst = d
                break
        self.first[c] = f
        self.last[c] = lst

    def _cast_cost(self, c: int) -> int:
        f = self.first[c]
        return self.inst.rate[c] * (self.last[c] - f + 1) if f else 0

    def _day_moves(self, d: int) -> int:
        n = len(self.locs[d])
        return (n - 1) * self.inst.move_cost if n > 1 else 0

    def _pair(self, d: int) -> int:
        """Proxy price of the change into day d from day d - 1."""
        if d <= 1 or d > self.nd:
            return 0
        a, b = self.locs[d - 1], self.locs[d]
        if not a or not b:
            return 0
        for lo in b:
            if lo in a:
                return 0
        return self.inst.change_cost

    def _full_cost(self) -> int:
        total = sum(self._cast_cost(c) for c in range(self.inst.n_cast))
        total += sum(self._day_moves(d) for d in range(1, self.nd + 1))
        total += sum(self._pair(d) for d in range(2, self.nd + 1))
        return total

    def _legal_day(self, d: int) -> bool:
        return (
            self.eighths[d] <= self.cap
            and len(self.locs[d]) <= self.maxloc
            and not (self.inst.no_ext_mix and self.ext_day[d] and self.ext_night[d])
        )

    def days(self) -> list[list[int]]:
        return [list(self.members[d]) for d in range(1, self.nd + 1)]

    # --- moves ---------------------------------------------------------------------------

    def _local_cost(self, cast: set[int], days: set[int]) -> int:
        total = sum(self._cast_cost(c) for c in cast)
        pairs = set()
        for d in days:
            total += self._day_moves(d)
            pairs.add(d)
            pairs.add(d + 1)
        total += sum(self._pair(d) for d in pairs)
        return total

    def _shift_scenes(self, moves: list[tuple[int, int]]) -> int | None:
        """Move scenes (i, to_day); return the cost delta, or None if illegal (undone)."""
        inst = self.inst
        cast: set[int] = set()
        days: set[int] = set()
        for i, to in moves:
            cast.update(inst.cast[i])
            days.add(self.day_of[i])
            days.add(to)
        old_nd = self.nd
        before = self._local_cost(cast, days)
        back = [(i, self.day_of[i]) for i, _ in moves]
        for i, to in moves:
            self._remove(i, self.day_of[i])
            self._add(i, to)
        grow = max(to for _, to in moves)
        if grow > self.nd:
            self.nd = grow
        while self.nd and not self.members[self.nd]:
            self.nd -= 1
        ok = all(self._legal_day(d) for d in days) and all(
            self.members[d] or d > self.nd for d in days
        )
        if not ok:
            for i, to in reversed(back):
                self._remove(i, self.day_of[i])
                self._add(i, to)
            self.nd = old_nd
            return None
        for c in cast:
            self._span(c)
        after = self._local_cost(cast, days)
        if self.nd != old_nd:
            # The last day appeared or vanished: the pair into it changes too.
            after += 0
        return after - before

    def _undo_shift(self, moves: list[tuple[int, int]], old_days: list[int], old_nd: int) -> None:
        inst = self.inst
        cast: set[int] = set()
        for (i, _), d in zip(moves, old_days, strict=True):
            self._remove(i, self.day_of[i])
            self._add(i, d)
            cast.update(inst.cast[i])
        self.nd = old_nd
        for c in cast:
            self._span(c)

    def _permute_days(self, order: list[int], lo: int) -> bool:
        """Put days `order` (old numbers) at positions lo, lo+1, ...; False if illegal."""
        inst = self.inst
        for k, d in enumerate(order):
            to = lo + k
            if to == d:
                continue
            for i in self.members[d]:
                if not self.allowed[i][to]:
                    return False
        snapshot = [
            (self.members[d], self.eighths[d], self.locs[d], self.ext_day[d], self.ext_night[d])
            for d in order
        ]
        for k, snap in enumerate(snapshot):
            to = lo + k
            (
                self.members[to],
                self.eighths[to],
                self.locs[to],
                self.ext_day[to],
                self.ext_night[to],
            ) = snap
            for i in snap[0]:
                self.day_of[i] = to
        touched: set[int] = set()
        for d in order:
            for i in self.members[d]:
                touched.update(inst.cast[i])
        for c in touched:
            row = self.cnt[c]
            vals = [row[d] for d in order]
            for k, v in enumerate(vals):
                row[lo + k] = v
            self._span(c)
        return True

    def _try_days(self, order: list[int], lo: int, temp: float) -> None:
        before = self.cost
        if not self._permute_days(order, lo):
            return
        new = self._full_cost()
        delta = new - before
        if delta <= 0 or self.rng.random() < math.exp(-delta / temp):
            self.cost = new
            return
        inverse = [0] * len(order)
        for k, d in enumerate(order):
            inverse[d - lo] = lo + k
        self._permute_days(inverse, lo)

    # --- ruin and recreate ---------------------------------------------------------------

    def _board_cost(self, days: list[list[int]]) -> int:
        """The internal (proxy) price of a board given as lists, as `_full_cost` prices it."""
        inst = self.inst
        first = [0] * inst.n_cast
        last = [0] * inst.n_cast
        total = 0
        prev: set[int] = set()
        for d, scenes in enumerate(days, start=1):
            locs = set()
            for i in scenes:
                locs.add(inst.loc[i])
                for c in inst.cast[i]:
                    if not first[c]:
                        first[c] = d
                    last[c] = d
            total += (len(locs) - 1) * inst.move_cost if len(locs) > 1 else 0
            if d > 1 and locs and prev and not (locs & prev):
                total += inst.change_cost
            prev = locs
        rate = inst.rate
        return total + sum(
            rate[c] * (last[c] - first[c] + 1) for c in range(inst.n_cast) if first[c]
        )

    def _recreate(self, out_days: list[int], delete: bool) -> list[list[int]] | None:
        """Take out every scene of `out_days`, delete those days if `delete` (else they stay,
        emptied, to be refilled), and put each scene back on the legal day where it costs
        least (cast days it adds, a company move if its location is new there), biggest
        scenes first. None when some scene fits nowhere or a day cannot move up."""
        inst, rng = self.inst, self.rng
        nd = self.nd
        gone = set(out_days)
        removed = [i for d in out_days for i in self.members[d]]
        if delete:
            keep = [d for d in range(1, nd + 1) if d not in gone]
            for new, old in enumerate(keep, start=1):
                if new != old:
                    for i in self.members[old]:
                        if not self.allowed[i][new]:
                            return None
            days = [list(self.members[d]) for d in keep]
        else:
            days = [[] if d in gone else list(self.members[d]) for d in range(1, nd + 1)]
        m = len(days)
        if not m:
            return None
        first = [0] * inst.n_cast
        last = [0] * inst.n_cast
        eighths = [0] * m
        locs: list[dict[int, int]] = [{} for _ in range(m)]
        ext_d = [0] * m
        ext_n = [0] * m
        for k, scenes in enumerate(days):
            for i in scenes:
                eighths[k] += inst.eighths[i]
                lo = inst.loc[i]
                locs[k][lo] = locs[k].get(lo, 0) + 1
                ext_d[k] += inst.ext_day[i]
                ext_n[k] += inst.ext_night[i]
                for c in inst.cast[i]:
                    if not first[c] or first[c] > k + 1:
                        first[c] = k + 1
                    if last[c] < k + 1:
                        last[c] = k + 1
        removed.sort(key=lambda i: -inst.eighths[i] - 4 * rng.random())
        cap, maxloc, mix, rate = self.cap, self.maxloc, inst.no_ext_mix, inst.rate
        for i in removed:
            e, lo, xd, xn, cs = (
                inst.eighths[i],
                inst.loc[i],
                inst.ext_day[i],
                inst.ext_night[i],
                inst.cast[i],
            )
            allowed = self.allowed[i]
            best_k, best_v = -1, None
            for k in range(m):
                if eighths[k] + e > cap or not allowed[k + 1]:
                    continue
                here = locs[k]
                new_loc = lo not in here
                if new_loc and len(here) >= maxloc:
                    continue
                if mix and ((xd and ext_n[k]) or (xn and ext_d[k])):
                    continue
                d = k + 1
                v = inst.move_cost if new_loc and here else 0
                for c in cs:
                    f = first[c]
                    if not f:
                        continue  # the first day anywhere costs the same
                    if d < f:
                        v += rate[c] * (f - d)
                    elif d > last[c]:
                        v += rate[c] * (d - last[c])
                v = v * 64 + (cap - eighths[k] - e)  # ties: the fuller day (tighter packing)
                if best_v is None or v < best_v:
                    best_k, best_v = k, v
            if best_k < 0:
                return None
            k = best_k
            days[k].append(i)
            eighths[k] += e
            locs[k][lo] = locs[k].get(lo, 0) + 1
            ext_d[k] += xd
            ext_n[k] += xn
            for c in cs:
                if not first[c] or first[c] > k + 1:
                    first[c] = k + 1
                if last[c] < k + 1:
                    last[c] = k + 1
        if not delete:
            # A day left empty can only go if nothing after it has to move up.
            while days and not days[-1]:
                days.pop()
            if any(not d for d in days):
                return None
        return days

    def _split(self, d: int) -> list[list[int]] | None:
        """Day d in two: one location's scenes (or a random part) go to a new day d + 1, and
        the later days move down one. The inverse of dissolving a day, so that the search
        can add a day where it needs one as easily as it drops one."""
        inst, rng = self.inst, self.rng
        scenes = self.members[d]
        if len(scenes) < 2 or self.nd + 1 > self.horizon:
            return None
        locs = sorted({inst.loc[i] for i in scenes})
        if len(locs) > 1 and rng.random() < 0.7:
            lo = rng.choice(locs)
            part = [i for i in scenes if inst.loc[i] == lo]
        else:
            part = [i for i in scenes if rng.random() < 0.5]
        if not part or len(part) == len(scenes):
            return None
        moving = set(part)
        days = [list(self.members[k]) for k in range(1, d)]
        days.append([i for i in scenes if i not in moving])
        days.append(part)
        days.extend(list(self.members[k]) for k in range(d + 1, self.nd + 1))
        for k in range(d + 1, len(days) + 1):
            for i in days[k - 1]:
                if not self.allowed[i][k]:
                    return None
        return days

    def _try_recreate(self, temp: float) -> None:
        nd, rng = self.nd, self.rng
        lo = self.shift_floor + 1
        if nd - lo < 1:
            return
        r = rng.random()
        if r < 0.3:
            days = self._split(rng.randint(lo, nd))
            if days is not None:
                self._accept_board(days, temp)
            return
        if r < 0.6:
            out, delete = [rng.randint(lo, nd)], True
        else:
            k = rng.randint(2, 3)
            if nd - lo + 1 < k:
                return
            out, delete = rng.sample(range(lo, nd + 1), k), False
        days = self._recreate(out, delete)
        if days is not None:
            self._accept_board(days, temp)

    def _accept_board(self, days: list[list[int]], temp: float) -> None:
        rng = self.rng
        new = self._board_cost(days)
        delta = new - self.cost
        if delta <= 0 or rng.random() < math.exp(-delta / temp):
            self._load(days)

    def step(self, temp: float) -> None:
        inst, rng = self.inst, self.rng
        r = rng.random()
        nd = self.nd
        if r < self.recreate_rate:
            self._try_recreate(temp)
            return
        if r < 0.08 and nd > 2:
            # Move one day elsewhere, or reverse a run of days.
            a, b = sorted(rng.sample(range(1, nd + 1), 2))
            if a in self.locked_days or b in self.locked_days:
                return
            if any(a <= d <= b for d in self.locked_days):
                return
            span = list(range(a, b + 1))
            kind = rng.random()
            if kind < 0.3:
                order = [*span[1:], span[0]]
            elif kind < 0.6:
                order = [span[-1], *span[:-1]]
            elif kind < 0.85:
                order = [span[-1], *span[1:-1], span[0]]  # swap two days
            else:
                order = span[::-1]
            self._try_days(order, a, temp)
            return
        i = rng.randrange(inst.n)
        if not self.movable[i]:
            return
        d1 = self.day_of[i]
        if r < 0.6:
            d2 = rng.randrange(1, min(nd + 1, self.horizon) + 1)
            if d2 == d1 or not self.allowed[i][d2]:
                return
            if len(self.members[d1]) == 1 and d1 != nd:
                return
            moves = [(i, d2)]
        else:
            j = rng.randrange(inst.n)
            d2 = self.day_of[j]
            if d2 == d1 or not self.movable[j]:
                return
            if not self.allowed[i][d2] or not self.allowed[j][d1]:
                return
            moves = [(i, d2), (j, d1)]
        old_days = [self.day_of[k] for k, _ in moves]
        old_nd = self.nd
        delta = self._shift_scenes(moves)
        if delta is None:
            return
        if self.nd != old_nd:
            delta = self._full_cost() - self.cost
        if delta <= 0 or rng.random() < math.exp(-delta / temp):
            self.cost += delta
        else:
            self._undo_shift(moves, old_days, old_nd)

    def run(
        self,
        deadline: float,
        *,
        t0: float,
        t1: float,
        check_every: int = 2000,
        on_tick: Callable[[], bool] | None = None,
    ) -> None:
        """Anneal from t0 down to t1 (geometrically in time) until `deadline` or `on_tick()`."""
        start = time.monotonic()
        next_tick = start + 0.2
        total = max(1e-3, deadline - start)
        temp = t0
        k = 0
        best_internal = self.cost
        restarts = sorted(self.restarts)
        while True:
            if k % 256 == 0:
                now = time.monotonic()
                if now >= deadline:
                    break
                frac = (now - start) / total
                temp = t0 * (t1 / t0) ** frac
                if restarts and frac >= restarts[0]:
                    # Back to the best board found (by either search) if this chain has
                    # wandered off: the cooler rest of the run then refines the best basin.
                    restarts.pop(0)
                    if self._board_cost(self.best) < self.cost:
                        self._load(self.best)
                if on_tick is not None and now >= next_tick:
                    next_tick = now + 0.5
                    if on_tick():
                        break
            self.step(temp)
            k += 1
            if self.cost < best_internal or (k % check_every == 0 and self.cost <= best_internal):
                if self.cost < best_internal:
                    best_internal = self.cost
                days = self.days()
                exact = sum(board_cost(self.inst, days))
                if exact < self.best_cost:
                    self.best, self.best_cost = days, exact
        self.steps = k
