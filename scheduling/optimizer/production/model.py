"""The production-scheduling problem: plain dataclasses, loading and validation.

A problem is what the optimiser needs to know about a board: scenes (strips) with their set,
length in eighths of a page, DAY/NIGHT and cast; the cast with daily rates and unavailable
shoot days; sets and locations; the day capacity, the grouping rules and the cost weights.
Beyond the benchmark format (``sched_ref/1``) it carries what the product passes in: locked
strips, locked days, location availability windows and a maximum number of shoot days.

Day numbers are 1-based shoot-day numbers everywhere in this package's public interface.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "sched_ref/1"


class ProblemError(ValueError):
    """The input does not describe a valid scheduling problem."""


@dataclass(frozen=True)
class Location:
    id: int
    name: str
    # Shoot days on which the location can be used; None means any day.
    available_days: frozenset[int] | None = None


@dataclass(frozen=True)
class Set:
    id: int
    name: str
    location: int
    int_ext: str  # "INT" or "EXT"


@dataclass(frozen=True)
class CastMember:
    id: int
    name: str
    daily_rate: int  # the daily cost when known, otherwise the AP's weight for this person
    role: str = ""
    unavailable_days: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Scene:
    number: int
    set: int
    eighths: int
    day_night: str  # "DAY" or "NIGHT"
    cast: tuple[int, ...] = ()
    label: str = ""  # how people name the scene ("12A") when `number` is only a key


@dataclass(frozen=True)
class Rules:
    no_ext_day_and_ext_night_same_day: bool = True
    max_locations_per_day: int = 0  # 0 = no limit


@dataclass(frozen=True)
class Weights:
    """The AP's cost weights, in whole currency units."""

    company_move_within_day: int = 0
    location_change_between_days: int = 0
    cast: int = 1  # multiplier on every cast member's daily rate


@dataclass(frozen=True)
class StripLock:
    """A strip the AP has pinned: to a shoot day, to a position within its day, or both."""

    scene: int
    day: int | None = None
    position: int | None = None  # 1-based position within the day


@dataclass(frozen=True)
class Problem:
    name: str
    capacity_eighths: int
    weights: Weights
    rules: Rules
    locations: tuple[Location, ...]
    sets: tuple[Set, ...]
    cast: tuple[CastMember, ...]
    scenes: tuple[Scene, ...]
    strip_locks: tuple[StripLock, ...] = ()
    # Locked days: shoot day -> the exact scenes of that day, in shooting order.
    locked_days: dict[int, tuple[int, ...]] = field(default_factory=dict)
    max_days: int | None = None

    def __post_init__(self) -> None:
        problem_validate(problem=self)

    # Lookups, built on demand (the dataclass is frozen, so cache through __dict__).
    @property
    def scene_by_number(self) -> dict[int, Scene]:
        return self._cached("_scene_by_number", lambda: {s.number: s for s in self.scenes})

    @property
    def set_by_id(self) -> dict[int, Set]:
        return self._cached("_set_by_id", lambda: {s.id: s for s in self.sets})

    @property
    def cast_by_id(self) -> dict[int, CastMember]:
        return self._cached("_cast_by_id", lambda: {c.id: c for c in self.cast})

    @property
    def location_by_id(self) -> dict[int, Location]:
        return self._cached("_location_by_id", lambda: {loc.id: loc for loc in self.locations})

    def scene_label(self, number: int) -> str:
        scene = self.scene_by_number.get(number)
        return (scene.label if scene is not None else "") or str(number)

    def scene_location(self, number: int) -> int:
        return self.set_by_id[self.scene_by_number[number].set].location

    def scene_is_ext(self, number: int) -> bool:
        return self.set_by_id[self.scene_by_number[number].set].int_ext == "EXT"

    def _cached(self, key: str, build: Any) -> Any:
        if key not in self.__dict__:
            object.__setattr__(self, key, build())
        return self.__dict__[key]


def _fail(message: str) -> None:
    raise ProblemError(message)


def _check_unique(kind: str, ids: list[int]) -> None:
    seen: set[int] = set()
    for i in ids:
        if i in seen:
            _fail(f"duplicate {kind} {i}")
        seen.add(i)


def problem_validate(*, problem: Problem) -> None:
    """Check references and value ranges; raise ProblemError with a clear message."""
    p = problem
    if not isinstance(p.capacity_eighths, int) or p.capacity_eighths < 1:
        _fail(f"capacity_eighths must be a positive integer, got {p.capacity_eighths!r}")
    w = p.weights
    for label, value in (
        ("costs.company_move_within_day", w.company_move_within_day),
        ("costs.location_change_between_days", w.location_change_between_days),
        ("cast weight", w.cast),
    ):
        if not isinstance(value, int) or value < 0:
            _fail(f"{label} must be a non-negative integer, got {value!r}")
    if p.rules.max_locations_per_day < 0:
        _fail("rules.max_locations_per_day must be >= 0")
    if p.max_days is not None and p.max_days < 0:
        _fail("max_days must be >= 0")
    _check_unique("location id", [loc.id for loc in p.locations])
    _check_unique("set id", [s.id for s in p.sets])
    _check_unique("cast id", [c.id for c in p.cast])
    _check_unique("scene number", [s.number for s in p.scenes])
    location_ids = {loc.id for loc in p.locations}
    for loc in p.locations:
        if loc.available_days is not None and any(d < 1 for d in loc.available_days):
            _fail(f"location {loc.id}: available days are shoot-day numbers from 1")
    for s in p.sets:
        if s.location not in location_ids:
            _fail(f"set {s.id} refers to unknown location {s.location}")
        if s.int_ext not in ("INT", "EXT"):
            _fail(f"set {s.id}: int_ext must be INT or EXT, got {s.int_ext!r}")
    for c in p.cast:
        if not isinstance(c.daily_rate, int) or c.daily_rate < 0:
            _fail(f"cast {c.id}: daily_rate must be a non-negative integer, got {c.daily_rate!r}")
        if any(d < 1 for d in c.unavailable_days):
            _fail(f"cast {c.id}: unavailable days are shoot-day numbers from 1")
    set_ids = {s.id for s in p.sets}
    cast_ids = {c.id for c in p.cast}
    for sc in p.scenes:
        if sc.set not in set_ids:
            _fail(f"scene {sc.number} refers to unknown set {sc.set}")
        if not isinstance(sc.eighths, int) or sc.eighths < 0:
            _fail(f"scene {sc.number}: eighths must be a non-negative integer, got {sc.eighths!r}")
        if sc.day_night not in ("DAY", "NIGHT"):
            _fail(f"scene {sc.number}: day_night must be DAY or NIGHT, got {sc.day_night!r}")
        if len(set(sc.cast)) != len(sc.cast):
            _fail(f"scene {sc.number} lists a cast member twice")
        for cid in sc.cast:
            if cid not in cast_ids:
                _fail(f"scene {sc.number} refers to unknown cast id {cid}")
    numbers = {sc.number for sc in p.scenes}
    _check_unique("strip lock for scene", [lk.scene for lk in p.strip_locks])
    for lk in p.strip_locks:
        if lk.scene not in numbers:
            _fail(f"strip lock refers to unknown scene {lk.scene}")
        if lk.day is not None and lk.day < 1:
            _fail(f"strip lock on scene {lk.scene}: day must be >= 1")
        if lk.position is not None and lk.position < 1:
            _fail(f"strip lock on scene {lk.scene}: position must be >= 1")
    in_locked_days: list[int] = []
    for day, scenes in p.locked_days.items():
        if day < 1:
            _fail(f"locked day {day}: shoot days are numbered from 1")
        if not scenes:
            _fail(f"locked day {day} is empty")
        for n in scenes:
            if n not in numbers:
                _fail(f"locked day {day} refers to unknown scene {n}")
        in_locked_days.extend(scenes)
    _check_unique("scene in locked days", in_locked_days)


# --- JSON ------------------------------------------------------------------------------


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(f"{where} must be an integer, got {value!r}")
    return int(value)


def _int_list(value: Any, where: str) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(f"{where} must be a list of integers")
    return [_int(v, where) for v in value]


def _obj_list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        _fail(f"{key!r} must be a list of objects")
    return value


def _req(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        _fail(f"{where} is missing {key!r}")
    return obj[key]


def problem_from_dict(data: Any) -> Problem:
    """Build a Problem from the ``sched_ref/1`` JSON structure (plus the product's extras)."""
    if not isinstance(data, dict):
        _fail("the document must be a JSON object")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        _fail(f"unsupported format {fmt!r} (expected {FORMAT!r})")
    costs = data.get("costs") or {}
    rules = data.get("rules") or {}
    if not isinstance(costs, dict) or not isinstance(rules, dict):
        _fail("'costs' and 'rules' must be objects")
    weights = Weights(
        company_move_within_day=_int(
            costs.get("company_move_within_day", 0), "costs.company_move_within_day"
        ),
        location_change_between_days=_int(
            costs.get("location_change_between_days", 0), "costs.location_change_between_days"
        ),
        cast=_int(costs.get("cast_weight", 1), "costs.cast_weight"),
    )
    rule_set = Rules(
        no_ext_day_and_ext_night_same_day=bool(rules.get("no_ext_day_and_ext_night_same_day")),
        max_locations_per_day=_int(
            rules.get("max_locations_per_day") or 0, "rules.max_locations_per_day"
        ),
    )
    locations = []
    for o in _obj_list(data, "locations"):
        avail = o.get("available_days")
        locations.append(
            Location(
                id=_int(_req(o, "id", "a location"), "location id"),
                name=str(o.get("name", "")),
                available_days=None
                if avail is None
                else frozenset(_int_list(avail, "location available_days")),
            )
        )
    sets = [
        Set(
            id=_int(_req(o, "id", "a set"), "set id"),
            name=str(o.get("name", "")),
            location=_int(_req(o, "location", f"set {o.get('id')}"), "set location"),
            int_ext=str(o.get("int_ext", "INT")).upper(),
        )
        for o in _obj_list(data, "sets")
    ]
    cast = [
        CastMember(
            id=_int(_req(o, "id", "a cast member"), "cast id"),
            name=str(o.get("name", "")),
            role=str(o.get("role", "")),
            daily_rate=_int(o.get("daily_rate", 0), f"cast {o.get('id')} daily_rate"),
            unavailable_days=frozenset(
                _int_list(o.get("unavailable_days"), f"cast {o.get('id')} unavailable_days")
            ),
        )
        for o in _obj_list(data, "cast")
    ]
    scenes = [
        Scene(
            number=_int(_req(o, "number", "a scene"), "scene number"),
            set=_int(_req(o, "set", f"scene {o.get('number')}"), f"scene {o.get('number')} set"),
            eighths=_int(_req(o, "eighths", f"scene {o.get('number')}"), "scene eighths"),
            day_night=str(o.get("day_night", "DAY")).upper(),
            cast=tuple(_int_list(o.get("cast"), f"scene {o.get('number')} cast")),
            label=str(o.get("label", "")),
        )
        for o in _obj_list(data, "scenes")
    ]
    locks = [
        StripLock(
            scene=_int(_req(o, "scene", "a strip lock"), "strip lock scene"),
            day=None if o.get("day") is None else _int(o["day"], "strip lock day"),
            position=None if o.get("position") is None else _int(o["position"], "lock position"),
        )
        for o in _obj_list(data, "locked_strips")
    ]
    locked_days_raw = data.get("locked_days") or {}
    if not isinstance(locked_days_raw, dict):
        _fail("'locked_days' must be an object mapping a day number to scene numbers")
    locked_days: dict[int, tuple[int, ...]] = {}
    for k, v in locked_days_raw.items():
        try:
            day = int(k)
        except (TypeError, ValueError):
            _fail(f"locked day {k!r} is not a day number")
        locked_days[day] = tuple(_int_list(v, f"locked day {k}"))
    max_days = data.get("max_days")
    return Problem(
        name=str(data.get("name", "")),
        capacity_eighths=_int(_req(data, "capacity_eighths", "the document"), "capacity_eighths"),
        weights=weights,
        rules=rule_set,
        locations=tuple(locations),
        sets=tuple(sets),
        cast=tuple(cast),
        scenes=tuple(scenes),
        strip_locks=tuple(locks),
        locked_days=locked_days,
        max_days=None if max_days is None else _int(max_days, "max_days"),
    )


def problem_load(path: str | Path) -> Problem:
    """Read a ``sched_ref/1`` JSON file; raise ProblemError on any problem with it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ProblemError(f"{path} is not UTF-8 text") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(f"{path} is not valid JSON: {exc}") from exc
    return problem_from_dict(data)
