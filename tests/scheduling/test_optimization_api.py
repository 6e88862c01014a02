"""The optimizer API and pages: start (202), poll, result, apply (409 when stale), cancel;
permissions, money only for the money roles, and query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from productions.models import CastMember
from productions.roles import Role
from scheduling import services
from scheduling.models import Board, OptimizationRun
from scheduling.optimization import services as opt
from tests.conftest import api_as
from tests.productions.factories import member
from tests.scheduling.board_factories import board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(production):
    small_breakdown(production)
    CastMember.objects.filter(production=production).update(fee=Decimal("1234"))
    opt.optimizer_settings_update(production=production, capacity_eighths=16,
                                  company_move_cost=100, location_change_cost=10)
    return board_of_days(production, [["1"], ["2"], ["4"], ["3"]])


def runs_url(board, tail=""):
    return f"/api/v1/productions/{board.production_id}/optimizations/{tail}"


def started(client, board, limit=5):
    response = client.post(runs_url(board), {"board": board.pk, "time_limit": limit},
                           format="json")
    assert response.status_code == 202, response.content
    return response.json()


def test_start_answers_202_with_a_queued_run(producer, board):
    body = started(api_as(producer), board)
    assert body["status"] == "queued" and body["board"] == board.pk
    assert body["board_version"] == board.version and body["time_limit"] == 5


def test_start_refuses_a_time_limit_out_of_bounds(producer, board):
    client = api_as(producer)
    for limit in (1, 601):
        response = client.post(runs_url(board), {"board": board.pk, "time_limit": limit},
                               format="json")
        assert response.status_code == 400
    assert OptimizationRun.objects.count() == 0


def test_start_refuses_an_empty_board_with_the_reason(producer, board, production):
    empty = services.board_create(production=production, name="Empty", split=False)
    response = api_as(producer).post(runs_url(board), {"board": empty.pk}, format="json")
    assert response.status_code == 400
    assert "no scenes to optimise" in response.content.decode()


def test_crew_may_poll_but_not_start_and_sees_no_costs(producer, crew_user, board):
    run_id = started(api_as(producer), board)["id"]
    opt.optimization_execute(run_id=run_id, workers=1)
    crew = api_as(crew_user)
    assert crew.post(runs_url(board), {"board": board.pk}, format="json").status_code == 403
    polled = crew.get(runs_url(board, f"{run_id}/")).json()
    assert polled["status"] == "done" and polled["best_total"] is None
    assert polled["bound"] is None and polled["gap"] is not None
    result = crew.get(runs_url(board, f"{run_id}/result/")).json()
    assert result["cost"] is None and result["shoot_days"]["proposed"] == 3
    assert crew.post(runs_url(board, f"{run_id}/apply/"), {"mode": "new"},
                     format="json").status_code == 403


def test_result_is_409_until_done_then_the_comparison(producer, board):
    client = api_as(producer)
    run_id = started(client, board)["id"]
    assert client.get(runs_url(board, f"{run_id}/result/")).status_code == 409
    opt.optimization_execute(run_id=run_id, workers=1)
    result = client.get(runs_url(board, f"{run_id}/result/")).json()
    run = OptimizationRun.objects.get(pk=run_id)
    assert result["cost"]["total"] == {"current": run.current_total, "proposed": run.best_total}
    assert result["shoot_days"] == {"current": 4, "proposed": 3}
    assert result["hold_days"] == {"current": 2, "proposed": 0}
    assert result["proposal"] == run.result["days"] and not result["stale"]
    anna = next(row for row in result["cast"] if row["name"] == "ANNA")
    assert anna["paid"] == {"current": 4, "proposed": 1}


def test_apply_over_then_stale_apply_is_409(producer, board):
    client = api_as(producer)
    run_id = started(client, board)["id"]
    opt.optimization_execute(run_id=run_id, workers=1)
    applied = client.post(runs_url(board, f"{run_id}/apply/"),
                          {"mode": "over", "expected_version": board.version}, format="json")
    assert applied.status_code == 200
    assert applied.json()["board"] == board.pk
    assert applied.json()["version"] == board.version + 1
    again = client.post(runs_url(board, f"{run_id}/apply/"),
                        {"mode": "over", "expected_version": board.version + 1}, format="json")
    assert again.status_code == 409 and again.json()["version"] == board.version + 1
    new = client.post(runs_url(board, f"{run_id}/apply/"), {"mode": "new", "name": "Opt A"},
                      format="json")
    assert new.status_code == 200 and new.json()["board_name"] == "Opt A"


def test_cancel_a_queued_run(producer, board):
    client = api_as(producer)
    run_id = started(client, board)["id"]
    cancelled = client.post(runs_url(board, f"{run_id}/cancel/"))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_list_costs_the_same_queries_for_1_and_20_runs(producer, board):
    client = api_as(producer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(runs_url(board)).status_code == 200
        return len(ctx.captured_queries)

    OptimizationRun.objects.create(production=board.production, board=board, board_version=1,
                                   status="done", time_limit=5)
    one = count()
    OptimizationRun.objects.bulk_create([
        OptimizationRun(production=board.production, board=board, board_version=1,
                        status="failed", time_limit=5) for _ in range(19)])
    # token/session auth, membership, expiry scan, count, page (runs with boards and users)
    assert count() == one


def test_run_page_progress_and_comparison(producer, board):
    client = Client()
    client.force_login(producer)
    start = reverse("scheduling:optimize_start", args=[board.production_id, board.pk])
    response = client.post(start, {"time_limit": "5"})
    run = OptimizationRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Waiting for a worker" in page
    opt.optimization_execute(run_id=run.pk, workers=1)
    progress = client.get(reverse("scheduling:optimize_progress",
                                  args=[board.production_id, run.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="optimize-comparison"' in page and "every 1s" not in page
    assert 'data-testid="cmp-cost-proposed"' in page  # a producer sees money


def test_run_page_hides_costs_from_a_coordinator(producer, board):
    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    run = opt.optimization_execute(run_id=run.pk, workers=1)
    client = Client()
    client.force_login(member(board.production, Role.COORDINATOR, username="coord@example.com"))
    page = client.get(reverse("scheduling:optimize_run", args=[board.production_id, run.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="cmp-days-proposed"' in text
    assert "cmp-cost-proposed" not in text and f"{run.best_total:,}" not in text


def test_run_page_query_count_does_not_grow_with_the_board(producer, production):
    small_breakdown(production)
    client = Client()
    client.force_login(producer)

    def count(board) -> int:
        run = opt.optimization_start(board=board, by=producer, time_limit=5)
        opt.optimization_execute(run_id=run.pk, workers=1)
        url = reverse("scheduling:optimize_run", args=[production.pk, run.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count(board_of_days(production, [["1"], ["2"]], name="Small"))
    big = count(board_of_days(production, [["1"], ["2"], ["3"], ["4"]], name="Big"))
    assert small == big


def test_apply_over_from_the_page_when_stale_says_why(producer, board):
    run = opt.optimization_start(board=board, by=producer, time_limit=5)
    opt.optimization_execute(run_id=run.pk, workers=1)
    services.strip_move(board=board, strip=board.strips.get(scene__number="3"), to_position=0,
                        expected_version=board.version)
    client = Client()
    client.force_login(producer)
    page = client.get(reverse("scheduling:optimize_run", args=[board.production_id, run.pk]))
    assert 'data-testid="optimize-stale"' in page.content.decode()
    response = client.post(reverse("scheduling:optimize_apply",
                                   args=[board.production_id, run.pk]),
                           {"mode": "over", "expected_version": str(run.board_version)},
                           follow=True)
    assert "changed since the optimizer read it" in response.content.decode()
    assert Board.objects.count() == 1


def test_settings_page_saves_for_schedule_editors_only(producer, crew_user, production):
    url = reverse("scheduling:optimize_settings", args=[production.pk])
    values = {"capacity_eighths": "40", "max_locations_per_day": "3",
              "no_ext_day_and_ext_night_same_day": "on", "company_move_cost": "5000",
              "location_change_cost": "0", "unknown_cast_daily_cost": "700"}
    crew = Client()
    crew.force_login(crew_user)
    assert crew.get(url).status_code == 200
    assert crew.post(url, values).status_code == 403
    client = Client()
    client.force_login(producer)
    assert client.post(url, {**values, "capacity_eighths": "0"}).status_code == 200  # errors
    assert client.post(url, values).status_code == 302
    saved = production.optimizer_settings
    assert (saved.capacity_eighths, saved.max_locations_per_day, saved.company_move_cost,
            saved.location_change_cost, saved.unknown_cast_daily_cost) == (40, 3, 5000, 0, 700)
