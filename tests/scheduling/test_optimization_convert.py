"""A board as the optimizer's problem: the pure converter (no database)."""

from decimal import Decimal

import pytest

from scheduling.optimization.convert import (
    BoardNotOptimizable,
    CastInput,
    OptimizerOptions,
    SceneInput,
    daily_cost,
    problem_from_board,
)
from scheduling.optimizer.production import schedule_cost, schedule_optimize

OPTIONS = OptimizerOptions(capacity_eighths=16, max_locations_per_day=2, company_move_cost=500,
                           location_change_cost=50, unknown_cast_daily_cost=300)
ANNA = CastInput(key=101, name="ANNA", board_id=1, daily_cost=Decimal("1000.50"))
BEN = CastInput(key=102, name="BEN", board_id=2, daily_cost=None,
                unavailable_days=frozenset({1}))


def scene(key, label, *, set_key=1, location=None, int_ext="INT", day_night="DAY",
          eighths=8, cast=()):
    return SceneInput(key=key, label=label, eighths=eighths, int_ext=int_ext,
                      day_night=day_night, set_key=set_key, set_name=f"SET {set_key}",
                      location_key=location, location_name=f"LOC {location}", cast=cast)


def test_scenes_sets_locations_and_cast_become_the_problem():
    conversion = problem_from_board(name="Main", options=OPTIONS, cast=[ANNA, BEN], scenes=[
        scene(11, "1", set_key=1, location=7, cast=(101,)),
        scene(12, "2A", set_key=2, location=7, int_ext="INT/EXT", day_night="NIGHT",
              cast=(102, 101)),
        scene(13, "3", set_key=3, eighths=3),
        scene(14, "4", set_key=None),
    ])
    p = conversion.problem
    assert [s.number for s in p.scenes] == [11, 12, 13, 14]
    assert [s.label for s in p.scenes] == ["1", "2A", "3", "4"]
    # Sets 1 and 2 share the real location 7; set 3 is its own place; a set-less scene too.
    assert p.scene_location(11) == p.scene_location(12)
    assert len({p.scene_location(n) for n in (11, 13, 14)}) == 3
    assert p.scene_is_ext(12) and not p.scene_is_ext(11)
    assert p.scene_by_number[12].day_night == "NIGHT"
    assert p.scene_by_number[13].day_night == "DAY" and p.scene_by_number[13].eighths == 3
    # The known fee rounds half up to whole units; the unknown one takes the weight.
    assert {c.id: c.daily_rate for c in p.cast} == {101: 1001, 102: 300}
    assert p.cast_by_id[102].unavailable_days == frozenset({1})
    assert conversion.cast_names == {101: "1. ANNA", 102: "2. BEN"}
    assert conversion.estimated == [102]
    assert p.capacity_eighths == 16 and p.rules.max_locations_per_day == 2
    assert p.weights.company_move_within_day == 500
    assert p.weights.location_change_between_days == 50
    assert any("2 scene(s) have no cast (3, 4)" in note for note in conversion.notes)
    assert any("1 cast member(s) have no known daily fee" in note for note in conversion.notes)


def test_the_same_set_inside_and_outside_is_two_sets_at_one_place():
    p = problem_from_board(name="B", options=OPTIONS, cast=[], scenes=[
        scene(1, "1", set_key=5, int_ext="INT"), scene(2, "2", set_key=5, int_ext="EXT"),
    ]).problem
    assert p.scene_by_number[1].set != p.scene_by_number[2].set
    assert p.scene_location(1) == p.scene_location(2)


def test_cast_not_on_the_board_is_left_out():
    p = problem_from_board(name="B", options=OPTIONS, cast=[ANNA, BEN],
                           scenes=[scene(1, "1", cast=(101,))]).problem
    assert [c.id for c in p.cast] == [101]


def test_an_empty_board_is_refused():
    with pytest.raises(BoardNotOptimizable, match="no scenes to optimise"):
        problem_from_board(name="B", options=OPTIONS, cast=[], scenes=[])


def test_a_scene_of_no_length_is_refused():
    with pytest.raises(BoardNotOptimizable, match=r"Scene 7B has no length \(0 eighths\)"):
        problem_from_board(name="B", options=OPTIONS, cast=[],
                           scenes=[scene(1, "1"), scene(2, "7B", eighths=0)])


def test_a_scene_twice_is_refused():
    with pytest.raises(BoardNotOptimizable, match="Scene 1 is on the board twice"):
        problem_from_board(name="B", options=OPTIONS, cast=[],
                           scenes=[scene(1, "1"), scene(1, "1")])


def test_settings_out_of_range_are_refused():
    with pytest.raises(BoardNotOptimizable, match="capacity_eighths"):
        problem_from_board(name="B", options=OptimizerOptions(capacity_eighths=0), cast=[],
                           scenes=[scene(1, "1")])


def test_a_board_of_scenes_without_cast_still_optimises_on_moves():
    conversion = problem_from_board(name="B", options=OPTIONS, cast=[], scenes=[
        scene(1, "1", set_key=1, eighths=4), scene(2, "2", set_key=2, eighths=4),
        scene(3, "3", set_key=1, eighths=4), scene(4, "4", set_key=2, eighths=4),
    ])
    result = schedule_optimize(problem=conversion.problem, time_limit=2, workers=1)
    assert result.total == schedule_cost(problem=conversion.problem, days=result.days).total
    # Two days of one set each: no move, and one location change between the days.
    assert result.total == 50


def test_a_scene_longer_than_a_day_is_explained_by_its_label():
    conversion = problem_from_board(name="B", options=OPTIONS, cast=[],
                                    scenes=[scene(1, "12A", eighths=20)])
    result = schedule_optimize(problem=conversion.problem, time_limit=2, workers=1)
    assert result.status == "infeasible"
    assert result.conflicts == [
        "scene 12A is 20 eighths long, longer than a day's capacity of 16 eighths"]


@pytest.mark.parametrize(("fee", "unit", "expected"), [
    (Decimal("1200"), "day", Decimal("1200")),
    (Decimal("5000"), "week", Decimal("1000")),
    (Decimal("100"), "hour", Decimal("1000")),
    (Decimal("90000"), "flat", None),
    (None, "day", None),
])
def test_daily_cost_from_a_fee(fee, unit, expected):
    assert daily_cost(fee=fee, unit=unit, shoot_days_per_week=5) == expected
