"""CP-SAT day model and large-neighbourhood search over it.

The day model assigns every scene to one of D day slots (used slots form a prefix, so the
board has no empty day) and prices a board exactly as `board_cost` does:

- cast: ``b[c,d]`` (c has started by day d) rises and ``a[c,d]`` (c still works on or after
  day d) falls; c is paid ``sum_d b + sum_d a - D`` days;
- moves: one block per location in a day, so ``#locations - 1`` company moves; the location
  that opens and the one that closes each day (``f``/``g``) price the changes between days.

LNS fixes most scenes to their day and lets CP-SAT re-place the rest (a window of days, a
random handful of days, or every scene of a few cast members) with the incumbent as hint.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .instance import Instance, board_cost


class DayModel:
    def __init__(self, inst: Instance, n_days: int) -> None:
        self.inst = inst
        self.D = D = n_days
        m = self.model = cp_model.CpModel()
        days = range(1, D + 1)
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.x_of: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(inst.n)]
        on_day: dict[int, list[int]] = {d: [] for d in days}
        for i in range(inst.n):
            for d in days:
                if inst.allowed(i, d):
                    v = m.new_bool_var(f"x{i}_{d}")
                    self.x[i, d] = v
                    self.x_of[i].append((d, v))
                    on_day[d].append(i)
            m.add_exactly_one(v for _, v in self.x_of[i])
        self.on_day = on_day
        self.used = {d: m.new_bool_var(f"used{d}") for d in days}
        for d in days:
            xs = [self.x[i, d] for i in on_day[d]]
            if not xs:
                m.add(self.used[d] == 0)
                continue
            for v in xs:
                m.add_implication(v, self.used[d])
            m.add_bool_or([*xs, self.used[d].Not()])
            m.add(sum(inst.eighths[i] * self.x[i, d] for i in on_day[d]) <= inst.capacity)
            for i in on_day[d]:
                pos = inst.locked_position[i]
                if pos is not None and pos > 1:
                    m.add(sum(xs) >= pos).only_enforce_if(self.x[i, d])
        for d in range(1, D):
            m.add_implication(self.used[d + 1], self.used[d])
        # EXT DAY and EXT NIGHT never share a day.
        self.ext: dict[int, cp_model.IntVar] = {}
        if inst.no_ext_mix:
            for d in days:
                eds = [i for i in on_day[d] if inst.ext_day[i]]
                ens = [i for i in on_day[d] if inst.ext_night[i]]
                if eds and ens:
                    e = self.ext[d] = m.new_bool_var(f"extday{d}")
                    for i in eds:
                        m.add_implication(self.x[i, d], e)
                    for i in ens:
                        m.add_implication(self.x[i, d], e.Not())
        # Locations per day.
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}
        move_terms = []
        for d in days:
            locs = sorted({inst.loc[i] for i in on_day[d]})
            for lo in locs:
                self.y[lo, d] = m.new_bool_var(f"y{lo}_{d}")
            for i in on_day[d]:
                m.add_implication(self.x[i, d], self.y[inst.loc[i], d])
            if locs:
                if inst.max_locations and len(locs) > inst.max_locations:
                    m.add(sum(self.y[lo, d] for lo in locs) <= inst.max_locations)
                move_terms.append(sum(self.y[lo, d] for lo in locs) - self.used[d])
        # Location that opens (f) and closes (g) each day; changes between days.
        self.f: dict[tuple[int, int], cp_model.IntVar] = {}
        self.g: dict[tuple[int, int], cp_model.IntVar] = {}
        self.change: dict[int, cp_model.IntVar] = {}
        self.single: dict[int, cp_model.IntVar] = {}
        if inst.change_cost and inst.n_locations > 1:
            for d in days:
                locs = sorted({inst.loc[i] for i in on_day[d]})
                if not locs:
                    continue
                for lo in locs:
                    self.f[lo, d] = m.new_bool_var(f"f{lo}_{d}")
                    self.g[lo, d] = m.new_bool_var(f"g{lo}_{d}")
                    m.add_implication(self.f[lo, d], self.y[lo, d])
                    m.add_implication(self.g[lo, d], self.y[lo, d])
                m.add(sum(self.f[lo, d] for lo in locs) == self.used[d])
                m.add(sum(self.g[lo, d] for lo in locs) == self.used[d])
                if len(locs) > 1:
                    s = self.single[d] = m.new_bool_var(f"single{d}")
                    m.add(sum(self.y[lo, d] for lo in locs) + s <= 2)
                    for lo in locs:
                        m.add(self.f[lo, d] + self.g[lo, d] <= 1 + s)
            for d in range(2, D + 1):
                prev = [lo for lo in range(inst.n_locations) if (lo, d - 1) in self.g]
                if not prev or not any((lo, d) in self.f for lo in range(inst.n_locations)):
                    continue
                ch = self.change[d] = m.new_bool_var(f"change{d}")
                for lo in prev:
                    fl = self.f.get((lo, d))
                    if fl is None:
                        m.add(ch >= self.g[lo, d - 1] + self.used[d] - 1)
                    else:
                        m.add(ch >= self.g[lo, d - 1] + self.used[d] - 1 - fl)
        # Cast spans.
        self.b: dict[tuple[int, int], cp_model.IntVar] = {}
        self.a: dict[tuple[int, int], cp_model.IntVar] = {}
        self.w: dict[tuple[int, int], cp_model.IntVar] = {}
        cast_terms = []
        for c in range(inst.n_cast):
            scenes = inst.scenes_of_cast[c]
            if not scenes:
                continue
            for d in days:
                self.b[c, d] = m.new_bool_var(f"b{c}_{d}")
                self.a[c, d] = m.new_bool_var(f"a{c}_{d}")
                here = [i for i in scenes if (i, d) in self.x]
                if here:
                    w = self.w[c, d] = m.new_bool_var(f"w{c}_{d}")
                    for i in here:
                        m.add_implication(self.x[i, d], w)
                    m.add_implication(w, self.b[c, d])
                    m.add_implication(w, self.a[c, d])
            for d in range(1, D):
                m.add_implication(self.b[c, d], self.b[c, d + 1])
                m.add_implication(self.a[c, d + 1], self.a[c, d])
            cast_terms.append(
                inst.rate[c]
                * (sum(self.b[c, d] for d in days) + sum(self.a[c, d] for d in days) - D)
            )
        self.cast_expr = sum(cast_terms)
        self.move_expr = inst.move_cost * sum(move_terms) + inst.change_cost * sum(
            self.change.values()
        )
        m.minimize(self.cast_expr + self.move_expr)
        self.x_index = {key: v.index for key, v in self.x.items()}

    # --- solutions -----------------------------------------------------------------------

    def hint_values(self, days: list[list[int]]) -> dict[int, int]:
        """Values of every variable for a board (days of scene indices), for a full hint."""
        inst = self.inst
        vals: dict[int, int] = {v.index: 0 for v in self.x.values()}
        day_of = {}
        for d, scenes in enumerate(days, start=1):
            for i in scenes:
                day_of[i] = d
                vals[self.x[i, d].index] = 1
        for d, v in self.used.items():
            vals[v.index] = int(d <= len(days))
        for d, e in self.ext.items():
            vals[e.index] = int(d <= len(days) and any(inst.ext_day[i] for i in days[d - 1]))
        for (lo, d), v in self.y.items():
            vals[v.index] = int(d <= len(days) and any(inst.loc[i] == lo for i in days[d - 1]))
        first = [0] * inst.n_cast
        last = [0] * inst.n_cast
        for d, scenes in enumerate(days, start=1):
            for i in scenes:
                for c in inst.cast[i]:
                    if not first[c]:
                        first[c] = d
                    last[c] = d
        for (c, d), v in self.w.items():
            vals[v.index] = int(d <= len(days) and any(c in inst.cast[i] for i in days[d - 1]))
        for (c, d), v in self.b.items():
            vals[v.index] = int(first[c] and d >= first[c])
        for (c, d), v in self.a.items():
            vals[v.index] = int(first[c] and d <= last[c])
        if self.f:
            ends = _day_ends(inst, days)
            for (lo, d), v in self.f.items():
                vals[v.index] = int(d <= len(days) and ends[d - 1][0] == lo)
            for (lo, d), v in self.g.items():
                vals[v.index] = int(d <= len(days) and ends[d - 1][1] == lo)
            for d, v in self.single.items():
                vals[v.index] = int(d <= len(days) and len({inst.loc[i] for i in days[d - 1]}) == 1)
            for d, v in self.change.items():
                vals[v.index] = int(d <= len(days) and ends[d - 1][0] != ends[d - 2][1])
        return vals

    def read(self, solver: cp_model.CpSolver) -> list[list[int]]:
        days = []
        for d in range(1, self.D + 1):
            scenes = [i for i in self.on_day[d] if solver.boolean_value(self.x[i, d])]
            if scenes:
                days.append(scenes)
        return days


def _day_ends(inst: Instance, days: list[list[int]]) -> list[tuple[int, int]]:
    """Opening and closing location of each day, as `board_order` chooses them."""
    from .instance import board_order

    ordered = board_order(inst, days)
    loc_of = {inst.number[i]: inst.loc[i] for i in range(inst.n)}
    return [(loc_of[day[0]], loc_of[day[-1]]) for day in ordered]


def _solver(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def model_solve(
    model: DayModel,
    *,
    deadline: float,
    workers: int,
    hint: list[list[int]] | None = None,
    seed: int = 0,
) -> tuple[int, list[list[int]] | None]:
    """Solve the full day model (used when the greedy starts fail). Returns (status, days)."""
    if hint is not None:
        model.model.clear_hints()
        for idx, val in model.hint_values(hint).items():
            model.model.proto.solution_hint.vars.append(idx)
            model.model.proto.solution_hint.values.append(val)
    solver = _solver(deadline - time.monotonic(), workers, seed)
    status = solver.solve(model.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, model.read(solver)
    return status, None


class LNS:
    """Large-neighbourhood search on a DayModel, starting from a legal board."""

    def __init__(
        self, inst: Instance, days: list[list[int]], *, slack_days: int = 2, seed: int = 0
    ):
        self.inst = inst
        self.rng = random.Random(seed)
        self.best = [list(d) for d in days]
        self.best_cost = sum(board_cost(inst, self.best))
        n_days = len(days) + slack_days
        if inst.max_days is not None:
            n_days = max(len(days), min(n_days, inst.max_days))
        self.model = DayModel(inst, n_days)
        self.size = max(8, min(inst.n, 30))
        self.iterations = 0
        self.improvements = 0

    def _neighbourhood(self) -> tuple[set[int], set[int] | None]:
        """Free scenes, and the days they may move to (None = any day)."""
        inst, rng, days = self.inst, self.rng, self.best
        n_days = len(days)
        kind = rng.random()
        free: set[int] = set()
        if kind < 0.35:
            # A window of consecutive days.
            avg = max(1.0, inst.n / max(1, n_days))
            k = max(2, min(n_days, round(self.size / avg)))
            start = rng.randrange(0, n_days - k + 1)
            window = set(range(start + 1, start + k + 1))
            if start + k == n_days:
                window |= set(range(n_days + 1, self.model.D + 1))
            for d in range(start, start + k):
                free.update(days[d])
            return free, window
        if kind < 0.65:
            # A handful of days from anywhere: lets whole days trade places.
            avg = max(1.0, inst.n / max(1, n_days))
            k = max(2, min(n_days, round(self.size / avg)))
            chosen = rng.sample(range(n_days), k)
            window = {d + 1 for d in chosen} | set(range(n_days + 1, self.model.D + 1))
            for d in chosen:
                free.update(days[d])
            return free, window
        # Every scene of some cast members (weighted by what they cost), plus a window.
        day_of = {i: d for d, scenes in enumerate(days) for i in scenes}
        weights = []
        for c in range(inst.n_cast):
            ds = [day_of[i] for i in inst.scenes_of_cast[c]]
            span = (max(ds) - min(ds) + 1) if ds else 0
            work = len(set(ds))
            weights.append(inst.rate[c] * (span - work) + 1 if ds else 0)
        while len(free) < self.size * 0.6 and any(weights):
            c = rng.choices(range(inst.n_cast), weights=weights)[0]
            weights[c] = 0
            scenes = inst.scenes_of_cast[c]
            if len(free) + len(scenes) > self.size * 1.2:
                scenes = rng.sample(scenes, max(1, int(self.size * 1.2) - len(free)))
            free.update(scenes)
        d0 = rng.randrange(n_days)
        while len(free) < self.size and d0 < n_days:
            free.update(days[d0])
            d0 += 1
        return free, None

    def step(self, deadline: float, workers: int, seconds: float) -> None:
        inst, model = self.inst, self.model
        free, window = self._neighbourhood()
        day_of = {i: d for d, scenes in enumerate(self.best, start=1) for i in scenes}
        proto = model.model.proto
        changed = []
        for i in range(inst.n):
            for d, v in model.x_of[i]:
                if i in free:
                    if window is None or d in window or d == day_of[i]:
                        continue
                    val = 0
                else:
                    val = int(d == day_of[i])
                dom = proto.variables[v.index].domain
                dom[0] = val
                dom[1] = val
                changed.append(v.index)
        model.model.clear_hints()
        hint = proto.solution_hint
        for idx, val in model.hint_values(self.best).items():
            hint.vars.append(idx)
            hint.values.append(val)
        limit = min(seconds, deadline - time.monotonic())
        solver = _solver(limit, workers, self.rng.randrange(1 << 30))
        status = solver.solve(model.model)
        for idx in changed:
            dom = proto.variables[idx].domain
            dom[0] = 0
            dom[1] = 1
        self.iterations += 1
        if status == cp_model.OPTIMAL and solver.wall_time < limit * 0.5:
            self.size = min(inst.n, self.size + 2)
        elif status != cp_model.OPTIMAL:
            self.size = max(8, self.size - 2)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            days = model.read(solver)
            cost = sum(board_cost(inst, days))
            if cost <= self.best_cost:
                if cost < self.best_cost:
                    self.improvements += 1
                self.best, self.best_cost = days, cost

    def run(
        self,
        deadline: float,
        *,
        workers: int,
        step_seconds: float = 2.0,
        on_improve: Callable[[int], None] | None = None,
    ) -> None:
        while deadline - time.monotonic() > 0.05:
            before = self.best_cost
            self.step(deadline, workers, step_seconds)
            if on_improve is not None and self.best_cost < before:
                on_improve(self.best_cost)
