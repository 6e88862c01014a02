import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from ..models import Message
from . import PermanentError, TransientError

SIGNATURE_HEADER = "X-APCrew-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", as `t=<timestamp>,v1=<hex>`.

    A receiver recomputes it with the endpoint's secret and compares in constant
    time; the timestamp lets it refuse replays.
    """
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


class WebhookChannel:
    def open(self) -> None:
        pass

    def send(self, message: Message) -> None:
        endpoint = message.webhook
        if endpoint is None or not endpoint.is_active:
            raise PermanentError("The webhook endpoint was removed or deactivated.")
        body = json.dumps(message.payload, cls=DjangoJSONEncoder).encode()
        request = urllib.request.Request(  # noqa: S310 - scheme checked below
            message.address,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "APCrew-Webhooks/1",
                "X-APCrew-Event": message.template,
                "X-APCrew-Delivery": str(message.pk),
                SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
            },
        )
        if request.type not in {"http", "https"}:
            raise PermanentError(f"Unsupported URL scheme: {request.type}")
        try:
            with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:  # noqa: S310
                response.read(1024)
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code} from {message.address}"
            if exc.code >= 500 or exc.code in {408, 425, 429}:
                raise TransientError(error) from exc
            raise PermanentError(error) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise TransientError(f"{message.address}: {getattr(exc, 'reason', exc)}") from exc
        except ValueError as exc:
            raise PermanentError(f"Bad webhook URL: {exc}") from exc

    def close(self) -> None:
        pass
