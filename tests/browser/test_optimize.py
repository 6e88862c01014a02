"""Optimize in a real browser: the button on the stripboard, the run page polling itself
(htmx, every second) until the comparison appears, and applying the proposal over the board."""

import pytest
from playwright.sync_api import expect

from productions import services
from scheduling.models import OptimizationRun
from scheduling.optimization import services as opt
from tests.scheduling.board_factories import board_of_days, small_breakdown

pytestmark = pytest.mark.browser


def test_optimize_watch_compare_and_apply(page, live_server, make_user, log_in):
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    small_breakdown(production)
    opt.optimizer_settings_update(production=production, capacity_eighths=16)
    board = board_of_days(production, [["1"], ["2"], ["4"], ["3"]])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, producer)
    page.set_viewport_size({"width": 1400, "height": 900})

    page.goto(f"{live_server.url}/p/{production.pk}/schedule/")
    page.get_by_label("Optimizer time limit").select_option("10")
    page.get_by_test_id("board-optimize").click()
    expect(page.get_by_test_id("optimize-progress")).to_contain_text("Waiting for a worker")
    run = OptimizationRun.objects.get()
    assert run.time_limit == 10

    # No Celery worker here: the test runs the queued run itself while the page polls.
    opt.optimization_execute(run_id=run.pk, workers=1)
    expect(page.get_by_test_id("optimize-comparison")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("cmp-days-current")).to_have_text("4")
    expect(page.get_by_test_id("cmp-days-proposed")).to_have_text("3")

    page.get_by_test_id("apply-over").click()
    page.wait_for_url(f"{live_server.url}/p/{production.pk}/schedule/boards/{board.pk}/")
    expect(page.get_by_test_id("strip")).to_have_count(4)
    assert page.get_by_test_id("day-pages").count() == 3
    assert errors == []

    # The run page, comparison and forms included, fits a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/p/{production.pk}/schedule/optimizations/{run.pk}/")
    expect(page.get_by_test_id("optimize-applied")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the run page is {overflow}px too wide at 390px"
