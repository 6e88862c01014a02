"""Call-sheet webhooks through a real worker to a local HTTP receiver: `callsheet.published`
and `callsheet.confirmed` arrive signed, once each; a replayed confirmation emits nothing."""

import json
import re
import time

import pytest
from django.conf import settings
from django.test import Client

from callsheets import services
from callsheets.models import Recipient
from notifications.channels.webhook import SIGNATURE_HEADER, verify
from tests.callsheets.factories import ready_sheet
from tests.conftest import api_as
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration



def test_published_and_confirmed_arrive_signed_once_each(production, producer, smtp,
                                                        worker_factory, receiver):
    url, received = receiver
    sheet = ready_sheet(production)
    response = api_as(producer).post(
        f"/api/v1/productions/{production.pk}/webhooks/",
        {"url": url, "events": ["callsheet.published", "callsheet.confirmed"]}, format="json")
    assert response.status_code == 201, response.content
    secret = response.json()["secret"]
    worker_factory(smtp_port=smtp.port, MEDIA_ROOT=str(settings.MEDIA_ROOT))

    version = services.callsheet_publish(callsheet=sheet)
    wait_for(lambda: received, timeout=60, message="callsheet.published")
    wait_for(lambda: any(m["to"] == ["crew0@example.com"] for m in list(smtp.handler.messages)),
             timeout=60, message="crew0's call sheet")
    email = next(m["email"] for m in list(smtp.handler.messages)
                 if m["to"] == ["crew0@example.com"])
    text = email.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"http://[^/]+(/p/calls/[\w-]+/)", text).group(1)
    client = Client()
    assert client.post(path + "confirm/").status_code == 302
    assert client.post(path + "confirm/").status_code == 302  # replayed: changes nothing
    wait_for(lambda: len(received) >= 2, timeout=60, message="callsheet.confirmed")
    time.sleep(3)  # room for a duplicate to show up

    assert len(received) == 2
    by_event = {r["headers"]["X-APCrew-Event"]: r for r in received}
    assert set(by_event) == {"callsheet.published", "callsheet.confirmed"}
    for delivery in received:
        assert verify(secret, delivery["headers"][SIGNATURE_HEADER], delivery["body"])
    published = json.loads(by_event["callsheet.published"]["body"])
    assert published["event"] == "callsheet.published"
    assert published["production"] == production.pk
    assert published["data"] == {"callsheet": sheet.pk, "day": 1,
                                 "date": sheet.date.isoformat(), "version": version.number,
                                 "recipients": 5}
    confirmed = json.loads(by_event["callsheet.confirmed"]["body"])
    crew0 = Recipient.objects.get(version=version, person__email="crew0@example.com")
    assert confirmed["data"] == {"callsheet": sheet.pk, "version": 1,
                                 "person": crew0.person_id}
    assert crew0.confirmed_at is not None
