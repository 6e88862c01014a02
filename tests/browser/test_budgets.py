"""The budget in a real browser: change a rate inline and every total moves at once."""

import pytest
from playwright.sync_api import expect

from budgets import services as budget_services
from productions import services

pytestmark = pytest.mark.browser


def test_inline_edit_updates_totals_and_keys_move_like_a_spreadsheet(page, live_server,
                                                                     make_user, log_in, shoot):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    budget = budget_services.budget_create(production=production, name="Shooting budget",
                                           template="feature")
    account = budget.accounts.get(number="3201")
    fica = budget.fringes.get(code="MEDI")
    budget_services.line_create(budget=budget, account=account, description="DP",
                                amount="SHOOT_DAYS", rate="1000", fringes=[fica])
    budget_services.line_create(budget=budget, account=account, description="DP prep",
                                amount="5", rate="1000")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)

    page.goto(f"{live_server.url}/p/{production.pk}/")
    page.get_by_role("link", name="Budget").first.click()
    page.get_by_role("link", name="Shooting budget").click()
    # 30 x 1,000 + 1.45% = 30,435.00; prep 5,000.00; contingency 10% and bond 2%.
    expect(page.get_by_test_id("grand-total")).to_have_text("39,687.20")
    page.get_by_role("link", name="Director of photography").click()
    expect(page.get_by_test_id("account-total")).to_have_text("35,435.00")

    rate = page.locator("tr[data-line]").first.get_by_label("Rate")
    rate.fill("1100")
    rate.press("Enter")  # saves the cell and moves down to the next line's rate
    expect(page.get_by_test_id("account-total")).to_have_text("38,478.50")
    expect(page.get_by_test_id("grand-total")).to_have_text("43,095.92")
    expect(page.locator("tr[data-line]").nth(1).get_by_label("Rate")).to_be_focused()

    page.keyboard.press("ArrowUp")
    expect(page.locator("tr[data-line]").first.get_by_label("Rate")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(page.locator("tr[data-line]").first.get_by_label("Fringes (codes)")).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("tr[data-line]").first.get_by_label("Rate")).to_be_focused()
    focused = page.locator("tr[data-line]").first.get_by_label("Rate")
    focused.fill("oops")
    focused.press("Tab")
    expect(page.get_by_role("alert")).to_contain_text("Unknown name “oops”")
    expect(page.get_by_test_id("account-total")).to_have_text("38,478.50")
    shoot(page, "budget-account")
    assert errors == []


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900},
                                      {"width": 390, "height": 844}])
def test_budget_pages_fit_desktop_and_phone(page, live_server, make_user, log_in, shoot,
                                            viewport):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    budget = budget_services.budget_create(production=production, name="Shooting budget",
                                           template="tv_episode")
    account = budget.accounts.get(number="2201")
    budget_services.line_create(budget=budget, account=account, description="Camera crew",
                                amount="SHOOT_DAYS", rate="2500")
    version = budget_services.version_create(budget=budget, name="Original", locked=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)
    page.set_viewport_size(viewport)
    p = f"{live_server.url}/p/{production.pk}"
    for name, url in {
        "list": f"{p}/budgets/", "topsheet": f"{p}/budgets/{budget.pk}/",
        "account": f"{p}/budget-accounts/{account.pk}/",
        "setup": f"{p}/budgets/{budget.pk}/setup/",
        "versions": f"{p}/budgets/{budget.pk}/versions/",
        "compare": f"{p}/budgets/{budget.pk}/compare/?v={version.pk}&v=current",
        "import": f"{p}/budgets/{budget.pk}/import/",
    }.items():
        response = page.goto(url)
        assert response.status == 200, url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
                    )
            .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ':'
                             + Math.round(e.getBoundingClientRect().right))""")
        assert overflow <= 0, f"{url} is {overflow}px too wide at {viewport['width']}px: {wide}"
        shoot(page, f"{viewport['width']}-{name}")
    assert errors == []
