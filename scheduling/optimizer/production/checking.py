"""Independent cost and legality checks for a schedule (a list of days of scene numbers).

Written straight from the rules, sharing nothing with the optimiser, so that it can judge
the optimiser's output.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .model import Problem

Schedule = list[list[int]]


@dataclass(frozen=True)
class CostBreakdown:
    total: int
    cast_cost: int
    move_cost: int  # company moves within days plus location changes between days
    company_moves: int
    location_changes: int
    n_days: int
    paid_days: dict[int, int]  # cast id -> days paid (work + hold)


def schedule_cost(*, problem: Problem, days: Schedule) -> CostBreakdown:
    """Cost of a schedule under the README's rules (legality is not checked here)."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    moves = 0
    changes = 0
    previous_end: int | None = None
    for index, day in enumerate(days, start=1):
        locations = [problem.scene_location(n) for n in day]
        for a, b in itertools.pairwise(locations):
            if a != b:
                moves += 1
        if locations:
            if previous_end is not None and locations[0] != previous_end:
                changes += 1
            previous_end = locations[-1]
        for n in day:
            for cid in problem.scene_by_number[n].cast:
                first.setdefault(cid, index)
                last[cid] = index
    paid = {cid: last[cid] - first[cid] + 1 for cid in first}
    cast_cost = problem.weights.cast * sum(
        problem.cast_by_id[cid].daily_rate * n for cid, n in paid.items()
    )
    w = problem.weights
    move_cost = moves * w.company_move_within_day + changes * w.location_change_between_days
    return CostBreakdown(
        total=cast_cost + move_cost,
        cast_cost=cast_cost,
        move_cost=move_cost,
        company_moves=moves,
        location_changes=changes,
        n_days=len(days),
        paid_days=paid,
    )


def schedule_violations(*, problem: Problem, days: Schedule) -> list[str]:
    """Every rule the schedule breaks, as readable sentences; empty when legal."""
    out: list[str] = []
    seen: dict[int, int] = {}
    for index, day in enumerate(days, start=1):
        if not day:
            out.append(f"day {index} is empty")
        for n in day:
            if n not in problem.scene_by_number:
                out.append(f"day {index} holds unknown scene {n}")
            elif n in seen:
                out.append(
                    f"scene {problem.scene_label(n)} is scheduled twice "
                    f"(days {seen[n]} and {index})"
                )
            else:
                seen[n] = index
    missing = sorted(set(problem.scene_by_number) - set(seen))
    if missing:
        labels = [problem.scene_by_number[n].label or n for n in missing]
        out.append(f"scenes not scheduled: {labels}")
    if problem.max_days is not None and len(days) > problem.max_days:
        out.append(f"{len(days)} shoot days exceed the maximum of {problem.max_days}")
    max_locations = problem.rules.max_locations_per_day
    for index, day in enumerate(days, start=1):
        scenes = [problem.scene_by_number[n] for n in day if n in problem.scene_by_number]
        total = sum(s.eighths for s in scenes)
        if total > problem.capacity_eighths:
            out.append(
                f"day {index} holds {total} eighths, over the capacity of "
                f"{problem.capacity_eighths}"
            )
        for s in scenes:
            for cid in s.cast:
                member = problem.cast_by_id[cid]
                if index in member.unavailable_days:
                    out.append(
                        f"{member.name or cid} is unavailable on day {index} "
                        f"(scene {s.label or s.number})"
                    )
            loc = problem.location_by_id[problem.set_by_id[s.set].location]
            if loc.available_days is not None and index not in loc.available_days:
                out.append(
                    f"location {loc.name or loc.id} is not available on day {index} "
                    f"(scene {s.label or s.number})"
                )
        if problem.rules.no_ext_day_and_ext_night_same_day:
            ext = {s.day_night for s in scenes if problem.set_by_id[s.set].int_ext == "EXT"}
            if ext == {"DAY", "NIGHT"}:
                out.append(f"day {index} mixes EXT DAY and EXT NIGHT scenes")
        n_locations = len({problem.set_by_id[s.set].location for s in scenes})
        if max_locations and n_locations > max_locations:
            out.append(
                f"day {index} uses {n_locations} locations, over the limit of {max_locations}"
            )
    for lock in problem.strip_locks:
        if lock.scene not in seen:
            continue
        index = seen[lock.scene]
        if lock.day is not None and index != lock.day:
            out.append(f"scene {lock.scene} is locked to day {lock.day} but is on day {index}")
        if lock.position is not None:
            day = days[index - 1]
            position = day.index(lock.scene) + 1
            if position != lock.position:
                out.append(
                    f"scene {lock.scene} is locked to position {lock.position} of its day "
                    f"but is at position {position}"
                )
    for day_number, locked in problem.locked_days.items():
        actual = days[day_number - 1] if day_number <= len(days) else []
        if list(actual) != list(locked):
            out.append(f"day {day_number} is locked to scenes {list(locked)} but holds {actual}")
    return out
