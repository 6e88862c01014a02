
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications.selectors import message_progress
from productions.decorators import production_view
from productions.roles import Capability as C

from . import selectors, services
from .pdf import callsheet_pdf as render_pdf
from .times import hhmm


@production_view(C.VIEW_CALLSHEETS)
def callsheet_list(request, production):
    sheets = list(selectors.callsheet_list(production=production))
    return render(request, "callsheets/list.html", {"production": production, "sheets": sheets})


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def callsheet_create(request, production):
    try:
        day = int(request.POST.get("day", ""))
        sheet = services.callsheet_create_for_day(
            production=production, day=day, unit=request.POST.get("unit") or "Main unit")
    except (ValueError, ValidationError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else "Give a day."
        messages.error(request, text)
        return redirect("callsheets:list", production.pk)
    return redirect("callsheets:edit", production.pk, sheet.pk)


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def callsheet_refresh(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    try:
        services.callsheet_refresh_schedule(callsheet=sheet)
        messages.success(request, "Scenes, cast and locations re-read from the board.")
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("callsheets:edit", production.pk, sheet.pk)


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def callsheet_publish(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    try:
        version = services.callsheet_publish(callsheet=sheet, by=request.user,
                                             override=request.POST.get("override") == "1")
    except services.PublishWarnings as exc:
        messages.warning(request, f"{len(exc.warnings)} warning(s): tick "
                                  "“Publish anyway” to override them.")
        return redirect("callsheets:edit", production.pk, sheet.pk)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("callsheets:edit", production.pk, sheet.pk)
    messages.success(request, f"Version {version.number} published to "
                              f"{version.recipients.count()} people.")
    return redirect("callsheets:distribution", production.pk, sheet.pk)


@production_view(C.VIEW_CALLSHEETS)
def callsheet_pdf(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    version = selectors.latest_version(callsheet=sheet)
    publisher = request.membership.can(C.PUBLISH_CALLSHEET)
    if not publisher and version is None:
        raise Http404("Not published yet.")  # crew see what was sent, never a draft
    if version is not None and (not sheet.edited_since_publish or not publisher):
        from django.core.files.storage import default_storage

        if version.pdf_path:
            with default_storage.open(version.pdf_path, "rb") as handle:
                data = handle.read()
        else:  # a worker is still rendering it: the same snapshot, rendered here
            data = render_pdf(version=version)
    else:  # a draft preview
        from .models import CallSheetVersion

        draft = CallSheetVersion(callsheet=sheet, number=0,
                                 snapshot=services.callsheet_snapshot(callsheet=sheet))
        data = render_pdf(version=draft)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="callsheet-day{sheet.day}.pdf"'
    return response


@production_view(C.VIEW_CALLSHEETS)
def distribution(request, production, pk):
    """Per recipient: queued / sent / failed, opened, confirmed."""
    departments = selectors.confirmation_scope(membership=request.membership,
                                               production=production)
    sheet = selectors.callsheet_get(production=production, pk=pk)
    version = selectors.latest_version(callsheet=sheet)
    rows, counts, template = [], {}, ""
    if version is not None:
        recipients = selectors.recipients(version=version)
        if departments is not None:
            recipients = recipients.filter(department__in=departments)
        rows = list(recipients)
        counts = selectors.receipt_counts(version=version, departments=departments)
        template = f"callsheet:{version.pk}"
    return render(request, "callsheets/distribution.html", {
        "production": production, "sheet": sheet, "version": version, "rows": rows,
        "counts": counts, "template_name": template, "everyone": departments is None,
        "can_remind": request.membership.can(C.PUBLISH_CALLSHEET),
        "progress": message_progress(production=production, template=template or "-"),
    })


@require_POST
@production_view(C.PUBLISH_CALLSHEET)
def remind(request, production, pk):
    sheet = selectors.callsheet_get(production=production, pk=pk)
    version = selectors.latest_version(callsheet=sheet)
    if version is None:
        raise Http404
    sent = services.callsheet_remind(version=version)
    messages.success(request, f"Reminder queued for {sent} people who had not confirmed.")
    return redirect("callsheets:distribution", production.pk, sheet.pk)


# --- The personal link -----------------------------------------------------------------


def _mobile_context(recipient, token: str):
    snapshot = recipient.version.snapshot
    row = services.snapshot_calls(snapshot).get(recipient.person_id, {})
    return {"s": snapshot, "row": row, "recipient": recipient, "token": token}


def mobile(request, token):
    recipient = services.recipient_for_token(token=token)
    if recipient is None:
        raise Http404
    services.recipient_open(recipient=recipient)
    response = render(request, "callsheets/mobile.html", _mobile_context(recipient, token))
    response["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: the token never leaves the site, and the Confirm
    # form keeps its Origin header (no-referrer sends "Origin: null", which CSRF refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


@require_POST
def mobile_confirm(request, token):
    recipient = services.recipient_for_token(token=token)
    if recipient is None:
        raise Http404
    services.recipient_confirm(recipient=recipient)
    return redirect("callsheets:mobile", token)


__all__ = ["hhmm"]
