"""Acceptance audit of issue #5's "Bad input": moves that name strips of another board or
production, unknown days or positions, a board of another production, and calendar
settings that leave no shoot day are refused with a clear error and change nothing — on
either board, in the version, or in the calendar."""

import pytest

from scheduling import board_selectors as bs
from scheduling import services
from scheduling.models import Board
from tests.conftest import api_as
from tests.scheduling.board_factories import MONDAY, board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(production):
    small_breakdown(production)
    return board_of_days(production, [["1", "2"], ["3", "4"]])


@pytest.fixture
def foreign_board(other_production):
    small_breakdown(other_production)
    return board_of_days(other_production, [["1", "2"], ["3", "4"]], name="Theirs")


def state(board):
    board = Board.objects.get(pk=board.pk)
    return board.version, list(board.strips.order_by("position")
                               .values_list("pk", "kind", "scene_id", "position"))


def move_url(board):
    return f"/api/v1/productions/{board.production_id}/boards/{board.pk}/move/"


def test_api_refuses_a_strip_of_another_scenario_of_the_same_production(producer, board):
    plan_b = services.board_copy(board=board, name="Plan B")
    before, before_b = state(board), state(plan_b)
    response = api_as(producer).post(move_url(board), {
        "strip": plan_b.strips.get(scene__number="1").pk, "to_position": 3,
        "expected_version": board.version}, format="json")
    assert response.status_code == 400
    assert "not on this board" in str(response.json())
    assert (state(board), state(plan_b)) == (before, before_b)


def test_api_refuses_strips_and_scenes_of_another_production(producer, board, foreign_board):
    before, theirs = state(board), state(foreign_board)
    client = api_as(producer)
    for data, says in (
            ({"strip": foreign_board.strips.first().pk, "to_position": 0}, "not on this board"),
            ({"strip": foreign_board.strips.first().pk, "day": 1}, "not on this board"),
            ({"scene": foreign_board.strips.first().scene_id, "to_position": 0},
             "not in this production")):
        response = client.post(move_url(board), {**data, "expected_version": board.version},
                               format="json")
        assert response.status_code == 400, data
        assert says in str(response.json()), data
    assert (state(board), state(foreign_board)) == (before, theirs)


def test_service_refuses_a_scene_of_another_production_and_changes_nothing(board,
                                                                           foreign_board):
    services.strip_move(board=board, strip=board.strips.get(scene__number="1"),
                        to_position=None, expected_version=board.version)  # to the boneyard
    before, theirs = state(board), state(foreign_board)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.strip_move(board=Board.objects.get(pk=board.pk),
                            scene=foreign_board.strips.first().scene_id, to_position=0,
                            expected_version=before[0])
    assert (state(board), state(foreign_board)) == (before, theirs)


def test_a_member_cannot_move_on_a_board_of_a_production_they_are_not_in(producer,
                                                                         foreign_board):
    theirs = state(foreign_board)
    response = api_as(producer).post(move_url(foreign_board), {
        "strip": foreign_board.strips.first().pk, "to_position": 3,
        "expected_version": foreign_board.version}, format="json")
    assert response.status_code == 404
    assert b"Theirs" not in response.content
    assert state(foreign_board) == theirs


@pytest.mark.parametrize("data", [
    {"day": 0}, {"day": -1}, {"day": 3}, {"day": "two"}, {"to_position": 7},
    {"to_position": -1}, {"to_position": "x"}])
def test_unknown_days_and_positions_are_refused_and_change_nothing(producer, board, data):
    before = state(board)
    response = api_as(producer).post(move_url(board), {
        "strip": board.strips.get(scene__number="1").pk, "expected_version": board.version,
        **data}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()  # a reason, not an empty body
    assert state(board) == before


def test_a_stale_move_by_day_is_409_with_the_version_to_reload(producer, board):
    stale = board.version
    services.strip_move(board=board, strip=board.strips.get(scene__number="4"),
                        to_position=0, expected_version=stale)
    before = state(board)
    response = api_as(producer).post(move_url(board), {
        "strip": board.strips.get(scene__number="1").pk, "day": 2,
        "expected_version": stale}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == before[0]
    assert state(board) == before


@pytest.mark.parametrize("data", [
    {"first_shoot_day": "2026-03-02", "days_off": [0, 1, 2, 3, 4, 5, 6]},
    {"first_shoot_day": "2026-03-07", "days_off": [5, 6]},  # a Saturday, a day off
    {"first_shoot_day": "2026-03-02", "days_off": [5, 6], "holidays": ["2026-03-02"]},
    {"first_shoot_day": "2026-03-02", "days_off": [9]},
])
def test_calendar_settings_without_a_valid_shoot_day_are_refused_and_kept(producer, board,
                                                                           data):
    saved = bs.calendar_settings(production=board.production)
    kept = (saved.first_shoot_day, saved.days_off, saved.holidays, saved.drop_gap_days)
    dates = [s["date"] for s in api_as(producer).get(
        f"/api/v1/productions/{board.production_id}/boards/{board.pk}/strips/").json()
        if s["kind"] == "day_break"]
    response = api_as(producer).put(f"/api/v1/productions/{board.production_id}/calendar/",
                                    data, format="json")
    assert response.status_code == 400, data
    assert response.json()
    again = bs.calendar_settings(production=board.production)
    assert (again.first_shoot_day, again.days_off, again.holidays, again.drop_gap_days) == kept
    assert kept[0] == MONDAY
    assert dates == [s["date"] for s in api_as(producer).get(
        f"/api/v1/productions/{board.production_id}/boards/{board.pk}/strips/").json()
        if s["kind"] == "day_break"]
