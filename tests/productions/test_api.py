"""The REST API: scoping, roles, validation, money fields, tokens."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from productions import services
from productions.models import CastMember, CrewMember, Person, Production
from tests.conftest import api_as
from tests.productions.factories import LocationFactory, cast, crew

pytestmark = pytest.mark.django_db


def url(production, resource="", pk=None):
    base = f"/api/v1/productions/{production.pk}/"
    if resource:
        base += f"{resource}/"
    if pk is not None:
        base += f"{pk}/"
    return base


def test_productions_list_shows_only_mine_with_my_role(producer, production, other_production):
    response = api_as(producer).get("/api/v1/productions/")
    assert response.status_code == 200
    assert [(p["title"], p["my_role"]) for p in response.json()["results"]] == [
        ("Harbour Lights", "producer")
    ]


def test_create_production_makes_me_its_producer(producer):
    response = api_as(producer).post(
        "/api/v1/productions/",
        {"title": "Night Ferry", "kind": "short", "time_zone": "Europe/Oslo", "currency": "NOK"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["my_role"], body["currency"]) == ("Night Ferry", "producer", "NOK")
    assert Production.objects.get(pk=body["id"]).departments.count() == 18


def test_bad_production_input_gives_field_errors_and_saves_nothing(producer):
    response = api_as(producer).post(
        "/api/v1/productions/",
        {"title": "", "time_zone": "Mars/Olympus", "currency": "XXX",
         "shoot_start": "2027-03-10", "shoot_end": "2027-03-01"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"title", "time_zone", "currency"}
    assert not Production.objects.exists()


def test_shoot_end_before_start_is_refused(producer, production):
    response = api_as(producer).patch(
        url(production), {"shoot_start": "2027-03-10", "shoot_end": "2027-03-01"}, format="json"
    )
    assert response.status_code == 400
    assert "shoot_end" in response.json()


def test_crew_create_with_a_new_person(producer, production):
    camera = production.departments.get(name="Camera")
    response = api_as(producer).post(
        url(production, "crew"),
        {"name": "Ines Duarte", "email": "ines@example.com", "department": camera.pk,
         "position": "DP", "rate": "1100.50", "rate_unit": "day"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["name"] == "Ines Duarte"
    assert body["rate"] == "1100.50"  # decimals travel as strings
    assert CrewMember.objects.get().rate == Decimal("1100.50")


def test_crew_create_refuses_another_productions_department(producer, production,
                                                            other_production):
    foreign = other_production.departments.first()
    response = api_as(producer).post(
        url(production, "crew"),
        {"name": "X", "department": foreign.pk, "position": "Grip"},
        format="json",
    )
    assert response.status_code == 400
    assert "department" in response.json()
    assert not CrewMember.objects.filter(production=production).exists()


def test_negative_rate_is_refused_and_nothing_saved(producer, production):
    people_before = Person.objects.count()
    response = api_as(producer).post(
        url(production, "crew"),
        {"name": "Cheap", "department": production.departments.first().pk, "position": "PA",
         "rate": "-5.00"},
        format="json",
    )
    assert response.status_code == 400
    assert "rate" in response.json()
    assert Person.objects.count() == people_before


def test_crew_member_sees_no_rates_in_the_api(crew_user, populated):
    body = api_as(crew_user).get(url(populated, "crew")).json()
    assert body["count"] == 2
    assert all("rate" not in row and "rate_unit" not in row for row in body["results"])
    cast_rows = api_as(crew_user).get(url(populated, "cast")).json()["results"]
    assert all("fee" not in row for row in cast_rows)


def test_accountant_sees_rates(accountant, populated):
    rows = api_as(accountant).get(url(populated, "crew")).json()["results"]
    assert sorted(row["rate"] for row in rows) == ["600.00", "650.00"]


def test_crew_member_cannot_write(crew_user, populated):
    member = populated.crew.first()
    response = api_as(crew_user).patch(url(populated, "crew", member.pk), {"position": "Boss"},
                                       format="json")
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.position != "Boss"


def test_outsider_gets_404_not_403(outsider, other_production, populated):
    response = api_as(outsider).get(url(populated, "crew"))
    assert response.status_code == 404


def test_cast_board_ids_unique_with_a_clear_message(producer, production):
    cast(production, character="ANNA")
    response = api_as(producer).post(
        url(production, "cast"), {"name": "Bob", "character": "BOB", "board_id": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"board_id": ["Another cast member has this board ID."]}
    assert CastMember.objects.filter(production=production).count() == 1


def test_cast_gets_the_next_free_board_id(producer, production):
    cast(production, character="ANNA")
    response = api_as(producer).post(
        url(production, "cast"), {"name": "Bob", "character": "BOB"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["board_id"] == 2


def test_locked_board_id_cannot_move(producer, production):
    member = services.cast_member_create(production=production, character="ANNA", name="A",
                                         board_id_locked=True)
    response = api_as(producer).patch(url(production, "cast", member.pk), {"board_id": 7},
                                      format="json")
    assert response.status_code == 400
    assert "locked" in response.json()["board_id"][0]


def test_location_needs_both_coordinates(producer, production):
    response = api_as(producer).post(
        url(production, "locations"), {"name": "Pier", "latitude": "33.7"}, format="json"
    )
    assert response.status_code == 400
    assert "latitude" in response.json()


def test_location_coordinates_in_range(producer, production):
    response = api_as(producer).post(
        url(production, "locations"),
        {"name": "Pier", "latitude": "95", "longitude": "10"},
        format="json",
    )
    assert response.status_code == 400


def test_malformed_json_is_a_400_not_a_500(producer, production):
    response = api_as(producer).post(url(production, "locations"), "{not json",
                                     content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("resource", ["crew", "cast", "locations", "members"])
def test_list_query_count_does_not_grow_with_rows(producer, production, resource):
    client = api_as(producer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(production, resource)).status_code == 200
        return len(ctx.captured_queries)

    crew(production)
    cast(production, character="A")
    LocationFactory(production=production)
    one = queries()
    for n in range(25):
        crew(production)
        cast(production, character=f"C{n}")
        LocationFactory(production=production)
    # membership, count, page: the same for 1 row and for 26.
    assert queries() == one


def test_people_lists_only_people_on_my_productions(producer, populated, other_production):
    names = {p["name"] for p in api_as(producer).get("/api/v1/people/").json()["results"]}
    assert "Other Person" not in names
    assert len(names) >= 3


def test_token_auth_works_and_revoked_tokens_do_not(producer, production):
    token, secret = services.api_token_create(user=producer, name="sync")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/productions/").status_code == 200
    services.api_token_revoke(token=token)
    assert client.get("/api/v1/productions/").status_code == 401


def test_token_is_stored_hashed_and_shown_once(producer):
    response = api_as(producer).post("/api/v1/tokens/", {"name": "payroll"}, format="json")
    assert response.status_code == 201
    secret = response.json()["token"]
    assert secret.startswith("apc_")
    stored = producer.api_tokens.get()
    assert secret not in stored.token_hash and len(stored.token_hash) == 64
    listed = api_as(producer).get("/api/v1/tokens/").json()
    assert "token" not in listed[0]


def test_guessed_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer apc_deadbeef_guess")
    assert client.get("/api/v1/productions/").status_code == 401


def test_schema_and_docs_are_served(producer):
    client = api_as(producer)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/productions/{production_pk}/crew/" in paths
    assert "400" in paths["/api/v1/productions/{production_pk}/crew/"]["post"]["responses"]
    assert client.get("/api/docs/").status_code == 200


def test_openapi_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/productions/{production_pk}/messages/{id}/retry/" in out.read_text()
