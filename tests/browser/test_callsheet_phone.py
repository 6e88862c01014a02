"""Issue #9 on a phone: the personal link fits the screen, confirms once, and a second
device (or a second tap later) finds it confirmed with the first time; once a revision
supersedes it, the old link shows nothing of the sheet."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from callsheets import services
from callsheets.models import CallSheet, Recipient
from notifications.models import Message
from productions import services as production_services
from tests.callsheets.factories import publish, ready_sheet

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def link_of(version, address: str) -> str:
    message = Message.objects.get(template=f"callsheet:{version.pk}", address=address)
    return re.search(r"http://[^/]+(/p/calls/[\w-]+/)", message.body_text).group(1)


def test_the_link_confirms_once_and_a_superseded_link_shows_nothing(browser, live_server,
                                                                    make_user):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = production_services.production_create(user=producer, title="Harbour Lights",
                                                        time_zone="America/Los_Angeles")
    sheet = ready_sheet(production)
    v1 = publish(sheet)
    path = link_of(v1, "crew2@example.com")

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_test_id("my-call")).to_contain_text("Your call 06:30")
    # Nothing wider than the phone: no sideways scrolling to read the call.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_test_id("confirm").tap()
    expect(page.get_by_test_id("confirmed")).to_contain_text("Confirmed")
    recipient = Recipient.objects.get(version=v1, person__email="crew2@example.com")
    first = recipient.confirmed_at
    assert first is not None

    # The same link on a second device later: confirmed, with the first time, no button.
    other = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    again = other.new_page()
    again.goto(f"{live_server.url}{path}")
    expect(again.get_by_test_id("confirmed")).to_contain_text("Confirmed")
    expect(again.get_by_test_id("confirm")).to_have_count(0)
    recipient.refresh_from_db()
    assert recipient.confirmed_at == first
    assert Recipient.objects.filter(version=v1).exclude(confirmed_at=None).count() == 1

    # A revision supersedes v1: its link shows nothing of the sheet any more.
    services.callsheet_update(callsheet=CallSheet.objects.get(pk=sheet.pk),
                              general_call=datetime.time(7, 0))
    v2 = publish(CallSheet.objects.get(pk=sheet.pk))
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Harbour Lights")
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    # The new link asks again.
    page.goto(f"{live_server.url}{link_of(v2, 'crew2@example.com')}")
    expect(page.get_by_test_id("my-call")).to_contain_text("Your call 07:00")
    expect(page.get_by_test_id("confirm")).to_be_visible()
    phone.close()
    other.close()
