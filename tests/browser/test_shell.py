"""The UI shell in a real browser: log in, create, add, list, switch, and who sees money."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from productions import services
from productions.models import CrewMember, Production
from productions.roles import Role

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def production_nav(page):
    return page.get_by_role("navigation", name="Production")


def test_producer_creates_a_production_and_adds_a_crew_member(
    page, live_server, make_user, log_in, shoot
):
    # Given a new user with no productions
    user = make_user("ana@example.com", "Ana", "Reyes")
    page.set_viewport_size(DESKTOP)
    log_in(page, user)
    expect(page.get_by_role("heading", name="No productions yet")).to_be_visible()
    shoot(page, "01-home-empty")

    # When they create a production through the form
    page.get_by_role("link", name="New production").first.click()
    page.locator("#id_title").fill("The Long Night")
    page.locator("#id_company").fill("Nightjar Pictures")
    page.locator("#id_phase").select_option("pre_production")
    page.locator("#id_shoot_start").fill("2026-03-02")
    page.locator("#id_shoot_end").fill("2026-04-10")
    page.locator("#id_time_zone").fill("Europe/London")
    page.locator("#id_currency").select_option("GBP")
    shoot(page, "02-production-form")
    page.get_by_role("button", name="Create production").click()

    # Then they land on its overview, as its producer
    production = Production.objects.get(title="The Long Night")
    expect(page).to_have_url(f"{live_server.url}/p/{production.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Long Night")
    expect(page.get_by_test_id("current-production")).to_have_text("The Long Night")
    expect(page.get_by_test_id("count-crew")).to_have_text("0")
    shoot(page, "03-overview")

    # When they add a crew member through People
    production_nav(page).get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="No crew yet")).to_be_visible()
    page.get_by_role("link", name="Add crew member").first.click()
    page.locator("#id_name").fill("Marta Quintero")
    page.locator("#id_email").fill("marta@example.com")
    page.locator("#id_phone").fill("+44 7700 900123")
    page.locator("#id_department").select_option(label="Camera")
    page.locator("#id_position").fill("1st AC")
    page.locator("#id_rate").fill("450")
    shoot(page, "04-crew-form")
    page.get_by_role("button", name="Add crew member").click()

    # Then they see them listed under their department, with their rate
    expect(page).to_have_url(f"{live_server.url}/p/{production.pk}/people/")
    expect(page.get_by_role("status")).to_contain_text("Crew member added.")
    table = page.get_by_test_id("crew-table")
    row = table.get_by_role("row").filter(has_text="Marta Quintero")
    expect(row).to_contain_text("1st AC")
    expect(row).to_contain_text("450.00")
    expect(table.locator(".group-row")).to_have_text(re.compile(r"Camera\s*1"))
    member = CrewMember.objects.get(production=production)
    assert (member.person.name, member.position, member.rate) == (
        "Marta Quintero", "1st AC", Decimal("450.00")
    )
    shoot(page, "05-crew-list")

    # And the page works on a phone, the navigation behind the menu button
    page.set_viewport_size(PHONE)
    expect(production_nav(page)).not_to_be_in_viewport()
    shoot(page, "06-crew-list-phone")
    page.get_by_role("button", name="Open menu").click()
    expect(production_nav(page)).to_be_in_viewport()
    # The drawer slides in; wait for it to settle before the screenshot.
    page.wait_for_function(
        "getComputedStyle(document.getElementById('sidebar')).transform === 'none'"
    )
    shoot(page, "07-nav-phone")


def test_crew_form_shows_a_field_error_and_saves_nothing(
    page, live_server, make_user, log_in, shoot
):
    # Given a producer on a production with no crew
    user = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=user, title="Harbour Lights")
    log_in(page, user)

    # When they submit the crew form without a name
    page.goto(f"{live_server.url}/p/{production.pk}/people/crew/new/")
    page.locator("#id_department").select_option(label="Grip")
    page.locator("#id_position").fill("Key Grip")
    page.get_by_role("button", name="Add crew member").click()

    # Then the name field carries its own error, the other values are kept
    expect(page).to_have_url(f"{live_server.url}/p/{production.pk}/people/crew/new/")
    expect(page.locator("#id_name_error")).to_have_text("This field is required.")
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_position")).to_have_value("Key Grip")
    expect(page.locator("#id_position_error")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("Please correct the highlighted field")
    shoot(page, "crew-form-error")

    # And nothing was created
    assert CrewMember.objects.filter(production=production).count() == 0


def test_crew_sees_no_rates_or_budget_while_the_producer_does(
    page, browser, live_server, make_user, add_member, log_in, shoot
):
    # Given a production with a paid crew member, a producer and a crew-role user
    producer = make_user("producer@example.com", "Paula", "Reyes")
    grip = make_user("grip@example.com", "Gus", "Grant")
    production = services.production_create(user=producer, title="Harbour Lights")
    add_member(production, grip, Role.CREW)
    services.crew_member_create(
        production=production,
        department=production.departments.get(name="Electric"),
        position="Gaffer",
        name="Lena Ortiz",
        rate=Decimal("650.00"),
    )
    crew_url = f"{live_server.url}/p/{production.pk}/people/"

    # When the crew-role user opens the crew list
    log_in(page, grip)
    page.goto(crew_url)

    # Then they see the crew but no rate, no Budget entry and no edit buttons
    expect(page.get_by_test_id("crew-table")).to_contain_text("Lena Ortiz")
    expect(page.get_by_role("columnheader", name="Rate")).to_have_count(0)
    expect(page.get_by_test_id("crew-table")).not_to_contain_text("650")
    expect(production_nav(page).get_by_role("link", name="Budget")).to_have_count(0)
    expect(production_nav(page).get_by_role("link", name="Messages")).to_have_count(0)
    expect(page.get_by_role("link", name="Add crew member")).to_have_count(0)
    shoot(page, "crew-view")

    # While the producer sees all of them
    context = browser.new_context(viewport=DESKTOP)
    try:
        producer_page = context.new_page()
        log_in(producer_page, producer)
        producer_page.goto(crew_url)
        expect(producer_page.get_by_role("columnheader", name="Rate")).to_have_count(1)
        expect(producer_page.get_by_test_id("crew-table")).to_contain_text("650.00")
        expect(production_nav(producer_page).get_by_role("link", name="Budget")).to_have_count(1)
        expect(production_nav(producer_page).get_by_role("link", name="Messages")).to_have_count(1)
        expect(producer_page.get_by_role("link", name="Add crew member").first).to_be_visible()
        shoot(producer_page, "producer-view")
    finally:
        context.close()


def test_switcher_lists_my_productions_and_switches(
    page, live_server, make_user, add_member, log_in, shoot
):
    # Given a user on two productions, and a production they are not on
    user = make_user("coord@example.com", "Cora", "Diaz")
    first = services.production_create(user=user, title="Alpha Unit")
    other_owner = make_user("other@example.com")
    second = services.production_create(user=other_owner, title="Bravo Series")
    add_member(second, user, Role.COORDINATOR)
    services.production_create(user=other_owner, title="Not Mine")
    log_in(page, user)
    page.goto(f"{live_server.url}/p/{first.pk}/")
    expect(page.get_by_test_id("current-production")).to_have_text("Alpha Unit")

    # When they open the switcher
    page.get_by_label("Switch production").click()
    menu = page.locator(".switcher__menu")
    expect(menu).to_be_visible()
    shoot(page, "switcher-open")

    # Then it lists exactly their productions, the current one marked
    items = menu.locator("a[href^='/p/']").filter(has_not_text="New production")
    expect(items).to_have_text([re.compile("Alpha Unit"), re.compile("Bravo Series")])
    expect(menu.locator("[aria-current='true']")).to_have_text(re.compile("Alpha Unit"))

    # And choosing another production switches to it, with that role's navigation
    menu.get_by_role("link", name="Bravo Series").click()
    expect(page).to_have_url(f"{live_server.url}/p/{second.pk}/")
    expect(page.get_by_test_id("current-production")).to_have_text("Bravo Series")
    expect(page.locator(".switcher__role")).to_have_text("Production coordinator")
    expect(production_nav(page).get_by_role("link", name="Budget")).to_have_count(0)
    expect(production_nav(page).get_by_role("link", name="Messages")).to_have_count(1)


def test_invitee_sets_a_password_and_lands_on_the_production(
    page, live_server, make_user, shoot
):
    # Given a producer who invited a department head
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    issued = services.invitation_create(
        production=production, email="hod@example.com", role=Role.DEPARTMENT_HEAD,
        by=production.memberships.get(user=producer),
    )

    # When the invitee opens the link and first mistypes the second password
    page.goto(live_server.url + issued.path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Harbour Lights")
    expect(page.get_by_text("Department head")).to_be_visible()
    page.locator("#id_name").fill("Hana Ode")
    page.locator("#id_password1").fill("a-long-enough-secret-9")
    page.locator("#id_password2").fill("something else")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.locator("#id_password2_error")).to_have_text("The two passwords differ.")
    shoot(page, "invitation-error")
    page.locator("#id_password1").fill("a-long-enough-secret-9")
    page.locator("#id_password2").fill("a-long-enough-secret-9")
    page.get_by_role("button", name="Create account and join").click()

    # Then they are logged in on the production with their role, and see no money
    expect(page).to_have_url(f"{live_server.url}/p/{production.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Welcome to Harbour Lights")
    expect(page.locator(".switcher__role")).to_have_text("Department head")
    expect(production_nav(page).get_by_role("link", name="Budget")).to_have_count(0)
    shoot(page, "invitation-accepted")
