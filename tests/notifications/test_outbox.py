"""The outbox's rules, run in-process: dedupe, claiming, retries, the sweep."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from notifications.channels import PermanentError, TransientError
from notifications.channels.email import classify
from notifications.delivery import _finish, claim, messages_deliver, outbox_sweep
from notifications.models import Message, Status
from notifications.services import email_enqueue, message_retry

pytestmark = pytest.mark.django_db

CONTEXT = {"production_title": "Harbour Lights", "role": "Crew", "inviter": "Paula",
           "url": "https://apcrew.test/invitations/abc/", "ttl_days": 14}


def enqueue(production, key="k1", address="gaffer@example.com"):
    return email_enqueue(template="invitation", address=address, production=production,
                         dedupe_key=key, context=CONTEXT)


def test_same_dedupe_key_is_stored_once(production):
    first = enqueue(production)
    second = enqueue(production)
    assert first.pk == second.pk
    assert Message.objects.filter(dedupe_key="k1").count() == 1


def test_enqueue_renders_subject_text_and_html(production):
    message = enqueue(production)
    assert message.subject == "Paula invited you to Harbour Lights on APCrew"
    assert "https://apcrew.test/invitations/abc/" in message.body_text
    assert 'href="https://apcrew.test/invitations/abc/"' in message.body_html


def test_plain_text_parts_are_not_html_escaped(production):
    message = email_enqueue(template="invitation", address="a@example.com", dedupe_key="esc",
                            context={**CONTEXT, "inviter": "Finn O'Connell"})
    assert "Finn O'Connell invited you" in message.subject
    assert "Finn O'Connell invited you" in message.body_text


def test_delivery_is_queued_only_after_commit(production, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue(production)
        assert callbacks == []
    assert len(callbacks) == 1


def test_rolled_back_change_leaves_no_message(production):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(production)
        raise RuntimeError("the change that caused the message failed")
    assert not Message.objects.exists()


def test_deliver_sends_once_even_when_the_task_runs_twice(production):
    message = enqueue(production)
    first = messages_deliver(message_ids=[message.pk])
    again = messages_deliver(message_ids=[message.pk])
    assert first["sent"] == [message.pk]
    assert again["skipped"] == [message.pk]
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at is not None) == (
        Status.SENT, 1, True)


def test_a_live_claim_cannot_be_taken_twice(production):
    message = enqueue(production)
    assert [m.pk for m in claim([message.pk])] == [message.pk]
    assert claim([message.pk]) == []


def test_a_lapsed_claim_is_taken_again(production):
    message = enqueue(production)
    [first] = claim([message.pk])
    Message.objects.filter(pk=message.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1))
    [second] = claim([message.pk])
    assert second.claim_token != first.claim_token
    # The first run's late outcome no longer counts.
    _finish(first, status=Status.SENT)
    assert Message.objects.get(pk=message.pk).status == Status.SENDING


def test_email_has_text_html_and_a_stable_message_id(production):
    message = enqueue(production)
    messages_deliver(message_ids=[message.pk])
    [sent] = mail.outbox
    assert sent.alternatives[0][1] == "text/html"
    assert sent.extra_headers["Message-ID"].startswith(f"<apcrew.{message.pk}.")


@override_settings(EMAIL_BACKEND="tests.notifications.test_outbox.FlakyBackend")
def test_transient_failure_requeues_with_backoff(production):
    FlakyBackend.errors = [smtplib.SMTPServerDisconnected("gone")]
    message = enqueue(production)
    outcome = messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert outcome["retry"] == [message.pk]
    assert message.status == Status.QUEUED
    assert message.next_attempt_at > timezone.now()
    assert "gone" in message.last_error


@override_settings(EMAIL_BACKEND="tests.notifications.test_outbox.FlakyBackend",
                   NOTIFICATIONS_MAX_ATTEMPTS=2)
def test_transient_failures_give_up_after_the_limit(production):
    FlakyBackend.errors = [ConnectionRefusedError("refused")] * 2
    message = enqueue(production)
    messages_deliver(message_ids=[message.pk])
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.last_error.startswith("Gave up after 2 attempts")


@override_settings(EMAIL_BACKEND="tests.notifications.test_outbox.FlakyBackend")
def test_rejected_recipient_fails_at_once(production):
    FlakyBackend.errors = [
        smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"5.1.1 No such user")})]
    message = enqueue(production)
    outcome = messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert outcome["failed"] == [message.pk]
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert "550 5.1.1 No such user" in message.last_error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (smtplib.SMTPRecipientsRefused({"a@b.c": (450, b"mailbox busy")}), TransientError),
        (smtplib.SMTPRecipientsRefused({"a@b.c": (550, b"no such user")}), PermanentError),
        (smtplib.SMTPDataError(451, b"try later"), TransientError),
        (smtplib.SMTPDataError(554, b"rejected"), PermanentError),
        (smtplib.SMTPSenderRefused(553, b"sender", "from@x"), TransientError),
        (ConnectionRefusedError(111, "refused"), TransientError),
        (TimeoutError("timed out"), TransientError),
    ],
)
def test_smtp_errors_are_classified(error, kind):
    assert type(classify(error)) is kind


def test_a_batch_that_would_outlive_its_lease_hands_the_rest_back(production, settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = 0  # no time left for even one send
    first, second = enqueue(production, key="a"), enqueue(production, key="b")
    outcome = messages_deliver(message_ids=[first.pk, second.pk])
    assert outcome["skipped"] == [first.pk, second.pk]
    assert list(Message.objects.values_list("status", "attempts")) == [
        (Status.QUEUED, 0), (Status.QUEUED, 0)]
    assert mail.outbox == []


def test_failed_message_can_be_retried(production):
    message = enqueue(production)
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=6)
    message_retry(message=message)
    messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_sweep_redispatches_overdue_and_lapsed_but_not_fresh(production, monkeypatch):
    overdue = enqueue(production, key="overdue")
    fresh = enqueue(production, key="fresh")
    lapsed = enqueue(production, key="lapsed")
    Message.objects.filter(pk=overdue.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10))
    claim([lapsed.pk])
    Message.objects.filter(pk=lapsed.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1))
    dispatched = []
    monkeypatch.setattr("notifications.services.dispatch",
                        lambda ids, countdown=None: dispatched.extend(ids) or True)
    assert outbox_sweep() == 2
    assert sorted(dispatched) == sorted([overdue.pk, lapsed.pk])
    assert fresh.pk not in dispatched


class FlakyBackend(locmem.EmailBackend):
    """Raises the queued errors one send at a time, then behaves."""

    errors: list = []

    def send_messages(self, messages):
        if FlakyBackend.errors:
            raise FlakyBackend.errors.pop(0)
        return super().send_messages(messages)


def test_sms_goes_through_the_configured_backend(production, caplog):
    from notifications.services import sms_enqueue

    message = sms_enqueue(address="+1 310 555 0142", text="Call 06:30 at the pier",
                          dedupe_key="sms:1", production=production)
    with caplog.at_level("INFO", logger="notifications.sms"):
        outcome = messages_deliver(message_ids=[message.pk])
    assert outcome["sent"] == [message.pk]
    assert "SMS to +1 310 555 0142: Call 06:30 at the pier" in caplog.text


def test_sms_to_something_that_is_not_a_number_fails_at_once(production):
    from notifications.services import sms_enqueue

    message = sms_enqueue(address="call me", text="x", dedupe_key="sms:2")
    outcome = messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert outcome["failed"] == [message.pk]
    assert message.last_error == "Not a phone number: 'call me'"
