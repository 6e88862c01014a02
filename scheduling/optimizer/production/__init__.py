"""Practical production scheduling: scenes to shoot days, in order, at least cost.

Pure Python plus OR-Tools; no Django. Public entry points:

- `problem_load` / `problem_from_dict`: read the ``sched_ref/1`` format into a `Problem`;
- `schedule_cost` / `schedule_violations`: the independent checker;
- `autosort_schedule`: the incumbents' auto-sort baseline;
- `schedule_optimize`: the optimiser (best board, cost breakdown, proven bound, gap, or the
  clashes that make the request infeasible).
"""

from .autosort import autosort_schedule
from .checking import CostBreakdown, schedule_cost, schedule_violations
from .model import (
    CastMember,
    Location,
    Problem,
    ProblemError,
    Rules,
    Scene,
    Set,
    StripLock,
    Weights,
    problem_from_dict,
    problem_load,
)
from .solver import Progress, ScheduleResult, schedule_optimize

__all__ = [
    "CastMember",
    "CostBreakdown",
    "Location",
    "Problem",
    "ProblemError",
    "Progress",
    "Rules",
    "Scene",
    "ScheduleResult",
    "Set",
    "StripLock",
    "Weights",
    "autosort_schedule",
    "problem_from_dict",
    "problem_load",
    "schedule_cost",
    "schedule_optimize",
    "schedule_violations",
]
