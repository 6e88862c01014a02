"""A real board as the optimizer's problem: plain data in, `Problem` out (no database).

What the board gives and how it is read:

- Scenes: the board's scene strips (scheduled, or after the last day break); the boneyard
  stays out. Each scene is keyed by its primary key (its `number` in the problem) and
  labelled with its script number for messages.
- Length: eighths of a page. A scene of 0 eighths (or less) is refused: the model's own
  constraint forbids it, so it can only come from bad data.
- Sets and locations: a set shot at a real location shares that location with every other
  set there (no company move between them); a set with no location is a place of its own; a
  scene with no set is a place of its own too (conservative: moving to it costs a move).
- INT/EXT: EXT and INT/EXT count as exterior (an INT/EXT scene has an exterior part, so it
  cannot share a day of exteriors at the other time of day); INT and unknown as interior.
  The same set shot INT and EXT is two sets of the problem at the same location.
- DAY/NIGHT: NIGHT is night; DAY and unknown are day.
- Cast: every cast-category character tagged in a board scene and tracked in the DOOD.
  Their daily cost is the performer's fee when known (see `daily_cost`), otherwise the
  production's weight for an unknown cost. Scenes with no cast are allowed: they are placed
  by location, page count and the grouping rules only (reported as a note).
- Unavailability: shoot days (by number) on which a cast member travels (a travel event in
  the calendar) are days they cannot work.

Locked strips and days: the board model has none yet; the problem supports them
(`StripLock`, `locked_days`) for when it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..optimizer.production import (
    CastMember,
    Location,
    Problem,
    ProblemError,
    Rules,
    Scene,
    Set,
    Weights,
)

# Defaults of a production's optimizer settings (OptimizerSettings), chosen to match the
# realistic boards of the production benchmark (bench: ../shared/benchmarks/production).
DEFAULT_CAPACITY_EIGHTHS = 44  # 5 4/8 pages a day: a feature's usual pace
DEFAULT_MAX_LOCATIONS_PER_DAY = 2
DEFAULT_COMPANY_MOVE_COST = 8000  # a move inside a day costs about half a day of the unit
DEFAULT_LOCATION_CHANGE_COST = 1500  # starting a day somewhere else than the last one ended
DEFAULT_UNKNOWN_CAST_DAILY_COST = 1000  # the weight of a performer whose fee is not known
HOURS_PER_DAY = 10  # an hourly fee becomes a daily one at a 10-hour day


class BoardNotOptimizable(ValueError):
    """The board cannot be turned into a problem; the message says what to fix."""


@dataclass(frozen=True)
class SceneInput:
    key: int  # the scene's primary key
    label: str  # its script number ("12A")
    eighths: int
    int_ext: str  # "INT", "EXT", "INT/EXT" or ""
    day_night: str  # "DAY", "NIGHT" or ""
    set_key: int | None = None
    set_name: str = ""
    location_key: int | None = None  # productions.Location
    location_name: str = ""
    cast: tuple[int, ...] = ()  # CastInput keys


@dataclass(frozen=True)
class CastInput:
    key: int  # the character element's primary key
    name: str
    board_id: int | None = None
    daily_cost: Decimal | None = None  # None: unknown, the weight is used
    unavailable_days: frozenset[int] = frozenset()


@dataclass(frozen=True)
class OptimizerOptions:
    capacity_eighths: int = DEFAULT_CAPACITY_EIGHTHS
    max_locations_per_day: int = DEFAULT_MAX_LOCATIONS_PER_DAY
    no_ext_day_and_ext_night_same_day: bool = True
    company_move_cost: int = DEFAULT_COMPANY_MOVE_COST
    location_change_cost: int = DEFAULT_LOCATION_CHANGE_COST
    unknown_cast_daily_cost: int = DEFAULT_UNKNOWN_CAST_DAILY_COST


@dataclass
class Conversion:
    problem: Problem
    labels: dict[int, str]  # scene key -> label
    cast_names: dict[int, str]  # cast key -> "1. ANNA"
    estimated: list[int] = field(default_factory=list)  # cast keys costed at the weight
    notes: list[str] = field(default_factory=list)


def daily_cost(*, fee: Decimal | None, unit: str, shoot_days_per_week: int) -> Decimal | None:
    """A performer's cost per shoot day from their fee, or None when it cannot be known.

    Per day: the fee. Per week: the fee over the shoot days in a week. Per hour: a
    `HOURS_PER_DAY`-hour day. Flat: None, since a flat deal does not grow with the days
    held (the weight then keeps the performer's days together all the same).
    """
    if fee is None:
        return None
    if unit == "day":
        return fee
    if unit == "week":
        return fee / max(1, shoot_days_per_week)
    if unit == "hour":
        return fee * HOURS_PER_DAY
    return None


def _whole(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _name(cast: CastInput) -> str:
    return f"{cast.board_id}. {cast.name}" if cast.board_id is not None else cast.name


def problem_from_board(
    *,
    name: str,
    scenes: Sequence[SceneInput],
    cast: Sequence[CastInput],
    options: OptimizerOptions,
) -> Conversion:
    """The problem of ordering `scenes` into shoot days; raise BoardNotOptimizable when
    the board cannot be optimised, with what to fix."""
    if not scenes:
        raise BoardNotOptimizable(
            "The board has no scenes to optimise: place scenes on it (from the boneyard) first."
        )
    seen: set[int] = set()
    for scene in scenes:
        if scene.key in seen:
            raise BoardNotOptimizable(f"Scene {scene.label} is on the board twice.")
        seen.add(scene.key)
        if scene.eighths < 1:
            raise BoardNotOptimizable(
                f"Scene {scene.label} has no length ({scene.eighths} eighths): give it at "
                "least 1/8 page in the breakdown."
            )
    cast_by_key = {c.key: c for c in cast}
    if len(cast_by_key) != len(cast):
        raise BoardNotOptimizable("A cast member is listed twice.")

    locations: dict[tuple, Location] = {}
    sets: dict[tuple, Set] = {}
    problem_scenes: list[Scene] = []
    used_cast: dict[int, CastInput] = {}
    without_cast: list[str] = []
    for scene in scenes:
        if scene.location_key is not None:
            place: tuple = ("location", scene.location_key)
            place_name = scene.location_name or scene.set_name
        elif scene.set_key is not None:
            place, place_name = ("set", scene.set_key), scene.set_name
        else:
            place, place_name = ("scene", scene.key), f"scene {scene.label} (no set)"
        if place not in locations:
            locations[place] = Location(id=len(locations) + 1, name=place_name)
        ext = "EXT" if scene.int_ext in ("EXT", "INT/EXT") else "INT"
        set_key = (scene.set_key if scene.set_key is not None else ("scene", scene.key), ext)
        if set_key not in sets:
            sets[set_key] = Set(id=len(sets) + 1, name=scene.set_name or place_name,
                                location=locations[place].id, int_ext=ext)
        members = []
        for key in dict.fromkeys(scene.cast):
            member = cast_by_key.get(key)
            if member is None:
                raise BoardNotOptimizable(f"Scene {scene.label} lists an unknown cast member.")
            used_cast[key] = member
            members.append(key)
        if not members:
            without_cast.append(scene.label)
        problem_scenes.append(Scene(
            number=scene.key, set=sets[set_key].id, eighths=scene.eighths,
            day_night="NIGHT" if scene.day_night == "NIGHT" else "DAY",
            cast=tuple(members), label=scene.label))

    estimated = []
    problem_cast = []
    for member in sorted(used_cast.values(),
                         key=lambda c: (c.board_id is None, c.board_id or 0, c.name, c.key)):
        if member.daily_cost is None or member.daily_cost < 0:
            rate = options.unknown_cast_daily_cost
            estimated.append(member.key)
        else:
            rate = _whole(member.daily_cost)
        problem_cast.append(CastMember(id=member.key, name=_name(member), daily_rate=rate,
                                       unavailable_days=member.unavailable_days))
    notes = []
    if without_cast:
        shown = ", ".join(without_cast[:10]) + (" …" if len(without_cast) > 10 else "")
        notes.append(f"{len(without_cast)} scene(s) have no cast ({shown}): they are placed by "
                     "location, pages and the grouping rules only.")
    if estimated:
        notes.append(f"{len(estimated)} cast member(s) have no known daily fee: each day they "
                     f"are paid counts {options.unknown_cast_daily_cost:,} (the production's "
                     "weight for an unknown cost).")
    try:
        problem = Problem(
            name=name,
            capacity_eighths=options.capacity_eighths,
            weights=Weights(company_move_within_day=options.company_move_cost,
                            location_change_between_days=options.location_change_cost),
            rules=Rules(no_ext_day_and_ext_night_same_day=options.no_ext_day_and_ext_night_same_day,
                        max_locations_per_day=options.max_locations_per_day),
            locations=tuple(locations.values()),
            sets=tuple(sets.values()),
            cast=tuple(problem_cast),
            scenes=tuple(problem_scenes),
        )
    except ProblemError as exc:  # settings out of range: the form and the model prevent it
        raise BoardNotOptimizable(f"The optimizer settings are not usable: {exc}") from exc
    return Conversion(
        problem=problem,
        labels={s.key: s.label for s in scenes},
        cast_names={c.id: c.name for c in problem_cast},
        estimated=estimated,
        notes=notes,
    )
