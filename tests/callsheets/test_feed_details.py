"""A person's calendar feed carries their call time and the location once a call sheet is
published (issue 9, item 9), through scheduling's feed_day_details hook."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from callsheets import services
from callsheets.feed_details import feed_day_details
from scheduling import services as scheduling_services
from scheduling.hooks import feed_day_details as hook
from tests.callsheets.factories import next_monday, ready_sheet

pytestmark = pytest.mark.django_db

ZONE = "America/Los_Angeles"


@pytest.fixture
def sheet(production):
    production.time_zone = ZONE
    production.save()
    return ready_sheet(production, crew_count=1)


def feed_events(client, production, person):
    issued = scheduling_services.feed_issue(production=production, person=person)
    response = client.get(reverse("scheduling:feed", args=[issued.token]))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    # Keyed by start: a date for an all-day event, an aware datetime for a called day.
    return {e.get("dtstart").dt: e for e in calendar.walk("VEVENT")}, calendar


def test_the_hook_is_registered():
    assert feed_day_details in hook.subscribers


def test_a_published_day_becomes_a_timed_event_at_the_persons_call(client, production, sheet):
    monday, tuesday = next_monday(), next_monday() + datetime.timedelta(days=1)
    grip = production.crew.get(position="Grip 0").person
    anna = production.cast.get(character="ANNA").person
    # Before publishing: all-day events, no location.
    events, _ = feed_events(client, production, grip)
    assert set(events) == {monday, tuesday}
    assert events[monday].get("location") is None

    anna_call = sheet.calls.get(person=anna)
    services.person_call_update(person_call=anna_call, call=datetime.time(7, 15))
    services.callsheet_publish(callsheet=sheet, override=True)
    sheet.refresh_from_db()
    # A later draft edit is not what was sent: the feed keeps the published call.
    services.callsheet_update(callsheet=sheet, general_call=datetime.time(5, 0))

    zone = ZoneInfo(ZONE)
    events, calendar = feed_events(client, production, grip)
    start = datetime.datetime.combine(monday, datetime.time(6, 30), tzinfo=zone)
    assert set(events) == {start, tuesday}
    event = events[start]
    assert event.get("dtstart").dt.tzinfo.key == ZONE
    assert event.get("dtend").dt == datetime.datetime.combine(monday, datetime.time(18, 0),
                                                               tzinfo=zone)
    assert str(event.get("location")).startswith("Harbour Pier, ")
    assert "Call 06:30" in str(event.get("summary"))
    assert "Your call: 06:30" in str(event.get("description"))
    assert [str(tz.get("tzid")) for tz in calendar.walk("VTIMEZONE")] == [ZONE]

    events, _ = feed_events(client, production, anna)
    anna_start = datetime.datetime.combine(monday, datetime.time(7, 15), tzinfo=zone)
    assert anna_start in events and tuesday in events


def test_details_are_one_query_and_only_for_published_days(production, sheet):
    grip = production.crew.get(position="Grip 0").person
    monday = next_monday()
    days = [monday + datetime.timedelta(days=n) for n in range(30)]
    assert feed_day_details(production=production, person=grip, dates=days) == {}
    services.callsheet_publish(callsheet=sheet, override=True)
    with CaptureQueriesContext(connection) as queries:
        found = feed_day_details(production=production, person=grip, dates=days)
    assert len(queries) == 1
    assert list(found) == [monday]
    assert (found[monday]["call"], found[monday]["location"]) == (datetime.time(6, 30),
                                                                 "Harbour Pier")
