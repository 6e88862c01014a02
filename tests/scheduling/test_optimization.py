"""The optimizer in the product: reading a board, runs (start, execute, cancel, expire), the
comparison, and applying a proposal as a new scenario or over the board."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from productions.models import CastMember
from scheduling import services
from scheduling.hooks import schedule_changed
from scheduling.models import Board, OptimizationRun, Strip
from scheduling.optimization import selectors as opt_selectors
from scheduling.optimization import services as opt
from scheduling.optimizer.production import schedule_cost, schedule_violations
from tests.scheduling.board_factories import board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


def layout(board):
    """The board as text: scene numbers, | for a day break, [text] for a banner."""
    out = []
    for s in board.strips.select_related("scene").order_by("position", "id"):
        out.append(s.scene.number if s.kind == "scene" else "|" if s.kind == "day_break"
                   else f"[{s.text}]")
    return " ".join(out)


def days_of(run):
    """The proposal as scene numbers."""
    labels = run.result["labels"]
    return [[labels[str(s)] for s in day] for day in run.result["days"]]


@pytest.fixture
def board(production):
    """Four one-page scenes, one a day, ANNA (1, 3) and BEN (2, 4) held in between."""
    small_breakdown(production)
    CastMember.objects.filter(production=production, character="ANNA").update(
        fee=Decimal("2000"))
    CastMember.objects.filter(production=production, character="BEN").update(fee=Decimal("800"))
    opt.optimizer_settings_update(production=production, capacity_eighths=16,
                                  company_move_cost=100, location_change_cost=10)
    return board_of_days(production, [["1"], ["2"], ["4"], ["3"]])


def finished(board, producer, **kwargs):
    run = opt.optimization_start(board=board, by=producer, time_limit=5, **kwargs)
    return opt.optimization_execute(run_id=run.pk, workers=1)


def test_board_problem_reads_scenes_cast_fees_and_days(board):
    read = opt_selectors.board_problem(board=board)
    p = read.conversion.problem
    assert sorted(s.label for s in p.scenes) == ["1", "2", "3", "4"]
    assert sorted((c.name.split(". ")[1], c.daily_rate) for c in p.cast) == [
        ("ANNA", 2000), ("BEN", 800)]
    assert [[p.scene_by_number[s].label for s in day] for day in read.current_days] == [
        ["1"], ["2"], ["4"], ["3"]]
    assert p.capacity_eighths == 16 and read.tail == []


def test_travel_days_are_days_a_performer_cannot_work(board, production):
    anna = production.elements.get(name="ANNA")
    services.event_create(production=production, element=anna, kind="T",
                          on=datetime.date(2026, 3, 3))  # shoot day 2
    p = opt_selectors.board_problem(board=board).conversion.problem
    assert p.cast_by_id[anna.pk].unavailable_days == frozenset({2})


def test_run_proposes_a_legal_board_whose_cost_the_checker_confirms(board, producer):
    run = finished(board, producer)
    assert run.status == OptimizationRun.Status.DONE
    problem = opt_selectors.board_problem(board=board).conversion.problem
    days = run.result["days"]
    assert schedule_violations(problem=problem, days=days) == []
    assert run.result["proposed"]["total"] == schedule_cost(problem=problem, days=days).total
    assert run.best_total == run.result["proposed"]["total"]
    # The current board: ANNA paid 4 days, BEN 2, three location changes.
    assert run.current_total == run.result["current"]["total"] == 4 * 2000 + 2 * 800 + 3 * 10
    # Best: the kitchen scenes together (INT, any time); the garden (EXT DAY) and the street
    # (EXT NIGHT) may not share a day, so BEN is paid 2 days: 2000 + 1600 + 2 changes.
    assert run.best_total == 2000 + 1600 + 20
    assert sorted(days_of(run)[0] + days_of(run)[1] + days_of(run)[2]) == ["1", "2", "3", "4"]
    assert run.bound <= run.best_total and run.started_at and run.finished_at


def test_comparison_counts_days_holds_and_moves(board, producer):
    run = finished(board, producer)
    c = opt_selectors.run_comparison(run=run)
    assert c.shoot_days == (4, 3)
    by_name = {row.name: row for row in c.cast}
    assert by_name["ANNA"].hold == (2, 0) and by_name["ANNA"].paid == (4, 1)
    assert by_name["BEN"].hold == (0, 0) and by_name["BEN"].paid == (2, 2)
    assert c.holds == (2, 0) and c.location_changes == (3, 2)
    assert c.cost["total"] == (run.current_total, run.best_total)
    assert not c.stale


def test_apply_as_new_scenario_leaves_the_board_alone(board, producer):
    run = finished(board, producer)
    before, version = layout(board), board.version
    heard = []
    hook = schedule_changed.connect(lambda **kw: heard.append(kw))
    try:
        applied = opt.optimization_apply(run=run, mode="new", by=producer)
    finally:
        schedule_changed.disconnect(hook)
    new = applied.board
    assert new.pk != board.pk and not new.is_active and new.name.startswith("Optimized 20")
    assert layout(new) == " | ".join(" ".join(day) for day in days_of(run)) + " |"
    board.refresh_from_db()
    assert layout(board) == before and board.version == version
    assert heard == []  # a scenario is not the active board
    run.refresh_from_db()
    assert run.applied_mode == "new" and run.applied_board_id == new.pk


def test_apply_over_the_active_board_fires_the_schedule_hook(board, producer):
    run = finished(board, producer)
    version = board.version
    heard = []
    hook = schedule_changed.connect(lambda **kw: heard.append(kw["values"]))
    try:
        applied = opt.optimization_apply(run=run, mode="over", expected_version=version,
                                         by=producer)
    finally:
        schedule_changed.disconnect(hook)
    board.refresh_from_db()
    assert applied.board.pk == board.pk and board.version == version + 1
    assert layout(board) == " | ".join(" ".join(day) for day in days_of(run)) + " |"
    assert len(heard) == 1 and heard[0]["SHOOT_DAYS"] == Decimal(3)
    assert Board.objects.count() == 1


def test_apply_over_a_board_that_changed_is_refused_and_saves_nothing(board, producer):
    run = finished(board, producer)
    strip = board.strips.get(scene__number="3")
    services.strip_move(board=board, strip=strip, to_position=0,
                        expected_version=board.version)
    board.refresh_from_db()
    before, version = layout(board), board.version
    with pytest.raises(services.BoardConflict):
        opt.optimization_apply(run=run, mode="over", expected_version=version, by=producer)
    board.refresh_from_db()
    assert layout(board) == before and board.version == version
    run.refresh_from_db()
    assert run.applied_at is None and Board.objects.count() == 1
    # As a new scenario it still can be.
    assert opt.optimization_apply(run=run, mode="new", by=producer).board.pk != board.pk


def test_apply_over_with_a_stale_expected_version_is_refused(board, producer):
    run = finished(board, producer)
    with pytest.raises(services.BoardConflict):
        opt.optimization_apply(run=run, mode="over", expected_version=board.version - 1,
                               by=producer)


def test_apply_keeps_banners_at_the_head_of_their_day(board, producer):
    run = finished(board, producer)
    services.strip_move(board=board, new_kind="banner", text="Week 1", to_position=0,
                        expected_version=board.version)
    board.refresh_from_db()
    # The banner bumped the version: the run is stale for "over", so apply as new.
    new = opt.optimization_apply(run=run, mode="new", by=producer).board
    assert layout(new).startswith("[Week 1] ")
    assert new.strips.filter(kind=Strip.Kind.DAY_BREAK).count() == 3


def test_only_a_finished_run_is_applied(board, producer):
    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    with pytest.raises(ValidationError, match="Only a finished run"):
        opt.optimization_apply(run=run, mode="new", by=producer)
    assert Board.objects.count() == 1


def test_an_empty_board_is_refused_at_once(production, producer):
    small_breakdown(production)
    empty = services.board_create(production=production, name="Empty", split=False)
    with pytest.raises(ValidationError, match="no scenes to optimise"):
        opt.optimization_start(board=empty, by=producer, time_limit=5)
    assert OptimizationRun.objects.count() == 0


@pytest.mark.parametrize("limit", [1, 601, True, "30"])
def test_time_limit_is_bounded(board, producer, limit):
    with pytest.raises(ValidationError, match="time limit from 2 to 600"):
        opt.optimization_start(board=board, by=producer, time_limit=limit)


def test_one_live_run_per_board(board, producer):
    opt.optimization_start(board=board, by=producer, time_limit=5)
    with pytest.raises(ValidationError, match="being optimised already"):
        opt.optimization_start(board=board, by=producer, time_limit=5)
    assert OptimizationRun.objects.count() == 1


def test_a_cancelled_run_is_not_run(board, producer):
    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    opt.optimization_cancel(run=run)
    assert opt.optimization_execute(run_id=run.pk, workers=1) is None
    run.refresh_from_db()
    assert run.status == "cancelled" and run.result == {}


def test_a_redelivered_task_does_nothing(board, producer):
    run = finished(board, producer)
    finished_at = run.finished_at
    assert opt.optimization_execute(run_id=run.pk, workers=1) is None
    run.refresh_from_db()
    assert run.status == "done" and run.finished_at == finished_at


def test_a_run_whose_worker_died_is_failed_not_left_running(board, producer):
    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    started = timezone.now() - datetime.timedelta(seconds=5 + opt.GRACE_SECONDS - 1)
    OptimizationRun.objects.filter(pk=run.pk).update(status="running", started_at=started)
    assert opt.optimization_runs_expire() == 0  # still within its limit and grace
    OptimizationRun.objects.filter(pk=run.pk).update(
        started_at=started - datetime.timedelta(seconds=2))
    run = opt.optimization_refresh(run=run)
    assert run.status == "failed" and "stopped without finishing" in run.error
    # The board is free again.
    assert opt.optimization_start(board=board, by=producer, time_limit=5).status == "queued"


def test_a_run_no_worker_picked_up_is_failed(board, producer):
    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    OptimizationRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=opt.QUEUE_TIMEOUT_SECONDS + 1))
    assert opt.optimization_runs_expire() == 1
    run.refresh_from_db()
    assert run.status == "failed" and "Celery worker" in run.error


def test_an_infeasible_board_fails_with_the_clash(board, producer, production):
    production.scenes.filter(number="2").update(eighths=20)
    run = finished(board, producer)
    assert run.status == "failed"
    assert "scene 2 is 20 eighths long, longer than a day's capacity of 16" in run.error


def test_settings_are_validated(production):
    with pytest.raises(ValidationError):
        opt.optimizer_settings_update(production=production, capacity_eighths=0)
    with pytest.raises(ValidationError):
        opt.optimizer_settings_update(production=production, time_limit=30)


def test_the_expiry_task_fails_a_dead_run(board, producer):
    from scheduling.tasks import expire_optimization_runs

    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    OptimizationRun.objects.filter(pk=run.pk).update(
        status="running", started_at=timezone.now() - datetime.timedelta(hours=1))
    assert expire_optimization_runs() == 1  # called as a function: no broker in unit tests
    run.refresh_from_db()
    assert run.status == "failed"
