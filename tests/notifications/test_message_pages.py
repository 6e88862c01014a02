"""The producer's view of the outbox: page, live progress, retry, API, dev mail."""

from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.backends import EmlFileBackend
from notifications.models import Message, Status
from notifications.services import email_enqueue
from tests.conftest import api_as

pytestmark = pytest.mark.django_db
CONTEXT = {"production_title": "Harbour Lights", "role": "Crew", "inviter": "Paula",
           "url": "https://apcrew.test/i/", "ttl_days": 14}


def add_messages(production, count, status=Status.SENT, start=0):
    for n in range(start, start + count):
        message = email_enqueue(template="invitation", address=f"c{n}@example.com",
                                production=production, dedupe_key=f"m{n}", context=CONTEXT)
        Message.objects.filter(pk=message.pk).update(status=status)


def test_progress_summary_counts_by_status(client, producer, production):
    add_messages(production, 3, Status.SENT)
    add_messages(production, 2, Status.FAILED, start=3)
    add_messages(production, 1, Status.QUEUED, start=5)
    client.force_login(producer)
    response = client.get(reverse("notifications:progress", args=[production.pk]))
    assert response.context["progress"] == {
        "total": 6, "queued": 1, "sending": 0, "sent": 3, "failed": 2, "pending": 1}
    assert 'hx-trigger="every 2s"' in response.content.decode()


def test_message_list_filters_and_shows_errors(client, producer, production):
    add_messages(production, 2, Status.SENT)
    add_messages(production, 1, Status.FAILED, start=2)
    Message.objects.filter(status=Status.FAILED).update(last_error="SMTP 550: no such user")
    client.force_login(producer)
    response = client.get(reverse("notifications:messages", args=[production.pk]),
                          {"status": "failed"})
    page = response.content.decode()
    assert [m.address for m in response.context["page"]] == ["c2@example.com"]
    assert "SMTP 550: no such user" in page


def test_retry_from_the_page_requeues_a_failed_message(client, producer, production,
                                                       django_capture_on_commit_callbacks):
    add_messages(production, 1, Status.FAILED)
    message = Message.objects.get()
    client.force_login(producer)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("notifications:retry", args=[production.pk, message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 0)
    assert len(callbacks) == 1


def test_api_retry_refuses_a_message_that_did_not_fail(producer, production):
    add_messages(production, 1, Status.SENT)
    message = Message.objects.get()
    response = api_as(producer).post(
        f"/api/v1/productions/{production.pk}/messages/{message.pk}/retry/")
    assert response.status_code == 400
    assert response.json() == {"status": ["Only failed messages can be retried."]}


def test_crew_cannot_see_the_outbox(client, crew_user, production):
    client.force_login(crew_user)
    assert client.get(reverse("notifications:messages", args=[production.pk])).status_code == 403
    api = api_as(crew_user).get(f"/api/v1/productions/{production.pk}/messages/")
    assert api.status_code == 403


@pytest.mark.parametrize("kind", ["api", "page"])
def test_message_list_query_count_does_not_grow(client, producer, production, kind):
    client.force_login(producer)
    url = (f"/api/v1/productions/{production.pk}/messages/" if kind == "api"
           else reverse("notifications:messages", args=[production.pk]))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_messages(production, 1)
    one = queries()
    add_messages(production, 49, start=1)
    assert queries() == one


def test_eml_backend_writes_one_file_per_message(tmp_path):
    backend = EmlFileBackend(file_path=str(tmp_path))
    sent = backend.send_messages([EmailMessage("Hi", "Body", to=["a@example.com"]),
                                  EmailMessage("Yo", "Body", to=["b@example.com"])])
    assert sent == 2
    files = sorted(Path(tmp_path).glob("*.eml"))
    assert len(files) == 2
    assert b"Subject: Hi" in b"".join(f.read_bytes() for f in files)


def test_dev_mail_page_lists_and_shows_emails_only_in_debug(client, producer, tmp_path):
    producer.is_staff = True
    producer.save()
    client.force_login(producer)
    with override_settings(EMAIL_FILE_PATH=str(tmp_path)):
        EmlFileBackend().send_messages([EmailMessage("Your call sheet", "Call 06:30",
                                                     to=["a@example.com"])])
        name = next(Path(tmp_path).glob("*.eml")).name
        assert client.get(reverse("dev_mail")).status_code == 404  # DEBUG is off in tests
        with override_settings(DEBUG=True):
            listing = client.get(reverse("dev_mail"))
            detail = client.get(reverse("dev_mail_detail", args=[name]))
            traversal = client.get(reverse("dev_mail_detail", args=["..%2Fsecret.eml"]))
    assert "Your call sheet" in listing.content.decode()
    assert "Call 06:30" in detail.content.decode()
    assert traversal.status_code == 404
