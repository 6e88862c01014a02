"""What the AP edits on a call sheet besides its header: per-person calls, department calls,
background, and the production's call-sheet settings.

Each write marks the sheet as edited, so editing a published sheet starts its next
version (see services.callsheet_update).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from productions.models import Production
from productions.writes import assign_fields, save_validated

from .models import BackgroundCall, CallSheet, CallSheetSettings, PersonCall

PERSON_CALL_FIELDS = {"call", "pickup", "hair_makeup", "on_set", "note"}
BACKGROUND_FIELDS = {"description", "count", "call", "scenes"}
MAX_REST_HOURS = 24


def _edited(callsheet_id: int) -> None:
    CallSheet.objects.filter(pk=callsheet_id).update(edited_since_publish=True)


@transaction.atomic
def person_call_edit(*, person_call: PersonCall, **fields) -> PersonCall:
    """Change one person's times or note. An empty call means the general call (or their
    department's, once set)."""
    assign_fields(person_call, fields, PERSON_CALL_FIELDS)
    save_validated(person_call, exclude=["callsheet", "person", "crew_member", "cast_member"])
    _edited(person_call.callsheet_id)
    return person_call


@transaction.atomic
def department_call_edit(*, callsheet: CallSheet, department: str, call) -> int:
    """Give every crew member of a department the same call; None: back to the general call.
    Returns how many calls changed."""
    calls = callsheet.calls.filter(kind=PersonCall.Kind.CREW, department=department)
    if not calls.exists():
        raise ValidationError(f"Nobody of “{department}” is called on this sheet.")
    updated = calls.update(call=call)
    _edited(callsheet.pk)
    return updated


def _background_check(background: BackgroundCall) -> None:
    if not background.count or background.count < 1:
        raise ValidationError({"count": "Call at least one person."})
    if not (background.description or "").strip():
        raise ValidationError({"description": "Say who they are (e.g. “Pedestrians”)."})


@transaction.atomic
def background_call_create(*, callsheet: CallSheet, **fields) -> BackgroundCall:
    background = BackgroundCall(callsheet=callsheet)
    assign_fields(background, fields, BACKGROUND_FIELDS)
    _background_check(background)
    save_validated(background, exclude=["callsheet"])
    _edited(callsheet.pk)
    return background


@transaction.atomic
def background_call_update(*, background_call: BackgroundCall, **fields) -> BackgroundCall:
    assign_fields(background_call, fields, BACKGROUND_FIELDS)
    _background_check(background_call)
    save_validated(background_call, exclude=["callsheet"])
    _edited(background_call.callsheet_id)
    return background_call


@transaction.atomic
def background_call_delete(*, background_call: BackgroundCall) -> None:
    callsheet_id = background_call.callsheet_id
    background_call.delete()
    _edited(callsheet_id)


def settings_fields() -> list[str]:
    """Every setting the model holds, in its order (a setting added to the model is
    editable here, in the settings page and in the API at once)."""
    return [f.name for f in CallSheetSettings._meta.concrete_fields
            if f.editable and not f.primary_key and f.name != "production"]


@transaction.atomic
def callsheet_settings_update(*, production: Production, **fields) -> CallSheetSettings:
    found = (CallSheetSettings.objects.select_for_update().filter(production=production).first()
             or CallSheetSettings(production=production))
    assign_fields(found, fields, set(settings_fields()))
    errors = {name: f"At most {MAX_REST_HOURS} hours."
              for name in ("min_rest_crew_hours", "min_rest_cast_hours")
              if (getattr(found, name) or 0) > MAX_REST_HOURS}
    if errors:
        raise ValidationError(errors)
    return save_validated(found, exclude=["production"],
                          conflict="The settings were created meanwhile: try again.")
