"""Production pages: CRUD through forms, clear errors, query counts that stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from productions.models import CastMember, CrewMember, Location, Person, Production
from tests.productions.factories import LocationFactory, cast, crew

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_producer(client, producer):
    client.force_login(producer)
    return client


def test_producer_adds_a_crew_member_and_sees_them_listed(as_producer, production):
    electric = production.departments.get(name="Electric")
    response = as_producer.post(
        reverse("productions:crew_create", args=[production.pk]),
        {"name": "Rosa Alvarez", "email": "rosa@example.com", "phone": "", "department":
         electric.pk, "position": "Gaffer", "rate": "560.00", "rate_unit": "day"},
    )
    assert response.status_code == 302
    page = as_producer.get(reverse("productions:crew", args=[production.pk]))
    assert "Rosa Alvarez" in page.content.decode()
    assert CrewMember.objects.get().person.email == "rosa@example.com"


def test_crew_form_errors_are_shown_per_field_and_nothing_is_saved(as_producer, production):
    people = Person.objects.count()
    response = as_producer.post(
        reverse("productions:crew_create", args=[production.pk]),
        {"name": "", "email": "not-an-email", "department": "", "position": "",
         "rate": "-3", "rate_unit": "day"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "department", "position", "rate"}
    assert not CrewMember.objects.exists()
    assert Person.objects.count() == people


def test_duplicate_board_id_is_a_form_error(as_producer, production):
    cast(production, character="ANNA")
    response = as_producer.post(
        reverse("productions:cast_create", args=[production.pk]),
        {"name": "Bob", "character": "BOB", "board_id": "1", "fee_unit": "day"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["board_id"] == [
        "Another cast member has this board ID."]
    assert CastMember.objects.count() == 1


def test_location_edit_and_delete(as_producer, production):
    location = LocationFactory(production=production, name="Pier 9")
    edit = reverse("productions:location_edit", args=[production.pk, location.pk])
    data = {"name": "Pier 10", "address": "Harbour", "latitude": "33.7", "longitude": "-118.2"}
    assert as_producer.post(edit, data).status_code == 302
    location.refresh_from_db()
    assert location.name == "Pier 10"
    delete = reverse("productions:location_delete", args=[production.pk, location.pk])
    assert as_producer.post(delete).status_code == 302
    assert not Location.objects.exists()


def test_crew_role_cannot_open_the_add_form(client, crew_user, production):
    client.force_login(crew_user)
    response = client.get(reverse("productions:crew_create", args=[production.pk]))
    assert response.status_code == 403


def test_create_production_from_the_page(as_producer):
    response = as_producer.post(reverse("productions:create"), {
        "title": "Night Ferry", "kind": "short", "phase": "development",
        "time_zone": "Europe/Oslo", "currency": "NOK"})
    production = Production.objects.get(title="Night Ferry")
    assert response.status_code == 302
    assert response["Location"] == production.get_absolute_url()


@pytest.mark.parametrize(
    ("name", "add_rows"),
    [
        ("productions:crew", lambda p, n: [crew(p, position=f"Grip {i}") for i in range(n)]),
        ("productions:cast", lambda p, n: [cast(p, character=f"C{i}") for i in range(n)]),
        ("productions:locations", lambda p, n: [LocationFactory(production=p) for _ in range(n)]),
        ("productions:overview", lambda p, n: [crew(p) for _ in range(n)]),
        ("productions:team", lambda p, n: None),
        ("home", lambda p, n: None),
    ],
)
def test_page_query_count_does_not_grow_with_rows(as_producer, production, name, add_rows):
    url = reverse(name, args=[production.pk]) if name != "home" else reverse(name)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_rows(production, 1)
    one = queries()
    add_rows(production, 30)
    assert queries() == one
