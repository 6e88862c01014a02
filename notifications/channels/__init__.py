"""Delivery channels behind one small interface.

A channel sends one stored Message, or raises TransientError (try again later)
or PermanentError (never going to work: fail now). `open()`/`close()` bracket a
batch so a channel can reuse one connection for all of its messages.
"""

from typing import Protocol

from ..models import Channel as ChannelName
from ..models import Message


class DeliveryError(Exception):
    pass


class TransientError(DeliveryError):
    """Worth retrying: connection refused, timeouts, 4xx SMTP replies, HTTP 5xx."""


class PermanentError(DeliveryError):
    """Retrying cannot help: recipient rejected (5xx), malformed address or URL."""


class Channel(Protocol):
    def open(self) -> None: ...

    def send(self, message: Message) -> None: ...

    def close(self) -> None: ...


def channel_for(name: str) -> Channel:
    from .email import EmailChannel
    from .sms import SmsChannel
    from .webhook import WebhookChannel

    channels: dict[str, type[Channel]] = {
        ChannelName.EMAIL: EmailChannel,
        ChannelName.SMS: SmsChannel,
        ChannelName.WEBHOOK: WebhookChannel,
    }
    return channels[name]()
