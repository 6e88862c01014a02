"""The optimizer end to end through the API: a real Celery worker (prefork, as in production)
on Redis runs the search with a short time limit while the test polls; the proposal's cost
is recomputed by the independent checker, and applying it reorders the board."""

import time

import pytest
from django.utils import timezone

from productions.models import CastMember
from scheduling.optimization.selectors import board_problem
from scheduling.optimizer.production import schedule_cost, schedule_violations
from tests.conftest import api_as, need
from tests.integration.conftest import _redis_available, point_celery_at, wait_for
from tests.scheduling.board_factories import big_board

pytestmark = pytest.mark.integration

TIME_LIMIT = 3
# A Redis database of these tests' own: other integration tests running at the same time on
# the shared database 9 would take (or flush) our tasks.
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_url():
    need("Redis", _redis_available(REDIS_URL), "start it with redis-server (see README)")
    import redis
    from django.conf import settings

    redis.Redis.from_url(REDIS_URL).flushdb()
    point_celery_at(REDIS_URL)
    yield REDIS_URL
    point_celery_at(settings.CELERY_BROKER_URL)


def test_optimize_through_the_api_end_to_end(production, producer, worker_factory):
    board = big_board(production, 30)  # 30 scenes, 9 speaking parts, 7 places
    CastMember.objects.filter(production=production).update(fee="2500")
    read = board_problem(board=board)
    problem = read.conversion.problem
    worker_factory(beat=False)
    client = api_as(producer)
    base = f"/api/v1/productions/{production.pk}/optimizations/"

    started = client.post(base, {"board": board.pk, "time_limit": TIME_LIMIT}, format="json")
    assert started.status_code == 202, started.content
    run_id = started.json()["id"]
    polls = []

    def finished():
        body = client.get(f"{base}{run_id}/").json()
        polls.append(body)
        return body if body["status"] not in ("queued", "running") else None

    began = time.monotonic()
    body = wait_for(finished, timeout=90, interval=0.25, message="the run to finish")
    assert body["status"] == "done", body["error"]
    # Live progress reached the database while the worker searched.
    running = [p for p in polls if p["status"] == "running" and p["best_total"] is not None]
    assert running, [p["status"] for p in polls]
    assert all(p["bound"] <= p["best_total"] for p in running)
    # The time limit held: the search itself stopped within it.
    assert body["elapsed"] <= TIME_LIMIT
    searched = (timezone.datetime.fromisoformat(body["finished_at"])
                - timezone.datetime.fromisoformat(body["started_at"])).total_seconds()
    assert searched < TIME_LIMIT + 5, searched
    assert time.monotonic() - began < 60

    result = client.get(f"{base}{run_id}/result/").json()
    proposal = result["proposal"]
    assert schedule_violations(problem=problem, days=proposal) == []
    checked = schedule_cost(problem=problem, days=proposal)
    assert result["cost"]["total"]["proposed"] == checked.total == body["best_total"]
    assert result["cost"]["cast"]["proposed"] == checked.cast_cost
    assert result["cost"]["moves"]["proposed"] == checked.move_cost
    current = schedule_cost(problem=problem, days=read.current_days)
    assert result["cost"]["total"]["current"] == current.total
    assert checked.total <= current.total  # never worse than the board it started from
    assert result["shoot_days"]["proposed"] == len(proposal)
    assert result["bound"] <= checked.total

    applied = client.post(f"{base}{run_id}/apply/",
                          {"mode": "over", "expected_version": board.version}, format="json")
    assert applied.status_code == 200, applied.content
    board.refresh_from_db()
    assert applied.json()["version"] == board.version
    assert board_problem(board=board).current_days == proposal


def test_cancel_stops_a_running_search_at_once(production, producer, worker_factory):
    board = big_board(production, 30)
    worker_factory(beat=False, concurrency=1)
    client = api_as(producer)
    base = f"/api/v1/productions/{production.pk}/optimizations/"
    run_id = client.post(base, {"board": board.pk, "time_limit": 120},
                         format="json").json()["id"]
    wait_for(lambda: client.get(f"{base}{run_id}/").json()["best_total"] is not None,
             timeout=60, interval=0.25, message="the search to report progress")
    cancelled = client.post(f"{base}{run_id}/cancel/").json()
    assert cancelled["status"] == "cancelled"
    # The only worker process is free again within seconds, not after 120 s: the next run
    # (a new one is allowed now) finishes.
    began = time.monotonic()
    second = client.post(base, {"board": board.pk, "time_limit": 2}, format="json").json()["id"]
    body = wait_for(lambda: (lambda b: b if b["status"] not in ("queued", "running") else None)(
        client.get(f"{base}{second}/").json()), timeout=60, interval=0.25,
        message="the second run to finish")
    assert body["status"] == "done" and time.monotonic() - began < 20
    assert client.get(f"{base}{run_id}/").json()["status"] == "cancelled"
