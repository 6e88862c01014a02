"""Board services: moves, the boneyard, stale versions, copies, emails and the budget hook."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Message
from scheduling import board_selectors as bs
from scheduling import services
from scheduling.hooks import schedule_changed
from scheduling.models import Board, Strip
from tests.scheduling.board_factories import MONDAY, board_of_days, small_breakdown

pytestmark = pytest.mark.django_db


def layout(board):
    """The board as text: scene numbers, | for a day break, [text] for a banner."""
    out = []
    for s in board.strips.select_related("scene").order_by("position", "id"):
        out.append(s.scene.number if s.kind == "scene" else "|" if s.kind == "day_break"
                   else f"[{s.text}]")
    return " ".join(out)


def strip_of(board, number):
    return board.strips.get(scene__number=number)


@pytest.fixture
def board(production):
    small_breakdown(production)
    return board_of_days(production, [["1", "2"], ["3", "4"]])


def test_board_create_splits_pages_into_days(production):
    small_breakdown(production)
    board = services.board_create(production=production, name="Auto", eighths_per_day=16)
    assert layout(board) == "1 2 | 3 4 |"
    assert board.is_active


def test_board_create_empty_leaves_every_scene_in_the_boneyard(production):
    small_breakdown(production)
    board = services.board_create(production=production, name="Empty", split=False)
    page = bs.board_page(board=board)
    assert layout(board) == ""
    assert [s.number for s in page.boneyard] == ["1", "2", "3", "4"]


def test_move_within_and_between_days(board):
    services.strip_move(board=board, strip=strip_of(board, "1"), to_position=3,
                        expected_version=board.version)
    board.refresh_from_db()
    assert layout(board) == "2 | 3 1 4 |"


def test_move_to_the_boneyard_and_back(board):
    version = board.version
    services.strip_move(board=board, strip=strip_of(board, "2"), to_position=None,
                        expected_version=version)
    board.refresh_from_db()
    assert layout(board) == "1 | 3 4 |"
    assert [s.number for s in bs.board_page(board=board).boneyard] == ["2"]
    scene = board.production.scenes.get(number="2")
    services.strip_move(board=board, scene=scene, to_position=0,
                        expected_version=board.version)
    board.refresh_from_db()
    assert layout(board) == "2 1 | 3 4 |"
    assert board.version == version + 2


def test_day_breaks_and_banners_are_added_and_removed(board):
    services.strip_move(board=board, new_kind="banner", text="Week 2", to_position=3,
                        expected_version=board.version)
    board.refresh_from_db()
    assert layout(board) == "1 2 | [Week 2] 3 4 |"
    services.strip_move(board=board, strip=board.strips.get(kind="day_break", position=2),
                        to_position=None, expected_version=board.version)
    board.refresh_from_db()
    assert layout(board) == "1 2 [Week 2] 3 4 |"


def test_stale_version_is_refused_and_nothing_changes(board):
    stale = board.version
    services.strip_move(board=board, strip=strip_of(board, "1"), to_position=1,
                        expected_version=stale)
    board.refresh_from_db()
    before, version = layout(board), board.version
    with pytest.raises(services.BoardConflict):
        services.strip_move(board=board, strip=strip_of(board, "4"), to_position=0,
                            expected_version=stale)
    board.refresh_from_db()
    assert (layout(board), board.version) == (before, version)


def test_strip_of_another_board_is_refused(board, production):
    other = services.board_copy(board=board, name="Plan B")
    before = layout(board)
    with pytest.raises(ValidationError):
        services.strip_move(board=board, strip=strip_of(other, "1"), to_position=0,
                            expected_version=board.version)
    assert layout(board) == before


def test_scene_of_another_production_is_refused(board, other_production):
    small_breakdown(other_production)
    foreign = other_production.scenes.first()
    services.strip_move(board=board, strip=strip_of(board, "1"), to_position=None,
                        expected_version=board.version)
    board.refresh_from_db()
    with pytest.raises(ValidationError):
        services.strip_move(board=board, scene=foreign, to_position=0,
                            expected_version=board.version)


def test_bad_positions_are_refused(board):
    with pytest.raises(ValidationError):
        services.strip_move(board=board, strip=strip_of(board, "1"), to_position=99,
                            expected_version=board.version)
    with pytest.raises(ValidationError):
        services.day_break_position(board=board, day=3)


def test_copy_makes_an_inactive_scenario_with_the_same_order(board):
    copy = services.board_copy(board=board, name="Rain plan")
    assert layout(copy) == layout(board)
    assert not copy.is_active and copy.name == "Rain plan"
    services.strip_move(board=copy, strip=strip_of(copy, "1"), to_position=5,
                        expected_version=copy.version)
    assert layout(board) == "1 2 | 3 4 |"


def test_only_one_active_board(board):
    copy = services.board_copy(board=board)
    services.board_activate(board=copy)
    assert list(Board.objects.filter(production=board.production, is_active=True)) == [copy]


def test_day_dates_follow_the_calendar(board):
    page = bs.board_page(board=board)
    assert [(d.day, d.on, d.eighths) for d in page.days] == [
        (1, MONDAY, 16), (2, MONDAY + datetime.timedelta(days=1), 16)]


# --- Telling people --------------------------------------------------------------------


def test_moves_tell_nobody_until_the_ap_confirms(board):
    Message.objects.all().delete()
    change = services.strip_move(board=board, strip=strip_of(board, "3"), to_position=1,
                                 expected_version=board.version)
    # ANNA now works only day 1; BEN keeps days 1 and 2. (Confirming: test_board_notices.)
    assert Message.objects.count() == 0 and change.notified == 0
    assert [(i.name, i.after) for i in change.impact] == [("ANNA", (MONDAY,))]


def test_no_impact_when_nobodys_days_move(board):
    change = services.strip_move(board=board, strip=strip_of(board, "2"), to_position=0,
                                 expected_version=board.version)
    assert change.impact == []


def test_inactive_board_moves_tell_nobody(board):
    copy = services.board_copy(board=board)
    services.schedule_notify(production=board.production)
    Message.objects.all().delete()
    change = services.strip_move(board=copy, strip=strip_of(copy, "3"), to_position=0,
                                 expected_version=copy.version)
    assert (change.impact, change.pending) == ([], 0)
    assert bs.schedule_notices(production=board.production)[1] == []


def test_hook_hears_the_budget_values(board):
    heard = []

    def listener(*, production, values):
        heard.append((production, values))

    schedule_changed.connect(listener)
    try:
        services.strip_move(board=board, strip=strip_of(board, "3"), to_position=1,
                            expected_version=board.version)
        services.strip_move(board=board, strip=strip_of(board, "2"), to_position=0,
                            expected_version=board.version + 1)
    finally:
        schedule_changed.disconnect(listener)
    assert len(heard) == 1  # the second move changed no figure
    production, values = heard[0]
    assert production == board.production
    ids = {e.element.name: e.element.board_id for e in bs.board_dood(board=board).rows}
    assert values == {
        "SHOOT_DAYS": Decimal(2),
        f"CAST_WORK_DAYS:{ids['ANNA']}": Decimal(1), f"CAST_HOLD_DAYS:{ids['ANNA']}": Decimal(0),
        f"CAST_WORK_DAYS:{ids['BEN']}": Decimal(2), f"CAST_HOLD_DAYS:{ids['BEN']}": Decimal(0),
    }


def test_calendar_change_redates_and_everyone_is_pending(board):
    services.schedule_notify(production=board.production)
    Message.objects.all().delete()
    services.calendar_update(production=board.production,
                             first_shoot_day=MONDAY + datetime.timedelta(days=7))
    assert Message.objects.count() == 0
    services.schedule_notify(production=board.production)
    assert sorted(Message.objects.values_list("address", flat=True)) == [
        "anna@example.com", "ben@example.com"]


def test_calendar_without_shoot_days_is_refused(board):
    with pytest.raises(ValidationError):
        services.calendar_update(production=board.production, first_shoot_day=MONDAY,
                                 days_off=list(range(7)))
    assert bs.calendar_settings(production=board.production).days_off == [5, 6]


def test_dood_of_the_board(board):
    dood = bs.board_dood(board=board)
    rows = {r.element.name: r.codes for r in dood.rows}
    assert rows == {"ANNA": ("SW", "WF"), "BEN": ("SW", "WF")}
    assert Strip.objects.filter(board=board, kind="day_break").count() == 2
