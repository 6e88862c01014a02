"""The call-sheet edit page and its parts: header, per-person calls, department calls,
background, and the production's call-sheet settings.

Each part works as a plain form (post, redirect back) and, through htmx, as an inline
edit: the row or section posts on change and the response re-renders just that part,
with its errors in place.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from productions.decorators import production_view
from productions.forms import form_errors_add
from productions.roles import Capability as C

from . import editing, selectors, services
from .forms import (
    BackgroundCallForm,
    CallSheetForm,
    CallSheetSettingsForm,
    DepartmentCallForm,
    PersonCallForm,
)


def _back(production, sheet):
    return redirect("callsheets:edit", production.pk, sheet.pk)


def _call_forms(sheet, data=None) -> list[PersonCallForm]:
    """The rows of the calls table; with `data`, bound only where the post holds the row
    (a row left out of a post is left alone, not emptied)."""
    posted = {key.split("-", 1)[0] for key in data} if data is not None else set()
    forms = []
    for call in selectors.person_calls(callsheet=sheet):
        call.callsheet = sheet  # the row shows the general call without a query each
        bound = data if f"c{call.pk}" in posted else None
        forms.append(PersonCallForm(bound, instance=call))
    return forms


def _background_context(production, sheet, forms=None, new=None) -> dict:
    if forms is None:
        forms = [BackgroundCallForm(instance=b) for b in sheet.background.order_by("call", "id")]
    return {"production": production, "sheet": sheet, "background_forms": forms,
            "new_background": new or BackgroundCallForm()}


def _sees_confirmations(request, production) -> bool:
    try:
        selectors.confirmation_scope(membership=request.membership, production=production)
    except PermissionDenied:
        return False
    return True


def _revision_preview(sheet, latest, settings) -> dict | None:
    """Before a revision is published: what changed since the version sent, who is
    affected, and who the REVISED email will go to (everyone, or the affected only)."""
    if latest is None or not sheet.edited_since_publish:
        return None
    draft = services.callsheet_snapshot(callsheet=sheet)
    changes, affected = services.snapshot_changes(latest.snapshot, draft)
    rows = services.snapshot_calls(draft)
    return {"number": latest.number, "changes": changes,
            "affected": sorted(rows[p]["name"] for p in affected if p in rows),
            "everyone": bool(rows) and set(rows) <= affected, "called": len(rows),
            "only_affected": settings.resend_only_affected}


def _edit_page(request, production, sheet, *, form=None, call_forms=None, status=200):
    errors, warnings = services.callsheet_checks(callsheet=sheet)
    departments = selectors.crew_departments(callsheet=sheet)
    latest = selectors.latest_version(callsheet=sheet)
    settings = selectors.callsheet_settings(production=production)
    can_publish = request.membership.can(C.PUBLISH_CALLSHEET)
    return render(request, "callsheets/edit.html", {
        "production": production, "sheet": sheet,
        "form": form or CallSheetForm(instance=sheet),
        "call_forms": call_forms if call_forms is not None else _call_forms(sheet),
        "errors": errors, "warnings": warnings,
        "department_form": DepartmentCallForm(departments=departments),
        "latest": latest, "can_publish": can_publish,
        "revision": _revision_preview(sheet, latest, settings) if can_publish else None,
        "sees_confirmations": _sees_confirmations(request, production),
        "settings": settings,
        **_background_context(production, sheet),
    }, status=status)


@production_view(C.VIEW_CALLSHEETS)
def callsheet_edit(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    if request.method != "POST":
        return _edit_page(request, production, sheet)
    if not request.membership.can(C.PUBLISH_CALLSHEET):
        raise PermissionDenied("Your role on this production does not allow this.")
    form = CallSheetForm(request.POST, instance=sheet)
    if form.is_valid():
        try:
            services.callsheet_update(callsheet=sheet, **form.service_fields())
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "Saved.")
            return _back(production, sheet)
    sheet = selectors.callsheet_get(production=production, pk=pk)  # without the bad edits
    return _edit_page(request, production, sheet, form=form, status=400)


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def calls_save(request, production, pk):
    """The plain-form fallback: every row of the calls table at once."""
    sheet = selectors.callsheet_get(production=production, pk=pk)
    forms = _call_forms(sheet, request.POST)
    invalid = [f for f in forms if f.is_bound and not f.is_valid()]
    if invalid:
        messages.error(request, f"{len(invalid)} row(s) not saved: see the messages in red.")
        return _edit_page(request, production, sheet, call_forms=forms, status=400)
    changed = 0
    for form in forms:
        if form.is_bound and form.has_changed():
            editing.person_call_edit(person_call=form.instance, **form.changed_fields())
            changed += 1
    messages.success(request, f"Calls saved ({changed} changed).")
    return _back(production, sheet)


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def person_call_edit(request, production, pk):
    """One row of the calls table (htmx posts it on change and swaps the row)."""
    call = selectors.person_call_get(production=production, pk=pk)
    form = PersonCallForm(request.POST, instance=call)
    saved = False
    if form.is_valid():
        try:
            if form.has_changed():
                editing.person_call_edit(person_call=call, **form.changed_fields())
            saved = True
        except ValidationError as exc:
            form_errors_add(form, exc)
    if request.htmx:
        if saved:
            form = PersonCallForm(instance=call)
        return render(request, "callsheets/_call_row.html",
                      {"production": production, "f": form, "saved": saved},
                      # htmx swaps 2xx only: the row comes back with its errors in place
                      status=200)
    if saved:
        messages.success(request, f"{call.person.name}: saved.")
    else:
        messages.error(request, f"{call.person.name}: " + "; ".join(
            e for errors in form.errors.values() for e in errors))
    return _back(production, call.callsheet)


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def department_call(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    form = DepartmentCallForm(request.POST,
                              departments=selectors.crew_departments(callsheet=sheet))
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return _back(production, sheet)
    department = form.cleaned_data["department"]
    try:
        count = editing.department_call_edit(callsheet=sheet, department=department,
                                             call=form.cleaned_data["department_call"])
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        when = form.cleaned_data["department_call"]
        label = f"call {when.strftime('%H:%M')}" if when else "back to the general call"
        messages.success(request, f"{department}: {label} for {count} people.")
    return _back(production, sheet)


def _background_response(request, production, sheet, *, ok: bool, forms=None, new=None,
                         message: str = ""):
    if request.htmx:
        context = _background_context(production, sheet, forms, new)
        return render(request, "callsheets/_background.html", context)
    if ok:
        messages.success(request, message)
    else:
        bad = [f for f in (forms or []) + ([new] if new else []) if f.errors]
        messages.error(request, "Background not saved: " + "; ".join(
            e for f in bad for errors in f.errors.values() for e in errors))
    return _back(production, sheet)


def _background_save(form, save) -> bool:
    if not form.is_valid():
        return False
    try:
        save(form.service_fields())
    except ValidationError as exc:
        form_errors_add(form, exc)
        return False
    return True


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def background_add(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    form = BackgroundCallForm(request.POST)
    ok = _background_save(form, lambda data: editing.background_call_create(callsheet=sheet,
                                                                            **data))
    return _background_response(request, production, sheet, ok=ok,
                                new=None if ok else form, message="Background added.")


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def background_edit(request, production, pk):
    background = selectors.background_get(production=production, pk=pk)
    sheet = background.callsheet
    form = BackgroundCallForm(request.POST, instance=background)
    ok = _background_save(form, lambda data: editing.background_call_update(
        background_call=background, **data))
    forms = None
    if not ok:
        forms = [form if b.pk == background.pk else BackgroundCallForm(instance=b)
                 for b in sheet.background.order_by("call", "id")]
    return _background_response(request, production, sheet, ok=ok, forms=forms,
                                message="Background saved.")


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def background_delete(request, production, pk):
    background = selectors.background_get(production=production, pk=pk)
    sheet = background.callsheet
    editing.background_call_delete(background_call=background)
    return _background_response(request, production, sheet, ok=True,
                                message="Background removed.")


@production_view(C.PUBLISH_CALLSHEET)
def settings_edit(request, production):
    found = selectors.callsheet_settings(production=production)
    form = CallSheetSettingsForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            editing.callsheet_settings_update(production=production, **form.service_fields())
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "Call-sheet settings saved.")
            return redirect("callsheets:settings", production.pk)
    return render(request, "callsheets/settings.html",
                  {"production": production, "form": form})
