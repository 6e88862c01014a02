"""What a person's calendar feed shows once a call sheet is published (issue 9, item 9).

Subscribed to `scheduling.hooks.feed_day_details` in CallsheetsConfig.ready(): the feed
lives in scheduling, below call sheets, so it asks rather than imports. Read from the
latest published version's snapshot, i.e. what was sent, never the draft being edited.
One query whatever the number of days.
"""

from datetime import date, time

from django.db.models import OuterRef, Subquery

from .models import CallSheetVersion


def _time(value: str | None) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        return None


def _calls(snapshot: dict) -> dict[int, dict]:
    calls = {row["person"]: row for row in snapshot.get("cast", [])}
    for department in snapshot.get("crew", []):
        for row in department.get("people", []):
            calls.setdefault(row["person"], row)
    return calls


def feed_day_details(*, production, person, dates: list[date]) -> dict[date, dict]:
    """Per date with a published call sheet: the person's call (when the sheet calls
    them), the estimated wrap, and the first location with its address."""
    # The newest version of each sheet: versions exist only once published, and they,
    # not the sheet's counters, are the record of what was sent.
    newest = (CallSheetVersion.objects.filter(callsheet=OuterRef("callsheet"))
              .order_by("-number").values("number")[:1])
    versions = (CallSheetVersion.objects
                .filter(callsheet__production=production, callsheet__date__in=dates,
                        number=Subquery(newest))
                .select_related("callsheet").only("snapshot", "number", "callsheet__date",
                                                  "callsheet__unit", "callsheet__day"))
    found: dict[date, dict] = {}
    for version in versions:
        snapshot = version.snapshot
        on = version.callsheet.date
        row = _calls(snapshot).get(person.pk)
        call = _time(row.get("call")) if row else None
        details: dict = {}
        if call is not None:
            details["call"] = call
            details["wrap"] = _time(snapshot.get("estimated_wrap"))
        locations = snapshot.get("locations") or []
        if locations:
            details["location"] = locations[0].get("name", "")
            details["address"] = locations[0].get("address", "")
        note = [f"Call sheet: {version.callsheet.unit}, day {version.callsheet.day}, "
                f"version {version.number}"]
        if row and row.get("pickup"):
            note.append(f"Pickup {row['pickup']}")
        if len(locations) > 1:
            note.append("Also at: " + ", ".join(loc.get("name", "") for loc in locations[1:]))
        details["note"] = "; ".join(note)
        # Two units the same day: the one that calls the person, earliest call first.
        current = found.get(on)
        if current is None or (call is not None and (
                current.get("call") is None or call < current["call"])):
            found[on] = details
    return found
