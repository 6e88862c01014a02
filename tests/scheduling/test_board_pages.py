"""Stripboard pages: the board, moves from the page (JSON and 409), copy, activate, calendar,
reports, and a fixed number of queries whatever the board's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduling import services
from scheduling.models import Board, ElementEvent, ShootingCalendarSettings
from tests.scheduling.board_factories import MONDAY, big_board, board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(production):
    small_breakdown(production)
    return board_of_days(production, [["1", "2"], ["3", "4"]])


def test_schedule_without_a_board_offers_to_start_one(client, producer, production):
    client.force_login(producer)
    response = client.get(reverse("scheduling:board", args=[production.pk]))
    assert response.status_code == 200
    assert b"Start a board" in response.content


def test_create_a_board_from_the_page(client, producer, production):
    small_breakdown(production)
    client.force_login(producer)
    response = client.post(reverse("scheduling:board_create", args=[production.pk]),
                           {"name": "Main", "start": "split", "pages_per_day": "2"})
    board = Board.objects.get(production=production)
    assert response.status_code == 302
    assert board.strips.filter(kind="day_break").count() == 2


def test_board_page_shows_strips_days_and_dates(client, producer, board):
    client.force_login(producer)
    response = client.get(reverse("scheduling:board", args=[board.production_id]))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('data-testid="strip"') == 4
    assert "End of day 1" in text and "Mon 2 Mar 2026" in text and "Tue 3 Mar 2026" in text
    assert "Sortable.min.js" in text


def test_crew_sees_the_board_but_cannot_move(client, crew_user, board):
    client.force_login(crew_user)
    url = reverse("scheduling:board_detail", args=[board.production_id, board.pk])
    assert client.get(url).status_code == 200
    strip = board.strips.get(scene__number="1")
    response = client.post(reverse("scheduling:board_move", args=[board.production_id,
                                                                   board.pk]),
                           {"strip": strip.pk, "to": "position", "to_position": 3,
                            "version": board.version})
    assert response.status_code == 403


def move(client, board, **data):
    return client.post(reverse("scheduling:board_move", args=[board.production_id, board.pk]),
                       data, HTTP_ACCEPT="application/json")


def test_move_from_the_page_answers_with_the_new_board(client, producer, board):
    client.force_login(producer)
    strip = board.strips.get(scene__number="3")
    response = move(client, board, strip=strip.pk, to="day", day=1, version=board.version)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == board.version + 1
    assert body["impact"][0].endswith("ANNA: Mon 02, Tue 03 → Mon 02")
    assert 'data-testid="day-pages">3 pages' in body["html"]


def test_stale_move_from_the_page_gets_409_and_the_current_board(client, producer, board):
    client.force_login(producer)
    strip = board.strips.get(scene__number="1")
    assert move(client, board, strip=strip.pk, to="down", version=board.version).status_code == 200
    before = list(board.strips.order_by("position").values_list("pk", flat=True))
    response = move(client, board, strip=strip.pk, to="boneyard", version=board.version)
    assert response.status_code == 409
    assert response.json()["error"] == "The board changed — reloaded."
    assert list(board.strips.order_by("position").values_list("pk", flat=True)) == before


def test_move_of_another_boards_strip_is_404(client, producer, board):
    client.force_login(producer)
    other = services.board_copy(board=board)
    strip = other.strips.first()
    assert move(client, board, strip=strip.pk, to="up", version=board.version).status_code == 404


def test_unknown_day_is_refused(client, producer, board):
    client.force_login(producer)
    strip = board.strips.get(scene__number="1")
    version = board.version
    response = move(client, board, strip=strip.pk, to="day", day=9, version=version)
    assert response.status_code == 400
    board.refresh_from_db()
    assert board.version == version


def test_copy_and_activate(client, producer, board):
    client.force_login(producer)
    client.post(reverse("scheduling:board_copy", args=[board.production_id, board.pk]),
                {"name": "Rain"})
    copy = Board.objects.get(name="Rain")
    client.post(reverse("scheduling:board_activate", args=[board.production_id, copy.pk]))
    copy.refresh_from_db()
    assert copy.is_active


def test_calendar_page_saves_and_refuses_no_shoot_days(client, producer, board):
    client.force_login(producer)
    url = reverse("scheduling:calendar", args=[board.production_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"first_shoot_day": "2026-03-02",
                                 "days_off": [str(i) for i in range(7)],
                                 "drop_gap_days": "10"})
    assert response.status_code == 200 and b"no shoot day" in response.content
    client.post(url, {"first_shoot_day": "2026-03-03", "days_off": ["6"],
                      "holidays": "2026-03-04", "drop_gap_days": "14"})
    settings = ShootingCalendarSettings.objects.get(production=board.production)
    assert (settings.days_off, settings.holidays, settings.drop_gap_days) == (
        [6], ["2026-03-04"], 14)


def test_events_are_added_and_removed(client, producer, board):
    client.force_login(producer)
    element = board.production.elements.get(name="ANNA")
    client.post(reverse("scheduling:calendar_event_add", args=[board.production_id]),
                {"element": element.pk, "kind": "T", "on": "2026-03-01"})
    event = ElementEvent.objects.get()
    assert (event.kind, event.on) == ("T", MONDAY.replace(day=1))
    client.post(reverse("scheduling:calendar_event_delete",
                        args=[board.production_id, event.pk]))
    assert not ElementEvent.objects.exists()


def test_reports_render_as_html_pdf_and_csv(client, producer, board):
    client.force_login(producer)
    args = [board.production_id, board.pk]
    html = client.get(reverse("scheduling:board_report", args=args) + "?kind=full")
    assert html.status_code == 200 and b"Day 2" in html.content and b"Cast Members" in html.content
    pdf = client.get(reverse("scheduling:board_report_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("scheduling:board_report_csv", args=args)).content.decode()
    assert csv.splitlines()[1].startswith("1,2026-03-02,1,INT,KITCHEN")


@pytest.mark.parametrize("size", [10, 60])
def test_board_page_queries_do_not_grow(client, producer, production, size,
                                        django_assert_max_num_queries):
    board = big_board(production, size)
    client.force_login(producer)
    url = reverse("scheduling:board_detail", args=[production.pk, board.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # session, user, membership+production, the board, its strips+scenes+sets, the tags
    # with their elements, untagged tracked elements, calendar, events, the boneyard, the
    # board switcher, the breakdown palette, the shell's production switcher, the
    # schedule baselines (for the "Schedule changed" panel)
    assert len(queries) == QUERIES_BOARD_PAGE, "\n".join(q["sql"][:90] for q in queries)


QUERIES_BOARD_PAGE = 14


def test_move_shows_the_panel_and_confirming_tells_the_affected(client, producer, board):
    from notifications.models import Message
    from scheduling import board_selectors as bs

    services.schedule_notify(production=board.production)
    Message.objects.all().delete()
    client.force_login(producer)
    args = [board.production_id, board.pk]
    page = client.get(reverse("scheduling:board_detail", args=args)).content.decode()
    assert 'data-testid="schedule-notice"' not in page
    strip = board.strips.get(scene__number="3")
    moved = client.post(reverse("scheduling:board_move", args=args),
                        {"strip": strip.pk, "to": "day", "day": "1", "version": board.version},
                        HTTP_ACCEPT="application/json").json()
    assert moved["pending"] == 1 and Message.objects.count() == 0
    assert "Schedule changed: 1 person affected" in moved["html"]
    assert "Anna Actor</strong>: ANNA (cast" in moved["html"]
    assert "no longer works Tue 3 Mar" in moved["html"]

    review = client.get(reverse("scheduling:board_notify", args=args))
    assert review.status_code == 200 and b"Anna Actor" in review.content
    fingerprint = review.context["fingerprint"]
    person = review.context["notices"][0].person_id
    # Untick everyone: nothing is sent.
    client.post(reverse("scheduling:board_notify", args=args), {"fingerprint": fingerprint})
    assert Message.objects.count() == 0
    done = client.post(reverse("scheduling:board_notify", args=args),
                       {"fingerprint": fingerprint, "people": [str(person)]}, follow=True)
    assert b"Told 1 person: 1 email on the way." in done.content
    assert b"left to tell later" not in done.content
    assert list(Message.objects.values_list("address", flat=True)) == ["anna@example.com"]
    assert bs.schedule_notices(production=board.production)[1] == []
    # The same confirmation again (a second tab): refused, nothing sent.
    again = client.post(reverse("scheduling:board_notify", args=args),
                        {"fingerprint": fingerprint, "people": [str(person)]}, follow=True)
    assert b"changed since you looked" in again.content and Message.objects.count() == 1


def test_notify_needs_the_edit_capability_and_the_active_board(client, crew_user, producer,
                                                               board):
    client.force_login(crew_user)
    args = [board.production_id, board.pk]
    page = client.get(reverse("scheduling:board_detail", args=args)).content.decode()
    assert 'data-testid="schedule-notice"' not in page  # pending, but not for crew to see
    assert client.get(reverse("scheduling:board_notify", args=args)).status_code == 403
    assert client.post(reverse("scheduling:board_notify", args=args)).status_code == 403
    copy = services.board_copy(board=board)
    client.force_login(producer)
    response = client.get(reverse("scheduling:board_notify",
                                  args=[board.production_id, copy.pk]), follow=True)
    assert b"Only the active board" in response.content


def test_rename_and_delete_from_the_page(client, producer, board):
    client.force_login(producer)
    copy = services.board_copy(board=board, name="Plan B")
    args = [board.production_id, copy.pk]
    client.post(reverse("scheduling:board_rename", args=args), {"name": "Rain plan"})
    copy.refresh_from_db()
    assert copy.name == "Rain plan"
    client.post(reverse("scheduling:board_delete", args=[board.production_id, board.pk]))
    assert Board.objects.filter(pk=board.pk).exists()
    client.post(reverse("scheduling:board_delete", args=args))
    assert not Board.objects.filter(pk=copy.pk).exists()
