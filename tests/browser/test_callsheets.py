"""The crew's side of a call sheet: the personal link on a phone, one tap to confirm."""

import re

import pytest
from playwright.sync_api import expect

from callsheets.models import Recipient
from notifications.models import Message
from productions import services as production_services
from tests.callsheets.factories import publish, ready_sheet

pytestmark = pytest.mark.browser


def test_confirm_from_a_phone_sized_viewport(page, live_server, make_user, shoot):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = production_services.production_create(user=producer, title="Harbour Lights",
                                                        time_zone="America/Los_Angeles")
    sheet = ready_sheet(production)
    version = publish(sheet)  # and what the workers do after the commit
    message = Message.objects.get(template=f"callsheet:{version.pk}",
                                  address="crew1@example.com")
    path = re.search(r"http://[^/]+(/p/calls/[\w-]+/)", message.body_text).group(1)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_test_id("my-call")).to_contain_text("Your call 06:30")
    confirm = page.get_by_test_id("confirm")
    box = confirm.bounding_box()
    assert box["width"] > 300 and box["height"] >= 44  # a thumb-sized target
    confirm.click()
    expect(page.get_by_test_id("confirmed")).to_contain_text("Confirmed")
    shoot(page, "callsheet-mobile-confirmed")
    recipient = Recipient.objects.get(message=message)
    assert recipient.opened_at is not None and recipient.confirmed_at is not None
    # The page after confirming has no button left to press again.
    expect(page.get_by_test_id("confirm")).to_have_count(0)


def test_an_inline_call_edit_saves_without_leaving_the_page(page, live_server, make_user,
                                                             log_in):
    import datetime

    from django.urls import reverse

    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = production_services.production_create(user=producer, title="Harbour Lights",
                                                        time_zone="America/Los_Angeles")
    sheet = ready_sheet(production)
    call = sheet.calls.get(person__name="Crew Person 1")
    log_in(page, producer)
    url = f"{live_server.url}{reverse('callsheets:edit', args=[production.pk, sheet.pk])}"
    page.goto(url)
    row = page.locator(f"#call-{call.pk}")
    expect(row.locator(f"input[name='c{call.pk}-call']")).to_have_attribute("placeholder",
                                                                            "06:30")
    row.locator(f"input[name='c{call.pk}-call']").fill("05:15")
    row.locator(f"input[name='c{call.pk}-note']").click()  # leave the field: change fires
    expect(page.locator(f"#call-{call.pk}").get_by_test_id("row-saved")).to_be_visible()
    assert page.url == url  # swapped in place, no navigation
    expect(page.locator(f"#call-{call.pk} input[name='c{call.pk}-call']")).to_have_value(
        "05:15")
    call.refresh_from_db()
    assert call.call == datetime.time(5, 15)
    assert sheet.calls.exclude(pk=call.pk).filter(call__isnull=False).count() == 0
