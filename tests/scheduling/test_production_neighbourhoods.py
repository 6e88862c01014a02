"""The annealer's neighbourhoods keep every board legal and priced right."""

import random

import pytest

from scheduling.optimizer.production import (
    problem_from_dict,
    problem_load,
    schedule_cost,
    schedule_violations,
)
from scheduling.optimizer.production.annealing import Annealer
from scheduling.optimizer.production.instance import Instance, board_cost, board_order
from scheduling.optimizer.production.solver import _greedy_starts

from .test_production_scheduler import BENCH, brute_force, make, random_tiny


def _start(problem):
    inst = Instance(problem)
    starts = [
        d
        for d in _greedy_starts(problem, inst)
        if not schedule_violations(problem=problem, days=board_order(inst, d))
    ]
    return inst, min(starts, key=lambda d: sum(board_cost(inst, d)))


def _assert_consistent(problem, inst, annealer):
    days = annealer.days()
    assert sorted(i for d in days for i in d) == list(range(inst.n))
    assert all(days), "no empty day inside the board"
    assert annealer.cost == annealer._full_cost() == annealer._board_cost(days)
    numbers = board_order(inst, days)
    assert schedule_violations(problem=problem, days=numbers) == []
    assert schedule_cost(problem=problem, days=numbers).total == sum(board_cost(inst, days))


def test_dissolving_a_day_puts_its_scenes_where_they_cost_least_and_drops_the_day():
    # Given three one-scene days for ANNA where two scenes fit in one day
    problem = problem_from_dict(
        make(
            [(1, 1, 4, "DAY", [1]), (2, 1, 4, "DAY", [1]), (3, 1, 5, "DAY", [1])],
            cast=[{"id": 1, "name": "ANNA", "daily_rate": 1000}],
        )
    )
    inst = Instance(problem)
    annealer = Annealer(inst, [[0], [1], [2]], seed=1)
    assert annealer.cost == 3000
    # When day 2 is dissolved
    days = annealer._recreate([2], True)
    # Then its scene joins a neighbouring day (4 + 4 eighths fit in 10; 4 + 5 fit too) and the
    # board is a day shorter, so ANNA is paid two days
    assert days is not None
    assert len(days) == 2
    assert sorted(i for d in days for i in d) == [0, 1, 2]
    assert annealer._board_cost(days) == 2000


def test_a_day_that_cannot_move_up_is_not_deleted():
    # Given BO unavailable on day 1 and working on day 2 only
    problem = problem_from_dict(
        make(
            [(1, 1, 8, "DAY", [1]), (2, 1, 8, "DAY", [2])],
            cast=[
                {"id": 1, "name": "ANNA", "daily_rate": 1000},
                {"id": 2, "name": "BO", "daily_rate": 500, "unavailable_days": [1]},
            ],
        )
    )
    annealer = Annealer(Instance(problem), [[0], [1]], seed=0)
    # When day 1 is dissolved, day 2 would become day 1, which BO cannot work
    assert annealer._recreate([1], True) is None


@pytest.mark.parametrize("seed", range(12))
def test_ruin_and_recreate_keeps_tiny_boards_legal_and_priced(seed):
    problem = random_tiny(300 + seed)
    if brute_force(problem) is None:
        return
    inst, start = _start(problem)
    annealer = Annealer(inst, start, seed=seed)
    for _ in range(200):
        annealer._try_recreate(temp=10**6)  # hot: nearly every legal result is taken
        _assert_consistent(problem, inst, annealer)


@pytest.mark.parametrize("seed", range(12))
def test_annealer_with_every_neighbourhood_reaches_the_brute_force_optimum(seed):
    problem = random_tiny(400 + seed)
    expected = brute_force(problem)
    if expected is None:
        return
    inst, start = _start(problem)
    annealer = Annealer(inst, start, seed=seed)
    annealer.recreate_rate = 0.05
    rng = random.Random(seed)
    for _ in range(4000):
        annealer.step(temp=rng.choice([1.0, 50.0, 500.0]))
        if annealer.cost < annealer.best_cost:
            annealer.best_cost, annealer.best = annealer.cost, annealer.days()
    _assert_consistent(problem, inst, annealer)
    assert annealer.best_cost >= expected
    exact = sum(board_cost(inst, annealer.best))
    assert exact == expected


@pytest.mark.parametrize("name", ["prod-n100-s2", "prod-n200-s3"])
def test_ruin_and_recreate_on_benchmark_boards_stays_legal(name):
    problem = problem_load(BENCH / f"{name}.json")
    inst, start = _start(problem)
    annealer = Annealer(inst, start, seed=5)
    for k in range(300):
        annealer._try_recreate(temp=50_000.0)
        if k % 50 == 0:
            _assert_consistent(problem, inst, annealer)
    _assert_consistent(problem, inst, annealer)


def test_splitting_a_day_moves_one_location_to_a_new_next_day_and_the_rest_down():
    # Given a day at two locations (A and B), then a day at A
    problem = problem_from_dict(
        make(
            [(1, 1, 3, "DAY", [1]), (2, 2, 3, "DAY", [1]), (3, 1, 3, "DAY", [1])],
            cast=[{"id": 1, "name": "ANNA", "daily_rate": 1000}],
        )
    )
    inst = Instance(problem)
    annealer = Annealer(inst, [[0, 1], [2]], seed=0)
    # When day 1 is split (until the split sends B's scene to the new day)
    splits = [annealer._split(1) for _ in range(50)]
    assert all(d is None or sorted(map(len, d)) == [1, 1, 1] for d in splits)
    days = next(d for d in splits if d is not None and d[1] == [1])
    # Then B's scene opens a new day 2 and the old day 2 becomes day 3
    assert days == [[0], [1], [2]]
    assert annealer._board_cost(days) == 3000 + 2 * 10  # no company move; A -> B -> A


def test_a_split_that_would_push_a_scene_onto_an_unavailable_day_is_refused():
    # Given BO unavailable on day 3 and working on day 2
    problem = problem_from_dict(
        make(
            [(1, 1, 3, "DAY", [1]), (2, 1, 3, "DAY", [1]), (3, 1, 3, "DAY", [2])],
            cast=[
                {"id": 1, "name": "ANNA", "daily_rate": 1000},
                {"id": 2, "name": "BO", "daily_rate": 500, "unavailable_days": [3]},
            ],
        )
    )
    annealer = Annealer(Instance(problem), [[0, 1], [2]], seed=0)
    # When day 1 is split, day 2 would move to day 3
    assert all(annealer._split(1) is None for _ in range(20))
