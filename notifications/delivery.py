"""Deliver outbox messages: claim, send, record. Safe to run twice, or at once.

A batch is claimed by one conditional UPDATE (queued and due, or a lapsed
claim -> sending, with a lease and this run's claim token). Only the claimer
sends; a task redelivered after a crash finds its messages sent, or leased, and
skips them. A claim whose worker died is taken again once its lease lapses.
"""

import contextlib
import logging
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from .channels import Channel, PermanentError, TransientError, channel_for
from .models import Message, Status

logger = logging.getLogger(__name__)


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: base, 2x base, 4x base, ..."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return base * random.uniform(0.8, 1.2)


def claim(message_ids: list[int]) -> list[Message]:
    """Claim the due messages among `message_ids` for this run, in two queries."""
    now = timezone.now()
    token = uuid.uuid4()
    Message.objects.due(now).filter(pk__in=message_ids).update(
        status=Status.SENDING,
        lease_expires_at=now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS),
        claim_token=token,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return list(
        Message.objects.select_related("webhook")
        .filter(pk__in=message_ids, claim_token=token, status=Status.SENDING)
        .order_by("pk")
    )


def _finish(message: Message, **fields) -> None:
    """Record an outcome, only if our claim still holds (a lapsed lease lost it)."""
    Message.objects.filter(
        pk=message.pk, status=Status.SENDING, claim_token=message.claim_token
    ).update(lease_expires_at=None, claim_token=None, updated_at=timezone.now(), **fields)


def _finish_sent(message: Message) -> None:
    """`_finish(message, status=SENT, ...)` in hand-written SQL.

    This is the one write per delivered message; the ORM's query building cost
    three times the round trip itself (0.9 ms against 0.3 ms per message,
    measured with bench/outbox_bench.py), so the hot path skips it.
    """
    table = Message._meta.db_table
    # Values as the ORM would pass them: on SQLite (make run) a UUID is 32 hex characters
    # and a datetime a naive UTC string; on PostgreSQL both pass through.
    now = Message._meta.get_field("updated_at").get_db_prep_value(timezone.now(), connection)
    token = Message._meta.get_field("claim_token").get_db_prep_value(
        message.claim_token, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '', "  # noqa: S608
            "lease_expires_at = NULL, claim_token = NULL, updated_at = %s "
            "WHERE id = %s AND status = %s AND claim_token = %s",
            [Status.SENT, now, now, message.pk, Status.SENDING, token],
        )


def _release(messages: list[Message]) -> None:
    """Hand back claimed messages this run will not get to, without using an attempt."""
    for message in messages:
        _finish(message, status=Status.QUEUED, attempts=F("attempts") - 1)


@contextlib.contextmanager
def _asynchronous_commits():
    """Don't wait for the WAL flush on each outcome we record.

    A database crash could then forget the last few hundred milliseconds of
    "sent" marks, and those messages would go out again: the same trade as the
    SMTP acknowledgement window, and rarer. It makes recording an outcome about
    ten times cheaper, which is most of delivery's cost.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _send_one(channel: Channel, message: Message, outcome: dict, retry_at: dict) -> None:
    try:
        channel.send(message)
    except PermanentError as exc:
        _finish(message, status=Status.FAILED, last_error=str(exc)[:2000])
        outcome["failed"].append(message.pk)
    except Exception as exc:
        if not isinstance(exc, TransientError):
            logger.exception("Unexpected error delivering message %s", message.pk)
        error = str(exc)[:2000] or type(exc).__name__
        if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            _finish(message, status=Status.FAILED,
                    last_error=f"Gave up after {message.attempts} attempts: {error}")
            outcome["failed"].append(message.pk)
        else:
            delay = backoff_seconds(message.attempts)
            _finish(message, status=Status.QUEUED, last_error=error,
                    next_attempt_at=timezone.now() + timedelta(seconds=delay))
            outcome["retry"].append(message.pk)
            retry_at[message.pk] = delay
    else:
        _finish_sent(message)
        outcome["sent"].append(message.pk)


def messages_deliver(*, message_ids: list[int]) -> dict[str, list[int]]:
    """Send each claimable message once; returns ids by outcome."""
    outcome: dict[str, list[int]] = {"sent": [], "failed": [], "retry": [], "skipped": []}
    retry_at: dict[int, float] = {}
    channels: dict[str, Channel] = {}
    # Stop early rather than start a send (at most one timeout long) that could
    # outlive the lease. Taken before the claim, so it errs on the safe side.
    lease = settings.NOTIFICATIONS_LEASE_SECONDS
    send_until = timezone.now() + timedelta(seconds=lease - min(settings.EMAIL_TIMEOUT, lease / 2))
    with _asynchronous_commits():
        claimed = claim(message_ids)
        claimed_ids = {m.pk for m in claimed}
        outcome["skipped"] = [pk for pk in message_ids if pk not in claimed_ids]
        try:
            for index, message in enumerate(claimed):
                if timezone.now() > send_until:
                    _release(claimed[index:])
                    outcome["skipped"] += [m.pk for m in claimed[index:]]
                    break
                channel = channels.get(message.channel)
                if channel is None:
                    channel = channels[message.channel] = channel_for(message.channel)
                    channel.open()
                _send_one(channel, message, outcome, retry_at)
        finally:
            for channel in channels.values():
                channel.close()
    if retry_at:
        from .services import dispatch

        # One task for the batch, timed for the latest of its retries' delays.
        dispatch(outcome["retry"], countdown=max(retry_at.values()))
    return outcome


def outbox_sweep(*, limit: int = 5000) -> int:
    """Re-dispatch what is overdue: queued past its time, or claimed by a dead worker.

    Messages due only a moment ago are left alone: their own task is on its way.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.NOTIFICATIONS_SWEEP_SECONDS)
    overdue = Message.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now - grace)
    lapsed = Message.objects.filter(status=Status.SENDING, lease_expires_at__lte=now)
    ids = list(overdue.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    ids += list(lapsed.values_list("pk", flat=True)[:limit])
    if ids:
        from .services import dispatch

        logger.info("Outbox sweep re-dispatching %d message(s)", len(ids))
        dispatch(ids)
    return len(ids)
