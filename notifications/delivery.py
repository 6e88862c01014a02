"""Deliver outbox messages: claim, send, record. Safe to run twice, or at once.

A message is claimed by one conditional UPDATE (queued and due -> sending, with
a lease). Only the claimer sends it; a task redelivered after a crash finds it
sent, or claimed under a live lease, and skips it. A claim whose worker died is
taken again once its lease lapses.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .channels import Channel, PermanentError, TransientError, channel_for
from .models import Message, Status

logger = logging.getLogger(__name__)


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: base, 2x base, 4x base, ..."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return base * random.uniform(0.8, 1.2)


def claim(message_id: int) -> Message | None:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    claimed = (
        Message.objects.due(now)
        .filter(pk=message_id)
        .update(
            status=Status.SENDING,
            lease_expires_at=lease,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    return Message.objects.select_related("webhook").get(pk=message_id)


def _finish(message: Message, **fields) -> None:
    """Record an outcome, only if our claim still holds (a lapsed lease lost it)."""
    Message.objects.filter(
        pk=message.pk, status=Status.SENDING, lease_expires_at=message.lease_expires_at
    ).update(lease_expires_at=None, updated_at=timezone.now(), **fields)


def messages_deliver(*, message_ids: list[int]) -> dict[str, list[int]]:
    """Send each claimable message once; returns ids by outcome, retries with their delay."""
    outcome: dict[str, list[int]] = {"sent": [], "failed": [], "retry": [], "skipped": []}
    retry_at: dict[int, float] = {}
    channels: dict[str, Channel] = {}
    try:
        for message_id in message_ids:
            message = claim(message_id)
            if message is None:
                outcome["skipped"].append(message_id)
                continue
            channel = channels.get(message.channel)
            if channel is None:
                channel = channels[message.channel] = channel_for(message.channel)
                channel.open()
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
                    _finish(
                        message,
                        status=Status.FAILED,
                        last_error=f"Gave up after {message.attempts} attempts: {error}",
                    )
                    outcome["failed"].append(message.pk)
                else:
                    delay = backoff_seconds(message.attempts)
                    _finish(
                        message,
                        status=Status.QUEUED,
                        last_error=error,
                        next_attempt_at=timezone.now() + timedelta(seconds=delay),
                    )
                    outcome["retry"].append(message.pk)
                    retry_at[message.pk] = delay
            else:
                _finish(message, status=Status.SENT, sent_at=timezone.now(), last_error="")
                outcome["sent"].append(message.pk)
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
    ids = list(
        Message.objects.due(now)
        .filter(next_attempt_at__lte=now - grace)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    lapsed = list(
        Message.objects.filter(status=Status.SENDING, lease_expires_at__lte=now)
        .exclude(pk__in=ids)
        .values_list("pk", flat=True)[:limit]
    )
    ids += lapsed
    if ids:
        from .services import dispatch

        logger.info("Outbox sweep re-dispatching %d message(s)", len(ids))
        dispatch(ids)
    return len(ids)
