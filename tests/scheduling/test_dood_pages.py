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
