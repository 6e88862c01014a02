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
