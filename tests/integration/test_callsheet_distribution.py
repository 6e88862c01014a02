"""A published call sheet through a real worker and SMTP server: one email per person,
their own call in the subject and on page 1 of the attached PDF."""

import datetime
import io
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from callsheets import services
from callsheets.models import Recipient
from notifications.models import Message, Status
from tests.callsheets.factories import ready_sheet
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_publish_to_five_people_each_gets_their_own_call_once(production, smtp, worker_factory):
    sheet = ready_sheet(production, crew_count=3)  # 3 crew + 2 cast = 5 recipients
    calls = {"crew0@example.com": "05:45", "crew1@example.com": "06:30",
             "crew2@example.com": "07:15", "anna@example.com": "08:00",
             "ben@example.com": "06:30"}
    for call in sheet.calls.select_related("person"):
        services.person_call_update(
            person_call=call, call=datetime.time.fromisoformat(calls[call.person.email]))
    worker_factory(smtp_port=smtp.port, MEDIA_ROOT=str(settings.MEDIA_ROOT))

    version = services.callsheet_publish(callsheet=sheet)

    def sheets():  # the board's schedule-change emails to the cast may arrive too
        return [m for m in list(smtp.handler.messages)
                if str(m["email"]["Subject"]).strip().startswith("Call sheet")]

    try:
        wait_for(lambda: len(sheets()) >= 5, timeout=60, message="five call sheets")
    except AssertionError:
        raise AssertionError([str(m["email"]["Subject"]) for m in smtp.handler.messages]) from None
    wait_for(lambda: Message.objects.filter(template=f"callsheet:{version.pk}",
                                            status=Status.SENT).count() == 5)
    time.sleep(3)  # room for a duplicate to show up
    assert len(sheets()) == 5
    seen = {}
    for received in sheets():
        (address,) = received["to"]
        email = received["email"]
        call = calls[address]
        assert email["Subject"].endswith(f"Your call {call}")
        assert "Day 1" in email["Subject"]
        text = email.get_body(preferencelist=("plain",)).get_content()
        assert f"YOUR CALL: {call}" in text
        (attachment,) = list(email.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        reader = PdfReader(io.BytesIO(attachment.get_content()))
        first = reader.pages[0].extract_text()
        assert f"YOUR CALL {call}" in first
        assert "Harbour Pier" in first and "KITCHEN" in first
        seen[address] = text
    assert set(seen) == set(calls)

    # The personal link: opening records it, confirming works once.
    link = re.search(r"http://127\.0\.0\.1:8000(/p/calls/[\w-]+/)", seen["crew0@example.com"])
    client = Client()
    assert client.get(link.group(1)).status_code == 200
    assert client.post(link.group(1) + "confirm/").status_code == 302
    recipient = Recipient.objects.get(version=version, person__email="crew0@example.com")
    assert recipient.opened_at and recipient.confirmed_at
    assert Message.objects.get(pk=recipient.message_id).confirmed_at is not None


def test_a_revision_is_resent_once_each_and_asks_for_confirmation_again(production, smtp,
                                                                       worker_factory):
    sheet = ready_sheet(production, crew_count=3)
    worker_factory(smtp_port=smtp.port, MEDIA_ROOT=str(settings.MEDIA_ROOT))

    def subjects(prefix):
        return [str(m["email"]["Subject"]).strip() for m in list(smtp.handler.messages)
                if str(m["email"]["Subject"]).strip().startswith(prefix)]

    v1 = services.callsheet_publish(callsheet=sheet)
    wait_for(lambda: len(subjects("Call sheet")) == 5, timeout=60, message="version 1")
    services.recipient_confirm(recipient=Recipient.objects.filter(version=v1).first())
    sheet.refresh_from_db()
    services.callsheet_update(callsheet=sheet, general_call=datetime.time(7, 0))
    v2 = services.callsheet_publish(callsheet=sheet)
    wait_for(lambda: len(subjects("REVISED v2")) == 5, timeout=60, message="version 2")
    time.sleep(3)
    assert len(subjects("REVISED v2")) == 5 and len(subjects("Call sheet")) == 5
    crew_subjects = [s for s in subjects("REVISED v2") if s.endswith("Your call 07:00")]
    assert len(crew_subjects) == 5  # everyone follows the general call here
    revised = next(m["email"] for m in smtp.handler.messages
                   if str(m["email"]["Subject"]).strip().startswith("REVISED v2"))
    assert "06:30 → 07:00" in revised.get_body(preferencelist=("plain",)).get_content()
    assert Recipient.objects.filter(version=v2, confirmed_at=None).count() == 5
    assert Recipient.objects.filter(version=v1, revoked_at=None).count() == 0


def test_a_worker_killed_mid_distribution_loses_nothing_and_sends_nothing_twice(
        production, smtp, worker_factory):
    sheet = ready_sheet(production, crew_count=58)  # + 2 cast = 60 people
    calls = {}
    for index, call in enumerate(sheet.calls.select_related("person").order_by("pk")):
        at = datetime.time(5 + index // 60, index % 60)
        services.person_call_update(person_call=call, call=at)
        calls[call.person.email] = at.strftime("%H:%M")
    killed = {}

    def kill_the_preparer_at_the_second_email(envelope):
        # The preparing worker sends no mail, so killing it can never leave an email
        # accepted but unrecorded: any duplicate would be the distribution's fault.
        if smtp.handler.count() == 1 and "preparer" in killed:
            killed.pop("preparer").kill()
            killed["at"] = True
        return None

    smtp.handler.on_data = kill_the_preparer_at_the_second_email
    media = str(settings.MEDIA_ROOT)
    # Delivery on its own worker (with beat: both sweeps); renders and batches of 3 on
    # another, killed while its batches are in flight.
    worker_factory(smtp_port=smtp.port, queues="outbox", concurrency=1, beat=True,
                   MEDIA_ROOT=media)
    killed["preparer"] = worker_factory(smtp_port=smtp.port, queues="celery", beat=False,
                                        MEDIA_ROOT=media, CALLSHEETS_BATCH_SIZE=3)

    version = services.callsheet_publish(callsheet=sheet)

    wait_for(lambda: "at" in killed, timeout=90, message="the kill")
    unprepared = Recipient.objects.filter(version=version, message=None).count()
    assert unprepared > 0, "the kill came after every batch was done: nothing was tested"
    assert smtp.handler.count() < 60
    worker_factory(smtp_port=smtp.port, queues="celery", beat=False, MEDIA_ROOT=media,
                   CALLSHEETS_BATCH_SIZE=3)

    def sheets():
        return [m for m in list(smtp.handler.messages)
                if str(m["email"]["Subject"]).strip().startswith("Call sheet")]

    wait_for(lambda: len(sheets()) >= 60, timeout=120, message="every call sheet")
    wait_for(lambda: Message.objects.filter(template=f"callsheet:{version.pk}",
                                            status=Status.SENT).count() == 60, timeout=30)
    time.sleep(3)  # room for a duplicate to show up
    per_address = {}
    for received in sheets():
        (address,) = received["to"]
        per_address.setdefault(address, []).append(str(received["email"]["Subject"]))
    assert set(per_address) == set(calls)
    counts = {address: len(subjects) for address, subjects in per_address.items()}
    assert counts == dict.fromkeys(calls, 1)
    for address, (subject,) in per_address.items():
        assert subject.endswith(f"Your call {calls[address]}"), (address, subject)
    assert not Recipient.objects.filter(version=version, message=None).exists()
