"""Call sheets: fill from the schedule, edit, check, publish through the outbox, confirm."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from datetime import time as Time
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.models import Message
from notifications.services import messages_enqueue, webhook_event_emit
from productions.models import Location, Production
from scheduling import board_selectors as bs
from scheduling.eighths import format_eighths
from scheduling.models import Strip
from scheduling.shooting_calendar import shoot_day_dates

from . import distribution
from .models import CallSheet, CallSheetSettings, CallSheetVersion, PersonCall, Recipient
from .sun import sun_times, weather_provider
from .times import hhmm, local_datetime

LINK_MARGIN = timedelta(days=2)  # a personal link works until the shoot day plus this


class PublishWarnings(Exception):
    """Checks the AP may override; `warnings` lists them."""

    def __init__(self, warnings: list[dict]):
        super().__init__("; ".join(w["message"] for w in warnings))
        self.warnings = warnings


def settings_for(*, production: Production) -> CallSheetSettings:
    found = CallSheetSettings.objects.filter(production=production).first()
    return found or CallSheetSettings(production=production)


# --- From the schedule -----------------------------------------------------------------


def _board_days(*, production: Production):
    """The active board's shoot days (lists of scenes), their dates, breakdown and DOOD."""
    board = bs.board_active(production=production)
    if board is None:
        raise ValidationError("The production has no active stripboard to fill a call sheet from.")
    strips = bs.board_strips(board=board)
    breakdown = bs.breakdown_load(production=production)
    cal_settings = bs.calendar_settings(production=production)
    calendar = bs.calendar_build(settings=cal_settings,
                                 events=list(bs.event_list(production=production)))
    days, current = [], []
    for strip in strips:
        if strip.kind == Strip.Kind.SCENE and strip.scene_id:
            current.append(strip.scene)
        elif strip.kind == Strip.Kind.DAY_BREAK:
            days.append(current)
            current = []
    dates = shoot_day_dates(calendar=calendar, count=len(days))
    dood = bs.board_dood_from(order=bs.board_order(strips=strips), breakdown=breakdown,
                              calendar=calendar, drop_gap_days=cal_settings.drop_gap_days)
    return board, days, dates, breakdown, dood


def _scene_rows(scenes, breakdown, locations: dict) -> list[dict]:
    rows = []
    for scene in scenes:
        location = locations.get(scene.set.location_id) if scene.set else None
        rows.append({
            "id": scene.pk, "number": scene.number, "set": scene.set.name if scene.set else "",
            "int_ext": scene.int_ext, "day_night": scene.day_night,
            "eighths": scene.eighths, "pages": format_eighths(scene.eighths),
            "cast": breakdown.cast_ids(scene.pk), "synopsis": scene.synopsis,
            "location": location.name if location else "",
            "location_id": location.pk if location else None,
        })
    return rows


def schedule_for_day(*, production: Production, day: int) -> dict:
    """What the schedule says about shoot day `day`: scenes, cast, locations, advance."""
    board, days, dates, breakdown, dood = _board_days(production=production)
    if not 1 <= day <= len(days):
        raise ValidationError(
            f"The active board has {len(days)} shoot days; there is no day {day}.")
    location_ids = {s.set.location_id for d in days[day - 1:day + 1] for s in d
                    if s.set and s.set.location_id}
    locations = Location.objects.in_bulk(location_ids)
    scenes = _scene_rows(days[day - 1], breakdown, locations)
    advance = _scene_rows(days[day], breakdown, locations) if day < len(days) else []
    column = next((i for i, d in enumerate(dood.days) if d.number == day), None)
    codes = {}
    if column is not None:
        for row in dood.rows:
            codes[row.element.key] = row.codes[column]
    working = {bid for s in scenes for bid in s["cast"]}
    cast = []
    for element in breakdown.elements.values():
        board_id = element.effective_board_id
        if element.cast_member_id and board_id in working:
            cast.append({"cast_member": element.cast_member_id, "board_id": board_id,
                         "character": element.name, "code": codes.get(element.pk, "W")})
    cast.sort(key=lambda c: c["board_id"])
    seen, location_rows = set(), []
    for scene in scenes:
        if scene["location_id"] and scene["location_id"] not in seen:
            seen.add(scene["location_id"])
            location_rows.append(_location_row(locations[scene["location_id"]], dates[day - 1],
                                               production.time_zone))
    return {
        "board": board.pk, "date": dates[day - 1].isoformat(), "days_total": len(days),
        "scenes": scenes, "eighths": sum(s["eighths"] for s in scenes),
        "pages": format_eighths(sum(s["eighths"] for s in scenes)),
        "cast": cast, "locations": location_rows,
        "advance": {"day": day + 1, "date": dates[day].isoformat() if day < len(days) else "",
                    "scenes": advance},
    }


def _location_row(location: Location, on, time_zone: str) -> dict:
    sun = None
    if location.latitude is not None and location.longitude is not None:
        found = sun_times(latitude=location.latitude, longitude=location.longitude, on=on,
                          time_zone=time_zone)
        sun = found.as_dict() if found else None
    return {"id": location.pk, "name": location.name, "address": location.address,
            "parking": location.parking, "basecamp": location.basecamp,
            "hospital_name": location.hospital_name,
            "hospital_address": location.hospital_address,
            "hospital_phone": location.hospital_phone, "contact_name": location.contact_name,
            "contact_phone": location.contact_phone, "sun": sun}


@transaction.atomic
def callsheet_create_for_day(*, production: Production, day: int,
                             unit: str = "Main unit") -> CallSheet:
    """A draft call sheet for shoot day `day`, filled from the active board."""
    if production.callsheets.filter(day=day, unit=unit).exists():
        raise ValidationError(f"Day {day} ({unit}) already has a call sheet.")
    schedule = schedule_for_day(production=production, day=day)
    first = schedule["locations"][0] if schedule["locations"] else {}
    callsheet = CallSheet.objects.create(
        production=production, board_id=schedule["board"], unit=unit, day=day,
        days_total=schedule["days_total"], date=datetime.fromisoformat(schedule["date"]).date(),
        schedule=schedule, parking=first.get("parking", ""), basecamp=first.get("basecamp", ""),
    )
    calls = []
    crew = production.crew.select_related("person", "department").order_by(
        "department__order", "department__name", "id")
    seen = set()
    for order, member in enumerate(crew):
        if member.person_id in seen:
            continue
        seen.add(member.person_id)
        calls.append(PersonCall(callsheet=callsheet, person_id=member.person_id,
                                kind=PersonCall.Kind.CREW, crew_member=member,
                                department=member.department.name, role=member.position,
                                order=order))
    calls += _cast_calls(callsheet=callsheet, rows=schedule["cast"])
    PersonCall.objects.bulk_create(calls, ignore_conflicts=True)
    return callsheet


def _cast_calls(*, callsheet: CallSheet, rows: list[dict]) -> list[PersonCall]:
    """New (unsaved) calls, with the defaults, for the schedule's cast rows."""
    cast_members = callsheet.production.cast.in_bulk([c["cast_member"] for c in rows])
    calls = []
    for row in rows:
        member = cast_members.get(row["cast_member"])
        if member is None:
            continue
        calls.append(PersonCall(callsheet=callsheet, person_id=member.person_id,
                                kind=PersonCall.Kind.CAST, cast_member=member,
                                department="Cast", role=member.character,
                                board_id=row["board_id"], dood_code=row["code"],
                                order=row["board_id"]))
    return calls


def _call_edited(call: PersonCall) -> bool:
    return any(getattr(call, name) is not None
               for name in ("call", "pickup", "hair_makeup", "on_set")) or bool(call.note)


def _cast_calls_refresh(*, callsheet: CallSheet, schedule: dict) -> None:
    """Bring the cast calls in line with the day's scenes.

    Cast newly in the scenes get a call with the defaults; those still in them take the
    new board ID and DOOD code. A call of someone no longer in any scene goes only if the
    AP never edited it; an edited one stays (the checks warn "called but in no scene").
    """
    rows = {row["cast_member"]: row for row in schedule["cast"]}
    for call in callsheet.calls.filter(kind=PersonCall.Kind.CAST):
        row = rows.pop(call.cast_member_id, None) if call.cast_member_id else None
        if row is not None:
            if (call.board_id, call.dood_code) != (row["board_id"], row["code"]):
                call.board_id, call.dood_code = row["board_id"], row["code"]
                call.save(update_fields=["board_id", "dood_code"])
        elif not _call_edited(call):
            call.delete()
    PersonCall.objects.bulk_create(_cast_calls(callsheet=callsheet, rows=list(rows.values())),
                                   ignore_conflicts=True)


@transaction.atomic
def callsheet_refresh_schedule(*, callsheet: CallSheet) -> CallSheet:
    """Re-read the day's scenes, cast codes, locations and date from the board; add the
    calls of cast newly in the day's scenes (edited calls are kept)."""
    schedule = schedule_for_day(production=callsheet.production, day=callsheet.day)
    _cast_calls_refresh(callsheet=callsheet, schedule=schedule)
    callsheet.schedule = schedule
    # The calendar or the board may have moved the day: its date and "day N of M" follow.
    callsheet.date = datetime.fromisoformat(schedule["date"]).date()
    callsheet.days_total = schedule["days_total"]
    callsheet.board_id = schedule["board"]
    callsheet.edited_since_publish = True
    callsheet.save(update_fields=["schedule", "date", "days_total", "board",
                                  "edited_since_publish", "updated_at"])
    return callsheet


EDITABLE = ["general_call", "shooting_call", "estimated_wrap", "breakfast", "lunch",
            "second_meal", "weather_summary", "weather_high_c", "weather_low_c",
            "weather_precip_pct", "weather_wind", "notes", "department_notes",
            "walkie_channels", "key_contacts", "safety", "parking", "basecamp"]


def callsheet_update(*, callsheet: CallSheet, **fields) -> CallSheet:
    """Edit the draft. Editing a published sheet starts its next version."""
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValidationError(f"{name} cannot be edited.")
        setattr(callsheet, name, value)
    callsheet.edited_since_publish = True
    callsheet.full_clean(exclude=["production", "board"])
    # Only what the edit touched: a stale instance (say, loaded before a publish) must not
    # write back its old published_version, schedule or date.
    callsheet.save(update_fields=[*fields, "edited_since_publish", "updated_at"])
    callsheet.refresh_from_db(fields=["published_version"])
    return callsheet


def person_call_update(*, person_call: PersonCall, **fields) -> PersonCall:
    call = person_call
    for name, value in fields.items():
        if name not in {"call", "pickup", "hair_makeup", "on_set", "note"}:
            raise ValidationError(f"{name} cannot be edited.")
        setattr(call, name, value)
    call.save()
    CallSheet.objects.filter(pk=call.callsheet_id).update(edited_since_publish=True)
    return call


def department_call_set(*, callsheet: CallSheet, department: str, call) -> int:
    """Give everyone of a crew department the same call (None: back to the general call)."""
    updated = callsheet.calls.filter(kind=PersonCall.Kind.CREW, department=department).update(
        call=call)
    if updated:
        CallSheet.objects.filter(pk=callsheet.pk).update(edited_since_publish=True)
    return updated


# --- Checks ----------------------------------------------------------------------------


def callsheet_checks(*, callsheet: CallSheet) -> tuple[list[str], list[dict]]:
    """(errors that refuse publishing, warnings the AP may override)."""
    errors, warnings = [], []
    scenes = callsheet.schedule.get("scenes", [])
    if not scenes:
        errors.append("The day has no scenes: there is nothing to call anyone for.")
    if callsheet.general_call is None:
        errors.append("Set the general crew call before publishing.")
    calls = list(callsheet.calls.select_related("person"))
    for call in calls:
        if not call.person.email:
            warnings.append({"code": "no_email", "person": call.person_id,
                             "message": f"{call.person.name} has no email address."})
    for scene in scenes:
        if not scene.get("location"):
            warnings.append({"code": "no_location", "scene": scene["number"],
                             "message": f"Scene {scene['number']} has no location."})
    in_scenes = {bid for s in scenes for bid in s.get("cast", [])}
    for call in calls:
        if call.kind == PersonCall.Kind.CAST and call.board_id not in in_scenes:
            warnings.append({"code": "cast_not_in_scene", "person": call.person_id,
                             "message": f"{call.person.name} ({call.role}) is called "
                                        "but in no scene of the day."})
    if callsheet.general_call is not None:
        warnings += _turnaround(callsheet, calls)
    return errors, warnings


def _turnaround(callsheet: CallSheet, calls: list[PersonCall]) -> list[dict]:
    previous = (CallSheet.objects.filter(production_id=callsheet.production_id,
                                         unit=callsheet.unit, date__lt=callsheet.date)
                .exclude(estimated_wrap=None).order_by("-date").first())
    if previous is None or previous.general_call is None:
        return []
    rest = settings_for(production=callsheet.production)
    zone = callsheet.production.time_zone
    # Real hours, not wall-clock ones: two datetimes in the same ZoneInfo subtract by
    # their wall clocks, so across a DST change both go to UTC first.
    wrap = local_datetime(time_zone=zone, on=previous.date, at=previous.estimated_wrap,
                          after=previous.general_call).astimezone(UTC)
    worked = set(previous.calls.values_list("person_id", flat=True))
    warnings = []
    for call in calls:
        if call.person_id not in worked:
            continue
        at = call.call or callsheet.general_call
        if call.kind == PersonCall.Kind.CAST and call.pickup:
            at = min(at, call.pickup)
        hours = local_datetime(time_zone=zone, on=callsheet.date, at=at).astimezone(UTC) - wrap
        minimum = rest.min_rest_cast_hours if call.kind == "cast" else rest.min_rest_crew_hours
        if hours < timedelta(hours=minimum):
            got = hours.total_seconds() / 3600
            warnings.append({"code": "turnaround", "person": call.person_id,
                             "message": f"{call.person.name}: {got:.1f} h rest after "
                                        f"day {previous.day}'s wrap, less than {minimum} h."})
    return warnings


# --- Snapshot, changes -----------------------------------------------------------------


def _call_row(call: PersonCall, general: Time | None) -> dict:
    return {"person": call.person_id, "name": call.person.name, "kind": call.kind,
            "department": call.department, "role": call.role, "board_id": call.board_id,
            "code": call.dood_code, "call": hhmm(call.call or general),
            "pickup": hhmm(call.pickup), "hair_makeup": hhmm(call.hair_makeup),
            "on_set": hhmm(call.on_set), "note": call.note}


def callsheet_snapshot(*, callsheet: CallSheet) -> dict:
    """Everything the PDF, the emails and the mobile page show, frozen. No money."""
    production = callsheet.production
    general = callsheet.general_call
    calls = [_call_row(c, general) for c in callsheet.calls.select_related("person")]
    departments = defaultdict(list)
    for row in calls:
        if row["kind"] == "crew":
            departments[row["department"]].append(row)
    return {
        # The logo's storage name: each version keeps the logo it was sent with.
        "production": {"id": production.pk, "title": production.title,
                       "company": production.company, "time_zone": production.time_zone,
                       "logo": production.logo.name or ""},
        "unit": callsheet.unit, "day": callsheet.day, "days_total": callsheet.days_total,
        "date": callsheet.date.isoformat(),
        "date_label": callsheet.date.strftime("%A %-d %B %Y"),
        "general_call": hhmm(general), "shooting_call": hhmm(callsheet.shooting_call),
        "estimated_wrap": hhmm(callsheet.estimated_wrap), "breakfast": hhmm(callsheet.breakfast),
        "lunch": hhmm(callsheet.lunch), "second_meal": hhmm(callsheet.second_meal),
        "weather": weather_provider.forecast(callsheet=callsheet).as_dict(),
        "notes": callsheet.notes, "department_notes": callsheet.department_notes,
        "walkie_channels": callsheet.walkie_channels, "key_contacts": callsheet.key_contacts,
        "safety": callsheet.safety, "parking": callsheet.parking,
        "basecamp": callsheet.basecamp,
        "scenes": callsheet.schedule.get("scenes", []),
        "pages": callsheet.schedule.get("pages", ""),
        "locations": callsheet.schedule.get("locations", []),
        "advance": callsheet.schedule.get("advance", {}),
        "cast": [r for r in calls if r["kind"] == "cast"],
        "crew": [{"department": d, "people": rows} for d, rows in departments.items()],
        "background": [{"description": b.description, "count": b.count, "call": hhmm(b.call),
                        "scenes": b.scenes} for b in callsheet.background.all()],
    }


def snapshot_calls(snapshot: dict) -> dict[int, dict]:
    calls = {r["person"]: r for r in snapshot["cast"]}
    for department in snapshot["crew"]:
        for row in department["people"]:
            calls.setdefault(row["person"], row)
    return calls


# What everyone called reads: a change to any of these reaches everyone.
SHARED_TIMES = [("general_call", "General crew call"), ("shooting_call", "Shooting call"),
                ("estimated_wrap", "Estimated wrap"), ("breakfast", "Breakfast"),
                ("lunch", "Lunch"), ("second_meal", "Second meal")]
SHARED_OTHER = [("weather", "Weather"), ("notes", "Notes"),
                ("department_notes", "Department notes"), ("walkie_channels", "Walkie channels"),
                ("key_contacts", "Key contacts"), ("safety", "Safety notes"),
                ("parking", "Parking"), ("basecamp", "Basecamp"),
                ("advance", "Advance schedule"), ("background", "Background")]
PERSONAL = [("call", "call"), ("pickup", "pickup"), ("hair_makeup", "hair/make-up"),
            ("on_set", "on set"), ("note", "note")]


def snapshot_changes(before: dict, after: dict) -> tuple[list[str], set[int]]:
    """What changed (date, times, scenes, locations, notes, calls) and who is affected.

    A change to what everyone reads (the day's date, general times, scenes, locations,
    notes, ...) affects everyone called; a change to one person's call, that person.
    """
    changes, affected = [], set()
    if before.get("date") != after.get("date"):
        changes.append(f"Date: {before.get('date_label') or '—'} → "
                       f"{after.get('date_label') or '—'}")
    for key, label in SHARED_TIMES:
        if before.get(key) != after.get(key):
            changes.append(f"{label}: {before.get(key) or '—'} → {after.get(key) or '—'}")
    old_scenes = [s["number"] for s in before.get("scenes", [])]
    new_scenes = [s["number"] for s in after.get("scenes", [])]
    if old_scenes != new_scenes:
        changes.append(f"Scenes: {', '.join(old_scenes)} → {', '.join(new_scenes)}")
    elif before.get("scenes", []) != after.get("scenes", []):
        changes.append("Scenes: details changed (set, cast, pages, synopsis or location)")
    old_loc = [x["name"] for x in before.get("locations", [])]
    new_loc = [x["name"] for x in after.get("locations", [])]
    if old_loc != new_loc:
        changes.append(f"Locations: {', '.join(old_loc) or '—'} → {', '.join(new_loc) or '—'}")
    elif before.get("locations", []) != after.get("locations", []):
        changes.append("Locations: details changed (address, parking, hospital or contact)")
    for key, label in SHARED_OTHER:
        if before.get(key) != after.get(key):
            changes.append(f"{label} changed")
    old_calls, new_calls = snapshot_calls(before), snapshot_calls(after)
    if changes:
        affected |= set(new_calls)
    for person, row in new_calls.items():
        was = old_calls.get(person)
        if was is None:
            changes.append(f"{row['name']} added, call {row['call']}")
            affected.add(person)
            continue
        moved = [f"{label} {was.get(key) or '—'} → {row.get(key) or '—'}"
                 for key, label in PERSONAL if was.get(key) != row.get(key)]
        if moved:
            changes.append(f"{row['name']}: {'; '.join(moved)}")
            affected.add(person)
    for person, row in old_calls.items():
        if person not in new_calls:
            changes.append(f"{row['name']} no longer called")
    return changes, affected


# --- Publishing ------------------------------------------------------------------------


@transaction.atomic
def callsheet_publish(*, callsheet: CallSheet, by=None, override: bool = False) -> CallSheetVersion:
    """Freeze a version and its recipients; the workers render and send it after commit.

    Returns at once: the shared render, each person's stamped copy and their messages are
    prepared by tasks queued on commit (see distribution.py); until the render is stored
    the version is `preparing`.
    """
    callsheet = (CallSheet.objects.select_for_update().select_related("production")
                 .get(pk=callsheet.pk))
    production = callsheet.production
    errors, warnings = callsheet_checks(callsheet=callsheet)
    if errors:
        raise ValidationError(errors)
    if callsheet.published_version and not callsheet.edited_since_publish:
        raise ValidationError(f"Version {callsheet.published_version} is already published "
                              "and nothing has changed since.")
    if warnings and not override:
        raise PublishWarnings(warnings)
    snapshot = callsheet_snapshot(callsheet=callsheet)
    previous = callsheet.versions.order_by("-number").first()
    changes, affected = snapshot_changes(previous.snapshot, snapshot) if previous else ([], set())
    number = callsheet.published_version + 1
    snapshot["version"] = number
    version = CallSheetVersion.objects.create(
        callsheet=callsheet, number=number, snapshot=snapshot, changes=changes,
        overridden_warnings=warnings, published_by=by, dispatched_at=timezone.now())

    calls = snapshot_calls(snapshot)
    people = {p.pk: p for p in production_people(callsheet=callsheet)}
    targets = [row for person, row in calls.items()
               if people.get(person) is not None and people[person].email]
    now = timezone.now()
    kept = {}
    if previous is not None and settings_for(production=production).resend_only_affected:
        # Those not affected keep the copy they have: its link, message, opened and
        # confirmed marks move to this version (no new email); only the affected get the
        # revision and confirm again. A copy never made (still preparing, failed, expired)
        # is made now.
        live = (Recipient.objects.filter(version__callsheet=callsheet, revoked_at=None,
                                         expires_at__gt=now, error="")
                .exclude(message=None).exclude(token_hash=None))
        kept = {r.person_id: r for r in live
                if r.person_id in calls and r.person_id not in affected}
        # The link moves: the old row lets go of its token before the new one takes it.
        Recipient.objects.filter(pk__in=[r.pk for r in kept.values()]).update(
            revoked_at=now, token_hash=None)
    if previous is not None:
        # Also stops whatever of the previous version is still being prepared.
        Recipient.objects.filter(version__callsheet=callsheet, revoked_at=None).update(
            revoked_at=now)
    expires = local_datetime(time_zone=production.time_zone, on=callsheet.date,
                             at=Time(23, 59)) + LINK_MARGIN
    carried = Recipient.objects.bulk_create([
        Recipient(version=version, person_id=old.person_id, call_label=calls[person]["call"],
                  department=calls[person]["department"], expires_at=expires,
                  token_hash=old.token_hash, message_id=old.message_id,
                  opened_at=old.opened_at, confirmed_at=old.confirmed_at)
        for person, old in kept.items()])
    recipients = Recipient.objects.bulk_create([
        Recipient(version=version, person_id=row["person"], call_label=row["call"],
                  department=row["department"], expires_at=expires)
        for row in targets if row["person"] not in kept])
    callsheet.published_version = number
    callsheet.edited_since_publish = False
    callsheet.save(update_fields=["published_version", "edited_since_publish", "updated_at"])
    webhook_event_emit(production=production, event="callsheet.published",
                       data={"callsheet": callsheet.pk, "day": callsheet.day,
                             "date": callsheet.date.isoformat(), "version": number,
                             "recipients": len(recipients) + len(carried)},
                       dedupe_key=f"callsheet.published:{version.pk}")
    transaction.on_commit(partial(distribution.dispatch_render, version.pk), robust=True)
    # The batches too: they render their banners while the sheet is being rendered.
    transaction.on_commit(partial(distribution.dispatch_batches, version.pk,
                                  [r.pk for r in recipients]), robust=True)
    return version


def production_people(*, callsheet: CallSheet):
    from productions.models import Person

    return Person.objects.filter(pk__in=callsheet.calls.values("person_id"))


def callsheet_remind(*, version: CallSheetVersion) -> int:
    """Email again those who have not confirmed (once per version and person)."""
    pending = list(version.recipients.filter(confirmed_at=None, revoked_at=None)
                   .select_related("person", "message"))
    messages = []
    for recipient in pending:
        if recipient.message is None or not recipient.person.email:
            continue
        original = recipient.message
        messages.append(Message(
            channel=original.channel, template=f"callsheet-remind:{version.pk}",
            address=recipient.person.email, person=recipient.person,
            production_id=version.callsheet.production_id,
            subject=f"Please confirm · {original.subject}", body_text=original.body_text,
            body_html=original.body_html, attachments=original.attachments,
            dedupe_key=f"callsheet-remind:{version.pk}:{recipient.person_id}"))
    messages_enqueue(messages=messages)
    return len(messages)


# --- The personal link -----------------------------------------------------------------


def recipient_for_token(*, token: str) -> Recipient | None:
    """The live recipient of a link; None when unknown, revoked or expired."""
    if not token or len(token) > 100:
        return None
    recipient = (Recipient.objects.select_related("version", "version__callsheet", "person")
                 .filter(token_hash=distribution.token_hash(token), revoked_at=None,
                         expires_at__gt=timezone.now()).first())
    return recipient


def recipient_open(*, recipient: Recipient) -> None:
    if recipient.opened_at is None:
        now = timezone.now()
        Recipient.objects.filter(pk=recipient.pk, opened_at=None).update(opened_at=now)
        if recipient.message_id:
            Message.objects.filter(pk=recipient.message_id, opened_at=None).update(opened_at=now)
        recipient.opened_at = now


def recipient_confirm(*, recipient: Recipient) -> bool:
    """Confirm once; a replay changes nothing and returns False."""
    now = timezone.now()
    with transaction.atomic():
        done = Recipient.objects.filter(pk=recipient.pk, confirmed_at=None).update(
            confirmed_at=now, opened_at=recipient.opened_at or now)
        if not done:
            return False
        if recipient.message_id:
            Message.objects.filter(pk=recipient.message_id).update(confirmed_at=now)
        callsheet = recipient.version.callsheet
        webhook_event_emit(production=callsheet.production, event="callsheet.confirmed",
                           data={"callsheet": callsheet.pk, "version": recipient.version.number,
                                 "person": recipient.person_id},
                           dedupe_key=f"callsheet.confirmed:{recipient.pk}")
    recipient.confirmed_at = now
    return True


def recipient_revoke(*, recipient: Recipient) -> None:
    Recipient.objects.filter(pk=recipient.pk).update(revoked_at=timezone.now())
