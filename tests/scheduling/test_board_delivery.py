"""End to end: an actor is sick, the AP moves the scene (and back, and again), confirms, and
the affected cast member, and only them, gets one email with the net change from a real
Celery worker over SMTP (aiosmtpd). Also two real database
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


def test_moved_cast_member_gets_one_email_after_confirmation_and_nobody_else(
        production, producer, smtp, worker_factory):
    small_breakdown(production)
    board = board_of_days(production, [["1", "2"], ["3", "4"]])
    client = api_as(producer)
    base = f"/api/v1/productions/{production.pk}/boards/{board.pk}/"
    worker_factory(smtp_port=smtp.port)
    # Everyone hears their first schedule, once confirmed.
    assert client.post(base + "notify/", {}, format="json").json()["sent"] == 2
    wait_for(lambda: smtp.handler.count() == 2, message="the first-schedule emails")
    assert sorted(m["to"][0] for m in smtp.handler.messages) == [
        "anna@example.com", "ben@example.com"]

    # The actor is sick: the AP moves scene 3 to day 1, then thinks twice and moves it
    # back, then moves it to day 1 for good. Nothing leaves until they confirm.
    for to_position in (1, 3, 1):
        board.refresh_from_db()
        strip = board.strips.get(scene__number="3")
        moved = client.post(base + "move/", {"strip": strip.pk, "to_position": to_position,
                                             "expected_version": board.version},
                            format="json")
        assert moved.status_code == 200 and moved.json()["notified"] == 0
    notices = client.get(base + "notices/").json()
    assert [p["name"] for p in notices["people"]] == ["Anna Actor"]
    time.sleep(1.5)  # an email sent by a move would have arrived by now
    assert smtp.handler.count() == 2

    told = client.post(base + "notify/", {"fingerprint": notices["fingerprint"]},
                       format="json")
    assert told.json()["sent"] == 1
    wait_for(lambda: smtp.handler.count() == 3, message="the schedule-change email")
    # A second confirmation (a double click) finds nothing left to tell.
    assert client.post(base + "notify/", {}, format="json").json()["sent"] == 0
    time.sleep(2)  # a duplicate from a retry or the sweep would show up by now
    assert smtp.handler.count() == 3
    received = smtp.handler.messages[-1]
    assert received["to"] == ["anna@example.com"]
    assert received["email"]["Subject"] == "Harbour Lights: your shoot days have changed"
    text = received["email"].get_body(preferencelist=("plain",)).get_content()
    assert "Your work days now: Mon 2 Mar" in text and "No longer: Tue 3 Mar" in text
    assert Message.objects.filter(template="schedule_changed",
                                  status=Status.SENT).count() == 3


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
