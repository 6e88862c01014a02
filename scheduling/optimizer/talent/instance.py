"""Talent-scheduling instances: plain data, parsing with clear errors, and the cost of an order.

The cost model is the one of the benchmark set (`../shared/benchmarks/talent/README.md`):
scenes are shot back to back, and each actor is paid their daily cost from the start of
their first scene to the end of their last scene.

    total(order)   = sum over actors j of c(j) * (end of j's last scene - start of j's first)
    fixed          = sum over scenes s of d(s) * sum of c(j) for j in s   (same for every order)
    waiting(order) = total(order) - fixed
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class TalentInstanceError(ValueError):
    """An instance (or an order for it) that cannot be scheduled, with the reason why."""


@dataclass(frozen=True, slots=True)
class Scene:
    id: int
    duration: int
    actors: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    cost: int


@dataclass(frozen=True, slots=True)
class TalentCost:
    total: int
    waiting: int
    fixed: int


@dataclass(frozen=True)
class TalentInstance:
    """A validated instance. Build it with `talent_instance_parse` or `talent_instance_load`."""

    name: str
    scenes: tuple[Scene, ...]
    actors: tuple[Actor, ...]

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def fixed_cost(self) -> int:
        cost = {actor.id: actor.cost for actor in self.actors}
        return sum(s.duration * sum(cost[a] for a in s.actors) for s in self.scenes)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate(instance: TalentInstance) -> None:
    where = f"instance {instance.name!r}"
    if not instance.scenes:
        raise TalentInstanceError(f"{where} has no scenes: there is nothing to schedule.")
    actor_ids: set[int] = set()
    for actor in instance.actors:
        if not _is_int(actor.id):
            raise TalentInstanceError(f"{where}: actor id {actor.id!r} is not an integer.")
        if actor.id in actor_ids:
            raise TalentInstanceError(f"{where}: actor id {actor.id} is used twice.")
        actor_ids.add(actor.id)
        if not _is_int(actor.cost) or actor.cost < 0:
            raise TalentInstanceError(
                f"{where}: actor {actor.id} has cost {actor.cost!r}; "
                "a daily cost must be an integer of 0 or more."
            )
    scene_ids: set[int] = set()
    for scene in instance.scenes:
        if not _is_int(scene.id):
            raise TalentInstanceError(f"{where}: scene id {scene.id!r} is not an integer.")
        if scene.id in scene_ids:
            raise TalentInstanceError(f"{where}: scene id {scene.id} is used twice.")
        scene_ids.add(scene.id)
        if not _is_int(scene.duration) or scene.duration <= 0:
            raise TalentInstanceError(
                f"{where}: scene {scene.id} has duration {scene.duration!r}; "
                "a duration must be a whole number of days, 1 or more."
            )
        seen: set[int] = set()
        for actor_id in scene.actors:
            if actor_id not in actor_ids:
                raise TalentInstanceError(
                    f"{where}: scene {scene.id} lists actor {actor_id!r}, "
                    "which is not in the actor list."
                )
            if actor_id in seen:
                raise TalentInstanceError(
                    f"{where}: scene {scene.id} lists actor {actor_id} twice."
                )
            seen.add(actor_id)


def _field(record: Any, key: str, where: str) -> Any:
    if not isinstance(record, Mapping):
        raise TalentInstanceError(f"{where} must be a JSON object, not {type(record).__name__}.")
    if key not in record:
        raise TalentInstanceError(f"{where} has no {key!r} field.")
    return record[key]


def _list_field(record: Any, key: str, where: str) -> list[Any]:
    value = _field(record, key, where)
    if not isinstance(value, list):
        raise TalentInstanceError(f"{where}: {key!r} must be a list.")
    return value


def talent_instance_parse(*, data: Any, name: str | None = None) -> TalentInstance:
    """Build an instance from the benchmark JSON structure (already decoded).

    Only `scenes` (id, duration, actors) and `actors` (id, cost) are required; `name`,
    `n_scenes` and `n_actors` are checked when present. Raises `TalentInstanceError`.
    """
    label = name or (data.get("name") if isinstance(data, Mapping) else None) or "instance"
    where = f"instance {label!r}"
    raw_scenes = _list_field(data, "scenes", where)
    raw_actors = _list_field(data, "actors", where)
    actors = []
    for i, a in enumerate(raw_actors):
        actor_where = f"{where}, actor #{i}"
        actors.append(Actor(id=_field(a, "id", actor_where), cost=_field(a, "cost", actor_where)))
    scenes = []
    for i, s in enumerate(raw_scenes):
        scene_where = f"{where}, scene #{i}"
        cast = _list_field(s, "actors", scene_where)
        scenes.append(
            Scene(
                id=_field(s, "id", scene_where),
                duration=_field(s, "duration", scene_where),
                actors=tuple(cast),
            )
        )
    for key, count in (("n_scenes", len(scenes)), ("n_actors", len(actors))):
        stated = data.get(key)
        if stated is not None and stated != count:
            raise TalentInstanceError(f"{where}: {key} says {stated!r} but the list has {count}.")
    return TalentInstance(name=str(label), scenes=tuple(scenes), actors=tuple(actors))


def talent_instance_load(*, path: str | Path) -> TalentInstance:
    """Read an instance file in the benchmark JSON format. Raises `TalentInstanceError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TalentInstanceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise TalentInstanceError(f"{path} is not UTF-8 text.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TalentInstanceError(
            f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    name = data.get("name") if isinstance(data, Mapping) else None
    return talent_instance_parse(data=data, name=str(name) if name else path.stem)


def _check_order(instance: TalentInstance, order: Sequence[int]) -> None:
    ids = [s.id for s in instance.scenes]
    if len(order) != len(ids) or sorted(order) != sorted(ids):
        missing = sorted(set(ids) - set(order))
        extra = sorted(set(order) - set(ids))
        raise TalentInstanceError(
            f"order for {instance.name!r} is not a permutation of its scene ids "
            f"(missing {missing}, unknown {extra}, {len(order)} entries for {len(ids)} scenes)."
        )


def talent_cost(*, instance: TalentInstance, order: Iterable[int]) -> TalentCost:
    """Total, waiting and fixed cost of shooting the scenes in `order` (a list of scene ids)."""
    order = list(order)
    _check_order(instance, order)
    by_id = {s.id: s for s in instance.scenes}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    clock = 0
    for scene_id in order:
        scene = by_id[scene_id]
        for actor_id in scene.actors:
            first.setdefault(actor_id, clock)
            last[actor_id] = clock + scene.duration
        clock += scene.duration
    cost = {actor.id: actor.cost for actor in instance.actors}
    total = sum(cost[a] * (last[a] - first[a]) for a in first)
    fixed = instance.fixed_cost
    return TalentCost(total=total, waiting=total - fixed, fixed=fixed)
