import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from pypdf import PdfReader

from callsheets import services
from callsheets.models import CallSheet, PersonCall, Recipient
from notifications.models import Message
from tests.callsheets.factories import distribute, next_monday, publish, ready_sheet, scheduled

pytestmark = pytest.mark.django_db


def test_create_fills_the_day_from_the_active_board(production):
    scheduled(production)
    sheet = services.callsheet_create_for_day(production=production, day=1)
    assert sheet.day == 1 and sheet.days_total == 2
    assert sheet.date == next_monday()
    schedule = sheet.schedule
    assert [s["number"] for s in schedule["scenes"]] == ["1", "2"]
    assert schedule["pages"] == "2"
    assert all(s["location"] == "Harbour Pier" for s in schedule["scenes"])
    assert [c["character"] for c in schedule["cast"]] == ["ANNA", "BEN"]
    assert {c["code"] for c in schedule["cast"]} <= {"SW", "W", "SWF"}
    assert [s["number"] for s in schedule["advance"]["scenes"]] == ["3", "4"]
    sun = schedule["locations"][0]["sun"]
    assert sun["sunrise"] < sun["sunset"] and sun["dawn"] < sun["sunrise"]
    assert sheet.parking == "Lot B"
    kinds = sorted(sheet.calls.values_list("kind", flat=True))
    assert kinds.count("cast") == 2 and kinds.count("crew") == 3


def test_day_out_of_range_and_duplicates_are_refused(production):
    scheduled(production)
    with pytest.raises(ValidationError):
        services.callsheet_create_for_day(production=production, day=9)
    services.callsheet_create_for_day(production=production, day=2)
    with pytest.raises(ValidationError):
        services.callsheet_create_for_day(production=production, day=2)


def test_publish_refuses_a_sheet_without_general_call(production):
    scheduled(production)
    sheet = services.callsheet_create_for_day(production=production, day=1)
    with pytest.raises(ValidationError, match="general crew call"):
        services.callsheet_publish(callsheet=sheet, override=True)


def test_checks_warn_and_the_ap_can_override(production):
    sheet = ready_sheet(production)
    call = sheet.calls.filter(kind="crew").first()
    call.person.email = ""
    call.person.save()
    production.scenes.filter(number="2").update(set=None)
    services.callsheet_refresh_schedule(callsheet=sheet)
    _errors, warnings = services.callsheet_checks(callsheet=sheet)
    codes = {w["code"] for w in warnings}
    assert {"no_email", "no_location"} <= codes
    with pytest.raises(services.PublishWarnings):
        services.callsheet_publish(callsheet=sheet)
    version = services.callsheet_publish(callsheet=sheet, override=True)
    assert version.overridden_warnings


def test_turnaround_warns_when_rest_is_short(production):
    sheet = ready_sheet(production)
    services.callsheet_update(callsheet=sheet, estimated_wrap=datetime.time(23, 0))
    day2 = services.callsheet_create_for_day(production=production, day=2)
    services.callsheet_update(callsheet=day2, general_call=datetime.time(7, 0))
    _errors, warnings = services.callsheet_checks(callsheet=day2)
    turn = [w for w in warnings if w["code"] == "turnaround"]
    # Day 2 is Tuesday: crew get 8 h (< 10), Anna and Ben are not in day 1's ... both are.
    assert len(turn) == day2.calls.count()


def test_cast_called_in_no_scene_warns(production):
    sheet = ready_sheet(production)
    production.scenes.filter(number="2").update(eighths=8)
    PersonCall.objects.filter(callsheet=sheet, kind="cast", role="BEN").update(board_id=99)
    _errors, warnings = services.callsheet_checks(callsheet=sheet)
    assert any(w["code"] == "cast_not_in_scene" for w in warnings)


def test_publish_queues_one_personal_email_each_with_the_stamped_pdf(production):
    sheet = ready_sheet(production)
    services.person_call_update(person_call=sheet.calls.get(role="Grip 0"),
                                call=datetime.time(5, 45))
    version = publish(sheet)
    messages = Message.objects.filter(template=f"callsheet:{version.pk}")
    assert messages.count() == 5
    grip = messages.get(address="crew0@example.com")
    day = sheet.date.strftime("%a %-d %b")
    assert grip.subject == f"Call sheet · Harbour Lights · Day 1 · {day} · Your call 05:45"
    assert "/calls/" in grip.body_text
    assert not re.search(r"\b650\b", grip.body_text + grip.body_html)
    attachment = grip.attachments[0]
    with default_storage.open(attachment["path"], "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    first = reader.pages[0].extract_text()
    assert "YOUR CALL 05:45" in first and "Crew Person 0" in first
    assert "INT" in first
    assert version.pdf_size < 250_000
    # Publishing again without a change is refused; the outbox holds nothing twice.
    with pytest.raises(ValidationError):
        services.callsheet_publish(callsheet=sheet)
    assert Recipient.objects.filter(version=version).count() == 5


def test_revision_resends_with_changes_and_asks_again(production):
    sheet = ready_sheet(production)
    v1 = publish(sheet)
    first = Recipient.objects.filter(version=v1).first()
    assert services.recipient_confirm(recipient=first)
    assert not services.recipient_confirm(recipient=first)  # a replay changes nothing
    services.callsheet_update(callsheet=CallSheet.objects.get(pk=sheet.pk),
                              general_call=datetime.time(7, 0))
    v2 = publish(sheet)
    assert v2.number == 2
    assert any("06:30 → 07:00" in c for c in v2.changes)
    message = Message.objects.get(template=f"callsheet:{v2.pk}", address="crew1@example.com")
    assert message.subject.startswith("REVISED v2 · ")
    assert "06:30 → 07:00" in message.body_text
    assert Recipient.objects.filter(version=v2, confirmed_at=None).count() == 5
    # v1's links are revoked.
    assert services.recipient_for_token(token="nothing") is None
    assert Recipient.objects.filter(version=v1, revoked_at=None).count() == 0


def test_remind_is_deduplicated_per_version(production):
    sheet = ready_sheet(production)
    version = publish(sheet)
    services.recipient_confirm(recipient=version.recipients.first())
    assert services.callsheet_remind(version=version) == 4
    services.callsheet_remind(version=version)
    assert Message.objects.filter(template=f"callsheet-remind:{version.pk}").count() == 4


# --- Distribution: publish commits at once, workers prepare the copies in batches -------


def test_publish_returns_before_any_render_and_the_copies_are_preparing(production):
    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    assert version.preparing and version.pdf_path == "" and version.prepared_at is None
    recipients = list(Recipient.objects.filter(version=version).select_related("message"))
    assert len(recipients) == 5
    assert {r.state for r in recipients} == {"preparing"}
    assert {r.token_hash for r in recipients} == {None}
    assert not Message.objects.filter(template=f"callsheet:{version.pk}").exists()


def test_a_batch_run_twice_prepares_each_copy_once(production, django_assert_num_queries):
    from callsheets import distribution

    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    distribution.version_render(version_id=version.pk)
    distribution.version_render(version_id=version.pk)  # a duplicate renders nothing
    ids = list(version.recipients.order_by("pk").values_list("pk", flat=True))
    assert distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids[:2]) == 2
    assert distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids[:2]) == 0
    assert distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids) == 3
    messages = Message.objects.filter(template=f"callsheet:{version.pk}")
    assert messages.count() == 5
    assert sorted(messages.values_list("dedupe_key", flat=True)) == sorted(
        f"callsheet:{version.pk}:{pk}" for pk in version.recipients.values_list("person_id",
                                                                               flat=True))
    assert {r.state for r in version.recipients.select_related("message")} == {"queued"}


def test_a_batch_costs_the_same_queries_for_two_people_or_ten(production):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from callsheets import distribution

    sheet = ready_sheet(production, crew_count=10)  # 12 recipients
    version = services.callsheet_publish(callsheet=sheet)
    distribution.version_render(version_id=version.pk)
    ids = list(version.recipients.order_by("pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as two:
        distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids[:2])
    with CaptureQueriesContext(connection) as ten:
        distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids[2:])
    # version; lock the copies (+ people); settings; messages insert + read back; savepoints;
    # tokens and messages on the copies; the version's clock. None per person.
    assert len(ten) == len(two)


def test_a_revision_stops_what_is_left_of_the_previous_version(production):
    from callsheets import distribution

    sheet = ready_sheet(production)
    v1 = services.callsheet_publish(callsheet=sheet)
    distribution.version_render(version_id=v1.pk)
    services.callsheet_update(callsheet=CallSheet.objects.get(pk=sheet.pk),
                              general_call=datetime.time(7, 0))
    v2 = publish(sheet)
    ids = list(v1.recipients.values_list("pk", flat=True))
    assert distribution.recipients_prepare(version_id=v1.pk, recipient_ids=ids) == 0
    assert {r.state for r in v1.recipients.all()} == {"cancelled"}
    assert not Message.objects.filter(template=f"callsheet:{v1.pk}").exists()
    assert Message.objects.filter(template=f"callsheet:{v2.pk}").count() == 5


def test_a_copy_that_cannot_be_prepared_fails_with_the_reason(production):
    from callsheets import distribution

    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    distribution.version_render(version_id=version.pk)
    version.refresh_from_db()
    default_storage.delete(version.pdf_path)
    ids = list(version.recipients.values_list("pk", flat=True))
    with pytest.raises(FileNotFoundError):
        distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids)
    assert Recipient.objects.filter(version=version, message=None).count() == 5  # rolled back
    distribution.recipients_fail(version_id=version.pk, recipient_ids=ids,
                                 reason="FileNotFoundError: callsheet.pdf")
    states = {(r.state, r.state_error) for r in version.recipients.all()}
    assert states == {("failed", "FileNotFoundError: callsheet.pdf")}
    assert distribution.pending_batches(version_id=version.pk) == []


def test_the_sweep_hands_out_again_only_what_stalled(production,
                                                     django_capture_on_commit_callbacks):
    from django.utils import timezone

    from callsheets import distribution
    from callsheets.models import CallSheetVersion

    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    assert distribution.distribution_sweep() == {"renders": 0, "recipients": 0}  # fresh
    later = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks() as callbacks:
        assert distribution.distribution_sweep(now=later) == {"renders": 1, "recipients": 0}
    assert len(callbacks) == 1
    distribution.version_render(version_id=version.pk)
    ids = list(version.recipients.order_by("pk").values_list("pk", flat=True))
    distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids[:2])
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert distribution.distribution_sweep(now=later) == {"renders": 0, "recipients": 3}
    # Handed out: the clock restarted, so a second sweep right after does nothing.
    assert distribution.distribution_sweep(now=later) == {"renders": 0, "recipients": 0}
    distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids)
    later += datetime.timedelta(minutes=5)
    assert distribution.distribution_sweep(now=later) == {"renders": 0, "recipients": 0}
    assert CallSheetVersion.objects.get(pk=version.pk).prepared_at is not None


def test_also_text_the_link_sends_an_sms_to_those_with_a_phone(production):
    from callsheets.models import CallSheetSettings
    from notifications.models import Channel
    from productions.models import Person

    sheet = ready_sheet(production)
    CallSheetSettings.objects.create(production=production, text_link=True)
    Person.objects.update(phone="")
    Person.objects.filter(email="crew1@example.com").update(phone="+44 7700 900123")
    Person.objects.filter(email="crew2@example.com").update(phone="n/a")
    version = publish(sheet)
    (sms,) = Message.objects.filter(channel=Channel.SMS)
    assert sms.address == "+44 7700 900123"
    assert sms.template == f"callsheet-sms:{version.pk}"
    assert "your call 06:30" in sms.body_text
    email = Message.objects.get(template=f"callsheet:{version.pk}", address="crew1@example.com")
    token = sms.body_text.rsplit("/p/calls/", 1)[1].strip("/")
    assert f"/p/calls/{token}/" in email.body_text  # the same personal link
    assert services.recipient_for_token(token=token).person.email == "crew1@example.com"
    assert Message.objects.filter(template=f"callsheet:{version.pk}").count() == 5


def test_batches_queued_with_the_render_render_their_banners_ahead(
        production, settings, tmp_path, django_capture_on_commit_callbacks):
    from callsheets import distribution

    settings.MEDIA_ROOT = tmp_path
    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    ids = sorted(version.recipients.values_list("pk", flat=True))
    folder = distribution.version_folder(version)
    # Before the shared PDF exists: banners only, nothing in the database.
    assert distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids) == 0
    (ahead,) = default_storage.listdir(folder)[1]
    assert ahead.startswith("banners-")
    assert not Message.objects.filter(template=f"callsheet:{version.pk}").exists()
    distribution.version_render(version_id=version.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids) == 5
    assert ahead not in default_storage.listdir(folder)[1]  # used, then removed
    grip = Message.objects.get(template=f"callsheet:{version.pk}", address="crew0@example.com")
    with default_storage.open(grip.attachments[0]["path"], "rb") as handle:
        first = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "YOUR CALL 06:30" in first and "Crew Person 0" in first


def test_a_version_freezes_the_logo_it_was_sent_with(production):
    from productions.models import Production

    sheet = ready_sheet(production)
    Production.objects.filter(pk=production.pk).update(logo="logos/first.png")
    version = services.callsheet_publish(callsheet=CallSheet.objects.get(pk=sheet.pk))
    Production.objects.filter(pk=production.pk).update(logo="logos/second.png")
    assert version.snapshot["production"]["logo"] == "logos/first.png"


def test_someone_whose_email_went_away_before_their_copy_fails_with_the_reason(production):
    from productions.models import Person

    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    Person.objects.filter(email="crew2@example.com").update(email="")
    publish_done = distribute(version)
    states = {r.person.name: (r.state, r.state_error)
              for r in publish_done.recipients.select_related("person", "message")}
    assert states["Crew Person 2"] == ("failed", "No email address.")
    assert sorted(s for s, _ in states.values()) == ["failed", "queued", "queued", "queued",
                                                     "queued"]
    assert Message.objects.filter(template=f"callsheet:{version.pk}").count() == 4


def test_a_sheet_that_cannot_be_rendered_fails_the_version_and_its_copies(production):
    from callsheets import distribution

    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    distribution.version_fail(version_id=version.pk, reason="WeasyPrint: out of memory")
    version.refresh_from_db()
    assert not version.preparing and version.error == "WeasyPrint: out of memory"
    assert distribution.version_render(version_id=version.pk).pdf_path == ""  # not retried
    assert {(r.state, r.state_error) for r in version.recipients.all()} == {
        ("failed", "The call sheet could not be rendered: WeasyPrint: out of memory")}
    later = version.published_at + datetime.timedelta(hours=1)
    assert distribution.distribution_sweep(now=later) == {"renders": 0, "recipients": 0}


def test_a_copy_whose_link_expired_is_never_prepared_nor_swept(production):
    from django.utils import timezone

    from callsheets import distribution

    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    distribution.version_render(version_id=version.pk)
    Recipient.objects.filter(version=version).update(expires_at=timezone.now())
    ids = list(version.recipients.values_list("pk", flat=True))
    assert distribution.recipients_prepare(version_id=version.pk, recipient_ids=ids) == 0
    later = timezone.now() + datetime.timedelta(hours=1)
    assert distribution.distribution_sweep(now=later) == {"renders": 0, "recipients": 0}
    assert {r.state for r in version.recipients.all()} == {"cancelled"}
    assert not Message.objects.filter(template=f"callsheet:{version.pk}").exists()


def test_an_edit_through_a_stale_instance_keeps_what_others_saved(production):
    sheet = ready_sheet(production)
    stale = CallSheet.objects.get(pk=sheet.pk)  # loaded before the publish and a refresh
    publish(CallSheet.objects.get(pk=sheet.pk))
    later = next_monday() + datetime.timedelta(days=7)
    from scheduling import services as scheduling_services

    scheduling_services.calendar_update(production=production, first_shoot_day=later)
    services.callsheet_refresh_schedule(callsheet=CallSheet.objects.get(pk=sheet.pk))
    edited = services.callsheet_update(callsheet=stale, lunch=datetime.time(12, 30))
    assert edited.status == "revised draft"
    saved = CallSheet.objects.get(pk=sheet.pk)
    assert (saved.published_version, saved.edited_since_publish) == (1, True)
    assert saved.date == later and saved.schedule["date"] == later.isoformat()
    assert saved.lunch == datetime.time(12, 30) and saved.general_call == datetime.time(6, 30)
