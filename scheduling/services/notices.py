"""Telling people their work days moved, once the AP confirms (issue 5, item 7).

Moves save at once and tell nobody; `schedule_notify` sends each affected person one
message with their net change since they were last told, then makes what they were
told the new baseline. See `scheduling/schedule_notice.py` for the rules.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.services import email_message, messages_enqueue
from productions.models import Person, Production

from .. import board_selectors as bs
from ..models import Board, ScheduleBaseline
from ..schedule_notice import PersonNotice, fingerprint


@dataclass
class NotifyResult:
    told: list[PersonNotice]  # baselines reset (messaged, or no email to message)
    sent: int  # messages queued
    without_email: list[PersonNotice]
    still_pending: int  # people left unticked


@transaction.atomic
def schedule_notify(*, production: Production, people: Collection[int] | None = None,
                    expected: str | None = None) -> NotifyResult:
    """Message the chosen people (all pending, when `people` is None) about their net
    change on the active board, and reset their baselines.

    `expected` is the fingerprint of the changes the AP looked at: when the board moved
    since, nothing is sent and a ValidationError asks them to review again. People who
    are not pending are ignored. Those without an email address are marked told (the AP
    saw them listed) but get no message.
    """
    # The board's row lock orders this against moves and a second confirmation: the
    # later one sees the baselines this one wrote, so finds nothing left to send.
    locked = Board.objects.select_for_update().filter(production=production,
                                                      is_active=True).first()
    if locked is None:
        raise ValidationError("The production has no active board: nobody to tell.")
    board, notices = bs.schedule_notices(production=production)
    board = board or locked
    if expected is not None and expected != fingerprint(notices):
        raise ValidationError("The schedule changed since you looked: review the changes "
                              "and confirm again.")
    chosen = set(people) if people is not None else None
    told = [n for n in notices if chosen is None or n.person_id in chosen]
    persons = Person.objects.in_bulk([n.person_id for n in told])
    messages = []
    for notice in told:
        if not notice.email:
            continue
        messages.append(email_message(
            template="schedule_changed", address=notice.email,
            person=persons[notice.person_id], production=production,
            dedupe_key=notice.dedupe_key(production.pk),
            context={"person_name": notice.name, "production_title": production.title,
                     "board_name": board.name,
                     "roles": [{"character": role.character, "board_id": role.board_id,
                                "after": role.now, "added": role.added,
                                "removed": role.removed, "holds": role.now_holds,
                                "first": role.first}
                               for role in notice.roles]}))
    messages_enqueue(messages=messages)
    _baselines_reset(production=production, notices=told)
    return NotifyResult(told=told, sent=len(messages),
                        without_email=[n for n in told if not n.email],
                        still_pending=len(notices) - len(told))


def _baselines_reset(*, production: Production, notices: list[PersonNotice]) -> None:
    now = timezone.now()
    roles = [role for notice in notices for role in notice.roles]
    existing = {b.element_id: b for b in ScheduleBaseline.objects.filter(
        production=production, element_id__in=[r.element_id for r in roles])}
    changed, created = [], []
    for role in roles:
        row = existing.get(role.element_id) or ScheduleBaseline(
            production=production, element_id=role.element_id)
        row.work_dates = [d.isoformat() for d in role.now]
        row.hold_dates = [d.isoformat() for d in role.now_holds]
        row.revision = role.revision + 1
        row.notified_at = row.updated_at = now
        (changed if row.pk else created).append(row)
    ScheduleBaseline.objects.bulk_create(created)
    ScheduleBaseline.objects.bulk_update(changed, ["work_dates", "hold_dates", "revision",
                                                   "notified_at", "updated_at"])
