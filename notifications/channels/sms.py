import logging

from django.conf import settings
from django.utils.module_loading import import_string

from ..models import Message
from . import PermanentError

logger = logging.getLogger("notifications.sms")


class LoggingSmsBackend:
    """Development backend: writes the text to the log instead of a phone."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class SmsChannel:
    """SMS through a pluggable provider backend (settings.SMS_BACKEND).

    A provider backend has one method, `send(*, to, text)`, and raises
    TransientError or PermanentError from `notifications.channels`.
    """

    def __init__(self) -> None:
        self.backend = import_string(settings.SMS_BACKEND)()

    def open(self) -> None:
        pass

    def send(self, message: Message) -> None:
        digits = [c for c in message.address if c.isdigit()]
        if len(digits) < 6:
            raise PermanentError(f"Not a phone number: {message.address!r}")
        self.backend.send(to=message.address, text=message.body_text)

    def close(self) -> None:
        pass
