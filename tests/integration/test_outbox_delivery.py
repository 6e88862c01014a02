"""The outbox end to end: real worker process, real Redis, real SMTP server."""

import re
import time
from urllib.parse import urlparse

import pytest
from django.db import transaction
from django.urls import resolve

from notifications.models import Message, Status
from notifications.services import email_message, messages_enqueue
from productions import services
from productions.models import Membership
from tests.conftest import api_as
from tests.integration.conftest import SmtpServer, point_celery_at, wait_for

pytestmark = pytest.mark.integration


def invite(production, producer, email="new.gaffer@example.com"):
    response = api_as(producer).post(
        f"/api/v1/productions/{production.pk}/invitations/",
        {"email": email, "role": "crew"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def enqueue_many(production, count: int, prefix: str = "bulk") -> list[int]:
    with transaction.atomic():
        stored = messages_enqueue(
            messages=[
                email_message(
                    template="invitation",
                    address=f"crew{n}@example.com",
                    production=production,
                    dedupe_key=f"{prefix}:{n}",
                    context={"production_title": production.title, "role": "Crew",
                             "inviter": "Paula", "url": f"https://x.test/{n}", "ttl_days": 14},
                )
                for n in range(count)
            ]
        )
    return [m.pk for m in stored]


def all_sent(ids):
    return Message.objects.filter(pk__in=ids, status=Status.SENT).count() == len(ids)


def test_invitation_arrives_once_with_link_text_and_html(production, producer, smtp,
                                                         worker_factory):
    worker_factory(smtp_port=smtp.port)

    invitation = invite(production, producer)

    wait_for(lambda: smtp.handler.count() >= 1, message="the invitation email")
    message = Message.objects.get(dedupe_key=f"invitation:{invitation['id']}")
    wait_for(lambda: Message.objects.get(pk=message.pk).status == Status.SENT)
    # Long enough for a duplicate from a retry or the 1 s sweep to show up.
    time.sleep(3)
    assert smtp.handler.count() == 1
    received = smtp.handler.messages[0]
    email = received["email"]
    assert received["to"] == ["new.gaffer@example.com"]
    assert email["Subject"] == "Paula Reyes invited you to Harbour Lights on APCrew"
    assert email.get_content_type() == "multipart/alternative"
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:8000(/invitations/[\w-]+/)", text).group(1)
    assert f'href="http://127.0.0.1:8000{link}"' in html
    assert "as Crew" in text
    token = resolve(urlparse(link).path).kwargs["token"]
    pending = services.invitation_for_token(token)
    assert pending is not None and pending.pk == invitation["id"]


def test_broker_down_request_succeeds_and_the_sweep_delivers_later(production, producer, smtp,
                                                                   redis_url, worker_factory):
    point_celery_at("redis://127.0.0.1:1/0")  # nothing listens there

    invitation = invite(production, producer, email="late@example.com")

    message = Message.objects.get(dedupe_key=f"invitation:{invitation['id']}")
    assert message.status == Status.QUEUED
    assert smtp.handler.count() == 0
    point_celery_at(redis_url)
    # The broker is back: only the beat sweep knows about this message.
    worker_factory(smtp_port=smtp.port, beat=True)
    wait_for(lambda: smtp.handler.count() == 1, message="the sweep to deliver it")
    wait_for(lambda: Message.objects.get(pk=message.pk).status == Status.SENT)
    time.sleep(2)
    assert smtp.handler.count() == 1
    assert smtp.handler.messages[0]["to"] == ["late@example.com"]


def test_worker_killed_mid_batch_every_message_delivered_exactly_once(production, smtp,
                                                                      worker_factory):
    first = {}

    def kill_at_twentieth(envelope):
        # SIGKILL the worker in the middle of an SMTP transaction: this message
        # was not acknowledged, so it must be sent again, by the next worker.
        if smtp.handler.count() == 20 and "worker" in first:
            first.pop("worker").kill()
            return "451 4.3.0 Connection lost"
        return None

    smtp.handler.on_data = kill_at_twentieth
    # One process, so the kill lands inside the only SMTP transaction in flight.
    # (With several, another process could be between the server's 250 and
    # recording it: the RFC 1047 window, see docs/ARCHITECTURE.md.)
    first["worker"] = worker_factory(smtp_port=smtp.port, beat=False, concurrency=1)

    ids = enqueue_many(production, 60)

    wait_for(lambda: "worker" not in first, timeout=60, message="the kill")
    delivered_before_restart = smtp.handler.count()
    assert 20 <= delivered_before_restart < 60
    worker_factory(smtp_port=smtp.port, beat=True)
    wait_for(lambda: all_sent(ids), timeout=120, message="every message to be sent")
    time.sleep(3)
    counts = smtp.handler.by_header("X-APCrew-Message")
    assert sorted(int(k) for k in counts) == sorted(ids)
    assert set(counts.values()) == {1}


def test_smtp_down_then_back_messages_retry_and_arrive(production, worker_factory):
    port = SmtpServer().port  # reserved, nothing listening yet
    worker_factory(smtp_port=port, beat=True)

    ids = enqueue_many(production, 5, prefix="retry")

    wait_for(lambda: Message.objects.filter(pk__in=ids, attempts__gte=1,
                                            status=Status.QUEUED).count() == 5,
             message="the first attempts to fail")
    assert "Connection refused" in Message.objects.get(pk=ids[0]).last_error
    server = SmtpServer(port=port).start()
    server.handler.defer_next = 2  # and then a couple of 451s for good measure
    try:
        wait_for(lambda: all_sent(ids), timeout=60, message="the retries to arrive")
        assert server.handler.count() == 5
        assert Message.objects.filter(pk__in=ids, attempts__gte=2).count() == 5
    finally:
        server.stop()


def test_permanently_rejected_address_fails_at_once_with_the_reason(production, producer, smtp,
                                                                    worker_factory):
    smtp.handler.reject_recipients["nobody@example.com"] = "550 5.1.1 No such user here"
    worker_factory(smtp_port=smtp.port)

    invitation = invite(production, producer, email="nobody@example.com")

    message = Message.objects.get(dedupe_key=f"invitation:{invitation['id']}")
    wait_for(lambda: Message.objects.get(pk=message.pk).status == Status.FAILED)
    message.refresh_from_db()
    assert message.attempts == 1
    assert "550" in message.last_error and "No such user" in message.last_error
    listed = api_as(producer).get(
        f"/api/v1/productions/{production.pk}/messages/?status=failed"
    ).json()["results"]
    assert [(m["address"], "550" in m["last_error"]) for m in listed] == [
        ("nobody@example.com", True)
    ]
    assert Membership.objects.filter(production=production).count() == 1
