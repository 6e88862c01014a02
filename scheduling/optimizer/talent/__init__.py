"""Talent scheduling: order scenes so the cast are paid for as few idle days as possible.

Pure Python (numpy for the subset table), no Django: plain data in, plain data out.
"""

from .instance import (
    Actor,
    Scene,
    TalentCost,
    TalentInstance,
    TalentInstanceError,
    talent_cost,
    talent_instance_load,
    talent_instance_parse,
)
from .solver import TalentSolution, talent_solve

__all__ = [
    "Actor",
    "Scene",
    "TalentCost",
    "TalentInstance",
    "TalentInstanceError",
    "TalentSolution",
    "talent_cost",
    "talent_instance_load",
    "talent_instance_parse",
    "talent_solve",
]
