import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"
    WEBHOOK = "webhook", "Webhook"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A URL a production registered to receive signed event POSTs."""

    production = models.ForeignKey(
        "productions.Production", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=500)
    # Empty means every event.
    events = models.JSONField(default=list, blank=True)
    secret = models.CharField(max_length=100, default=new_webhook_secret, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return self.is_active and (not self.events or event in self.events)


class MessageQuerySet(models.QuerySet):
    def due(self, now=None):
        """Messages a worker may claim now: queued and due, or a lapsed claim."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Status.QUEUED, next_attempt_at__lte=now)
            | Q(status=Status.SENDING, lease_expires_at__lte=now)
        )


class Message(models.Model):
    """One message to one recipient on one channel: the transactional outbox row.

    Rows are written in the same transaction as the change that causes them and
    delivered after commit by a Celery task; `dedupe_key` makes enqueueing the
    same message twice a no-op, and the claim (status + lease) makes delivering
    it twice impossible.
    """

    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    person = models.ForeignKey(
        "productions.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # An email address, a phone number or a webhook URL, as it was when queued.
    address = models.CharField(max_length=500)
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # Webhook JSON body, or extra data a channel needs (e.g. reply-to).
    payload = models.JSONField(default=dict, blank=True)
    # References to files in default storage: [{"path", "filename", "mimetype"}].
    attachments = models.JSONField(default=list, blank=True)
    webhook = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    dedupe_key = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # Which delivery run holds the claim; its outcome is recorded only under it.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["production", "status"], name="message_production_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sending")
                | Q(lease_expires_at__isnull=False, claim_token__isnull=False),
                name="message_sending_has_lease",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} to {self.address} ({self.status})"
