"""The messages page: failed rows explain themselves, retry works, progress polls with htmx."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import Message, Status
from productions import services

pytestmark = pytest.mark.browser


def test_retry_a_failed_message_and_watch_progress_until_sent(
    page, live_server, make_user, log_in, shoot
):
    # Given a production with one sent message and one that failed
    producer = make_user("paula@example.com", "Paula", "Reyes")
    production = services.production_create(user=producer, title="Harbour Lights")
    Message.objects.create(
        production=production, address="lena@example.com", template="callsheet",
        subject="Call sheet Day 3", dedupe_key="cs:1", status=Status.SENT, attempts=1,
        sent_at=timezone.now(),
    )
    failed = Message.objects.create(
        production=production, address="bounce@example.com", template="callsheet",
        subject="Call sheet Day 3", dedupe_key="cs:2", status=Status.FAILED, attempts=5,
        last_error="550 5.1.1 mailbox unavailable",
    )
    log_in(page, producer)
    page.goto(f"{live_server.url}/p/{production.pk}/messages/")

    # Then the failed row shows why, and the summary counts it, without polling
    progress = page.get_by_test_id("message-progress")
    expect(progress).to_contain_text("sent 1 / 2 · 1 failed")
    expect(progress).not_to_have_attribute("hx-trigger", re.compile(".*"))
    row = page.get_by_test_id("message-table").get_by_role("row").filter(has_text="bounce@")
    expect(row.get_by_test_id("last-error")).to_have_text(re.compile("550 5.1.1 mailbox"))
    shoot(page, "messages-failed")

    # When the AP retries it
    row.get_by_role("button", name="Retry").click()

    # Then it is queued again and the summary starts polling
    expect(page.get_by_role("status")).to_contain_text("Retrying the message to bounce@")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.QUEUED, 0)
    progress = page.get_by_test_id("message-progress")
    expect(progress).to_contain_text("sent 1 / 2")
    expect(progress).to_contain_text("1 pending")
    expect(progress).to_have_attribute("hx-trigger", "every 2s")

    # When a worker delivers it, the summary catches up by itself and stops polling
    Message.objects.filter(pk=failed.pk).update(status=Status.SENT, sent_at=timezone.now())
    expect(progress).to_contain_text("sent 2 / 2", timeout=8000)
    expect(progress).to_contain_text("All messages processed")
    expect(page.get_by_test_id("message-progress")).not_to_have_attribute(
        "hx-trigger", re.compile(".*")
    )
    shoot(page, "messages-all-sent")
