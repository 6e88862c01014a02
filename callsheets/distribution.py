"""Distributing a published version: one shared render, then batches of recipients.

`services.callsheet_publish` commits the version and its recipients (their calls, no
copies yet) and, on commit, queues `version_render`. That renders the sheet once, stores
it and, on its own commit, fans out `recipients_prepare` batches of
`CALLSHEETS_BATCH_SIZE` people. The same batches are also queued at publish, next to
the render: while one worker process renders the sheet, the others render the batches'
banners ahead. A batch renders (or finds) its banners as one document, stamps each
person's copy onto the shared PDF, stores it and writes their messages and personal links
in one transaction; the outbox starts sending that batch while the next one is rendered,
so rendering overlaps sending on every worker process.

Every step is safe to run twice, or at once:
- the render locks its version and does nothing once the PDF is stored;
- a batch locks the copies still to prepare with SKIP LOCKED, so a duplicate finds
  nothing to do, and each message's dedupe key is `callsheet:<version>:<person>`;
- a worker killed mid-batch rolls its transaction back (no message, no link), and
  `distribution_sweep` (beat) hands out again what is still unprepared once the
  distribution has made no progress for NOTIFICATIONS_SWEEP_SECONDS.
"""

import hashlib
import logging
import secrets
import time as clock
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, Message
from notifications.services import email_message, messages_enqueue

from .models import CallSheetVersion, Recipient

logger = logging.getLogger(__name__)


def batch_size() -> int:
    return max(1, int(getattr(settings, "CALLSHEETS_BATCH_SIZE", 25)))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def version_folder(version: CallSheetVersion) -> str:
    sheet = version.callsheet
    return f"callsheets/{sheet.production_id}/{sheet.pk}/v{version.number}"


def _save(path: str, data: bytes) -> str:
    """Store under a fixed name: a retry after a crash overwrites its own leftovers."""
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(data))


# --- Handing work to the workers (never raises: the sweep catches up) -------------------


def dispatch_render(version_id: int) -> None:
    from .tasks import render_version

    try:
        render_version.delay(version_id)
    except Exception:
        logger.warning("Broker unavailable: version %s waits for the sweep.", version_id,
                       exc_info=True)


def dispatch_batches(version_id: int, recipient_ids: list[int]) -> None:
    from .tasks import prepare_recipients

    size = batch_size()
    try:
        for start in range(0, len(recipient_ids), size):
            prepare_recipients.delay(version_id, recipient_ids[start:start + size])
    except Exception:
        logger.warning("Broker unavailable: version %s's copies wait for the sweep.",
                       version_id, exc_info=True)


def _pending(version_id: int):
    # Never a copy whose link has expired (the shoot day is over): a message row deleted
    # long after must not bring an old call sheet back.
    return Recipient.objects.filter(version_id=version_id, message=None, revoked_at=None,
                                    error="", expires_at__gt=timezone.now())


def pending_batches(*, version_id: int) -> list[list[int]]:
    ids = list(_pending(version_id).order_by("pk").values_list("pk", flat=True))
    size = batch_size()
    return [ids[start:start + size] for start in range(0, len(ids), size)]


# --- The shared render ------------------------------------------------------------------


def version_render(*, version_id: int) -> CallSheetVersion | None:
    """Render and store the shared PDF once; on commit, fan out the recipients' batches."""
    from .pdf import callsheet_pdf

    with transaction.atomic():
        version = (CallSheetVersion.objects.select_for_update(of=("self",))
                   .select_related("callsheet").filter(pk=version_id).first())
        if version is None or version.prepared_at is not None or version.error:
            return version
        started = clock.perf_counter()
        pdf = callsheet_pdf(version=version)
        version.render_ms = round((clock.perf_counter() - started) * 1000)
        version.pdf_path = _save(f"{version_folder(version)}/callsheet.pdf", pdf)
        version.pdf_size = len(pdf)
        version.prepared_at = version.dispatched_at = timezone.now()
        version.save(update_fields=["render_ms", "pdf_path", "pdf_size", "prepared_at",
                                    "dispatched_at"])
        pending = [pk for batch in pending_batches(version_id=version.pk) for pk in batch]
        transaction.on_commit(partial(dispatch_batches, version.pk, pending), robust=True)
    return version


def version_fail(*, version_id: int, reason: str) -> None:
    """The shared PDF cannot be rendered: the version and its waiting copies fail."""
    reason = reason[:500] or "The call sheet could not be rendered."
    with transaction.atomic():
        CallSheetVersion.objects.filter(pk=version_id, prepared_at=None).update(error=reason)
        _pending(version_id).update(error=f"The call sheet could not be rendered: {reason}"[:500])


# --- A batch of recipients --------------------------------------------------------------


def _sms_text(snapshot: dict, row: dict, day_label: str, link: str) -> str:
    return (f"{snapshot['production']['title']} · Day {snapshot['day']} · {day_label}: "
            f"your call {row['call']}. Call sheet and Confirm: {link}")


def _banners(version: CallSheetVersion, rows: list[Recipient], calls: dict) -> bytes | None:
    from .pdf import banners_pdf

    return banners_pdf(rows=[{"name": calls[r.person_id]["name"],
                              "call": calls[r.person_id]["call"],
                              "role": calls[r.person_id]["role"],
                              "version": version.number} for r in rows])


def _banners_path(version: CallSheetVersion, rows: list[Recipient]) -> str:
    """Where banners rendered ahead for exactly these recipients, in this order, wait."""
    # The publish time too: ids alone could meet a stale file after a database reset.
    ids = ",".join(str(r.pk) for r in rows)
    key = hashlib.sha256(f"{version.published_at.isoformat()}:{ids}".encode()).hexdigest()[:20]
    return f"{version_folder(version)}/banners-{key}.pdf"


def _banners_ahead(version: CallSheetVersion, recipient_ids: list[int]) -> None:
    """Render a batch's banners before the shared PDF exists (nothing in the database
    changes: if the batch's recipients differ by the time it runs, it renders its own)."""
    from .services import snapshot_calls

    rows = list(_pending(version.pk).filter(pk__in=recipient_ids).exclude(person__email="")
                .order_by("pk"))
    if not rows:
        return
    path = _banners_path(version, rows)
    if not default_storage.exists(path):
        banners = _banners(version, rows, snapshot_calls(version.snapshot))
        if banners is not None:
            _save(path, banners)


def recipients_prepare(*, version_id: int, recipient_ids: list[int]) -> int:
    """Stamp, store and queue the copies of these recipients still to prepare.

    Returns how many this run prepared (0 when another run holds or did them).
    """
    from .pdf import stamp_banners
    from .services import settings_for, snapshot_calls

    version = (CallSheetVersion.objects.select_related("callsheet__production")
               .filter(pk=version_id).first())
    if version is None or version.error:
        return 0
    if version.prepared_at is None:
        # Queued at publish, alongside the render: use the wait to render this batch's
        # banners; the render's commit hands the batch out again to stamp and send.
        _banners_ahead(version, recipient_ids)
        return 0
    callsheet, production = version.callsheet, version.callsheet.production
    with transaction.atomic():
        rows = list(Recipient.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(pk__in=recipient_ids, version_id=version_id, message=None,
                            revoked_at=None, error="", expires_at__gt=timezone.now())
                    .select_related("person").order_by("pk"))
        if not rows:
            return 0
        started = clock.perf_counter()
        snapshot = version.snapshot
        calls = snapshot_calls(snapshot)
        no_email = [r for r in rows if not r.person.email]
        for recipient in no_email:
            recipient.error = "No email address."
        rows = [r for r in rows if r.person.email]
        ahead = _banners_path(version, rows)
        if rows and default_storage.exists(ahead):
            with default_storage.open(ahead, "rb") as handle:
                banners: bytes | None = handle.read()
            transaction.on_commit(partial(default_storage.delete, ahead), robust=True)
        else:
            banners = _banners(version, rows, calls)
        with default_storage.open(version.pdf_path, "rb") as handle:
            base = handle.read()
        copies = stamp_banners(base=base, banners=banners, count=len(rows))
        text_link = settings_for(production=production).text_link
        revised = version.number > 1
        day_label = callsheet.date.strftime("%a %-d %b")
        filename = f"callsheet-day{callsheet.day}-v{version.number}.pdf"
        folder = version_folder(version)
        messages = []
        for recipient, data in zip(rows, copies, strict=True):
            person, row = recipient.person, calls[recipient.person_id]
            token = secrets.token_urlsafe(32)
            recipient.token_hash = token_hash(token)
            link = settings.SITE_URL + reverse("callsheets:mobile", kwargs={"token": token})
            path = _save(f"{folder}/{recipient.pk}.pdf", data)
            message = email_message(
                template="callsheet", address=person.email, person=person,
                production=production, dedupe_key=f"callsheet:{version.pk}:{person.pk}",
                attachments=[{"path": path, "filename": filename,
                              "mimetype": "application/pdf"}],
                context={"s": snapshot, "row": row, "link": link, "day_label": day_label,
                         "version": version.number,
                         "changes": version.changes if revised else [], "revised": revised},
            )
            message.template = f"callsheet:{version.pk}"
            messages.append(message)
            if text_link and sum(c.isdigit() for c in person.phone) >= 6:
                messages.append(Message(
                    channel=Channel.SMS, template=f"callsheet-sms:{version.pk}",
                    address=person.phone, person=person, production=production,
                    body_text=_sms_text(snapshot, row, day_label, link),
                    dedupe_key=f"callsheet-sms:{version.pk}:{person.pk}"))
        stored = {m.dedupe_key: m for m in messages_enqueue(messages=messages)}
        for recipient in rows:
            recipient.message = stored[f"callsheet:{version.pk}:{recipient.person_id}"]
        Recipient.objects.bulk_update(rows, ["token_hash", "message"])
        if no_email:
            Recipient.objects.bulk_update(no_email, ["error"])
        # Also the sweep's progress clock: a distribution that moves is left alone.
        CallSheetVersion.objects.filter(pk=version.pk).update(
            stamp_ms=F("stamp_ms") + round((clock.perf_counter() - started) * 1000),
            dispatched_at=timezone.now())
    return len(rows)


def recipients_fail(*, version_id: int, recipient_ids: list[int], reason: str) -> int:
    """Give up on these copies (after the task's retries): the page shows why."""
    return _pending(version_id).filter(pk__in=recipient_ids).update(
        error=(reason or "Could not be prepared.")[:500])


# --- The sweep ----------------------------------------------------------------------------


def distribution_sweep(*, now=None) -> dict[str, int]:
    """Hand out again renders and batches that made no progress for the grace period
    (a worker died, or the broker was down when they were queued)."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.NOTIFICATIONS_SWEEP_SECONDS)
    stalled = Q(dispatched_at__lte=now - grace) | Q(dispatched_at=None,
                                                    published_at__lte=now - grace)
    unprepared = Recipient.objects.filter(
        message=None, revoked_at=None, error="", expires_at__gt=now,
        version__prepared_at__isnull=False,
    ).values("version_id")
    renders, batches = [], []
    with transaction.atomic():
        # SKIP LOCKED: a version being rendered right now is not stalled.
        versions = list(CallSheetVersion.objects.select_for_update(skip_locked=True)
                        .filter(stalled)
                        .filter(Q(prepared_at=None, error="") | Q(pk__in=unprepared))
                        .values_list("pk", "prepared_at"))
        if not versions:
            return {"renders": 0, "recipients": 0}
        CallSheetVersion.objects.filter(pk__in=[pk for pk, _ in versions]).update(
            dispatched_at=now)
        for pk, prepared_at in versions:
            if prepared_at is None:
                renders.append(pk)
            else:
                batches.append((pk, [i for b in pending_batches(version_id=pk) for i in b]))
        for pk in renders:
            transaction.on_commit(partial(dispatch_render, pk), robust=True)
        for pk, ids in batches:
            transaction.on_commit(partial(dispatch_batches, pk, ids), robust=True)
    count = sum(len(ids) for _, ids in batches)
    logger.info("Call-sheet sweep: %d render(s), %d recipient(s) handed out again",
                len(renders), count)
    return {"renders": len(renders), "recipients": count}
