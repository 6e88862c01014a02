"""Calendar feed subscriptions: issue (or rotate) and revoke a person's secret URL."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from productions.models import Person, Production

from ..calendar_feed import on_production, token_hash, token_new
from ..models import CalendarFeed


@dataclass
class IssuedFeed:
    feed: CalendarFeed
    token: str  # shown once: only its hash is kept


def _check_person(production: Production, person: Person) -> None:
    if not on_production(production=production, person=person):
        raise ValidationError({"person": "Only the production's cast and crew have a "
                                         "schedule feed."})


@transaction.atomic
def feed_issue(*, production: Production, person: Person, by=None) -> IssuedFeed:
    """A new secret URL for the person; any previous one stops working (rotation)."""
    _check_person(production, person)
    token = token_new()
    feed, _ = CalendarFeed.objects.update_or_create(
        production=production, person=person,
        defaults={"token_hash": token_hash(token), "created_by": by,
                  "created_at": timezone.now()})
    return IssuedFeed(feed=feed, token=token)


@transaction.atomic
def feed_revoke(*, production: Production, person: Person) -> bool:
    """The person's URL stops working at once. True when there was one."""
    deleted, _ = CalendarFeed.objects.filter(production=production, person=person).delete()
    return bool(deleted)
