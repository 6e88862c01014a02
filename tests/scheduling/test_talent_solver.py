"""The exact talent-scheduling core: cost, solver, bad input and the talent_solve command.

None of these tests touch the database.
"""

import io
import itertools
import json
import random
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.optimizer.talent import (
    TalentInstance,
    TalentInstanceError,
    talent_cost,
    talent_instance_load,
    talent_instance_parse,
    talent_solve,
)
from scheduling.optimizer.talent import dp as talent_dp
from scheduling.optimizer.talent.reduction import Core
from scheduling.optimizer.talent.search import IdleBound

BENCHMARKS = Path("/work/shared/benchmarks/talent")
BENCHMARK_FILES = sorted(BENCHMARKS.glob("*.json"))

# The README's worked example: costs (3, 2, 1); scenes 0 {0,1} 1 day, 1 {1,2} 2 days, 2 {0,2} 1 day.
WORKED_EXAMPLE = {
    "name": "worked example",
    "scenes": [
        {"id": 0, "duration": 1, "actors": [0, 1]},
        {"id": 1, "duration": 2, "actors": [1, 2]},
        {"id": 2, "duration": 1, "actors": [0, 2]},
    ],
    "actors": [{"id": 0, "cost": 3}, {"id": 1, "cost": 2}, {"id": 2, "cost": 1}],
}


def instance_from(scenes, costs, name="test"):
    """scenes: [(duration, [actor positions])]; costs: [daily cost per actor]."""
    return talent_instance_parse(
        data={
            "name": name,
            "scenes": [
                {"id": i, "duration": d, "actors": list(cast)} for i, (d, cast) in enumerate(scenes)
            ],
            "actors": [{"id": j, "cost": c} for j, c in enumerate(costs)],
        }
    )


def brute_force_total(instance: TalentInstance) -> int:
    ids = [s.id for s in instance.scenes]
    return min(
        talent_cost(instance=instance, order=order).total for order in itertools.permutations(ids)
    )


@st.composite
def small_instances(draw):
    n_actors = draw(st.integers(min_value=0, max_value=5))
    costs = draw(st.lists(st.integers(0, 9), min_size=n_actors, max_size=n_actors))
    cast = st.sets(st.integers(0, n_actors - 1)) if n_actors else st.just(set())
    scenes = draw(
        st.lists(st.tuples(st.integers(1, 4), cast), min_size=1, max_size=7),
    )
    return instance_from([(d, sorted(c)) for d, c in scenes], costs)


def assert_is_permutation(instance, order):
    assert sorted(order) == sorted(s.id for s in instance.scenes)


# --- cost -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "total", "waiting"),
    [([0, 1, 2], 21, 6), ([1, 0, 2], 16, 1), ([0, 2, 1], 17, 2)],
)
def test_cost_of_worked_example_orders_matches_readme(order, total, waiting):
    instance = talent_instance_parse(data=WORKED_EXAMPLE)

    cost = talent_cost(instance=instance, order=order)

    assert (cost.total, cost.waiting, cost.fixed) == (total, waiting, 15)


def test_worked_example_is_solved_to_sixteen_proven():
    instance = talent_instance_parse(data=WORKED_EXAMPLE)

    solution = talent_solve(instance=instance, time_limit=10)

    assert (solution.total, solution.waiting, solution.fixed) == (16, 1, 15)
    assert solution.optimal is True
    assert solution.lower_bound == 16
    assert talent_cost(instance=instance, order=solution.order).total == 16


def test_cost_refuses_an_order_that_is_not_a_permutation():
    instance = talent_instance_parse(data=WORKED_EXAMPLE)

    with pytest.raises(TalentInstanceError, match="not a permutation"):
        talent_cost(instance=instance, order=[0, 1, 1])


# --- exactness --------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, derandomize=True)
@given(instance=small_instances())
def test_solver_matches_brute_force_on_small_instances(instance):
    solution = talent_solve(instance=instance, time_limit=10)

    assert_is_permutation(instance, solution.order)
    assert solution.total == brute_force_total(instance)
    assert talent_cost(instance=instance, order=solution.order).total == solution.total
    assert solution.optimal is True
    assert solution.lower_bound == solution.total


@settings(max_examples=150, deadline=None, derandomize=True)
@given(instance=small_instances())
def test_best_first_search_matches_brute_force_on_small_instances(instance):
    # With the subset table switched off every core of two or more scenes goes to the search.
    original = talent_dp.MAX_SCENES
    talent_dp.MAX_SCENES = 0
    try:
        solution = talent_solve(instance=instance, time_limit=10)
    finally:
        talent_dp.MAX_SCENES = original

    assert solution.total == brute_force_total(instance)
    assert solution.optimal is True


def test_search_lower_bound_never_exceeds_the_true_remaining_cost():
    rng = random.Random(20110101)
    for _ in range(300):
        n, m = rng.randint(2, 7), rng.randint(1, 5)
        durations = [rng.randint(1, 4) for _ in range(n)]
        costs = [rng.randint(0, 9) for _ in range(m)]
        casts = [sum(1 << j for j in range(m) if rng.random() < 0.45) for _ in range(n)]
        core = Core(durations=durations, casts=casts, costs=costs, groups=[[i] for i in range(n)])
        full = (1 << n) - 1

        def cast_of(scenes, casts=casts, n=n):
            return sum_masks(casts[i] for i in range(n) if scenes >> i & 1)

        def mask_cost(mask, costs=costs, m=m):
            return sum(costs[j] for j in range(m) if mask >> j & 1)

        # Exact idle cost still to come after each set of shot scenes, from the full table.
        remaining_cost = {full: 0}
        for shot in sorted(range(full), key=lambda q: -q.bit_count()):
            on_set = cast_of(shot) & cast_of(full ^ shot)
            remaining_cost[shot] = min(
                durations[s] * mask_cost(on_set & ~casts[s]) + remaining_cost[shot | 1 << s]
                for s in range(n)
                if not shot >> s & 1
            )
        bound = IdleBound(core)
        for shot in range(full + 1):
            on_set = cast_of(shot) & cast_of(full ^ shot)
            assert bound(full ^ shot, on_set) <= remaining_cost[shot]


def sum_masks(masks):
    union = 0
    for mask in masks:
        union |= mask
    return union


@pytest.mark.parametrize("path", BENCHMARK_FILES, ids=[p.stem for p in BENCHMARK_FILES])
def test_benchmark_instance_reaches_its_optimum_proven(path):
    expected = json.loads(path.read_text())
    instance = talent_instance_load(path=path)

    solution = talent_solve(instance=instance, time_limit=60)

    assert_is_permutation(instance, solution.order)
    assert solution.total == expected["optimum_total"]
    assert solution.waiting == expected["optimum_waiting"]
    assert solution.fixed == expected["fixed_cost"]
    assert talent_cost(instance=instance, order=solution.order).total == solution.total
    assert solution.optimal is True


def test_benchmark_has_twenty_instances():
    assert len(BENCHMARK_FILES) == 20


@pytest.mark.parametrize("name", ["concert", "csplib_film2", "film105", "Warwick1201"])
def test_best_first_search_alone_proves_benchmark_optima(name, monkeypatch):
    monkeypatch.setattr(talent_dp, "MAX_SCENES", 0)
    path = BENCHMARKS / f"{name}.json"
    instance = talent_instance_load(path=path)

    solution = talent_solve(instance=instance, time_limit=60)

    assert solution.total == json.loads(path.read_text())["optimum_total"]
    assert solution.optimal is True
    assert solution.method == "search"


# --- special and bad input -----------------------------------------------------------------


def test_scenes_without_cast_cost_nothing_and_go_first():
    instance = instance_from([(2, [0, 1]), (3, []), (1, [1]), (4, []), (1, [0])], [5, 7])

    solution = talent_solve(instance=instance, time_limit=10)

    assert solution.total == brute_force_total(instance) == 36
    assert set(solution.order[:2]) == {1, 3}
    assert solution.optimal is True


def test_instance_without_actors_costs_nothing():
    instance = instance_from([(1, []), (2, [])], [])

    solution = talent_solve(instance=instance, time_limit=10)

    assert (solution.total, solution.waiting, solution.optimal) == (0, 0, True)
    assert sorted(solution.order) == [0, 1]


def test_scene_and_actor_ids_need_not_be_positions():
    instance = talent_instance_parse(
        data={
            "scenes": [
                {"id": 30, "duration": 1, "actors": [7, 3]},
                {"id": 10, "duration": 2, "actors": [3, 9]},
                {"id": 20, "duration": 1, "actors": [7, 9]},
            ],
            "actors": [{"id": 7, "cost": 3}, {"id": 3, "cost": 2}, {"id": 9, "cost": 1}],
        }
    )

    solution = talent_solve(instance=instance, time_limit=10)

    assert sorted(solution.order) == [10, 20, 30]
    assert (solution.total, solution.optimal) == (16, True)


def bad(**changes):
    data = json.loads(json.dumps(WORKED_EXAMPLE))
    for key, value in changes.items():
        data[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bad(scenes=[]), "has no scenes"),
        (bad(scenes=[{"id": 0, "duration": 0, "actors": [0]}]), "scene 0 has duration 0"),
        (bad(scenes=[{"id": 0, "duration": -2, "actors": [0]}]), "scene 0 has duration -2"),
        (bad(scenes=[{"id": 0, "duration": 1.5, "actors": [0]}]), "whole number of days"),
        (bad(scenes=[{"id": 4, "duration": 1, "actors": []}] * 2), "scene id 4 is used twice"),
        (bad(actors=[{"id": 0, "cost": 1}, {"id": 0, "cost": 2}]), "actor id 0 is used twice"),
        (bad(actors=[{"id": 0, "cost": 3}, {"id": 1, "cost": 2}]), "lists actor 2, which is not"),
        (
            bad(actors=[{"id": 0, "cost": -1}, {"id": 1, "cost": 2}, {"id": 2, "cost": 1}]),
            "cost -1;",
        ),
        (bad(scenes=[{"id": 0, "duration": 1, "actors": [0, 0]}]), "lists actor 0 twice"),
        (bad(scenes=[{"id": 0, "actors": [0]}]), "has no 'duration' field"),
        (bad(scenes={"id": 0}), "'scenes' must be a list"),
        (bad(n_scenes=4), "n_scenes says 4 but the list has 3"),
        ([1, 2, 3], "must be a JSON object"),
    ],
)
def test_bad_instance_is_refused_with_a_clear_message(data, message):
    with pytest.raises(TalentInstanceError, match=message):
        talent_instance_parse(data=data)


def test_instance_errors_are_value_errors():
    assert issubclass(TalentInstanceError, ValueError)


def test_malformed_json_file_is_refused_with_its_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"scenes": [\n  {"id": 0,, }\n]}')

    with pytest.raises(TalentInstanceError, match=r"not valid JSON: .* line 2, column 12"):
        talent_instance_load(path=path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(TalentInstanceError, match="cannot read"):
        talent_instance_load(path=tmp_path / "absent.json")


def test_time_limit_must_be_positive():
    instance = talent_instance_parse(data=WORKED_EXAMPLE)

    with pytest.raises(ValueError, match="positive number of seconds"):
        talent_solve(instance=instance, time_limit=0)


# --- time limit ------------------------------------------------------------------------------


def test_time_limit_returns_best_order_found_unproven():
    rng = random.Random(7)
    scenes = [(rng.randint(1, 3), rng.sample(range(14), rng.randint(2, 5))) for _ in range(45)]
    instance = instance_from(scenes, [rng.randint(1, 20) for _ in range(14)])

    started = time.monotonic()
    solution = talent_solve(instance=instance, time_limit=1.0)
    elapsed = time.monotonic() - started

    assert elapsed < 3.0
    assert solution.optimal is False
    assert_is_permutation(instance, solution.order)
    assert talent_cost(instance=instance, order=solution.order).total == solution.total
    assert solution.fixed <= solution.lower_bound < solution.total


def test_subset_table_out_of_time_falls_back_to_an_unproven_order():
    instance = talent_instance_load(path=BENCHMARKS / "Shaw2020.json")

    solution = talent_solve(instance=instance, time_limit=0.001)

    assert solution.optimal is False
    assert solution.method == "heuristic"
    assert_is_permutation(instance, solution.order)
    assert solution.total >= 877


def test_subset_table_that_does_not_fit_in_memory_falls_back_to_search(monkeypatch):
    def out_of_memory(core, *, deadline):
        raise MemoryError

    monkeypatch.setattr(talent_dp, "dp_solve", out_of_memory)
    instance = talent_instance_load(path=BENCHMARKS / "film12.json")

    solution = talent_solve(instance=instance, time_limit=30)

    assert (solution.total, solution.optimal, solution.method) == (401, True, "search")


# --- management command -----------------------------------------------------------------------


def test_command_json_lines_report_proven_optima():
    out = io.StringIO()

    call_command(
        "talent_solve",
        str(BENCHMARKS / "film105.json"),
        str(BENCHMARKS / "csplib_rehearsal.json"),
        "--json",
        "--time-limit",
        "30",
        stdout=out,
    )

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["name"] for r in records] == ["film105", "csplib_rehearsal"]
    assert [set(r) for r in records] == [
        {"name", "order", "total", "waiting", "optimal", "seconds"}
    ] * 2
    assert [(r["total"], r["waiting"], r["optimal"]) for r in records] == [
        (849, 110, True),
        (109, 17, True),
    ]
    assert sorted(records[0]["order"]) == list(range(18))
    assert sorted(records[1]["order"]) == list(range(9))
    assert all(r["seconds"] >= 0 for r in records)


def test_command_prints_a_table_without_json():
    out = io.StringIO()

    call_command("talent_solve", str(BENCHMARKS / "tiny.json"), stdout=out)

    header, row = out.getvalue().splitlines()
    assert header.split()[:6] == ["name", "scenes", "total", "waiting", "optimal", "seconds"]
    assert row.split()[:5] == ["tiny", "4", "29", "2", "yes"]


def test_command_reports_a_bad_file_as_a_command_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"scenes": [')
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"broken\.json is not valid JSON"):
        call_command("talent_solve", str(BENCHMARKS / "tiny.json"), str(broken), stdout=out)
    assert out.getvalue() == ""  # every file is checked before anything is solved


def test_command_refuses_a_non_positive_time_limit():
    with pytest.raises(CommandError, match="--time-limit must be a positive number"):
        call_command("talent_solve", str(BENCHMARKS / "tiny.json"), "--time-limit", "-1")
