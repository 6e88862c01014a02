"""The Day Out of Days page and its CSV, XLSX and PDF exports, for the active board or another."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scheduling import services
from tests.scheduling.board_factories import board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(production):
    small_breakdown(production)
    return board_of_days(production, [["1"], ["2"], ["3", "4"]])


def test_dood_page_shows_codes_and_totals(client, crew_user, board):
    client.force_login(crew_user)
    response = client.get(reverse("scheduling:dood", args=[board.production_id]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-element="ANNA"' in text
    # ANNA works days 1 and 3 with a hold on day 2.
    anna = text.split('data-element="ANNA"')[1].split("</tr>")[0]
    assert ">SW<" in anna and ">H<" in anna and ">WF<" in anna
    assert 'data-testid="dood-hold">1<' in anna


def test_dood_page_without_a_board(client, producer, production):
    client.force_login(producer)
    response = client.get(reverse("scheduling:dood", args=[production.pk]))
    assert response.status_code == 200 and b"Start a board" in response.content


def test_dood_of_a_scenario(client, producer, board):
    copy = services.board_copy(board=board, name="Plan B")
    services.strip_move(board=copy, strip=copy.strips.get(scene__number="3"), to_position=0,
                        expected_version=copy.version)
    client.force_login(producer)
    response = client.get(reverse("scheduling:dood", args=[board.production_id])
                          + f"?board={copy.pk}")
    anna = response.content.decode().split('data-element="ANNA"')[1].split("</tr>")[0]
    assert ">SWF<" in anna


def test_dood_exports(client, producer, board):
    client.force_login(producer)
    pid = board.production_id
    csv = client.get(reverse("scheduling:dood_csv", args=[pid]))
    assert csv["Content-Type"].startswith("text/csv")
    rows = csv.content.decode().splitlines()
    assert rows[0].startswith("Board ID,Element,2026-03-02,2026-03-03,2026-03-04")
    assert any(",ANNA,SW,H,WF," in row for row in rows)
    xlsx = client.get(reverse("scheduling:dood_xlsx", args=[pid]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "ANNA" in names and "BEN" in names
    pdf = client.get(reverse("scheduling:dood_pdf", args=[pid]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_dood_of_another_productions_board_is_404(client, producer, board, other_production):
    small_breakdown(other_production)
    foreign = services.board_create(production=other_production, name="Theirs")
    client.force_login(producer)
    response = client.get(reverse("scheduling:dood", args=[board.production_id])
                          + f"?board={foreign.pk}")
    assert response.status_code == 404


def test_turning_holds_off_from_the_page_changes_the_dood_and_the_budget_figures(
        client, producer, board):
    from scheduling.hooks import schedule_changed

    heard = []

    def listener(*, production, values):
        heard.append(values)

    anna = board.production.elements.get(name="ANNA")
    client.force_login(producer)
    schedule_changed.connect(listener)
    try:
        response = client.post(reverse("scheduling:dood_flags_update",
                                       args=[board.production_id]),
                               {"element": anna.pk, "track_in_dood": "on"})
    finally:
        schedule_changed.disconnect(listener)
    assert response.status_code == 302
    hold_key = f"CAST_HOLD_DAYS:{anna.cast_member.board_id}"
    assert heard and heard[-1][hold_key] == 0
    page = client.get(reverse("scheduling:dood", args=[board.production_id])).content.decode()
    row = page.split('data-element="ANNA"')[1].split("</tr>")[0]
    assert ">H<" not in row and 'data-testid="dood-hold">0<' in row


def test_a_prop_can_be_tracked_and_drop_needs_holds(client, producer, board):
    from scheduling.models import Element, ElementCategory

    props = ElementCategory.objects.get(production=board.production, code=104)
    car = Element.objects.create(production=board.production, category=props, name="RED CAR")
    client.force_login(producer)
    url = reverse("scheduling:dood_flags_update", args=[board.production_id])
    client.post(url, {"element": car.pk, "track_in_dood": "on", "allows_holds": "on"})
    page = client.get(reverse("scheduling:dood", args=[board.production_id])).content.decode()
    assert 'data-element="RED CAR"' in page
    response = client.post(url, {"element": car.pk, "track_in_dood": "on",
                                 "allows_drop": "on"}, follow=True)
    assert "allow holds too" in response.content.decode()
