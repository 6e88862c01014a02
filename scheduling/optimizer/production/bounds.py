"""Proven lower bounds on the cost of any legal board.

1. Per cast member: paid days >= the fewest days their scenes fit in (bin packing bound on
   their scenes' eighths, with scenes over half a day never sharing), stretched over any
   unavailable days a window of that many working days must straddle. Plus, for moves,
   (#locations - 1) times the cheaper of a company move and a location change.
2. Column generation over day patterns (`DayPatternBound`): the linear relaxation of
   partitioning the scenes into legal days, each priced at the cast working it plus its
   company moves, plus location changes for the locations no day's moves account for
   (hold days, unavailability and locks dropped). The figure it reports is Lagrangian, so
   it is proven at every iteration, not only once the master has converged.

The reported bound is the larger of the two.
"""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from .instance import Instance


def cast_min_days(inst: Instance, c: int) -> int:
    """A lower bound on the number of days cast member c works."""
    items = [inst.eighths[i] for i in inst.scenes_of_cast[c]]
    if not items:
        return 0
    cap = inst.capacity
    fluid = math.ceil(sum(items) / cap) if sum(items) else 1
    big = sum(1 for e in items if 2 * e > cap)
    return max(1, fluid, big)


def cast_min_paid(inst: Instance, c: int) -> int:
    """A lower bound on cast member c's paid days (work days plus forced unavailable holds)."""
    k = cast_min_days(inst, c)
    if k == 0:
        return 0
    unavailable = inst.unavailable[c]
    if not unavailable:
        return k
    horizon = max(unavailable) + k + 1
    best = None
    for start in range(1, horizon + 1):
        if start in unavailable:
            continue
        work = 0
        d = start
        while True:
            if d not in unavailable:
                work += 1
                if work == k:
                    break
            d += 1
        length = d - start + 1
        if best is None or length < best:
            best = length
    return best or k


def move_bound(inst: Instance) -> int:
    used = {inst.loc[i] for i in range(inst.n)}
    if len(used) <= 1:
        return 0
    # Each location beyond the first is entered once at least, inside a day (a company
    # move) or between days (a location change, free when its weight is 0).
    return (len(used) - 1) * min(inst.move_cost, inst.change_cost)


def pattern_is_legal(inst: Instance, scenes: list[int]) -> bool:
    """Whether scenes can share a day, ignoring which day (capacity, locations, EXT mix)."""
    if sum(inst.eighths[i] for i in scenes) > inst.capacity:
        return False
    if inst.max_locations and len({inst.loc[i] for i in scenes}) > inst.max_locations:
        return False
    if inst.no_ext_mix:
        return not (any(inst.ext_day[i] for i in scenes) and any(inst.ext_night[i] for i in scenes))
    return True


class _Collect(cp_model.CpSolverSolutionCallback):
    """Keeps every pattern of negative reduced cost a pricing solve passes through."""

    def __init__(self, scenes: list[int], x: dict, out: list[list[int]]) -> None:
        super().__init__()
        self.scenes, self.x, self.out = scenes, x, out

    def on_solution_callback(self) -> None:
        if self.objective_value < 0:
            self.out.append([i for i in self.scenes if self.boolean_value(self.x[i])])


class DayPatternBound:
    """Column generation over day patterns: a bound on work days plus moves.

    Every board pays, day by day, each cast member working that day and a company move for
    each location beyond the first; hold days only add to that. So the cheapest way to
    partition the scenes into legal day patterns (capacity, locations per day, EXT DAY/NIGHT;
    all three hold for any subset of a legal day, so covering and partitioning agree),
    priced that way, is a lower bound on any board; so is its linear relaxation. One more
    row: the board enters each location it uses beyond the first at least once, by a move
    inside a day or by a change between days, so changes >= (#locations - 1) - the days'
    extra locations, at the change weight.

    The proven figure is Lagrangian, valid at every iteration, not only at convergence: for
    any non-negative prices (``pi`` per scene, ``mu`` <= the change weight for the location
    row), a board of D <= n days costs at least ``sum(pi) + mu * (#locations - 1) +
    D * min(0, m)`` where ``m`` is a proven lower bound on every legal pattern's reduced
    cost (from the exact CP-SAT pricing). The exact pricing is split into one small problem
    per group of locations a day may use and EXT side, each solved to optimality (a column
    from each); a greedy pricing heuristic runs between exact rounds, and boards from the
    search come in as columns. Wentges smoothing of the prices is available (`ALPHA_MAX`)
    but off: plain duals converged faster here.
    """

    SCALE = 1000  # exact pricing works in thousandths of a currency unit
    # Most weight the smoothed prices give the best prices so far. Off by default: with the
    # decomposed exact pricing (tens of columns a round) plain duals converged faster on the
    # benchmark boards (n200-s1: 47 s against 77 s at 0.9).
    ALPHA_MAX = 0.0
    # An exact round (a proven bound, and a column per small pricing problem) at least every
    # this many rounds, even while the greedy pricing still finds columns.
    EXACT_EVERY = 2

    def __init__(
        self,
        inst: Instance,
        columns: list[list[int]],
        *,
        group: tuple[int, ...] = (),
        pair: tuple[int, int] | None = None,
    ) -> None:
        from ortools.linear_solver import pywraplp

        self.inst = inst
        # With `pair`: a day on which both members of `pair` work also pays every member
        # of `group` (see `HeldPairsBound`).
        self.group = frozenset(group)
        self.pair = pair
        self.added: list[frozenset[int]] = []
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.rows = [self.lp.Constraint(1, self.lp.infinity()) for _ in range(inst.n)]
        self.obj = self.lp.Objective()
        self.obj.SetMinimization()
        # Location changes: the whole board enters each location it uses beyond the first
        # at least once, by a company move inside a day (a pattern's locations - 1 count
        # those) or by a change between days (`changes`, at its weight).
        self.n_used_locations = len(set(inst.loc))
        self.loc_row = None
        if inst.change_cost and self.n_used_locations > 1:
            self.loc_row = self.lp.Constraint(self.n_used_locations - 1, self.lp.infinity())
            changes = self.lp.NumVar(0, self.lp.infinity(), "changes")
            self.obj.SetCoefficient(changes, inst.change_cost)
            self.loc_row.SetCoefficient(changes, 1)
        self.seen: set[frozenset[int]] = set()
        for i in range(inst.n):
            self.add_column([i])
        for col in columns:
            self.add_column(col)
        self.best = 0
        self.lp_value: float | None = None
        self.converged = False
        self.center: list[float] | None = None  # prices of the best Lagrangian bound so far
        self.center_value = -math.inf
        self.alpha = self.ALPHA_MAX
        self.exact_rounds = 0
        self.since_exact = 0
        self.by_loc: dict[int, list[int]] = {}
        for i in range(inst.n):
            self.by_loc.setdefault(inst.loc[i], []).append(i)
        self._build_pricing()

    def paid(self, cast: set[int]) -> set[int]:
        """Who a day with this working cast pays (the group too once the pair works)."""
        if self.pair is not None and self.pair[0] in cast and self.pair[1] in cast:
            return cast | self.group
        return cast

    def pattern_cost(self, scenes) -> int:
        inst = self.inst
        cast = self.paid({c for i in scenes for c in inst.cast[i]})
        locs = {inst.loc[i] for i in scenes}
        return sum(inst.rate[c] for c in cast) + inst.move_cost * (len(locs) - 1)

    def add_column(self, scenes) -> bool:
        key = frozenset(scenes)
        if not key or key in self.seen:
            return False
        self.seen.add(key)
        self.added.append(key)
        v = self.lp.NumVar(0, self.lp.infinity(), "")
        self.obj.SetCoefficient(v, self.pattern_cost(key))
        for i in key:
            self.rows[i].SetCoefficient(v, 1)
        extra = len({self.inst.loc[i] for i in key}) - 1
        if self.loc_row is not None and extra:
            self.loc_row.SetCoefficient(v, extra)
        return True

    def reduced_cost(self, scenes, prices: list[float]) -> float:
        """Cost of a pattern less its scenes' prices and its extra locations' price.

        `prices` holds one price per scene, then the price of entering a location.
        """
        extra = len({self.inst.loc[i] for i in scenes}) - 1
        return self.pattern_cost(scenes) - sum(prices[i] for i in scenes) - prices[-1] * extra

    def duals(self) -> list[float]:
        """The master's duals as prices (scenes, then the location row), made valid."""
        prices = [max(0.0, r.dual_value()) for r in self.rows]
        mu = 0.0
        if self.loc_row is not None:
            mu = min(float(self.inst.change_cost), max(0.0, self.loc_row.dual_value()))
        return [*prices, mu]

    def add_days(self, days: list[list[int]]) -> int:
        """Columns from a board's days (scene indices); returns how many were new."""
        return sum(self.add_column(d) for d in days if d and pattern_is_legal(self.inst, d))

    # --- pricing -------------------------------------------------------------------------

    def _greedy(self, pi: list[float], seed: int, by_ratio: bool) -> list[int]:
        """Grow a legal pattern from `seed`, adding the scene of best positive gain."""
        inst = self.inst
        chosen = [seed]
        inside = {seed}
        cast = set(inst.cast[seed])
        locs = {inst.loc[seed]}
        eighths = inst.eighths[seed]
        ext_day = inst.ext_day[seed]
        ext_night = inst.ext_night[seed]
        full = inst.max_locations or inst.n_locations + 1
        while True:
            best = None
            best_key = 0.0
            pool = locs if len(locs) >= full else self.by_loc
            for lo in pool:
                for j in self.by_loc[lo]:
                    if j in inside or pi[j] <= 0 or eighths + inst.eighths[j] > inst.capacity:
                        continue
                    if inst.no_ext_mix and (
                        (inst.ext_day[j] and ext_night) or (inst.ext_night[j] and ext_day)
                    ):
                        continue
                    if self.pair is None:
                        gain = pi[j] - sum(inst.rate[c] for c in inst.cast[j] if c not in cast)
                    else:
                        before = self.paid(cast)
                        after = self.paid(cast | set(inst.cast[j]))
                        gain = pi[j] - sum(inst.rate[c] for c in after - before)
                    if inst.loc[j] not in locs:
                        gain -= inst.move_cost - pi[-1]
                    if gain <= 0:
                        continue
                    key = gain / max(1, inst.eighths[j]) if by_ratio else gain
                    if key > best_key:
                        best_key, best = key, j
            if best is None:
                return chosen
            j = best
            chosen.append(j)
            inside.add(j)
            cast.update(inst.cast[j])
            locs.add(inst.loc[j])
            eighths += inst.eighths[j]
            ext_day += inst.ext_day[j]
            ext_night += inst.ext_night[j]

    def heuristic_pricing(self, pi: list[float], *, limit: int = 60) -> list[list[int]]:
        """Patterns of negative reduced cost found greedily (none proves nothing)."""
        found: dict[frozenset[int], float] = {}
        for seed in range(self.inst.n):
            if pi[seed] <= 1e-9:
                continue
            for by_ratio in (True, False):
                pattern = self._greedy(pi, seed, by_ratio)
                key = frozenset(pattern)
                if key in found or key in self.seen:
                    continue
                rc = self.reduced_cost(pattern, pi)
                if rc < -1e-6:
                    found[key] = rc
        ranked = sorted(found.items(), key=lambda t: t[1])[:limit]
        return [sorted(k) for k, _ in ranked]

    def _build_pricing(self) -> None:
        """Exact pricing models: one per group of locations a day may use, and EXT side.

        With at most k locations a day, every legal pattern uses a subset of some k of the
        locations, and (under the EXT rule) avoids EXT NIGHT or avoids EXT DAY; so the
        cheapest pattern overall is the cheapest of these small problems, which CP-SAT
        solves much faster than the whole one, and each yields a column.
        """
        import itertools

        inst = self.inst
        locs = sorted(set(inst.loc))
        k = inst.max_locations
        if k and k < len(locs) and math.comb(len(locs), k) <= 80:
            groups = [set(g) for g in itertools.combinations(locs, k)]
        else:
            groups = [set(locs)]
        sides = ("no_night", "no_day") if inst.no_ext_mix else ("any",)
        self.subs = []
        seen_sets: set[frozenset[int]] = set()
        for group in groups:
            for side in sides:
                scenes = [
                    i
                    for i in range(inst.n)
                    if inst.loc[i] in group
                    and not (side == "no_night" and inst.ext_night[i])
                    and not (side == "no_day" and inst.ext_day[i])
                ]
                key = frozenset(scenes)
                if not scenes or key in seen_sets:
                    continue
                seen_sets.add(key)
                self.subs.append(self._pricing_model(scenes))

    def _pricing_model(self, scenes: list[int]) -> tuple:
        inst = self.inst
        m = cp_model.CpModel()
        x = {i: m.new_bool_var("") for i in scenes}
        cast = sorted({c for i in scenes for c in inst.cast[i]})
        z = {c: m.new_bool_var("") for c in cast}
        y = {lo: m.new_bool_var("") for lo in sorted({inst.loc[i] for i in scenes})}
        ext = m.new_bool_var("")
        for i, v in x.items():
            for c in inst.cast[i]:
                m.add_implication(v, z[c])
            m.add_implication(v, y[inst.loc[i]])
            if inst.no_ext_mix and inst.ext_day[i]:
                m.add_implication(v, ext)
            if inst.no_ext_mix and inst.ext_night[i]:
                m.add_implication(v, ext.Not())
        for lo, v in y.items():
            # A location counts only when a scene is shot there (a move may be priced
            # below zero once the location row's price exceeds it).
            m.add_bool_or([*(x[i] for i in scenes if inst.loc[i] == lo), v.Not()])
        m.add(sum(inst.eighths[i] * v for i, v in x.items()) <= inst.capacity)
        if inst.max_locations and len(y) > inst.max_locations:
            m.add(sum(y.values()) <= inst.max_locations)
        m.add(sum(x.values()) >= 1)
        # Who the day pays: z, or (for the group, once both of the pair work) p >= z.
        pay = dict(z)
        if self.pair is not None and all(c in z for c in self.pair):
            a, b = self.pair
            for k in sorted(self.group - set(self.pair)):
                p = m.new_bool_var("")
                if k in z:
                    m.add_implication(z[k], p)
                m.add(p >= z[a] + z[b] - 1)
                pay[k] = p
        return scenes, m, x, pay, y

    def exact_pricing(
        self, pi: list[float], *, deadline: float, workers: int
    ) -> tuple[float | None, list[list[int]]]:
        """(proven Lagrangian bound at prices `pi`, or None; patterns found on the way).

        The prices are rounded to thousandths first and the bound is computed for the
        rounded prices, so it is exact for the prices it names. A pricing problem not
        solved in time still has a proven bound (its solver's, or minus its positive prices).
        """
        inst = self.inst
        scale = self.SCALE
        ipi = [max(0, round(scale * p)) for p in pi[: inst.n]]
        imu = min(scale * inst.change_cost, max(0, round(scale * pi[-1])))
        found: list[list[int]] = []
        min_rc_scaled = 0.0
        all_optimal = True
        for scenes, m, x, z, y in self.subs:
            positive = [i for i in scenes if ipi[i]]
            # Without solving: cast and (while a move outweighs mu) moves cost >= 0.
            per_location = scale * inst.move_cost - imu
            most_extra = len(y) - 1
            if inst.max_locations:
                most_extra = min(most_extra, inst.max_locations - 1)
            trivial = -sum(ipi[i] for i in positive) + min(0, per_location) * most_extra
            if trivial >= 0:
                continue
            left = deadline - time.monotonic()
            if left <= 0.05:
                min_rc_scaled = min(min_rc_scaled, trivial)
                all_optimal = False
                continue
            m.minimize(
                sum(scale * inst.rate[c] * v for c, v in z.items())
                + per_location * (sum(y.values()) - 1)
                - sum(ipi[i] * x[i] for i in positive)
            )
            solver = cp_model.CpSolver()
            solver.parameters.max_time_in_seconds = min(left, 10.0)
            solver.parameters.num_workers = workers
            solver.parameters.symmetry_level = 0
            solver.parameters.cp_model_presolve = False  # small models: presolve costs more
            improving: list[list[int]] = []
            status = solver.solve(m, _Collect(scenes, x, improving))
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                min_rc_scaled = min(min_rc_scaled, max(trivial, solver.best_objective_bound))
                found.extend(improving[-3:])
                all_optimal = all_optimal and status == cp_model.OPTIMAL
            else:
                min_rc_scaled = min(min_rc_scaled, trivial)
                all_optimal = False
        self.exact_rounds += 1
        self.last_status_optimal = all_optimal
        # Any board is a partition into at most n legal patterns, each of reduced cost at
        # least min_rc; it covers every scene once and enters the other locations, at a
        # price mu no more than a change's weight: cost >= sum(pi) + mu * (locations - 1)
        # + n * min(0, min_rc).
        entering = imu * (self.n_used_locations - 1) if self.loc_row is not None else 0
        bound = (sum(ipi) + entering) / scale + inst.n * min_rc_scaled / scale
        return bound, found

    def _record(self, bound: float) -> None:
        # Costs are whole units, so the bound rounds up (after a float safety margin).
        value = math.ceil(bound - 1e-6 * max(1.0, abs(bound)) - 1e-6)
        self.best = max(self.best, value)

    def iterate(self, *, deadline: float, workers: int) -> bool:
        """One master solve and pricing round; False when converged or out of time."""
        from ortools.linear_solver import pywraplp

        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return False
        self.lp_value = self.obj.Value()
        duals = self.duals()
        if time.monotonic() >= deadline:
            return False
        self.since_exact += 1
        if self.since_exact < self.EXACT_EVERY:
            cols = self.heuristic_pricing(duals)
            if cols:
                for col in cols:
                    self.add_column(col)
                return True
        self.since_exact = 0
        # Exact pricing at smoothed prices.
        if self.center is None:
            self.center = duals
        alpha = self.alpha
        prices = [alpha * a + (1 - alpha) * b for a, b in zip(self.center, duals, strict=True)]
        bound, found = self.exact_pricing(prices, deadline=deadline, workers=workers)
        if bound is None:
            return False
        self._record(bound)
        if bound > self.center_value:
            self.center, self.center_value = prices, bound
        added = 0
        for col in found:
            if self.reduced_cost(col, duals) < -1e-6 and self.add_column(col):
                added += 1
        if added:
            self.alpha = min(self.ALPHA_MAX, self.alpha + 0.1)
            return True
        if alpha > 0:
            # Mis-pricing: no column for the master; move the prices towards its duals.
            self.alpha = 0.0 if alpha < 0.1 else alpha / 2
            return True
        # Exact pricing at the master's own duals found nothing: the LP is solved (when
        # every pricing problem was solved to optimality; otherwise try again).
        if self.last_status_optimal:
            self.converged = True
            return False
        return True


def hold_group(inst: Instance, size: int = 3) -> tuple[int, ...]:
    """The cast members whose forced hold days are worth proving: dearest in total."""
    cast = [c for c in range(inst.n_cast) if inst.scenes_of_cast[c] and inst.rate[c] > 0]
    cast.sort(key=lambda c: (-inst.rate[c] * len(inst.scenes_of_cast[c]), c))
    return tuple(sorted(cast[:size])) if len(cast) >= 3 else ()


class HeldPairsBound:
    """A bound that counts hold days the order of days forces on a group of cast members.

    Take any board and a group G of cast members who all work. Let x be the member of G who
    starts last and y the one who finishes first. On any day both x and y work, every
    member k of G is paid: first(k) <= first(x) <= day <= last(y) <= last(k). So the board
    costs at least its days priced with "a day on which x and y both work pays all of G"
    (plus moves, as in `DayPatternBound`). Not knowing x and y, the bound is the least,
    over the pairs of G, of that pricing's column-generation bound (x = y is covered by any
    pair containing x, which charges a subset of those days). Each pricing only adds to the
    plain one, so the plain bound (`floor`) holds for every pair from the start.

    The pair problems run round-robin, always the weakest next, and share their columns.
    """

    def __init__(
        self, inst: Instance, columns: list[list[int]], group: tuple[int, ...], floor: int
    ) -> None:
        import itertools

        self.floor = floor
        self.lps = [
            DayPatternBound(inst, columns, group=group, pair=pair)
            for pair in itertools.combinations(group, 2)
        ]

    def bound_of(self, lp: DayPatternBound) -> int:
        return max(self.floor, lp.best)

    @property
    def best(self) -> int:
        return min((self.bound_of(lp) for lp in self.lps), default=self.floor)

    @property
    def converged(self) -> bool:
        return all(lp.converged for lp in self.lps)

    def iterate(self, *, deadline: float, workers: int) -> bool:
        active = [lp for lp in self.lps if not lp.converged]
        if not active or time.monotonic() >= deadline:
            return False
        lp = min(active, key=self.bound_of)
        before = len(lp.added)
        more = lp.iterate(deadline=deadline, workers=workers)
        for key in lp.added[before:]:
            for other in self.lps:
                if other is not lp:
                    other.add_column(key)
        return more or lp.converged
