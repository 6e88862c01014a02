"""Calendar feeds (issue 5, item 8): a secret, revocable URL per person serving an
iCalendar of their work days on the active board, which follows the board."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from productions import services as people
from scheduling import board_selectors as bs
from scheduling import services
from scheduling.calendar_feed import token_hash
from scheduling.models import CalendarFeed
from scheduling.schedule_notice import element_days
from tests.scheduling.board_factories import MONDAY, board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


def day(n):
    return MONDAY + datetime.timedelta(days=n - 1)


@pytest.fixture
def board(production):
    """Day 1: scene 1 (ANNA); day 2: scene 2 (BEN); day 3: scenes 3 (ANNA), 4 (BEN)."""
    production.time_zone = "Europe/London"
    production.save()
    small_breakdown(production)
    return board_of_days(production, [["1"], ["2"], ["3", "4"]])


def person_of(production, character):
    return production.elements.select_related("cast_member__person").get(
        name=character).cast_member.person


def fetch(client, token, **headers):
    return client.get(reverse("scheduling:feed", args=[token]), **headers)


def events(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.get("dtstart").dt)


def work_dates(board, character):
    """The DOOD's work dates of a character on the board, computed independently."""
    element = board.production.elements.get(name=character)
    return list(element_days(bs.board_dood(board=board))[element.pk][0])


def test_the_feed_parses_and_matches_the_board_before_and_after_a_move(client, board):
    anna = person_of(board.production, "ANNA")
    issued = services.feed_issue(production=board.production, person=anna)
    found = events(fetch(client, issued.token))
    assert [e.get("dtstart").dt for e in found] == work_dates(board, "ANNA") == [day(1), day(3)]
    assert [str(e.get("summary")) for e in found] == [
        "Harbour Lights · Day 1 · Sc 1", "Harbour Lights · Day 3 · Sc 3"]
    assert [e.get("dtend").dt for e in found] == [day(2), day(4)]  # all-day events
    description = str(found[1].get("description"))
    assert "As ANNA" in description and "Sc 3: INT. KITCHEN - NIGHT" in description
    uids = [str(e.get("uid")) for e in found]
    assert len(set(uids)) == 2

    # Scene 3 moves to day 2: ANNA now works days 1 and 2; the feed follows at once.
    board.refresh_from_db()
    services.strip_move(board=board, strip=board.strips.get(scene__number="3"),
                        to_position=2, expected_version=board.version)
    moved = events(fetch(client, issued.token))
    assert [e.get("dtstart").dt for e in moved] == work_dates(board, "ANNA") == [day(1), day(2)]
    assert str(moved[1].get("summary")) == "Harbour Lights · Day 2 · Sc 3"
    assert str(moved[0].get("uid")) == uids[0]  # an unchanged day keeps its UID


def test_crew_get_every_shoot_day(client, board):
    camera = board.production.departments.get(name="Camera")
    dp = people.crew_member_create(production=board.production, department=camera,
                                   position="DP", name="Dee Pee", email="dp@example.com")
    issued = services.feed_issue(production=board.production, person=dp.person)
    found = events(fetch(client, issued.token))
    assert [e.get("dtstart").dt for e in found] == [day(1), day(2), day(3)]
    assert str(found[2].get("summary")) == "Harbour Lights · Day 3 · Sc 3, 4"


def test_only_the_active_board_counts(client, board):
    anna = person_of(board.production, "ANNA")
    issued = services.feed_issue(production=board.production, person=anna)
    copy = services.board_copy(board=board, name="Rain plan")
    services.strip_move(board=copy, strip=copy.strips.get(scene__number="3"), to_position=None,
                        expected_version=copy.version)
    assert [e.get("dtstart").dt for e in events(fetch(client, issued.token))] == [day(1), day(3)]
    services.board_activate(board=copy)
    assert [e.get("dtstart").dt for e in events(fetch(client, issued.token))] == [day(1)]


def test_etag_lets_a_poller_skip_an_unchanged_feed(client, board):
    issued = services.feed_issue(production=board.production,
                                 person=person_of(board.production, "BEN"))
    first = fetch(client, issued.token)
    assert first["ETag"] and "no-cache" in first["Cache-Control"]
    head = client.head(reverse("scheduling:feed", args=[issued.token]))
    assert head.status_code == 200 and head["ETag"] == first["ETag"]
    again = fetch(client, issued.token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    board.refresh_from_db()
    services.strip_move(board=board, strip=board.strips.get(scene__number="2"),
                        to_position=0, expected_version=board.version)
    changed = fetch(client, issued.token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_only_a_hash_is_kept_and_rotation_and_revocation_close_the_old_url(client, board):
    anna = person_of(board.production, "ANNA")
    first = services.feed_issue(production=board.production, person=anna)
    stored = CalendarFeed.objects.get(person=anna)
    assert stored.token_hash == token_hash(first.token) and first.token not in str(
        CalendarFeed.objects.values().get())
    second = services.feed_issue(production=board.production, person=anna)
    assert CalendarFeed.objects.filter(person=anna).count() == 1
    gone = fetch(client, first.token)
    assert gone.status_code == 404 and b"Harbour" not in gone.content
    assert fetch(client, second.token).status_code == 200
    assert services.feed_revoke(production=board.production, person=anna)
    revoked = fetch(client, second.token)
    assert revoked.status_code == 404 and b"ANNA" not in revoked.content
    assert fetch(client, "not-a-token").status_code == 404
    assert client.post(reverse("scheduling:feed", args=[second.token])).status_code == 405


def test_a_feed_is_for_the_productions_own_people(board, other_production):
    stranger = other_production.cast.get().person
    with pytest.raises(ValidationError, match="cast and crew"):
        services.feed_issue(production=board.production, person=stranger)


# --- The page --------------------------------------------------------------------------


def test_a_person_makes_rotates_and_revokes_their_own_feed(client, board, crew_user):
    camera = board.production.departments.get(name="Camera")
    grip = people.crew_member_create(production=board.production, department=camera,
                                     position="Grip", name="Gus Grip",
                                     email="grip@example.com")
    grip.person.user = crew_user
    grip.person.save()
    client.force_login(crew_user)
    page = client.get(reverse("scheduling:feeds", args=[board.production_id]))
    assert b"You have no feed yet" in page.content and b"feed-people" not in page.content
    made = client.post(reverse("scheduling:feed_issue", args=[board.production_id]),
                       {"person": grip.person_id})
    url = made.context["feed_url"]
    assert url.startswith("http://testserver/p/calendar/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    client.logout()
    assert len(events(fetch(client, token))) == 3  # no login needed
    client.force_login(crew_user)
    client.post(reverse("scheduling:feed_revoke", args=[board.production_id]),
                {"person": grip.person_id})
    assert fetch(client, token).status_code == 404
    # Someone else's feed is not a crew member's business.
    anna = person_of(board.production, "ANNA")
    refused = client.post(reverse("scheduling:feed_issue", args=[board.production_id]),
                          {"person": anna.pk})
    assert refused.status_code == 403 and not CalendarFeed.objects.exists()


def test_a_producer_manages_anyones_feed_but_not_another_productions(
        client, producer, board, other_production):
    client.force_login(producer)
    page = client.get(reverse("scheduling:feeds", args=[board.production_id]))
    assert b"Anna Actor" in page.content and b"Ben Actor" in page.content
    anna = person_of(board.production, "ANNA")
    made = client.post(reverse("scheduling:feed_issue", args=[board.production_id]),
                       {"person": anna.pk})
    assert made.status_code == 200 and made.context["issued"].feed.person == anna
    stranger = other_production.cast.get().person
    for name in ("feed_issue", "feed_revoke"):
        response = client.post(reverse(f"scheduling:{name}", args=[board.production_id]),
                               {"person": stranger.pk})
        assert response.status_code == 404
    assert not CalendarFeed.objects.filter(person=stranger).exists()


@pytest.mark.parametrize("size", [10, 60])
def test_feed_queries_do_not_grow(client, production, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.scheduling.board_factories import big_board

    big_board(production, size)
    camera = production.departments.get(name="Camera")
    dp = people.crew_member_create(production=production, department=camera, position="DP",
                                   name="Dee Pee")
    issued = services.feed_issue(production=production, person=dp.person)
    with CaptureQueriesContext(connection) as queries:
        found = events(fetch(client, issued.token))
    assert len(found) == len(bs.board_page(board=bs.board_active(
        production=production)).days)
    # the feed, active board, crew check, calendar, events, tags, elements, strips with
    # scenes and sets, the board again for DTSTAMP, call sheets' published versions
    assert len(queries) == QUERIES_FEED, "\n".join(q["sql"][:80] for q in queries)


QUERIES_FEED = 10


# --- The API ---------------------------------------------------------------------------


def test_api_lists_makes_and_revokes_feeds(client, producer, crew_user, board,
                                           other_production):
    from tests.conftest import api_as

    path = f"/api/v1/productions/{board.production_id}/calendar-feeds/"
    anna = person_of(board.production, "ANNA")
    api = api_as(producer)
    assert [(r["name"], r["active_since"]) for r in api.get(path).json()] == [
        ("Anna Actor", None), ("Ben Actor", None)]
    made = api.post(path, {"person": anna.pk}, format="json")
    assert made.status_code == 201
    token = made.json()["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert len(events(fetch(client, token))) == 2
    assert api.get(path).json()[0]["active_since"] is not None
    # Crew: their own list is empty (not on the cast or crew), others' feeds are refused.
    crew_api = api_as(crew_user)
    assert crew_api.get(path).json() == []
    assert crew_api.post(path, {"person": anna.pk}, format="json").status_code == 403
    assert crew_api.delete(f"{path}{anna.pk}/").status_code == 403
    stranger = other_production.cast.get().person
    assert api.post(path, {"person": stranger.pk}, format="json").status_code == 404
    assert api.delete(f"{path}{anna.pk}/").status_code == 204
    assert fetch(client, token).status_code == 404
