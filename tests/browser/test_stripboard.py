"""The stripboard in a real browser: drag a strip to another day, move one with the keyboard,
and see page totals, the saved order after a reload, and the Day Out of Days follow."""

import pytest
from playwright.sync_api import expect

from productions import services
from tests.scheduling.board_factories import board_of_days, small_breakdown

pytestmark = pytest.mark.browser


def day_pages(page):
    return page.get_by_test_id("day-pages").all_inner_texts()


def scene_order(page):
    return page.locator('[data-list="board"] > li').evaluate_all(
        "items => items.map(i => i.dataset.sceneNumber || '|')")


def test_drag_a_strip_to_another_day_and_move_one_by_keyboard(page, live_server, make_user,
                                                              log_in, shoot):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    small_breakdown(production)
    board_of_days(production, [["1", "2"], ["3", "4"]])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)
    page.set_viewport_size({"width": 1400, "height": 900})

    page.goto(f"{live_server.url}/p/{production.pk}/")
    page.get_by_role("link", name="Schedule").first.click()
    expect(page.get_by_test_id("strip")).to_have_count(4)
    assert day_pages(page) == ["2 pages", "2 pages"]

    # Drag scene 1 onto scene 4's place: it joins day 2.
    source = page.locator('[data-scene-number="1"]').first
    target = page.locator('[data-scene-number="4"]').first
    box_from = source.bounding_box()
    page.mouse.move(box_from["x"] + 20, box_from["y"] + box_from["height"] / 2)
    page.mouse.down()
    page.mouse.move(box_from["x"] + 20, box_from["y"] + box_from["height"] / 2 + 8, steps=4)
    # Measured once the drag has started: the list has closed up around the dragged strip.
    box_to = target.bounding_box()
    page.mouse.move(box_to["x"] + 20, box_to["y"] + box_to["height"] / 2, steps=12)
    page.mouse.up()
    expect(page.get_by_test_id("board-status")).to_contain_text("Saved")
    expect(page.get_by_test_id("day-pages").first).to_have_text("1 page")
    page.reload()
    assert scene_order(page)[:2] == ["2", "|"]
    assert sorted(scene_order(page)[2:5]) == ["1", "3", "4"]
    assert day_pages(page) == ["1 page", "3 pages"]
    shoot(page, "stripboard-after-drag")

    # Keyboard: focus scene 3, choose day 1 in the move panel.
    page.locator('[data-scene-number="3"]').first.focus()
    expect(page.locator("#sb-selected")).to_have_text("Selected: Scene 3.")
    page.keyboard.press("d")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("board-status")).to_contain_text("Saved")
    page.locator('[data-scene-number="2"]').first.focus()
    page.keyboard.press("ArrowDown")  # walk to scene 3 and back, without moving anything
    expect(page.locator("#sb-selected")).to_have_text("Selected: Scene 3.")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#sb-selected")).to_have_text("Selected: Scene 2.")
    page.keyboard.press("Alt+ArrowDown")  # below scene 3, still day 1
    expect(page.get_by_test_id("board-status")).to_contain_text("Saved")
    page.reload()
    assert scene_order(page)[:3] == ["3", "2", "|"]
    assert day_pages(page)[0] == "2 pages"

    # The Day Out of Days follows: ANNA (scenes 1 and 3) now works days 1 and 2.
    page.get_by_role("link", name="Day Out of Days").click()
    anna = page.locator('[data-testid="dood-row"][data-element="ANNA"] td')
    expect(anna.nth(0)).to_have_text("SW")
    expect(anna.nth(1)).to_have_text("WF")
    assert errors == []


@pytest.mark.parametrize("viewport", [{"width": 1400, "height": 900},
                                      {"width": 390, "height": 844}])
def test_schedule_pages_fit_desktop_and_phone(page, live_server, make_user, log_in, shoot,
                                              viewport):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    small_breakdown(production)
    board = board_of_days(production, [["1"], ["2"], ["3", "4"]])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)
    page.set_viewport_size(viewport)
    base = f"{live_server.url}/p/{production.pk}/schedule"
    for name, path in {"board": "/", "dood": "/dood/", "calendar": "/calendar/",
                       "one-liner": f"/boards/{board.pk}/report/",
                       "schedule": f"/boards/{board.pk}/report/?kind=full",
                       "notify": f"/boards/{board.pk}/notify/", "feeds": "/feeds/"}.items():
        response = page.goto(base + path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at {viewport['width']}px"
        shoot(page, f"{viewport['width']}-{name}")
    assert errors == []


def test_a_stale_board_says_it_changed_and_reloads(page, live_server, make_user, log_in):
    from scheduling import services as scheduling_services

    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    small_breakdown(production)
    board = board_of_days(production, [["1", "2"], ["3", "4"]])
    log_in(page, producer)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/p/{production.pk}/schedule/")
    expect(page.get_by_test_id("strip")).to_have_count(4)

    # Someone else moves scene 4 to the top meanwhile.
    board.refresh_from_db()
    scheduling_services.strip_move(board=board, strip=board.strips.get(scene__number="4"),
                                   to_position=0, expected_version=board.version)

    page.locator('[data-scene-number="2"]').first.focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.get_by_test_id("board-status")).to_have_text("The board changed — reloaded.")
    assert scene_order(page) == ["4", "1", "2", "|", "3", "|"]


def test_move_see_who_is_affected_and_notify_them(page, live_server, make_user, log_in, shoot):
    from notifications.models import Message
    from scheduling import services as scheduling_services

    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    small_breakdown(production)
    board_of_days(production, [["1", "2"], ["3", "4"]])
    scheduling_services.schedule_notify(production=production)  # everyone knows their days
    told_before = Message.objects.filter(template="schedule_changed").count()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/p/{production.pk}/schedule/")
    expect(page.get_by_test_id("strip")).to_have_count(4)
    expect(page.get_by_test_id("schedule-notice")).to_have_count(0)

    # Anna is needed on day 1 only: scene 3 to day 1, from the keyboard.
    page.locator('[data-scene-number="3"]').first.focus()
    page.keyboard.press("d")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("board-status")).to_contain_text("Saved")
    notice = page.get_by_test_id("schedule-notice")
    expect(notice).to_contain_text("Schedule changed: 1 person affected")
    expect(notice).to_contain_text("Anna Actor")
    expect(notice).to_contain_text("no longer works Tue 3 Mar")
    assert Message.objects.filter(template="schedule_changed").count() == told_before
    shoot(page, "stripboard-schedule-changed")

    page.get_by_test_id("notify-review").click()
    expect(page.get_by_test_id("notify-person")).to_have_count(1)
    expect(page.get_by_test_id("notify-person")).to_be_checked()
    page.get_by_test_id("notify-confirm").click()
    expect(page.get_by_text("Told 1 person: 1 email on the way.")).to_be_visible()
    expect(page.get_by_test_id("schedule-notice")).to_have_count(0)
    sent = Message.objects.filter(template="schedule_changed").order_by("-pk").first()
    assert sent.address == "anna@example.com"
    assert Message.objects.filter(template="schedule_changed").count() == told_before + 1
    assert errors == []
