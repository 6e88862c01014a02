"""Schedule-change notices (issue 5, item 7): moves save at once and tell nobody; the AP
confirms, and each affected person gets one message with their net change since they
were last told. Same change twice, a move and its undo, several moves: the rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Message
from scheduling import board_selectors as bs
from scheduling import services
from scheduling.models import ScheduleBaseline
from tests.scheduling.board_factories import MONDAY, board_of_days, small_breakdown

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + datetime.timedelta(days=1)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


def strip_of(board, number):
    return board.strips.get(scene__number=number)


def move(board, number, to_position):
    board.refresh_from_db()
    return services.strip_move(board=board, strip=strip_of(board, number),
                               to_position=to_position, expected_version=board.version)


def pending(production):
    return bs.schedule_notices(production=production)[1]


def words(production):
    return {n.name: n.words() for n in pending(production)}


def cast_id(production, name):
    return production.elements.select_related("cast_member").get(name=name).effective_board_id


@pytest.fixture
def board(production):
    """Day 1: scenes 1 (ANNA), 2 (BEN); day 2: 3 (ANNA), 4 (BEN). Everyone told."""
    small_breakdown(production)
    board = board_of_days(production, [["1", "2"], ["3", "4"]])
    services.schedule_notify(production=production)
    Message.objects.all().delete()
    board.refresh_from_db()
    return board


def test_a_new_schedule_is_pending_for_everyone_until_confirmed(production):
    small_breakdown(production)
    board_of_days(production, [["1", "2"], ["3", "4"]])
    assert Message.objects.count() == 0
    assert words(production) == {
        "Anna Actor": [f"ANNA (cast {cast_id(production, 'ANNA')}): first schedule: works "
                       "Mon 2 Mar, Tue 3 Mar"],
        "Ben Actor": [f"BEN (cast {cast_id(production, 'BEN')}): first schedule: works "
                      "Mon 2 Mar, Tue 3 Mar"]}
    result = services.schedule_notify(production=production)
    assert (result.sent, len(result.told)) == (2, 2)
    assert sorted(Message.objects.values_list("address", flat=True)) == [
        "anna@example.com", "ben@example.com"]
    assert pending(production) == []


def test_a_move_tells_nobody_and_confirming_tells_only_the_affected(board):
    change = move(board, "3", 1)  # ANNA: day 2 -> day 1; BEN keeps days 1 and 2
    assert Message.objects.count() == 0
    assert change.pending == 1
    anna = cast_id(board.production, "ANNA")
    assert words(board.production) == {
        "Anna Actor": [f"ANNA (cast {anna}): no longer works Tue 3 Mar"]}
    result = services.schedule_notify(production=board.production)
    message = Message.objects.get()
    assert (result.sent, message.address) == (1, "anna@example.com")
    assert message.dedupe_key.startswith(
        f"schedule-changed:production-{board.production_id}:person-{message.person_id}:")
    assert "Your work days now: Mon 2 Mar" in message.body_text
    assert "No longer: Tue 3 Mar" in message.body_text
    assert pending(board.production) == []


def test_several_moves_make_one_message_with_the_net_change(board):
    move(board, "3", 1)  # ANNA works day 1 only
    move(board, "1", 4)  # scene 1 (ANNA) to day 2: ANNA works day 1 (3) and day 2 (1)
    move(board, "3", 4)  # scene 3 to day 2 too: ANNA works only day 2
    anna = cast_id(board.production, "ANNA")
    assert words(board.production) == {
        "Anna Actor": [f"ANNA (cast {anna}): no longer works Mon 2 Mar"]}
    assert services.schedule_notify(production=board.production).sent == 1
    message = Message.objects.get()
    assert "Your work days now: Tue 3 Mar" in message.body_text
    assert "No longer: Mon 2 Mar" in message.body_text


def test_a_move_and_its_undo_leave_nothing_to_tell(board):
    move(board, "3", 1)
    assert len(pending(board.production)) == 1
    move(board, "3", 3)  # back where it was
    assert pending(board.production) == []
    result = services.schedule_notify(production=board.production)
    assert (result.sent, result.told) == (0, [])
    assert Message.objects.count() == 0


def test_the_same_change_confirmed_twice_is_one_message(board):
    move(board, "3", 1)
    before = list(ScheduleBaseline.objects.values("pk", "work_dates", "hold_dates",
                                                   "revision"))
    assert services.schedule_notify(production=board.production).sent == 1
    # Nothing left: a second confirmation sends nothing.
    assert services.schedule_notify(production=board.production).sent == 0
    # A confirmation that had read the old baselines (two APs at once) makes the same
    # message, which the outbox keeps once.
    for row in before:
        ScheduleBaseline.objects.filter(pk=row.pop("pk")).update(**row)
    assert len(pending(board.production)) == 1
    services.schedule_notify(production=board.production)
    assert Message.objects.count() == 1


def test_the_same_change_later_is_a_new_message(board):
    move(board, "3", 1)
    services.schedule_notify(production=board.production)
    move(board, "3", 3)
    services.schedule_notify(production=board.production)
    move(board, "3", 1)
    services.schedule_notify(production=board.production)
    assert Message.objects.filter(address="anna@example.com").count() == 3


def test_unticked_people_stay_pending(board):
    move(board, "3", 1)  # ANNA to day 1 only
    move(board, "4", 0)  # BEN: still days 1 and 2 (scene 2 on day 1, 4 on day 1 now)
    names = {n.name: n.person_id for n in pending(board.production)}
    assert set(names) == {"Anna Actor", "Ben Actor"}
    result = services.schedule_notify(production=board.production,
                                      people=[names["Ben Actor"]])
    assert (result.sent, result.still_pending) == (1, 1)
    assert list(Message.objects.values_list("address", flat=True)) == ["ben@example.com"]
    assert [n.name for n in pending(board.production)] == ["Anna Actor"]


def test_a_change_since_the_ap_looked_is_refused_and_sends_nothing(board):
    from scheduling.schedule_notice import fingerprint

    move(board, "3", 1)
    seen = fingerprint(pending(board.production))
    move(board, "4", 0)
    with pytest.raises(ValidationError, match="changed since you looked"):
        services.schedule_notify(production=board.production, expected=seen)
    assert Message.objects.count() == 0
    now = fingerprint(pending(board.production))
    assert services.schedule_notify(production=board.production, expected=now).sent == 2


def test_holds_are_reported_with_the_work_days(production):
    small_breakdown(production)
    board = board_of_days(production, [["1", "2"], ["3", "4"], []])
    services.schedule_notify(production=production)
    Message.objects.all().delete()
    # Scene 3 (ANNA) to day 3: ANNA works Mon and Wed, held Tue.
    move(board, "3", 5)
    anna = cast_id(production, "ANNA")
    assert words(production)["Anna Actor"] == [
        f"ANNA (cast {anna}): Tue 3 Mar → Wed 4 Mar; now holds Tue 3 Mar"]
    services.schedule_notify(production=production)
    assert "On hold (keep free): Tue 3 Mar" in Message.objects.get().body_text
    baseline = ScheduleBaseline.objects.get(element__name="ANNA")
    assert (baseline.work_dates, baseline.hold_dates, baseline.revision) == (
        [MONDAY.isoformat(), WEDNESDAY.isoformat()], [TUESDAY.isoformat()], 2)


def test_only_the_active_board_counts(board):
    copy = services.board_copy(board=board, name="Rain plan")
    move(copy, "3", 1)
    assert pending(board.production) == []
    services.board_activate(board=copy)
    assert Message.objects.count() == 0
    assert [n.name for n in pending(board.production)] == ["Anna Actor"]


def test_without_an_email_the_person_is_marked_told_without_a_message(board):
    anna = board.production.elements.select_related("cast_member__person").get(name="ANNA")
    anna.cast_member.person.email = ""
    anna.cast_member.person.save()
    move(board, "3", 1)
    result = services.schedule_notify(production=board.production)
    assert (result.sent, [n.name for n in result.without_email]) == (0, ["Anna Actor"])
    assert pending(board.production) == []


def test_no_active_board_is_refused(production):
    with pytest.raises(ValidationError):
        services.schedule_notify(production=production)


def cast_everyone(production):
    from scheduling.models import CAST_CODE
    from tests.productions.factories import cast

    for element in production.elements.filter(category__code=CAST_CODE):
        member = cast(production, character=element.name, name=element.name.title(),
                      email=f"{element.name.replace(' ', '').lower()}@example.com")
        services.element_update(element=element, cast_member=member)


@pytest.mark.parametrize("size", [10, 60])
def test_notices_and_notify_queries_do_not_grow(producer, production, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import api_as
    from tests.scheduling.board_factories import big_board

    board = big_board(production, size)
    cast_everyone(production)
    client = api_as(producer)
    base = f"/api/v1/productions/{production.pk}/boards/{board.pk}/"
    with CaptureQueriesContext(connection) as reading:
        notices = client.get(base + "notices/").json()
    assert len(notices["people"]) == 9  # PERSON 0 ... PERSON 8, each a first schedule
    with CaptureQueriesContext(connection) as sending:
        assert client.post(base + "notify/", {}, format="json").json()["sent"] == 9
    # notices: membership, the board, active board, calendar, events, strip order, tags,
    #   elements, baselines.
    # notify: membership, the board, its lock, the notices' reads, people, the messages'
    #   insert and read-back, baselines read, create and update, savepoints.
    assert (len(reading), len(sending)) == (QUERIES_NOTICES, QUERIES_NOTIFY), "\n".join(
        q["sql"][:80] for q in sending)


QUERIES_NOTICES, QUERIES_NOTIFY = 9, 19


def test_a_recast_part_is_a_first_schedule_for_the_new_actor(board):
    from tests.productions.factories import cast

    anna = board.production.elements.get(name="ANNA")
    understudy = cast(board.production, character="ANNA (understudy)", name="Una Understudy",
                      email="una@example.com")
    services.element_update(element=anna, cast_member=understudy)
    assert [(n.name, n.roles[0].first) for n in pending(board.production)] == [
        ("Una Understudy", True)]
    services.schedule_notify(production=board.production)
    assert "Your work days now: Mon 2 Mar, Tue 3 Mar" in Message.objects.get(
        address="una@example.com").body_text
