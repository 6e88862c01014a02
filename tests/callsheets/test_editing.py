"""The call-sheet edit page's parts: inline (htmx) and plain-form edits of calls, department
calls, background, and the call-sheet settings page."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from callsheets.models import BackgroundCall, CallSheet, CallSheetSettings
from tests.callsheets.factories import ready_sheet
from tests.productions.factories import crew

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_inline_row_edit_saves_and_returns_the_row(production, producer):
    sheet = ready_sheet(production)
    CallSheet.objects.filter(pk=sheet.pk).update(edited_since_publish=False)
    call = sheet.calls.filter(kind="cast").first()
    url = reverse("callsheets:person_call", args=[production.pk, call.pk])
    response = client_for(producer).post(url, {f"c{call.pk}-call": "05:45",
                                               f"c{call.pk}-pickup": "05:00",
                                               f"c{call.pk}-note": "Wig fitting"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="call-{call.pk}"') and 'data-testid="row-saved"' in html
    assert 'value="05:45"' in html
    call.refresh_from_db()
    assert (call.call, call.pickup, call.note) == (datetime.time(5, 45), datetime.time(5),
                                                   "Wig fitting")
    assert CallSheet.objects.get(pk=sheet.pk).edited_since_publish


def test_an_inline_row_edit_with_a_bad_time_shows_the_error_and_saves_nothing(production,
                                                                              producer):
    sheet = ready_sheet(production)
    call = sheet.calls.filter(kind="crew").first()
    url = reverse("callsheets:person_call", args=[production.pk, call.pk])
    response = client_for(producer).post(url, {f"c{call.pk}-call": "25:99"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="row-errors"' in html
    assert "Enter a valid time" in html and "row-saved" not in html
    call.refresh_from_db()
    assert call.call is None


def test_plain_row_post_redirects_back_to_the_page(production, producer):
    sheet = ready_sheet(production)
    call = sheet.calls.filter(kind="crew").first()
    response = client_for(producer).post(
        reverse("callsheets:person_call", args=[production.pk, call.pk]),
        {f"c{call.pk}-call": "07:10"})
    assert response.url == reverse("callsheets:edit", args=[production.pk, sheet.pk])
    call.refresh_from_db()
    assert call.call == datetime.time(7, 10)


def test_the_plain_table_saves_every_row_or_none(production, producer):
    sheet = ready_sheet(production)
    first, second = sheet.calls.filter(kind="crew")[:2]
    url = reverse("callsheets:calls", args=[production.pk, sheet.pk])
    client = client_for(producer)
    bad = client.post(url, {f"c{first.pk}-call": "05:00", f"c{second.pk}-call": "nope"})
    assert bad.status_code == 400 and "Enter a valid time" in bad.content.decode()
    first.refresh_from_db()
    assert first.call is None  # nothing saved
    good = client.post(url, {f"c{first.pk}-call": "05:00", f"c{second.pk}-call": "05:30"})
    assert good.status_code == 302
    assert set(sheet.calls.filter(pk__in=[first.pk, second.pk]).values_list("call", flat=True)
               ) == {datetime.time(5), datetime.time(5, 30)}
    untouched = sheet.calls.exclude(pk__in=[first.pk, second.pk])
    assert set(untouched.values_list("call", flat=True)) == {None}  # rows not posted: kept


def test_department_call_back_to_general_and_unknown_department(production, producer):
    sheet = ready_sheet(production)
    client = client_for(producer)
    url = reverse("callsheets:department_call", args=[production.pk, sheet.pk])
    client.post(url, {"department": "Grip", "department_call": "05:00"})
    client.post(url, {"department": "Grip", "department_call": ""})
    assert set(sheet.calls.filter(department="Grip").values_list("call", flat=True)) == {None}
    response = client.post(url, {"department": "Catering", "department_call": "04:00"},
                           follow=True)
    assert "Select a valid choice" in response.content.decode()


def test_crew_cannot_edit_calls_or_background(production, crew_user):
    sheet = ready_sheet(production)
    call = sheet.calls.first()
    client = client_for(crew_user)
    assert client.post(reverse("callsheets:person_call", args=[production.pk, call.pk]),
                       {f"c{call.pk}-call": "01:00"}).status_code == 403
    assert client.post(reverse("callsheets:background_add", args=[production.pk, sheet.pk]),
                       {"new-count": "5", "new-description": "Crowd"}).status_code == 403
    call.refresh_from_db()
    assert call.call is None and not BackgroundCall.objects.exists()


def test_a_call_of_another_production_is_not_found(production, producer, other_production,
                                                   outsider):
    sheet = ready_sheet(production)
    call = sheet.calls.first()
    response = client_for(outsider).post(
        reverse("callsheets:person_call", args=[other_production.pk, call.pk]),
        {f"c{call.pk}-call": "01:00"})
    assert response.status_code == 404


def test_background_add_edit_and_remove_inline(production, producer):
    sheet = ready_sheet(production)
    client = client_for(producer)
    added = client.post(reverse("callsheets:background_add", args=[production.pk, sheet.pk]),
                        {"new-count": "12", "new-description": "Dock workers",
                         "new-call": "06:00", "new-scenes": "1, 2"}, **HTMX)
    assert added.status_code == 200 and 'id="background"' in added.content.decode()
    background = BackgroundCall.objects.get(callsheet=sheet)
    assert (background.count, background.call) == (12, datetime.time(6))
    edit_url = reverse("callsheets:background_edit", args=[production.pk, background.pk])
    refused = client.post(edit_url, {f"b{background.pk}-count": "0",
                                     f"b{background.pk}-description": "Dock workers"}, **HTMX)
    assert "Call at least one person." in refused.content.decode()
    background.refresh_from_db()
    assert background.count == 12
    client.post(edit_url, {f"b{background.pk}-count": "20",
                           f"b{background.pk}-description": "Dock workers",
                           f"b{background.pk}-call": "06:30"}, **HTMX)
    background.refresh_from_db()
    assert (background.count, background.call) == (20, datetime.time(6, 30))
    removed = client.post(reverse("callsheets:background_delete",
                                  args=[production.pk, background.pk]))
    assert removed.status_code == 302 and not BackgroundCall.objects.exists()


def test_background_add_without_description_is_refused_plainly(production, producer):
    sheet = ready_sheet(production)
    page = client_for(producer).post(
        reverse("callsheets:background_add", args=[production.pk, sheet.pk]),
        {"new-count": "3", "new-description": ""}, follow=True)
    assert "Background not saved" in page.content.decode()
    assert not BackgroundCall.objects.exists()


def test_settings_page_saves_and_bounds_rest(production, producer, crew_user):
    url = reverse("callsheets:settings", args=[production.pk])
    client = client_for(producer)
    page = client.get(url)
    assert page.status_code == 200 and b"Only the people whose call" in page.content
    assert b"min_rest_crew_hours" in page.content
    form = {"min_rest_crew_hours": "11", "min_rest_cast_hours": "13",
            "resend_only_affected": "True"}
    assert client.post(url, form).status_code == 302
    found = CallSheetSettings.objects.get(production=production)
    assert (found.min_rest_crew_hours, found.min_rest_cast_hours,
            found.resend_only_affected) == (11, 13, True)
    refused = client.post(url, form | {"min_rest_cast_hours": "30"})
    assert refused.status_code == 200 and "At most 24 hours." in refused.content.decode()
    found.refresh_from_db()
    assert found.min_rest_cast_hours == 13
    assert client_for(crew_user).get(url).status_code == 403


def test_edit_page_queries_do_not_grow_with_people(production, producer):
    sheet = ready_sheet(production, crew_count=2)
    client = client_for(producer)
    url = reverse("callsheets:edit", args=[production.pk, sheet.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    assert page.status_code == 200 and page.content.count(b'data-testid="call-row"') == 4
    for index in range(10):
        crew(production, position=f"Spark {index}", email=f"spark{index}@example.com")
    from callsheets import services

    CallSheet.objects.filter(pk=sheet.pk).delete()
    bigger = services.callsheet_create_for_day(production=production, day=1)
    services.callsheet_update(callsheet=bigger, general_call=datetime.time(6, 30))
    url = reverse("callsheets:edit", args=[production.pk, bigger.pk])
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.content.count(b'data-testid="call-row"') == 14
    assert len(large) == len(small)


def test_crew_see_the_sheet_but_no_edit_controls(production, crew_user):
    sheet = ready_sheet(production)
    page = client_for(crew_user).get(reverse("callsheets:edit", args=[production.pk, sheet.pk]))
    assert page.status_code == 200 and b"KITCHEN" in page.content
    for control in [b"calls-form", b"background-add", b"publish-card", b"callsheet-form",
                    b"/callsheets/settings/"]:
        assert control not in page.content
