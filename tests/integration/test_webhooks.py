"""Webhooks: signed POSTs a receiver can verify; a bad URL fails cleanly."""

import json

import pytest
from django.db import transaction

from notifications.channels.webhook import SIGNATURE_HEADER, verify
from notifications.models import Message, Status
from notifications.services import webhook_event_emit
from tests.conftest import api_as
from tests.integration.conftest import free_port, wait_for

pytestmark = pytest.mark.integration



def register(producer, production, url):
    response = api_as(producer).post(
        f"/api/v1/productions/{production.pk}/webhooks/",
        {"url": url, "events": ["callsheet.published"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_webhook_delivery_carries_a_signature_the_receiver_can_verify(
    production, producer, receiver, worker_factory
):
    url, received = receiver
    endpoint = register(producer, production, url)
    worker_factory()

    with transaction.atomic():
        webhook_event_emit(production=production, event="callsheet.published",
                           data={"day": 3}, dedupe_key="callsheet:3:v1")
        webhook_event_emit(production=production, event="budget.changed",
                           data={}, dedupe_key="budget:1")  # not subscribed

    wait_for(lambda: received, message="the webhook POST")
    wait_for(lambda: Message.objects.filter(status=Status.SENT).count() == 1)
    [delivery] = received
    body = delivery["body"]
    assert verify(endpoint["secret"], delivery["headers"][SIGNATURE_HEADER], body)
    assert not verify("whsec_wrong", delivery["headers"][SIGNATURE_HEADER], body)
    assert not verify(endpoint["secret"], delivery["headers"][SIGNATURE_HEADER], body + b" ")
    payload = json.loads(body)
    assert payload["event"] == "callsheet.published"
    assert payload["data"] == {"day": 3}
    assert payload["production"] == production.pk
    assert delivery["headers"]["X-APCrew-Event"] == "callsheet.published"


def test_webhook_to_a_dead_url_fails_cleanly_after_its_retries(production, producer,
                                                               worker_factory):
    register(producer, production, f"http://127.0.0.1:{free_port()}/nobody-home")
    worker_factory(NOTIFICATIONS_MAX_ATTEMPTS=2)

    with transaction.atomic():
        [message] = webhook_event_emit(production=production, event="callsheet.published",
                                       data={}, dedupe_key="callsheet:9:v1")

    wait_for(lambda: Message.objects.get(pk=message.pk).status == Status.FAILED)
    message.refresh_from_db()
    assert message.attempts == 2
    assert "Gave up after 2 attempts" in message.last_error
    assert "refused" in message.last_error.lower()


def test_webhook_url_must_be_http(production, producer):
    response = api_as(producer).post(
        f"/api/v1/productions/{production.pk}/webhooks/",
        {"url": "ftp://example.com/x"},
        format="json",
    )
    assert response.status_code == 400
    assert "url" in response.json()
