"""The outbox: queue messages in the caller's transaction, deliver after commit.

Domain services say *what* to send and *to whom* (`email_enqueue`,
`webhook_event_emit`, `messages_enqueue`); this module renders, stores and
schedules. Delivery itself lives in `delivery.py`.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Channel, Message, Status, WebhookEndpoint

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render templates/emails/<template>_{subject.txt,body.txt,body.html}."""
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text: str = render_to_string(f"emails/{template}_body.txt", context)
    html: str
    try:
        html = render_to_string(f"emails/{template}_body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def email_message(
    *,
    template: str,
    address: str,
    context: dict,
    dedupe_key: str,
    person=None,
    production=None,
    attachments: list[dict] | None = None,
) -> Message:
    """An unsaved email Message, rendered now so the outbox holds exactly what is sent."""
    context = {"site_url": settings.SITE_URL, **context}
    subject, text, html = render_email(template, context)
    return Message(
        channel=Channel.EMAIL,
        template=template,
        address=address,
        person=person,
        production=production,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=attachments or [],
        dedupe_key=dedupe_key,
    )


def messages_enqueue(*, messages: list[Message]) -> list[Message]:
    """Store messages whose dedupe key is new; deliver them after the commit.

    Runs inside the caller's transaction, so the messages exist exactly when the
    change that caused them does. Returns the stored rows (new or existing).
    """
    if not messages:
        return []
    with transaction.atomic():
        Message.objects.bulk_create(messages, ignore_conflicts=True)
        # The bodies were just written; reading them back would double the cost.
        stored = list(
            Message.objects.filter(dedupe_key__in=[m.dedupe_key for m in messages]).defer(
                "body_text", "body_html", "payload", "attachments"
            )
        )
    pending = [m.pk for m in stored if m.status == Status.QUEUED]
    if pending:
        transaction.on_commit(partial(dispatch, pending), robust=True)
    return stored


def email_enqueue(**kwargs) -> Message:
    """Queue one email (see `email_message` for the arguments)."""
    return messages_enqueue(messages=[email_message(**kwargs)])[0]


def sms_enqueue(
    *, address: str, text: str, dedupe_key: str, person=None, production=None
) -> Message:
    message = Message(
        channel=Channel.SMS,
        template="sms",
        address=address,
        body_text=text,
        person=person,
        production=production,
        dedupe_key=dedupe_key,
    )
    return messages_enqueue(messages=[message])[0]


def webhook_event_emit(*, production, event: str, data: dict, dedupe_key: str) -> list[Message]:
    """Queue one signed POST per endpoint of the production that wants `event`."""
    endpoints = [w for w in WebhookEndpoint.objects.filter(production=production) if w.wants(event)]
    messages = [
        Message(
            channel=Channel.WEBHOOK,
            template=event,
            address=endpoint.url,
            webhook=endpoint,
            production=production,
            payload={
                "event": event,
                "production": production.pk,
                "occurred_at": timezone.now().isoformat(),
                "data": data,
            },
            dedupe_key=f"{dedupe_key}:webhook:{endpoint.pk}",
        )
        for endpoint in endpoints
    ]
    return messages_enqueue(messages=messages)


def dispatch(message_ids: list[int], countdown: float | None = None) -> bool:
    """Hand message ids to the workers, in batches. Never raises.

    If the broker is down the rows stay queued and the periodic sweep hands them
    over later: a broker outage delays messages, it does not lose them.
    """
    from .tasks import deliver_messages

    size = settings.NOTIFICATIONS_BATCH_SIZE
    try:
        for start in range(0, len(message_ids), size):
            deliver_messages.apply_async(
                args=[message_ids[start : start + size]], countdown=countdown
            )
    except Exception:
        logger.warning(
            "Broker unavailable: %d message(s) stay queued for the sweep.",
            len(message_ids),
            exc_info=True,
        )
        return False
    return True


@transaction.atomic
def message_retry(*, message: Message) -> Message:
    """Give a failed message a fresh set of attempts."""
    updated = Message.objects.filter(pk=message.pk, status=Status.FAILED).update(
        status=Status.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if updated:
        transaction.on_commit(partial(dispatch, [message.pk]), robust=True)
    message.refresh_from_db()
    return message


@transaction.atomic
def webhook_create(*, production, url: str, events: list[str] | None = None):
    endpoint = WebhookEndpoint(production=production, url=url, events=events or [])
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_update(*, endpoint: WebhookEndpoint, **fields) -> WebhookEndpoint:
    for name in set(fields) & {"url", "events", "is_active"}:
        setattr(endpoint, name, fields[name])
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()
