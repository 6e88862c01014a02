"""Proven lower bounds on the cost of any legal board.

1. Per cast member: paid days >= the fewest days their scenes fit in (bin packing bound on
   their scenes' eighths, with scenes over half a day never sharing), stretched over any
   unavailable days a window of that many working days must straddle. Plus, for moves,
   (#locations - 1) times the cheaper of a company move and a location change.
2. Column generation over day patterns (`DayPatternBound`): the linear relaxation of covering
   the scenes with legal days, each priced at the cast working it plus its company moves
   (hold days, changes between days, unavailability and locks dropped).

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
    cheapest = min(inst.move_cost, inst.change_cost) if inst.change_cost else inst.move_cost
    return (len(used) - 1) * cheapest


class DayPatternBound:
    """Column generation over day patterns: a bound on work days plus company moves.

    Every board pays, day by day, each cast member working that day and a company move for
    each location beyond the first; hold days only add to that. So the cheapest way to cover
    all scenes with legal day patterns (capacity, locations per day, EXT DAY/NIGHT), priced
    that way, is a lower bound; its linear relaxation, solved by column generation, is one
    too. While columns are still being found the bound is the Lagrangian one,
    LP + n_scenes * (most negative reduced cost, bounded by the pricing solver).
    """

    def __init__(self, inst: Instance, columns: list[list[int]]) -> None:
        from ortools.linear_solver import pywraplp

        self.inst = inst
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.rows = [self.lp.Constraint(1, self.lp.infinity()) for _ in range(inst.n)]
        self.obj = self.lp.Objective()
        self.obj.SetMinimization()
        self.seen: set[frozenset[int]] = set()
        for i in range(inst.n):
            self.add_column([i])
        for col in columns:
            self.add_column(col)
        self.best = 0
        self.converged = False
        self._build_pricing()

    def pattern_cost(self, scenes: list[int]) -> int:
        inst = self.inst
        cast = {c for i in scenes for c in inst.cast[i]}
        locs = {inst.loc[i] for i in scenes}
        return sum(inst.rate[c] for c in cast) + inst.move_cost * (len(locs) - 1)

    def add_column(self, scenes: list[int]) -> bool:
        key = frozenset(scenes)
        if not key or key in self.seen:
            return False
        self.seen.add(key)
        v = self.lp.NumVar(0, self.lp.infinity(), "")
        self.obj.SetCoefficient(v, self.pattern_cost(scenes))
        for i in key:
            self.rows[i].SetCoefficient(v, 1)
        return True

    def _build_pricing(self) -> None:
        inst = self.inst
        m = self.pm = cp_model.CpModel()
        self.px = [m.new_bool_var("") for _ in range(inst.n)]
        self.pz = [m.new_bool_var("") for _ in range(inst.n_cast)]
        locs = sorted(set(inst.loc))
        self.py = {lo: m.new_bool_var("") for lo in locs}
        ext = m.new_bool_var("")
        for i, x in enumerate(self.px):
            for c in inst.cast[i]:
                m.add_implication(x, self.pz[c])
            m.add_implication(x, self.py[inst.loc[i]])
            if inst.no_ext_mix and inst.ext_day[i]:
                m.add_implication(x, ext)
            if inst.no_ext_mix and inst.ext_night[i]:
                m.add_implication(x, ext.Not())
        m.add(sum(inst.eighths[i] * x for i, x in enumerate(self.px)) <= inst.capacity)
        if inst.max_locations:
            m.add(sum(self.py.values()) <= inst.max_locations)
        m.add(sum(self.px) >= 1)

    def iterate(self, *, deadline: float, workers: int) -> bool:
        """One master solve and pricing round; False when converged or out of time."""
        from ortools.linear_solver import pywraplp

        inst = self.inst
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return False
        lp_value = self.obj.Value()
        duals = [r.dual_value() for r in self.rows]
        scale = 1000  # reduced costs in thousandths of a currency unit
        m = self.pm
        m.minimize(
            sum(scale * inst.rate[c] * z for c, z in enumerate(self.pz))
            + scale * inst.move_cost * (sum(self.py.values()) - 1)
            - sum(round(scale * duals[i]) * x for i, x in enumerate(self.px) if duals[i] > 1e-9)
        )
        solver = cp_model.CpSolver()
        left = deadline - time.monotonic()
        if left <= 0.05:
            return False
        solver.parameters.max_time_in_seconds = min(left, 10.0)
        solver.parameters.num_workers = workers
        found: list[list[int]] = []
        px = self.px

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                if self.objective_value < -1:
                    found.append([i for i, x in enumerate(px) if self.boolean_value(x)])

        status = solver.solve(m, Collect())
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        # Rounding the duals moved each by at most 0.5/scale per scene in the pattern.
        slack = 0.5 * inst.n / scale
        min_rc = min(0.0, solver.best_objective_bound / scale - slack)
        bound = lp_value + inst.n * min_rc - 1e-6 * max(1.0, abs(lp_value))
        # Costs are whole units, so the bound rounds up.
        self.best = max(self.best, math.ceil(bound))
        added = 0
        for col in found[-20:]:
            added += self.add_column(col)
        if status == cp_model.OPTIMAL and not added:
            self.converged = True
            return False
        return True
