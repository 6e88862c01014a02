"""`manage.py load_demo`: the demo production `make run` shows, whole, and loaded only once."""

from datetime import date, time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from apcrew.demo import SHOOT_DAYS, day_times, us_holidays
from budgets.models import Budget
from budgets.selectors import budget_calculate
from callsheets.models import CallSheet
from notifications.models import Message
from productions.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TITLE, first_shoot_day
from productions.models import Production
from scheduling.models import CAST_CODE, Board, Element

OUR_APPS = ("productions", "scheduling", "budgets", "callsheets", "notifications")


def state() -> dict:
    """Rows per model, and the version counters every write to a board or budget bumps."""
    counts = {model._meta.label: model.objects.count()
              for app in OUR_APPS for model in apps.get_app_config(app).get_models()}
    return {**counts, "boards": sorted(Board.objects.values_list("pk", "version")),
            "budgets": sorted(Budget.objects.values_list("pk", "version"))}


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (about 4 s) and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo")
        yield Production.objects.get(title=DEMO_TITLE)
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def test_loading_the_demo_twice_changes_nothing(demo):
    before = state()
    call_command("load_demo")
    assert state() == before
    assert Production.objects.filter(title=DEMO_TITLE).count() == 1


def test_the_script_is_broken_down_and_linked_to_the_cast_and_locations(demo):
    assert demo.scenes.filter(omitted=False).count() == 22
    cast = {e.name: e.cast_member.person.name if e.cast_member else None
            for e in Element.objects.filter(production=demo, category__code=CAST_CODE)
            .select_related("cast_member__person")}
    assert cast == {"EDMUND": "Richard Ashworth", "MARA": "Sofia Castellano",
                    "YOUNG THOMAS": "Leo Brennan", "HARBOUR MASTER": "Delroy Grant",
                    "DR. PARR": "Niamh Gallagher", "RADIO VOICE": None, "FISHERMAN": None}
    assert not demo.sets.filter(location=None).exists()


def test_the_schedule_starts_on_a_monday_two_weeks_out_with_weekends_off(demo):
    first = first_shoot_day(date.today())
    assert first.weekday() == 0 and 14 <= (first - date.today()).days < 21
    assert demo.shoot_start == first
    boards = {b.name: b for b in demo.boards.all()}
    assert set(boards) == {"Shooting schedule", "Scenario: stage first (weather cover)"}
    assert boards["Shooting schedule"].is_active
    for board in boards.values():
        assert board.strips.filter(kind="day_break").count() == len(SHOOT_DAYS)
        assert board.strips.filter(kind="scene").count() == 22  # nothing in the boneyard


def test_us_holidays_are_the_paid_ones():
    assert us_holidays(date(2026, 11, 1), date(2027, 1, 31)) == [
        date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 1)]
    assert us_holidays(date(2027, 5, 1), date(2027, 9, 30)) == [
        date(2027, 5, 31), date(2027, 7, 4), date(2027, 9, 6)]


def test_the_budget_is_priced_from_the_schedule_and_has_costs(demo):
    budget = Budget.objects.get(production=demo)
    assert budget.globals.get(name="SHOOT_DAYS").expression == str(len(SHOOT_DAYS))
    result = budget_calculate(budget=budget).result
    assert result.grand_total > 0
    assert sum(line.fringe_total for line in budget.lines.all()) > 0
    assert budget.purchase_orders.count() == 4 and budget.actuals.count() == 6
    assert not budget.lines.filter(schedule_change__isnull=False).exists()
    assert budget.versions.filter(locked=True).count() == 1


def test_day_one_has_a_draft_call_sheet_that_was_never_sent(demo):
    callsheet = CallSheet.objects.get(production=demo)
    assert (callsheet.day, callsheet.published_version) == (1, 0)
    assert [s["number"] for s in callsheet.schedule["scenes"]] == SHOOT_DAYS[0]
    assert callsheet.date == demo.shoot_start
    assert not Message.objects.filter(template__startswith="callsheet").exists()


def test_day_one_is_called_for_the_sunrise_of_its_date(demo):
    callsheet = CallSheet.objects.get(production=demo)
    sunrise = time.fromisoformat(callsheet.schedule["locations"][0]["sun"]["sunrise"])
    assert callsheet.breakfast < callsheet.general_call < callsheet.shooting_call <= sunrise
    assert day_times(time(6, 54)) == {
        "general_call": time(5, 15), "breakfast": time(4, 45), "shooting_call": time(6, 30),
        "lunch": time(11, 15), "estimated_wrap": time(17, 15)}


def test_every_section_of_the_demo_shows_it_to_the_producer(demo, client):
    client.force_login(demo.memberships.get().user)
    assert demo.memberships.get().user.email == DEMO_EMAIL
    budget = Budget.objects.get(production=demo)
    callsheet = CallSheet.objects.get(production=demo)
    pages = {
        reverse("productions:overview", args=[demo.pk]): ["The Lighthouse Keeper"],
        reverse("scheduling:scene_list", args=[demo.pk]): ["LIGHTHOUSE - LAMP ROOM",
                                                           "HARBOUR MASTER"],
        reverse("scheduling:board", args=[demo.pk]): ["Shooting schedule",
                                                      "POINT VICENTE LIGHTHOUSE"],
        reverse("scheduling:dood", args=[demo.pk]): ["EDMUND", "MARA", "SW"],
        reverse("scheduling:set_list", args=[demo.pk]): ["COAST GUARD LAUNCH",
                                                         "San Pedro Harbour"],
        reverse("budgets:topsheet", args=[demo.pk, budget.pk]): ["Shooting budget", "Cast"],
        reverse("budgets:costs", args=[demo.pk, budget.pk]): ["1405", "Casting"],
        reverse("callsheets:edit", args=[demo.pk, callsheet.pk]): ["Richard Ashworth",
                                                                   "Point Vicente Lighthouse"],
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for needle in expected:
            assert needle in text, (url, needle)


def test_the_printed_demo_login_works(demo, client):
    assert client.login(username=DEMO_EMAIL, password=DEMO_PASSWORD)
