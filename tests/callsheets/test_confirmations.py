"""Who sees confirmations on the distribution page: producers, the AP, coordinators and the
ADs see everyone's; a department head sees their department's; other crew, cast and the
accountant see none."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from callsheets import services
from callsheets.models import Recipient
from productions.roles import Role
from tests.callsheets.factories import scheduled
from tests.productions.factories import crew, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(production):
    """A published day 1 with a Grip department, a key grip (department head), a 1st AD
    (crew role), a 2nd AD (department head) and an electrician (crew); Crew Person 0 has
    confirmed."""
    scheduled(production, crew_count=2)
    people = {}
    for key, role, department, name in [
        ("keygrip", Role.DEPARTMENT_HEAD, "Grip", "Kim Grip"),
        ("first_ad", Role.CREW, "Direction / AD", "Ada First"),
        ("second_ad", Role.DEPARTMENT_HEAD, "Direction / AD", "Sam Second"),
        ("electric", Role.CREW, "Electric", "Eli Sparks"),
    ]:
        user = member(production, role, username=f"{key}@example.com")
        crew(production, position=key, department=department, user=user, name=name,
             email=f"{key}@example.com")
        people[key] = user
    sheet = services.callsheet_create_for_day(production=production, day=1)
    services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 0))
    version = services.callsheet_publish(callsheet=sheet)
    Recipient.objects.filter(version=version, person__name="Crew Person 0").update(
        confirmed_at=timezone.now())
    return sheet, people


def page(user, production, sheet):
    client = Client()
    client.force_login(user)
    return client.get(reverse("callsheets:distribution", args=[production.pk, sheet.pk]))


def names(response) -> set[str]:
    text = response.content.decode()
    return {n for n in ["Crew Person 0", "Crew Person 1", "Kim Grip", "Ada First",
                        "Sam Second", "Eli Sparks", "Anna Actor", "Ben Actor"] if n in text}


EVERYONE = {"Crew Person 0", "Crew Person 1", "Kim Grip", "Ada First", "Sam Second",
            "Eli Sparks", "Anna Actor", "Ben Actor"}


@pytest.mark.parametrize("role", [Role.ASSOCIATE_PRODUCER, Role.COORDINATOR])
def test_the_ap_and_coordinator_see_everyone_and_may_remind(production, published, role):
    sheet, _ = published
    response = page(member(production, role), production, sheet)
    assert names(response) == EVERYONE
    assert "Remind those" in response.content.decode()


def test_the_producer_sees_everyone(production, producer, published):
    sheet, _ = published
    assert names(page(producer, production, sheet)) == EVERYONE


@pytest.mark.parametrize("who", ["first_ad", "second_ad"])
def test_the_ads_see_everyone_but_do_not_send_reminders(production, published, who):
    sheet, people = published
    response = page(people[who], production, sheet)
    text = response.content.decode()
    assert response.status_code == 200 and names(response) == EVERYONE
    assert "Remind those" not in text and "message-progress" not in text
    assert "1 confirmed" in text


def test_a_department_head_sees_their_department_and_its_counts_only(production, published):
    sheet, people = published
    response = page(people["keygrip"], production, sheet)
    text = response.content.decode()
    assert names(response) == {"Crew Person 0", "Crew Person 1", "Kim Grip"}
    assert "3 recipients" in text and "1 confirmed" in text
    assert "Remind those" not in text


@pytest.mark.parametrize("who", ["electric", "cast", "accountant"])
def test_others_see_no_confirmations(production, published, who, accountant):
    sheet, people = published
    users = {"electric": people["electric"], "accountant": accountant,
             "cast": member(production, Role.CAST)}
    assert page(users[who], production, sheet).status_code == 403


def test_the_edit_page_links_the_ads_to_confirmations(production, published):
    sheet, people = published
    for who, expected in [("first_ad", True), ("electric", False)]:
        client = Client()
        client.force_login(people[who])
        text = client.get(reverse("callsheets:edit", args=[production.pk, sheet.pk])
                          ).content.decode()
        assert (">Confirmations</a>" in text) is expected


def test_the_api_follows_the_same_rule(production, published, producer):
    from tests.conftest import api_as

    sheet, people = published
    url = f"/api/v1/productions/{production.pk}/callsheets/{sheet.pk}/recipients/"

    def listed(user):
        return {r["name"] for r in api_as(user).get(url).json()}

    assert listed(producer) == EVERYONE and listed(people["first_ad"]) == EVERYONE
    assert listed(people["keygrip"]) == {"Crew Person 0", "Crew Person 1", "Kim Grip"}
    assert api_as(people["electric"]).get(url).status_code == 403
    assert api_as(people["first_ad"]).post(
        f"/api/v1/productions/{production.pk}/callsheets/{sheet.pk}/remind/").status_code == 403
