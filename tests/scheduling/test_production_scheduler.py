"""The practical production scheduler: checker, baseline, optimiser, command."""

import io
import itertools
import json
import random
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scheduling.optimizer.production import (
    ProblemError,
    StripLock,
    autosort_schedule,
    problem_from_dict,
    problem_load,
    schedule_cost,
    schedule_optimize,
    schedule_violations,
)

BENCH = Path("/work/shared/benchmarks/production")


def make(
    scenes,
    *,
    cast=None,
    locations=None,
    sets=None,
    capacity=10,
    move=100,
    change=10,
    max_locations=2,
    **extra,
):
    """A small problem: two locations A and B; sets 1 (A, INT), 2 (B, EXT), 3 (A, EXT)."""
    doc = {
        "format": "sched_ref/1",
        "name": "tiny",
        "capacity_eighths": capacity,
        "costs": {"company_move_within_day": move, "location_change_between_days": change},
        "rules": {
            "no_ext_day_and_ext_night_same_day": True,
            "max_locations_per_day": max_locations,
        },
        "locations": locations or [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}],
        "sets": sets
        or [
            {"id": 1, "name": "INT. A", "location": 1, "int_ext": "INT"},
            {"id": 2, "name": "EXT. B", "location": 2, "int_ext": "EXT"},
            {"id": 3, "name": "EXT. A", "location": 1, "int_ext": "EXT"},
        ],
        "cast": cast
        or [
            {"id": 1, "name": "ANNA", "daily_rate": 1000},
            {"id": 2, "name": "BO", "daily_rate": 500, "unavailable_days": [1]},
        ],
        "scenes": [
            {"number": n, "set": s, "eighths": e, "day_night": dn, "cast": c}
            for n, s, e, dn, c in scenes
        ],
    }
    doc.update(extra)
    return doc


TINY = [
    (1, 1, 4, "DAY", [1]),
    (2, 2, 6, "DAY", [1, 2]),
    (3, 1, 5, "NIGHT", [2]),
    (4, 2, 3, "DAY", []),
]


# --- cost -------------------------------------------------------------------------------


def test_cost_of_a_hand_worked_board():
    problem = problem_from_dict(make(TINY))
    # Day 1: 4 (B).  Day 2: 1 (A), 2 (B): a company move.  Day 3: 3 (A): B -> A, a change.
    cost = schedule_cost(problem=problem, days=[[4], [1, 2], [3]])
    # ANNA works day 2 only: 1000. BO works days 2 and 3: 2 x 500.
    assert cost.cast_cost == 2000
    assert cost.company_moves == 1
    # Day 2 starts at A after day 1 ended at B; day 3 starts at A after day 2 ended at B.
    assert cost.location_changes == 2
    assert cost.move_cost == 100 + 2 * 10
    assert cost.total == 2120
    assert cost.paid_days == {1: 1, 2: 2}


def test_cost_counts_hold_days_between_first_and_last_day():
    problem = problem_from_dict(make(TINY))
    cost = schedule_cost(problem=problem, days=[[1], [4], [2], [3]])
    # ANNA days 1-3 (3 x 1000), BO days 3-4 (2 x 500); moves: none inside days;
    # changes: A->B (day 2), B->B, B->A (day 4).
    assert cost.cast_cost == 4000
    assert (cost.company_moves, cost.location_changes) == (0, 2)
    assert cost.total == 4020


# --- legality ---------------------------------------------------------------------------


def test_checker_accepts_a_legal_board():
    problem = problem_from_dict(make(TINY))
    assert schedule_violations(problem=problem, days=[[4], [1, 2], [3]]) == []


@pytest.mark.parametrize(
    ("days", "fragment"),
    [
        ([[1, 2, 4], [3]], "over the capacity"),
        ([[3], [1, 2], [4]], "BO is unavailable on day 1"),
        ([[1], [2], [4]], "not scheduled: [3]"),
        ([[1], [2, 1], [3, 4]], "scheduled twice"),
        ([[1], [], [2], [3, 4]], "day 2 is empty"),
        ([[1], [2], [3, 4, 99]], "unknown scene 99"),
    ],
)
def test_checker_catches_each_rule(days, fragment):
    problem = problem_from_dict(make(TINY))
    violations = schedule_violations(problem=problem, days=days)
    assert any(fragment in v for v in violations), violations


def test_checker_catches_ext_day_with_ext_night():
    problem = problem_from_dict(make([(1, 2, 2, "DAY", []), (2, 3, 2, "NIGHT", [])]))
    assert schedule_violations(problem=problem, days=[[1, 2]]) == [
        "day 1 mixes EXT DAY and EXT NIGHT scenes"
    ]
    assert schedule_violations(problem=problem, days=[[1], [2]]) == []


def test_checker_catches_too_many_locations():
    locations = [{"id": k, "name": f"L{k}"} for k in (1, 2, 3)]
    sets = [{"id": k, "name": f"S{k}", "location": k, "int_ext": "INT"} for k in (1, 2, 3)]
    scenes = [(k, k, 1, "DAY", []) for k in (1, 2, 3)]
    problem = problem_from_dict(make(scenes, locations=locations, sets=sets))
    assert schedule_violations(problem=problem, days=[[1, 2, 3]]) == [
        "day 1 uses 3 locations, over the limit of 2"
    ]


def test_checker_catches_locks_and_location_windows():
    doc = make(TINY, locked_strips=[{"scene": 1, "day": 3}, {"scene": 4, "position": 2}])
    doc["locations"][1]["available_days"] = [2, 3]  # B
    problem = problem_from_dict(doc)
    violations = schedule_violations(problem=problem, days=[[4], [1, 2], [3]])
    assert "location B is not available on day 1 (scene 4)" in violations
    assert "scene 1 is locked to day 3 but is on day 2" in violations
    assert "scene 4 is locked to position 2 of its day but is at position 1" in violations


# --- optimiser against brute force -------------------------------------------------------


def brute_force(problem):
    """The cheapest legal board, over every split into days and every order inside a day."""
    numbers = [s.number for s in problem.scenes]
    best = None
    for perm in itertools.permutations(numbers):
        for cuts in itertools.product((False, True), repeat=len(numbers) - 1):
            days, day = [], [perm[0]]
            for n, cut in zip(perm[1:], cuts, strict=True):
                if cut:
                    days.append(day)
                    day = []
                day.append(n)
            days.append(day)
            if schedule_violations(problem=problem, days=days):
                continue
            total = schedule_cost(problem=problem, days=days).total
            if best is None or total < best:
                best = total
    return best


def random_tiny(seed, **costs):
    rng = random.Random(seed)
    n = rng.randint(3, 5)
    scenes = []
    for k in range(1, n + 1):
        cast = sorted(rng.sample([1, 2, 3], rng.randint(0, 2)))
        scenes.append(
            (k, rng.choice([1, 2, 3]), rng.randint(1, 6), rng.choice(["DAY", "NIGHT"]), cast)
        )
    cast = [
        {"id": 1, "name": "ANNA", "daily_rate": rng.choice([800, 1000, 1500])},
        {
            "id": 2,
            "name": "BO",
            "daily_rate": rng.choice([300, 500]),
            "unavailable_days": rng.sample([1, 2, 3], rng.randint(0, 1)),
        },
        {"id": 3, "name": "CY", "daily_rate": rng.choice([200, 700])},
    ]
    return problem_from_dict(make(scenes, cast=cast, capacity=rng.choice([8, 10, 12]), **costs))


@pytest.mark.parametrize("seed", range(10))
def test_optimiser_matches_brute_force_on_tiny_boards(seed):
    problem = random_tiny(seed)
    expected = brute_force(problem)
    result = schedule_optimize(problem=problem, time_limit=1.0, seed=seed)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert schedule_violations(problem=problem, days=result.days) == []
    assert result.total == expected == schedule_cost(problem=problem, days=result.days).total
    assert result.bound <= expected


def test_optimiser_on_the_hand_worked_example_is_proven_optimal():
    problem = problem_from_dict(make(TINY))
    result = schedule_optimize(problem=problem, time_limit=2.0)
    assert result.total == brute_force(problem) == 2100
    assert result.status == "optimal"
    assert result.bound == 2100
    assert result.gap == 0.0


# --- infeasible requests ----------------------------------------------------------------


def test_scene_longer_than_a_day_is_explained():
    problem = problem_from_dict(make([*TINY, (12, 1, 11, "DAY", [1])]))
    result = schedule_optimize(problem=problem, time_limit=1.0)
    assert result.status == "infeasible"
    assert result.days == []
    assert result.conflicts == [
        "scene 12 is 11 eighths long, longer than a day's capacity of 10 eighths"
    ]


def test_cast_unavailable_whenever_the_location_is_available_is_explained():
    doc = make(TINY)
    doc["locations"][1] = {"id": 2, "name": "HARBOUR", "available_days": [1]}
    result = schedule_optimize(problem=problem_from_dict(doc), time_limit=1.0)
    assert result.status == "infeasible"
    assert result.conflicts == [
        "BO is unavailable on every day location HARBOUR is available (days 1), "
        "so scene 2 cannot be shot"
    ]


def test_overfull_locked_day_is_explained():
    doc = make(TINY, locked_days={"2": [1, 2, 3]})
    result = schedule_optimize(problem=problem_from_dict(doc), time_limit=1.0)
    assert result.status == "infeasible"
    assert "locked day 2 ([1, 2, 3]) holds 15 eighths, over the capacity of 10" in result.conflicts


def test_too_few_shoot_days_is_explained():
    doc = make(TINY, max_days=1)
    result = schedule_optimize(problem=problem_from_dict(doc), time_limit=1.0)
    assert result.status == "infeasible"
    assert (
        "the script needs at least 2 shoot days at 10 eighths a day, but the schedule allows 1"
        in result.conflicts
    )


# --- locks, windows ---------------------------------------------------------------------


def test_locked_strips_and_days_are_honoured():
    doc = make(
        [*TINY, (5, 1, 2, "DAY", [1]), (6, 2, 1, "DAY", [])],
        locked_strips=[{"scene": 1, "day": 4}, {"scene": 6, "day": 4, "position": 1}],
        locked_days={"2": [3]},
    )
    problem = problem_from_dict(doc)
    result = schedule_optimize(problem=problem, time_limit=1.5)
    assert schedule_violations(problem=problem, days=result.days) == []
    assert result.days[1] == [3]
    assert result.days[3][0] == 6
    assert 1 in result.days[3]


def test_location_window_is_honoured():
    doc = make(TINY)
    doc["locations"][0]["available_days"] = [3, 4]  # A
    problem = problem_from_dict(doc)
    result = schedule_optimize(problem=problem, time_limit=1.0)
    assert schedule_violations(problem=problem, days=result.days) == []
    for day_number, day in enumerate(result.days, start=1):
        if any(problem.scene_location(n) == 1 for n in day):
            assert day_number in (3, 4)


def test_strip_lock_dataclass_round_trip():
    problem = problem_from_dict(make(TINY, locked_strips=[{"scene": 2, "day": 2}]))
    assert problem.strip_locks == (StripLock(scene=2, day=2, position=None),)


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["scenes"].append(dict(d["scenes"][0])), "duplicate scene number 1"),
        (lambda d: d["scenes"][0].update(set=9), "scene 1 refers to unknown set 9"),
        (lambda d: d["scenes"][0].update(cast=[7]), "scene 1 refers to unknown cast id 7"),
        (lambda d: d["scenes"][0].update(eighths=-1), "eighths must be a non-negative integer"),
        (lambda d: d["cast"].append(dict(d["cast"][0])), "duplicate cast id 1"),
        (lambda d: d.update(capacity_eighths=0), "capacity_eighths must be a positive integer"),
        (lambda d: d.update(format="other/2"), "unsupported format"),
        (lambda d: d.pop("capacity_eighths"), "missing 'capacity_eighths'"),
    ],
)
def test_bad_documents_are_refused_clearly(change, message):
    doc = make(TINY)
    change(doc)
    with pytest.raises(ProblemError, match=message.replace("[", r"\[").replace("]", r"\]")):
        problem_from_dict(doc)


def test_malformed_json_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(ProblemError, match="not valid JSON"):
        problem_load(path)
    assert issubclass(ProblemError, ValueError)


def test_empty_board_is_trivially_optimal():
    result = schedule_optimize(problem=problem_from_dict(make([])), time_limit=1.0)
    assert (result.status, result.days, result.total, result.bound) == ("optimal", [], 0, 0)


def test_castless_and_zero_length_scenes_are_scheduled():
    problem = problem_from_dict(
        make([(1, 1, 0, "DAY", []), (2, 2, 3, "NIGHT", []), (3, 1, 10, "DAY", [1])])
    )
    result = schedule_optimize(problem=problem, time_limit=1.0)
    assert schedule_violations(problem=problem, days=result.days) == []
    assert result.cast_cost == 1000


# --- benchmark files --------------------------------------------------------------------


def test_time_limit_is_enforced_on_a_benchmark_board():
    problem = problem_load(BENCH / "prod-n200-s1.json")
    started = time.monotonic()
    result = schedule_optimize(problem=problem, time_limit=3.0)
    # The solver winds up from 2.875 s; 0.1 s more covers the OS on a loaded 2-core machine
    # (once measured at 3.0026 s there with ten processes running).
    assert time.monotonic() - started <= 3.1
    assert schedule_violations(problem=problem, days=result.days) == []
    assert result.bound <= result.total


def test_autosort_baseline_is_legal():
    problem = problem_load(BENCH / "prod-n100-s1.json")
    days = autosort_schedule(problem=problem)
    assert schedule_violations(problem=problem, days=days) == []


def recompute(doc, days):
    """Cost straight from the README, from the raw JSON."""
    loc = {s["id"]: s["location"] for s in doc["sets"]}
    scene = {s["number"]: s for s in doc["scenes"]}
    rate = {c["id"]: c["daily_rate"] for c in doc["cast"]}
    first, last, moves, changes, end = {}, {}, 0, 0, None
    for d, day in enumerate(days, start=1):
        locs = [loc[scene[n]["set"]] for n in day]
        moves += sum(a != b for a, b in itertools.pairwise(locs))
        changes += end is not None and locs[0] != end
        end = locs[-1]
        for n in day:
            for c in scene[n]["cast"]:
                first.setdefault(c, d)
                last[c] = d
    cast = sum(rate[c] * (last[c] - first[c] + 1) for c in first)
    costs = doc["costs"]
    move = (
        moves * costs["company_move_within_day"] + changes * costs["location_change_between_days"]
    )
    return cast, move


def test_command_prints_a_legal_board_with_its_cost():
    path = BENCH / "prod-n100-s1.json"
    out = io.StringIO()
    started = time.monotonic()
    call_command("schedule_solve", str(path), "--time-limit", "5", "--json", stdout=out)
    assert time.monotonic() - started < 5.5
    result = json.loads(out.getvalue())
    doc = json.loads(path.read_text())
    problem = problem_load(path)
    assert schedule_violations(problem=problem, days=result["days"]) == []
    cast, move = recompute(doc, result["days"])
    assert (result["cast_cost"], result["move_cost"]) == (cast, move)
    assert result["total"] == cast + move
    assert 0 < result["bound"] <= result["total"]
    assert result["n_days"] == len(result["days"])
    auto = schedule_cost(problem=problem, days=autosort_schedule(problem=problem)).total
    assert result["total"] < 0.8 * auto


def test_command_refuses_a_bad_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(make([(1, 9, 1, "DAY", [])])))
    with pytest.raises(CommandError, match="scene 1 refers to unknown set 9"):
        call_command("schedule_solve", str(path), "--time-limit", "1", "--json")


def test_command_reports_an_infeasible_request(tmp_path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps(make([(1, 1, 11, "DAY", [])])))
    with pytest.raises(CommandError, match="longer than a day's capacity"):
        call_command("schedule_solve", str(path), "--time-limit", "1", "--json")


# --- proven lower bounds ------------------------------------------------------------------


def _cg_bound(problem, seconds=5.0, columns=()):
    from scheduling.optimizer.production.bounds import DayPatternBound
    from scheduling.optimizer.production.instance import Instance

    inst = Instance(problem)
    cg = DayPatternBound(inst, [list(c) for c in columns])
    deadline = time.monotonic() + seconds
    while cg.iterate(deadline=deadline, workers=1):
        pass
    return inst, cg


def work_cost(problem, days):
    """Cast work days (no holds) plus company moves inside days: what the CG bound prices."""
    cast_rate = {c.id: c.daily_rate * problem.weights.cast for c in problem.cast}
    total = 0
    for day in days:
        cast = {c for n in day for c in problem.scene_by_number[n].cast}
        locs = {problem.scene_location(n) for n in day}
        total += sum(cast_rate[c] for c in cast)
        total += problem.weights.company_move_within_day * (len(locs) - 1)
    return total


@pytest.mark.parametrize("seed", range(12))
def test_bounds_never_exceed_the_brute_force_optimum(seed):
    from scheduling.optimizer.production.solver import simple_bound

    # Odd seeds: three locations, at most two a day, changes dearer than company moves.
    costs = {}
    if seed % 2:
        costs = {
            "move": 50,
            "change": 400,
            "locations": [{"id": k, "name": f"L{k}"} for k in (1, 2, 3)],
            "sets": [
                {"id": 1, "name": "INT. A", "location": 1, "int_ext": "INT"},
                {"id": 2, "name": "EXT. B", "location": 2, "int_ext": "EXT"},
                {"id": 3, "name": "EXT. C", "location": 3, "int_ext": "EXT"},
            ],
        }
    problem = random_tiny(100 + seed, **costs)
    expected = brute_force(problem)
    if expected is None:
        return
    inst, cg = _cg_bound(problem)
    assert cg.converged
    assert cg.best <= expected
    assert simple_bound(inst) <= expected


@pytest.mark.parametrize("seed", range(8))
def test_lagrangian_bound_at_any_prices_is_below_the_optimum(seed):
    """The bound reported before convergence, at arbitrary scene prices, is still proven."""
    from scheduling.optimizer.production.bounds import DayPatternBound
    from scheduling.optimizer.production.instance import Instance

    costs = {"move": 50, "change": 400} if seed % 2 else {}
    problem = random_tiny(200 + seed, **costs)
    expected = brute_force(problem)
    if expected is None:
        return
    inst = Instance(problem)
    cg = DayPatternBound(inst, [])
    rng = random.Random(seed)
    for _ in range(5):
        # A price per scene, then the price of entering a location (capped at a change).
        prices = [rng.uniform(0, 3000) for _ in range(inst.n)] + [rng.uniform(0, 500)]
        bound, _found = cg.exact_pricing(prices, deadline=time.monotonic() + 5, workers=1)
        assert bound is not None
        assert bound <= expected + 1e-6
        # The held-pairs bound is the least over the pairs, at any prices for each.
        pairs = [(0, 1), (0, 2), (1, 2)]
        held = [
            DayPatternBound(inst, [], group=(0, 1, 2), pair=pair).exact_pricing(
                prices, deadline=time.monotonic() + 5, workers=1
            )[0]
            for pair in pairs
        ]
        assert min(held) <= expected + 1e-6


def test_move_bound_is_zero_when_location_changes_are_free():
    """Two locations, a day at each: no company move is needed and changes cost nothing."""
    from scheduling.optimizer.production.bounds import move_bound
    from scheduling.optimizer.production.instance import Instance

    problem = problem_from_dict(make([(1, 1, 8, "DAY", []), (2, 2, 8, "DAY", [])], change=0))
    assert brute_force(problem) == 0
    assert move_bound(Instance(problem)) == 0
    result = schedule_optimize(problem=problem, time_limit=1.0)
    assert result.total == 0 and result.bound == 0


@pytest.mark.parametrize("name", ["prod-n100-s2", "prod-n200-s3"])
def test_bound_never_exceeds_legal_boards_on_benchmark_files(name):
    problem = problem_load(BENCH / f"{name}.json")
    auto = autosort_schedule(problem=problem)
    result = schedule_optimize(problem=problem, time_limit=6.0)
    assert schedule_violations(problem=problem, days=result.days) == []
    assert 0 < result.bound <= result.total
    assert result.bound <= schedule_cost(problem=problem, days=auto).total
    # The column-generation figure bounds work days plus moves inside days, which every
    # legal board pays: check it against the boards found, at every iteration.
    from scheduling.optimizer.production.bounds import DayPatternBound
    from scheduling.optimizer.production.instance import Instance

    inst = Instance(problem)
    boards = [[[inst.index_of[n] for n in day] for day in days] for days in (result.days, auto)]
    cg = DayPatternBound(inst, [day for days in boards for day in days])
    ceiling = min(work_cost(problem, result.days), work_cost(problem, auto))
    deadline = time.monotonic() + 5.0
    while cg.iterate(deadline=deadline, workers=1):
        assert cg.best <= ceiling
    assert cg.best <= ceiling


def _held_bound(problem, seconds=5.0):
    from scheduling.optimizer.production.bounds import HeldPairsBound, hold_group
    from scheduling.optimizer.production.instance import Instance

    inst = Instance(problem)
    group = hold_group(inst)
    if not group:
        return None
    held = HeldPairsBound(inst, [], group, 0)
    deadline = time.monotonic() + seconds
    while held.iterate(deadline=deadline, workers=1):
        pass
    assert held.converged
    return held.best


def test_held_pairs_bound_proves_the_hold_day_a_cycle_forces():
    """ANNA+BO, BO+CY, ANNA+CY, a day each: whatever the order, someone holds a day."""
    cast = [
        {"id": 1, "name": "ANNA", "daily_rate": 1000},
        {"id": 2, "name": "BO", "daily_rate": 500},
        {"id": 3, "name": "CY", "daily_rate": 700},
    ]
    scenes = [(1, 1, 8, "DAY", [1, 2]), (2, 1, 8, "DAY", [2, 3]), (3, 1, 8, "DAY", [1, 3])]
    problem = problem_from_dict(make(scenes, cast=cast, capacity=8))
    assert brute_force(problem) == 4900  # work 4,400 plus BO held while ANNA+CY shoot
    _inst, cg = _cg_bound(problem)
    assert cg.converged and cg.best == 4400
    assert _held_bound(problem) == 4900
    result = schedule_optimize(problem=problem, time_limit=3.0)
    assert (result.total, result.bound, result.status) == (4900, 4900, "optimal")


@pytest.mark.parametrize("seed", range(10))
def test_held_pairs_bound_never_exceeds_the_brute_force_optimum(seed):
    problem = random_tiny(300 + seed)
    expected = brute_force(problem)
    if expected is None:
        return
    held = _held_bound(problem)
    assert held is None or held <= expected
