"""The breakdown in a real browser: upload a script, see the strips, tag a prop."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from productions import services

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"
SCRIPT = FIXTURES / "cyber-bob-ep1.fountain"


def test_upload_see_strips_and_tag_a_prop(page, live_server, make_user, log_in, shoot):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Cyber Bob")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)

    page.goto(f"{live_server.url}/p/{production.pk}/")
    page.get_by_role("link", name="Breakdown").first.click()
    expect(page.get_by_role("heading", name="No scenes yet")).to_be_visible()
    page.get_by_role("link", name="Upload a script").first.click()
    page.get_by_label("Screenplay").set_input_files(str(SCRIPT))
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text("Imported 3 scenes")).to_be_visible()
    strips = page.get_by_test_id("strip")
    expect(strips).to_have_count(3)
    # Exterior day is yellow, interior night blue (the default palette).
    park_colour = strips.nth(0).locator("td").nth(2).evaluate(
        "cell => getComputedStyle(cell).backgroundColor")
    night_colour = strips.nth(2).locator("td").nth(2).evaluate(
        "cell => getComputedStyle(cell).backgroundColor")
    assert park_colour == "rgb(255, 241, 118)"
    assert night_colour == "rgb(144, 202, 249)"
    expect(page.get_by_test_id("page-total")).not_to_have_text("")
    shoot(page, "scene-list")

    strips.nth(0).get_by_role("link", name="PARK").click()
    expect(page.get_by_role("heading", name="EXT. PARK--DAY")).to_be_visible()
    page.get_by_label("Category").select_option(label="Props")
    page.get_by_label("Element").fill("Dog translator phone")
    page.get_by_role("button", name="Tag").click()

    tags = page.get_by_test_id("element-tag")
    expect(tags.filter(has_text="Dog translator phone")).to_have_count(1)
    expect(page.get_by_test_id("breakdown-elements")).to_contain_text("Props")
    shoot(page, "breakdown-sheet")

    # On a phone, wide tables scroll inside their card; the page itself never does.
    page.set_viewport_size({"width": 390, "height": 844})
    base = f"{live_server.url}/p/{production.pk}/breakdown"
    for path in ["/", "/elements/", "/sets/", "/upload/", "/settings/",
                 page.url.removeprefix(base)]:
        page.goto(base + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide on a phone"
    assert errors == []
