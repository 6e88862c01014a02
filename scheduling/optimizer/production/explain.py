"""Explain why a request cannot be scheduled, in terms an AP recognises.

These are the clashes that can be stated about one scene, one day, one location or one lock
at a time; `schedule_optimize` falls back to the exact model (and a generic message) when
none of them applies but no legal board exists.
"""

from __future__ import annotations

import math

from .instance import Instance


def _days(days: list[int] | set[int] | frozenset[int]) -> str:
    ds = sorted(days)
    if len(ds) > 12:
        return (
            f"{ds[0]}-{ds[-1]} (with gaps)"
            if ds[-1] - ds[0] + 1 != len(ds)
            else f"{ds[0]}-{ds[-1]}"
        )
    return ", ".join(str(d) for d in ds)


def _scene_conflict(inst: Instance, i: int, horizon: int) -> str | None:
    """Why scene i has no possible day within 1..horizon, or None if it has one."""
    if any(inst.allowed(i, d) for d in range(1, horizon + 1)):
        return None
    number = inst.label[i]
    candidate = set(range(1, horizon + 1))
    ld = inst.locked_day[i]
    if ld is not None:
        candidate = {ld}
        if inst.max_days is not None and ld > inst.max_days:
            return f"scene {number} is locked to day {ld}, after the last shoot day {inst.max_days}"
    lo = inst.loc[i]
    window = inst.loc_available[lo]
    if window is not None:
        if not window & candidate:
            if ld is not None:
                return (
                    f"scene {number} is locked to day {ld} but location {inst.loc_names[lo]} "
                    f"is available only on days {_days(window)}"
                )
            return (
                f"location {inst.loc_names[lo]} (scene {number}) is available only on days "
                f"{_days(window)}, none of them a usable shoot day"
            )
        candidate &= set(window)
    for c in inst.cast[i]:
        if candidate <= set(inst.unavailable[c]):
            name = inst.cast_names[c]
            if ld is not None:
                return f"scene {number} is locked to day {ld} but {name} is unavailable that day"
            if window is not None:
                return (
                    f"{name} is unavailable on every day location {inst.loc_names[lo]} is "
                    f"available (days {_days(candidate)}), so scene {number} cannot be shot"
                )
            return f"{name} is unavailable on every possible day of scene {number}"
    names = ", ".join(inst.cast_names[c] for c in inst.cast[i])
    where = f"location {inst.loc_names[lo]}'s days {_days(candidate)}" if window else "every day"
    return (
        f"scene {number} cannot be shot: between them its cast ({names}) is unavailable on {where}"
    )


def infeasibility_reasons(inst: Instance) -> list[str]:
    """Clashes that make every board illegal; empty when none is evident."""
    out: list[str] = list(inst.lock_conflicts)
    cap = inst.capacity
    horizon = inst.fixed_horizon() + inst.n + 1
    if inst.max_days is not None:
        horizon = min(horizon, inst.max_days)
    for i in range(inst.n):
        if inst.eighths[i] > cap:
            out.append(
                f"scene {inst.label[i]} is {inst.eighths[i]} eighths long, longer than a day's "
                f"capacity of {cap} eighths"
            )
        reason = _scene_conflict(inst, i, horizon)
        if reason:
            out.append(reason)
        pos = inst.locked_position[i]
        if pos is not None and pos > inst.n:
            out.append(
                f"scene {inst.label[i]} is locked to position {pos} but there are only "
                f"{inst.n} scenes"
            )
    total = sum(inst.eighths)
    if inst.max_days is not None and total > inst.max_days * cap:
        need = math.ceil(total / cap)
        out.append(
            f"the script needs at least {need} shoot days at {cap} eighths a day, but the "
            f"schedule allows {inst.max_days}"
        )
    # Location windows too small for their script.
    for lo, window in enumerate(inst.loc_available):
        if window is None:
            continue
        usable = [d for d in window if d <= horizon and d not in inst.locked_days]
        script = sum(inst.eighths[i] for i in range(inst.n) if inst.loc[i] == lo)
        if script > len(usable) * cap:
            out.append(
                f"location {inst.loc_names[lo]} has {script} eighths of scenes but is available "
                f"on only {len(usable)} day(s), {len(usable) * cap} eighths"
            )
    # Days fixed by locks: each must be a legal day on its own.
    fixed: dict[int, list[int]] = {d: list(s) for d, s in inst.locked_days.items()}
    for i in range(inst.n):
        d = inst.locked_day[i]
        if d is not None and d not in inst.locked_days:
            fixed.setdefault(d, []).append(i)
    for d, scenes in sorted(fixed.items()):
        label = "locked day" if d in inst.locked_days else "scenes locked to day"
        numbers = "[" + ", ".join(inst.label[i] for i in scenes) + "]"
        eighths = sum(inst.eighths[i] for i in scenes)
        if eighths > cap:
            out.append(
                f"{label} {d} ({numbers}) holds {eighths} eighths, over the capacity of {cap}"
            )
        if (
            inst.no_ext_mix
            and any(inst.ext_day[i] for i in scenes)
            and any(inst.ext_night[i] for i in scenes)
        ):
            out.append(f"{label} {d} ({numbers}) mixes EXT DAY and EXT NIGHT scenes")
        n_locs = len({inst.loc[i] for i in scenes})
        if inst.max_locations and n_locs > inst.max_locations:
            out.append(
                f"{label} {d} ({numbers}) uses {n_locs} locations, over the limit of "
                f"{inst.max_locations}"
            )
        positions: dict[int, int] = {}
        for i in scenes:
            pos = inst.locked_position[i]
            if pos is not None:
                if pos in positions:
                    out.append(
                        f"scenes {positions[pos]} and {inst.label[i]} are both locked to "
                        f"position {pos} of day {d}"
                    )
                positions[pos] = inst.label[i]
    return out
