"""The call-sheet editing API: per-person calls, department calls, background, settings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from callsheets import services
from callsheets.models import BackgroundCall, CallSheet, CallSheetSettings
from tests.callsheets.factories import ready_sheet
from tests.conftest import api_as
from tests.productions.factories import crew

pytestmark = pytest.mark.django_db


def _rows(response) -> list:
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def test_patch_a_person_call(production, producer, crew_user):
    sheet = ready_sheet(production)
    CallSheet.objects.filter(pk=sheet.pk).update(edited_since_publish=False)
    call = sheet.calls.filter(kind="cast").first()
    url = f"/api/v1/productions/{production.pk}/callsheet-calls/{call.pk}/"
    before = api_as(producer).get(url).json()
    assert before["effective_call"] == "06:30:00" and before["call"] is None
    patched = api_as(producer).patch(url, {"call": "05:30", "pickup": "04:45",
                                           "hair_makeup": "05:00", "on_set": "07:00",
                                           "note": "Bring glasses", "kind": "crew"},
                                     format="json")
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["call"], body["effective_call"], body["pickup"], body["note"], body["kind"]) \
        == ("05:30:00", "05:30:00", "04:45:00", "Bring glasses", "cast")  # kind is read-only
    assert CallSheet.objects.get(pk=sheet.pk).edited_since_publish
    bad = api_as(producer).patch(url, {"call": "26:00"}, format="json")
    assert bad.status_code == 400 and "call" in bad.json()
    assert api_as(crew_user).patch(url, {"call": "01:00"}, format="json").status_code == 403
    call.refresh_from_db()
    assert call.call == datetime.time(5, 30)
    assert api_as(producer).delete(url).status_code == 405


def test_list_calls_by_sheet_with_a_fixed_number_of_queries(production, producer):
    sheet = ready_sheet(production, crew_count=2)
    api = api_as(producer)
    url = f"/api/v1/productions/{production.pk}/callsheet-calls/?callsheet={sheet.pk}"
    with CaptureQueriesContext(connection) as small:
        rows = _rows(api.get(url))
    assert len(rows) == 4
    for index in range(10):
        crew(production, position=f"Spark {index}", email=f"spark{index}@example.com")
    other = services.callsheet_create_for_day(production=production, day=2)
    url = f"/api/v1/productions/{production.pk}/callsheet-calls/?callsheet={other.pk}"
    with CaptureQueriesContext(connection) as large:
        rows = _rows(api.get(url))
    assert len(rows) == 14 and {r["callsheet"] for r in rows} == {other.pk}
    assert len(large) == len(small)


def test_department_call_through_the_api(production, producer):
    sheet = ready_sheet(production)
    url = f"/api/v1/productions/{production.pk}/callsheet-calls/department/"
    response = api_as(producer).post(url, {"callsheet": sheet.pk, "department": "Grip",
                                           "call": "05:15"}, format="json")
    assert response.status_code == 200 and response.json() == {"updated": 3}
    assert set(sheet.calls.filter(department="Grip").values_list("call", flat=True)) == {
        datetime.time(5, 15)}
    unknown = api_as(producer).post(url, {"callsheet": sheet.pk, "department": "Catering",
                                          "call": None}, format="json")
    assert unknown.status_code == 400


def test_department_call_refuses_a_sheet_of_another_production(production, producer,
                                                               other_production, outsider):
    sheet = ready_sheet(production)
    url = f"/api/v1/productions/{other_production.pk}/callsheet-calls/department/"
    response = api_as(outsider).post(url, {"callsheet": sheet.pk, "department": "Grip",
                                           "call": "01:00"}, format="json")
    assert response.status_code == 400 and "callsheet" in response.json()
    assert set(sheet.calls.values_list("call", flat=True)) == {None}


def test_background_crud(production, producer, crew_user):
    sheet = ready_sheet(production)
    base = f"/api/v1/productions/{production.pk}/callsheet-background/"
    api = api_as(producer)
    created = api.post(base, {"callsheet": sheet.pk, "description": "Commuters", "count": 30,
                              "call": "06:00", "scenes": "1"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.post(base, {"callsheet": sheet.pk, "description": "Nobody", "count": 0},
                    format="json").status_code == 400
    patched = api.patch(f"{base}{pk}/", {"count": 35}, format="json")
    assert patched.status_code == 200 and patched.json()["count"] == 35
    assert _rows(api_as(crew_user).get(f"{base}?callsheet={sheet.pk}"))[0]["count"] == 35
    assert api_as(crew_user).delete(f"{base}{pk}/").status_code == 403
    assert api.delete(f"{base}{pk}/").status_code == 204
    assert not BackgroundCall.objects.exists()


def test_background_list_queries_do_not_grow(production, producer):
    from callsheets import editing

    sheet = ready_sheet(production)
    api = api_as(producer)
    url = f"/api/v1/productions/{production.pk}/callsheet-background/"
    editing.background_call_create(callsheet=sheet, description="A", count=1)
    with CaptureQueriesContext(connection) as one:
        assert len(_rows(api.get(url))) == 1
    for index in range(20):
        editing.background_call_create(callsheet=sheet, description=f"B{index}", count=2)
    with CaptureQueriesContext(connection) as many:
        assert len(_rows(api.get(url))) == 21
    assert len(many) == len(one)


def test_settings_get_and_patch(production, producer, crew_user):
    url = f"/api/v1/productions/{production.pk}/callsheet-settings/"
    api = api_as(producer)
    got = api.get(url).json()
    assert got["min_rest_crew_hours"] == 10 and got["min_rest_cast_hours"] == 12
    assert got["resend_only_affected"] is False
    patched = api.patch(url, {"min_rest_cast_hours": 11, "resend_only_affected": True},
                        format="json")
    assert patched.status_code == 200, patched.content
    found = CallSheetSettings.objects.get(production=production)
    assert (found.min_rest_crew_hours, found.min_rest_cast_hours, found.resend_only_affected) \
        == (10, 11, True)
    assert api.patch(url, {"min_rest_crew_hours": 48}, format="json").status_code == 400
    assert api_as(crew_user).get(url).status_code == 200
    assert api_as(crew_user).patch(url, {"min_rest_crew_hours": 1},
                                   format="json").status_code == 403
    found.refresh_from_db()
    assert found.min_rest_crew_hours == 10
