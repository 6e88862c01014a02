from django.db.models import Count, Q, QuerySet

from .models import Channel, Message, Status, WebhookEndpoint


def message_list(*, production, status: str = "", channel: str = "", query: str = "") -> QuerySet:
    messages = production.messages.select_related("person").defer("body_text", "body_html")
    if status in Status.values:
        messages = messages.filter(status=status)
    if channel in Channel.values:
        messages = messages.filter(channel=channel)
    if query:
        messages = messages.filter(
            Q(address__icontains=query) | Q(subject__icontains=query) | Q(template=query)
        )
    return messages


def message_progress(*, production, template: str = "") -> dict[str, int]:
    """Counts by status, e.g. for "sent 143 / 200, 2 failed"."""
    messages = production.messages.all()
    if template:
        messages = messages.filter(template=template)
    counts = messages.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )
    counts["pending"] = counts[Status.QUEUED] + counts[Status.SENDING]
    return counts


def webhook_list(*, production) -> QuerySet[WebhookEndpoint]:
    return production.webhooks.all()


def message_for(*, production, pk) -> Message:
    return production.messages.select_related("person").get(pk=pk)
