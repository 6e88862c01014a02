import datetime
import io
import re
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from callsheets import services
from callsheets.models import CallSheet, CallSheetVersion, Recipient
from callsheets.pdf import callsheet_pdf
from notifications.models import Message
from tests.callsheets.factories import publish, ready_sheet, scheduled
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_create_edit_and_publish_through_the_pages(production, producer):
    scheduled(production)
    client = client_for(producer)
    page = client.get(reverse("callsheets:list", args=[production.pk]))
    assert page.status_code == 200 and b"callsheet-create" in page.content
    response = client.post(reverse("callsheets:create", args=[production.pk]), {"day": "1"})
    sheet = CallSheet.objects.get(production=production)
    assert response.url == reverse("callsheets:edit", args=[production.pk, sheet.pk])
    edit = client.get(response.url)
    assert b"Set the general crew call" in edit.content
    client.post(response.url, {"general_call": "06:30", "lunch": "12:30",
                               "walkies": "1 | Production\n2 | Grip", "contacts": "",
                               "dept_notes": "Grip | Dolly track"})
    sheet.refresh_from_db()
    assert sheet.general_call == datetime.time(6, 30)
    assert sheet.walkie_channels[1] == {"channel": "2", "use": "Grip"}
    call = sheet.calls.filter(kind="cast").first()
    client.post(reverse("callsheets:calls", args=[production.pk, sheet.pk]),
                {f"c{call.pk}-pickup": "05:15", f"c{call.pk}-call": "05:30"})
    call.refresh_from_db()
    assert call.pickup == datetime.time(5, 15)
    published = client.post(reverse("callsheets:publish", args=[production.pk, sheet.pk]))
    assert published.url.endswith("/distribution/")
    assert CallSheetVersion.objects.filter(callsheet=sheet, number=1).exists()


def test_warnings_block_publishing_until_overridden(production, producer):
    sheet = ready_sheet(production)
    production.scenes.filter(number="1").update(set=None)
    services.callsheet_refresh_schedule(callsheet=sheet)
    client = client_for(producer)
    url = reverse("callsheets:publish", args=[production.pk, sheet.pk])
    client.post(url)
    assert not CallSheetVersion.objects.exists()
    client.post(url, {"override": "1"})
    assert CallSheetVersion.objects.count() == 1


def test_crew_can_read_but_not_publish_nor_see_distribution(production, crew_user):
    sheet = ready_sheet(production)
    client = client_for(crew_user)
    assert client.get(reverse("callsheets:edit", args=[production.pk, sheet.pk])).status_code \
        == 200
    assert client.post(reverse("callsheets:publish", args=[production.pk, sheet.pk])
                       ).status_code == 403
    assert client.get(reverse("callsheets:distribution", args=[production.pk, sheet.pk])
                      ).status_code == 403
    assert client.get(reverse("callsheets:pdf", args=[production.pk, sheet.pk])
                      ).status_code == 404  # a draft


def test_distribution_page_queries_do_not_grow_with_recipients(production, producer):
    sheet = ready_sheet(production, crew_count=2)
    services.callsheet_publish(callsheet=sheet)
    client = client_for(producer)
    url = reverse("callsheets:distribution", args=[production.pk, sheet.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    assert b"message-progress" in page.content and b"Crew Person 1" in page.content
    other = ready_sheet_more(production, sheet)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("callsheets:distribution", args=[production.pk, other.pk]))
    assert len(large) == len(small)


def ready_sheet_more(production, sheet):
    from tests.productions.factories import crew

    for index in range(10):
        crew(production, position=f"Spark {index}", email=f"spark{index}@example.com")
    day2 = services.callsheet_create_for_day(production=production, day=2)
    services.callsheet_update(callsheet=day2, general_call=datetime.time(9, 0))
    services.callsheet_publish(callsheet=day2, override=True)
    return day2


def test_api_list_publish_and_recipients(production, producer, crew_user):
    sheet = ready_sheet(production)
    api = api_as(producer)
    base = f"/api/v1/productions/{production.pk}/callsheets/"
    with CaptureQueriesContext(connection) as one:
        listed = api.get(base)
    body = listed.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert listed.status_code == 200 and rows[0]["day"] == 1
    services.callsheet_create_for_day(production=production, day=2)
    with CaptureQueriesContext(connection) as two:
        api.get(base)
    assert len(two) == len(one)
    created = api.post(base, {"day": 2}, format="json")
    assert created.status_code == 400  # already exists
    patched = api.patch(f"{base}{sheet.pk}/", {"lunch": "12:00"}, format="json")
    assert patched.status_code == 200, patched.content
    published = api.post(f"{base}{sheet.pk}/publish/", {}, format="json")
    assert published.status_code == 201, published.content
    assert published.json()["number"] == 1
    rows = api.get(f"{base}{sheet.pk}/recipients/").json()
    # The workers prepare each copy after the commit: until then, "preparing".
    assert len(rows) == 5 and {r["status"] for r in rows} == {"preparing"}
    assert api_as(crew_user).get(f"{base}{sheet.pk}/recipients/").status_code == 403
    assert api_as(crew_user).post(f"{base}{sheet.pk}/publish/", {}).status_code == 403
    assert api_as(crew_user).get(base).status_code == 200


def _token_of(message: Message) -> str:
    return re.search(r"/p/calls/([\w-]+)/", message.body_text).group(1)


def test_personal_link_opens_confirms_once_and_rejects_bad_tokens(production):
    sheet = ready_sheet(production)
    version = publish(sheet)
    message = Message.objects.filter(template=f"callsheet:{version.pk}").first()
    token = _token_of(message)
    client = Client()
    page = client.get(reverse("callsheets:mobile", args=[token]))
    assert page.status_code == 200 and b"Your call 06:30" in page.content
    # The rate as a number on its own: a token or CSRF value may hold "650" by chance.
    assert not re.search(rb"\b650\b", page.content)
    client.post(reverse("callsheets:confirm", args=[token]))
    recipient = Recipient.objects.get(message=message)
    first = recipient.confirmed_at
    assert first is not None
    client.post(reverse("callsheets:confirm", args=[token]))  # replay
    recipient.refresh_from_db()
    assert recipient.confirmed_at == first
    assert client.get(reverse("callsheets:mobile", args=["guessed-token"])).status_code == 404
    Recipient.objects.filter(pk=recipient.pk).update(expires_at=timezone.now())
    assert client.get(reverse("callsheets:mobile", args=[token])).status_code == 404
    Recipient.objects.filter(pk=recipient.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=1), revoked_at=timezone.now())
    assert client.post(reverse("callsheets:confirm", args=[token])).status_code == 404


def test_pdf_is_one_or_two_pages_with_selectable_text(production, tmp_path):
    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    data = callsheet_pdf(version=version)
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Day 1 of 2" in text and "Harbour Pier" in text and "Crew Person 2" in text
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
                   check=True)
    assert len(list(tmp_path.glob("page*.png"))) == len(reader.pages)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Inter" in fonts


def test_personal_copy_is_a_valid_incremental_update(production, tmp_path):
    from django.core.files.storage import default_storage

    sheet = ready_sheet(production)
    version = publish(sheet)
    with default_storage.open(version.pdf_path, "rb") as handle:
        shared = handle.read()
    message = Message.objects.filter(template=f"callsheet:{version.pk}").first()
    with default_storage.open(message.attachments[0]["path"], "rb") as handle:
        personal = handle.read()
    assert personal.startswith(shared)  # the shared bytes are untouched
    path = tmp_path / "personal.pdf"
    path.write_bytes(personal)
    result = subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")],
                            capture_output=True, text=True, check=True)
    assert result.stderr == ""
    reader = PdfReader(io.BytesIO(personal))
    assert len(reader.pages) == len(PdfReader(io.BytesIO(shared)).pages)
    assert "YOUR CALL 06:30" in reader.pages[0].extract_text()
    assert len(personal) < 250_000


def test_a_department_call_applies_to_everyone_in_it(production, producer):
    sheet = ready_sheet(production)
    client = client_for(producer)
    client.post(reverse("callsheets:department_call", args=[production.pk, sheet.pk]),
                {"department": "Grip", "department_call": "05:00"})
    assert set(sheet.calls.filter(department="Grip").values_list("call", flat=True)) == {
        datetime.time(5, 0)}
    assert sheet.calls.filter(kind="cast", call=None).count() == 2
    page = client.get(reverse("callsheets:edit", args=[production.pk, sheet.pk]))
    assert b"department-call-form" in page.content


def test_a_department_head_sees_their_department_only(production):
    from productions.roles import Role
    from tests.productions.factories import crew, member

    sheet = ready_sheet(production)
    head = member(production, Role.DEPARTMENT_HEAD, username="keygrip@example.com")
    crew(production, position="Key Grip", department="Grip", user=head, name="Kim Grip",
         email="kim@example.com")
    services.callsheet_refresh_schedule(callsheet=sheet)
    sheet.calls.all().delete()
    CallSheet.objects.filter(pk=sheet.pk).delete()
    sheet = services.callsheet_create_for_day(production=production, day=1)
    services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 0))
    services.callsheet_publish(callsheet=sheet)
    page = client_for(head).get(reverse("callsheets:distribution",
                                        args=[production.pk, sheet.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Crew Person 0" in text and "Anna Actor" not in text
    assert "Remind those" not in text


def test_crew_get_the_published_pdf_never_a_draft(production, crew_user):
    sheet = ready_sheet(production)
    url = reverse("callsheets:pdf", args=[production.pk, sheet.pk])
    assert client_for(crew_user).get(url).status_code == 404
    services.callsheet_publish(callsheet=sheet)
    services.callsheet_update(callsheet=CallSheet.objects.get(pk=sheet.pk), notes="Draft only")
    response = client_for(crew_user).get(url)
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Draft only" not in text
