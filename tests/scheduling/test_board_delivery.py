"""End to end: an actor is sick, the AP moves the scene, and the affected cast member, and only
them, gets one email from a real Celery worker over SMTP (aiosmtpd). Also two real database
connections moving strips on the same board version: one wins, the other gets a conflict."""

import threading
import time

import pytest
from django.db import connection

from notifications.models import Message, Status
from scheduling import services
from scheduling.models import Board
from tests.conftest import api_as
from tests.integration import conftest as integration
from tests.scheduling.board_factories import board_of_days, small_breakdown

# The integration fixtures (a real Celery worker, Redis, an aiosmtpd server), by name.
postgres = integration.postgres
redis_url = integration.redis_url
smtp = integration.smtp
worker_factory = integration.worker_factory
wait_for = integration.wait_for

pytestmark = pytest.mark.integration


def test_moved_cast_member_gets_one_email_and_nobody_else(production, producer, smtp,
                                                           worker_factory):
    small_breakdown(production)
    board = board_of_days(production, [["1", "2"], ["3", "4"]])
    worker_factory(smtp_port=smtp.port)
    wait_for(lambda: not Message.objects.filter(status=Status.QUEUED).exists()
             and not Message.objects.filter(status=Status.SENDING).exists(),
             message="the set-up emails to go")
    already = smtp.handler.count()

    strip = board.strips.get(scene__number="3")
    response = api_as(producer).post(
        f"/api/v1/productions/{production.pk}/boards/{board.pk}/move/",
        {"strip": strip.pk, "day": 1, "expected_version": board.version}, format="json")
    assert response.status_code == 200

    wait_for(lambda: smtp.handler.count() == already + 1, message="the schedule-change email")
    time.sleep(2)  # a duplicate from a retry or the sweep would show up by now
    assert smtp.handler.count() == already + 1
    received = smtp.handler.messages[-1]
    assert received["to"] == ["anna@example.com"]
    assert received["email"]["Subject"] == "Harbour Lights: your shoot days have changed"
    text = received["email"].get_body(preferencelist=("plain",)).get_content()
    assert "Your work days now: Mon 2 Mar" in text


@pytest.mark.django_db(transaction=True)
def test_two_connections_on_the_same_version_one_wins(production):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    small_breakdown(production)
    board = board_of_days(production, [["1", "2"], ["3", "4"]])
    version = board.version
    strips = {n: board.strips.get(scene__number=n).pk for n in ("1", "4")}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(strip_id: int, to: int) -> None:
        try:
            barrier.wait()
            services.strip_move(board=Board.objects.get(pk=board.pk), strip=strip_id,
                                to_position=to, expected_version=version)
            outcomes.append("moved")
        except services.BoardConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(strips["1"], 4)),
               threading.Thread(target=move, args=(strips["4"], 0))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["conflict", "moved"]
    board.refresh_from_db()
    assert board.version == version + 1
    order = [s.scene.number if s.scene_id else "|"
             for s in board.strips.select_related("scene").order_by("position")]
    assert order in (["2", "|", "3", "4", "1", "|"], ["4", "1", "2", "|", "3", "|"])
    assert sorted(board.strips.values_list("position", flat=True)) == list(range(6))
