"""The stripboard API: boards, strips, moves with the version check, calendar and DOOD JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Message
from scheduling.models import Board
from tests.conftest import api_as
from tests.scheduling.board_factories import big_board, board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(production):
    small_breakdown(production)
    return board_of_days(production, [["1", "2"], ["3", "4"]])


def url(board, tail=""):
    return f"/api/v1/productions/{board.production_id}/boards/{board.pk}/{tail}"


def cast_id(board, name):
    element = board.production.elements.select_related("cast_member").get(name=name)
    return element.effective_board_id


def order(board):
    return [s.scene.number if s.scene_id else "|" for s in
            board.strips.select_related("scene").order_by("position")]


def test_list_and_create_boards(producer, board):
    client = api_as(producer)
    listed = client.get(f"/api/v1/productions/{board.production_id}/boards/").json()["results"]
    assert [(b["name"], b["is_active"], b["day_count"], b["scene_count"]) for b in listed] == [
        ("Main", True, 2, 4)]
    created = client.post(f"/api/v1/productions/{board.production_id}/boards/",
                          {"name": "Empty", "start": "empty"}, format="json")
    assert created.status_code == 201
    assert created.json()["scene_count"] == 0 and not created.json()["is_active"]


def test_strips_carry_days_dates_and_cast(producer, board):
    strips = api_as(producer).get(url(board, "strips/")).json()
    assert [(s["kind"], s["scene_number"], s["day"]) for s in strips] == [
        ("scene", "1", 1), ("scene", "2", 1), ("day_break", None, 1),
        ("scene", "3", 2), ("scene", "4", 2), ("day_break", None, 2)]
    assert strips[2]["date"] == "2026-03-02" and strips[2]["eighths"] == 16
    assert strips[0]["cast_ids"] == [cast_id(board, "ANNA")]


def test_move_to_a_day_then_stale_version_is_409(producer, board):
    client = api_as(producer)
    strip = board.strips.get(scene__number="3")
    moved = client.post(url(board, "move/"), {"strip": strip.pk, "day": 1,
                                               "expected_version": board.version},
                        format="json")
    assert moved.status_code == 200
    assert order(board) == ["1", "2", "3", "|", "4", "|"]
    assert [i["name"] for i in moved.json()["impact"]] == ["ANNA"]
    stale = client.post(url(board, "move/"), {"strip": strip.pk, "to_position": 0,
                                               "expected_version": board.version},
                        format="json")
    assert stale.status_code == 409
    assert stale.json()["version"] == board.version + 1
    assert order(board) == ["1", "2", "3", "|", "4", "|"]


def test_two_clients_on_the_same_version_one_wins(producer, production, board):
    from productions.roles import Role
    from tests.productions.factories import member

    coordinator = member(production, Role.COORDINATOR, username="coord@example.com")
    version = board.version
    first = api_as(producer).post(url(board, "move/"), {
        "strip": board.strips.get(scene__number="1").pk, "to_position": 4,
        "expected_version": version}, format="json")
    second = api_as(coordinator).post(url(board, "move/"), {
        "strip": board.strips.get(scene__number="4").pk, "to_position": 0,
        "expected_version": version}, format="json")
    assert (first.status_code, second.status_code) == (200, 409)
    assert order(board) == ["2", "|", "3", "4", "1", "|"]


def test_bad_moves_are_refused_and_change_nothing(producer, board, other_production):
    client = api_as(producer)
    before, version = order(board), board.version
    small_breakdown(other_production)
    foreign = other_production.scenes.first()
    for data in ({"scene": foreign.pk, "to_position": 0}, {"strip": 999999, "to_position": 0},
                 {"strip": board.strips.first().pk, "day": 7},
                 {"strip": board.strips.first().pk}):
        response = client.post(url(board, "move/"), {**data, "expected_version": version},
                               format="json")
        assert response.status_code == 400, data
    board.refresh_from_db()
    assert (order(board), board.version) == (before, version)


def test_crew_cannot_move(crew_user, board):
    response = api_as(crew_user).post(url(board, "move/"), {
        "strip": board.strips.first().pk, "to_position": 3,
        "expected_version": board.version}, format="json")
    assert response.status_code == 403


def test_copy_and_activate_then_confirm_tells_whoever_moved(producer, board):
    client = api_as(producer)
    assert client.post(url(board, "notify/"), {}, format="json").json()["sent"] == 2
    copy = client.post(url(board, "copy/"), {"name": "Plan B"}, format="json").json()
    copy_board = Board.objects.get(pk=copy["id"])
    client.post(url(copy_board, "move/"), {
        "strip": copy_board.strips.get(scene__number="3").pk, "to_position": 0,
        "expected_version": copy_board.version}, format="json")
    # A scenario tells nobody, and cannot.
    assert client.get(url(copy_board, "notices/")).json()["people"] == []
    assert client.post(url(copy_board, "notify/"), {}, format="json").status_code == 400
    Message.objects.all().delete()
    activated = client.post(url(copy_board, "activate/")).json()
    assert [i["name"] for i in activated["impact"]] == ["ANNA"]
    assert (activated["notified"], activated["pending"]) == (0, 1)
    assert Message.objects.count() == 0
    notices = client.get(url(copy_board, "notices/")).json()
    anna = board.production.elements.select_related("cast_member").get(name="ANNA")
    assert [(p["person"], p["name"], p["has_email"], p["changes"]) for p in notices["people"]] \
        == [(anna.cast_member.person_id, "Anna Actor", True,
             [f"ANNA (cast {anna.effective_board_id}): no longer works Tue 3 Mar"])]
    assert notices["people"][0]["roles"][0]["now"] == ["2026-03-02"]
    told = client.post(url(copy_board, "notify/"), {"fingerprint": notices["fingerprint"]},
                       format="json").json()
    assert told == {"sent": 1, "told": [anna.cast_member.person_id], "without_email": [],
                    "still_pending": 0}
    assert list(Message.objects.values_list("address", flat=True)) == ["anna@example.com"]
    again = client.post(url(copy_board, "notify/"), {"fingerprint": notices["fingerprint"]},
                        format="json")
    assert again.status_code == 400 and Message.objects.count() == 1


def test_only_editors_see_and_send_notices(crew_user, board, other_production, outsider):
    assert api_as(crew_user).get(url(board, "notices/")).status_code == 403
    assert api_as(crew_user).post(url(board, "notify/"), {}, format="json").status_code == 403
    assert api_as(outsider).post(url(board, "notify/"), {}, format="json").status_code == 404
    assert Message.objects.filter(template="schedule_changed").count() == 0


def test_calendar_get_put_and_refusal(producer, board):
    client = api_as(producer)
    path = f"/api/v1/productions/{board.production_id}/calendar/"
    assert client.get(path).json()["first_shoot_day"] == "2026-03-02"
    refused = client.put(path, {"first_shoot_day": "2026-03-02", "days_off": list(range(7))},
                         format="json")
    assert refused.status_code == 400
    saved = client.put(path, {"first_shoot_day": "2026-03-03", "days_off": [6],
                              "holidays": ["2026-03-04"], "drop_gap_days": 14}, format="json")
    assert saved.json() == {"first_shoot_day": "2026-03-03", "days_off": [6],
                            "holidays": ["2026-03-04"], "drop_gap_days": 14}


def test_dood_json(producer, board):
    body = api_as(producer).get(f"/api/v1/productions/{board.production_id}/dood/").json()
    assert body["days"] == ["2026-03-02", "2026-03-03"]
    assert [(r["name"], r["board_id"], r["codes"]) for r in body["rows"]] == [
        ("ANNA", cast_id(board, "ANNA"), ["SW", "WF"]),
        ("BEN", cast_id(board, "BEN"), ["SW", "WF"])]
    assert body["rows"][0]["totals"]["work"] == 2


@pytest.mark.parametrize("size", [10, 60])
def test_list_endpoints_queries_do_not_grow(producer, production, size):
    board = big_board(production, size)
    client = api_as(producer)
    counts = {}
    for name, path in {
        "boards": f"/api/v1/productions/{production.pk}/boards/",
        "strips": url(board, "strips/"),
        "dood": f"/api/v1/productions/{production.pk}/dood/",
    }.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[name] = len(queries)
    # boards: membership+production, the page count, boards with day/scene counts.
    # strips: membership, the board, strips+scenes+sets, tags+elements, untagged tracked
    #   elements, calendar, events, boneyard.
    # dood: membership, active board, calendar, events, strip order, tags, untagged elements.
    assert counts == {"boards": 3, "strips": 8, "dood": 7}


def test_dood_flags_api(producer, crew_user, board, other_production):
    anna = board.production.elements.get(name="ANNA")
    path = f"/api/v1/productions/{board.production_id}/dood/elements/{anna.pk}/"
    assert api_as(producer).get(path).json() == {
        "element": anna.pk, "name": "ANNA", "track_in_dood": True, "allows_holds": True,
        "allows_drop": False}
    assert api_as(crew_user).put(path, {}, format="json").status_code == 403
    refused = api_as(producer).put(path, {"track_in_dood": True, "allows_holds": False,
                                          "allows_drop": True}, format="json")
    assert refused.status_code == 400
    saved = api_as(producer).put(path, {"track_in_dood": True, "allows_holds": True,
                                        "allows_drop": True}, format="json")
    assert saved.json()["allows_drop"] is True
    small_breakdown(other_production)
    foreign = other_production.elements.first()
    other = f"/api/v1/productions/{board.production_id}/dood/elements/{foreign.pk}/"
    assert api_as(producer).get(other).status_code == 404


def test_rename_and_delete_a_scenario_but_never_the_active_board(producer, board):
    client = api_as(producer)
    copy = client.post(url(board, "copy/"), {}, format="json").json()
    copy_board = Board.objects.get(pk=copy["id"])
    renamed = client.patch(url(copy_board), {"name": "Rain plan"}, format="json")
    assert renamed.json()["name"] == "Rain plan"
    clash = client.patch(url(copy_board), {"name": "Main"}, format="json")
    assert clash.status_code == 400
    assert client.delete(url(board)).status_code == 400
    assert client.delete(url(copy_board)).status_code == 204
    assert list(Board.objects.values_list("name", flat=True)) == ["Main"]


def test_move_preview_shows_the_impact_and_changes_nothing(producer, board):
    Message.objects.all().delete()
    before, version = order(board), board.version
    response = api_as(producer).post(url(board, "move-preview/"), {
        "strip": board.strips.get(scene__number="3").pk, "day": 1,
        "expected_version": version}, format="json")
    body = response.json()
    assert response.status_code == 200
    assert [(i["name"], i["before"], i["after"]) for i in body["impact"]] == [
        ("ANNA", ["2026-03-02", "2026-03-03"], ["2026-03-02"])]
    assert (body["version"], body["notified"]) == (version, 0)
    board.refresh_from_db()
    assert (order(board), board.version, Message.objects.count()) == (before, version, 0)
