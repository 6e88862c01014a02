"""Celery entry points of the call-sheet distribution (see distribution.py): ids in,
one service each, safe to run twice. CPU work: they stay on the default `celery` queue,
served by prefork workers."""

import logging

from celery import shared_task

from . import distribution

logger = logging.getLogger(__name__)
MAX_RETRIES = 3


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=MAX_RETRIES)
def render_version(self, version_id: int) -> None:
    try:
        distribution.version_render(version_id=version_id)
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.exception("Giving up rendering call-sheet version %s", version_id)
            distribution.version_fail(version_id=version_id, reason=f"{type(exc).__name__}: {exc}")
            return
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=MAX_RETRIES)
def prepare_recipients(self, version_id: int, recipient_ids: list[int]) -> None:
    try:
        distribution.recipients_prepare(version_id=version_id, recipient_ids=recipient_ids)
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.exception("Giving up preparing call-sheet copies %s", recipient_ids)
            distribution.recipients_fail(version_id=version_id, recipient_ids=recipient_ids,
                                         reason=f"{type(exc).__name__}: {exc}")
            return
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc


@shared_task(ignore_result=True)
def sweep_distributions() -> None:
    distribution.distribution_sweep()
