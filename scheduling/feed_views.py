"""Calendar feeds (issue 5, item 8): the subscription page and the feed itself.

The page lets a person make, rotate or revoke their own secret URL, and whoever may
edit people do it for anyone on the cast or crew. The feed URL needs no login (calendar
apps have none); the token is its only key, and an unknown or revoked one is a bare 404.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST, require_safe

from productions.decorators import production_view
from productions.models import Person
from productions.roles import Capability as C

from . import calendar_feed, services
from .models import CalendarFeed


def _own_person(request, production) -> Person | None:
    return calendar_feed.own_person(production=production, user=request.user)


def _people(production) -> list[dict]:
    """Everyone on the cast and crew, once each, with what they do and whether they have
    a feed (3 queries)."""
    rows: dict[int, dict] = {}
    for cast in production.cast.select_related("person").order_by("board_id"):
        row = rows.setdefault(cast.person_id, {"person": cast.person, "roles": []})
        row["roles"].append(f"{cast.board_id}. {cast.character}")
    for crew in production.crew.select_related("person").order_by("position", "id"):
        row = rows.setdefault(crew.person_id, {"person": crew.person, "roles": []})
        row["roles"].append(crew.position)
    feeds = dict(CalendarFeed.objects.filter(production=production)
                 .values_list("person_id", "created_at"))
    for person_id, row in rows.items():
        row["feed_since"] = feeds.get(person_id)
    return sorted(rows.values(), key=lambda r: (r["person"].name.lower(), r["person"].pk))


def _page(request, production, *, issued=None, status=200):
    own = _own_person(request, production)
    can_manage = request.membership.can(C.EDIT_PEOPLE)
    url = None
    if issued is not None:
        url = request.build_absolute_uri(reverse("scheduling:feed", args=[issued.token]))
    own_feed = (CalendarFeed.objects.filter(production=production, person=own).first()
                if own else None)
    return render(request, "scheduling/feeds.html", {
        "production": production, "own": own, "own_feed": own_feed,
        "can_manage": can_manage, "people": _people(production) if can_manage else [],
        "issued": issued, "feed_url": url,
        "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://")
        if url else None,
    }, status=status)


@production_view(C.VIEW_SCHEDULE)
@require_GET
def feeds(request, production):
    return _page(request, production)


def _target(request, production) -> Person:
    return calendar_feed.feed_person(production=production, user=request.user,
                                     can_manage=request.membership.can(C.EDIT_PEOPLE),
                                     person_id=request.POST.get("person"))


@production_view(C.VIEW_SCHEDULE)
@require_POST
def feed_issue(request, production):
    person = _target(request, production)
    try:
        issued = services.feed_issue(production=production, person=person, by=request.user)
    except ValidationError as exc:
        raise Http404 from exc
    return _page(request, production, issued=issued)


@production_view(C.VIEW_SCHEDULE)
@require_POST
def feed_revoke(request, production):
    person = _target(request, production)
    if services.feed_revoke(production=production, person=person):
        messages.success(request, f"{person.name}'s calendar feed is revoked: the old "
                                  "address finds nothing now.")
    return redirect("scheduling:feeds", production.pk)


@require_safe  # some calendar apps check with HEAD before they GET
@cache_control(private=True, no_cache=True)
def feed(request, token):
    """The iCalendar feed. No login; a fresh computation every time, with an ETag."""
    found = calendar_feed.feed_find(token=token)
    if found is None:
        raise Http404
    body = calendar_feed.feed_body(feed=found)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
