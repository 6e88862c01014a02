import contextlib
import smtplib
import socket

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection

from ..models import Message
from . import PermanentError, TransientError


def message_id(message: Message) -> str:
    """A Message-ID stable across retries, so a receiver can drop a duplicate."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "apcrew.localhost"
    return f"<apcrew.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def build_email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.address],
        headers={"Message-ID": message_id(message), "X-APCrew-Message": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        with default_storage.open(attachment["path"], "rb") as handle:
            email.attach(attachment["filename"], handle.read(), attachment.get("mimetype"))
    return email


def classify(exc: BaseException) -> Exception:
    """Map an SMTP/socket failure to a transient or permanent delivery error."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{rcpt}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for rcpt, (code, msg) in exc.recipients.items()
        )
        if codes and all(500 <= code < 600 for code in codes):
            return PermanentError(f"Recipient rejected: {detail}")
        return TransientError(f"Recipient deferred: {detail}")
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(
            exc.smtp_error, bytes
        ) else str(exc.smtp_error)
        error = f"SMTP {exc.smtp_code}: {text}"
        if 500 <= exc.smtp_code < 600 and not isinstance(exc, smtplib.SMTPSenderRefused):
            return PermanentError(error)
        return TransientError(error)
    if isinstance(exc, (smtplib.SMTPException, OSError, socket.timeout)):
        return TransientError(f"{type(exc).__name__}: {exc}")
    return TransientError(f"{type(exc).__name__}: {exc}")


class EmailChannel:
    """Django's configured email backend, one connection for the whole batch."""

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)

    def open(self) -> None:
        pass  # opened lazily, so a batch without email opens nothing

    def send(self, message: Message) -> None:
        if not message.address or "@" not in message.address:
            raise PermanentError(f"Not an email address: {message.address!r}")
        try:
            email = build_email(message)
        except FileNotFoundError as exc:
            raise PermanentError(f"Attachment missing: {exc}") from exc
        try:
            # open() is a no-op when the connection is already up: one per batch.
            self.connection.open()
            self.connection.send_messages([email])
        except Exception as exc:
            # The connection may be half-dead: drop it; the next message reconnects.
            self.close()
            raise classify(exc) from exc

    def close(self) -> None:
        # Closing a broken connection is best effort.
        with contextlib.suppress(Exception):
            self.connection.close()
