"""Stripboard pages: the board, its scenarios, moves, the calendar and the Day Out of Days.

Thin: parse, check the role, call one service or selector. A move answers JSON with
the re-rendered board (so day numbers, dates and page totals are the server's), or
409 with the current board when the caller's version is stale.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from productions.decorators import production_view
from productions.forms import form_errors_add
from productions.roles import Capability as C

from . import board_selectors as bs
from . import reports, schedule_notice, services
from .board_forms import BoardCreateForm, CalendarForm, EventForm
from .dood_export import XLSX_CONTENT_TYPE, dood_csv, dood_xlsx
from .eighths import format_eighths
from .models import Element, ElementEvent, Strip

# --- The board -------------------------------------------------------------------------


def _palette(production):
    from .selectors import breakdown_settings

    return breakdown_settings(production=production)


def _context(request, production, board):
    page = bs.board_page(board=board)
    can_edit = request.membership.can(C.EDIT_SCHEDULE)
    return {
        "production": production, "board": board, "page": page,
        "boards": list(bs.board_list(production=production)),
        "total_length": format_eighths(page.eighths) if page.eighths else "0",
        "palette": _palette(production),
        "can_edit": can_edit,
        "notices": bs.page_notices(page=page) if can_edit else [],
    }


@production_view(C.VIEW_SCHEDULE)
def board(request, production):
    """The production's active board, or a page to start one."""
    active = bs.board_active(production=production)
    if active is None:
        return render(request, "scheduling/board_empty.html", {
            "production": production, "form": BoardCreateForm(),
            "boards": list(bs.board_list(production=production)),
            "scene_count": production.scenes.filter(omitted=False).count()})
    return render(request, "scheduling/board.html", _context(request, production, active))


@production_view(C.VIEW_SCHEDULE)
def board_detail(request, production, pk):
    found = bs.board_get(production=production, board_id=pk)
    return render(request, "scheduling/board.html", _context(request, production, found))


@production_view(C.EDIT_SCHEDULE)
@require_POST
def board_create(request, production):
    form = BoardCreateForm(request.POST)
    if form.is_valid():
        created = services.board_create(
            production=production, name=form.cleaned_data["name"], by=request.user,
            split=form.cleaned_data["start"] == "split",
            eighths_per_day=form.cleaned_data["pages_per_day"] * 8)
        return redirect("scheduling:board_detail", production.pk, created.pk)
    messages.error(request, "Give the board a name and a number of pages per day.")
    return redirect("scheduling:board", production.pk)


@production_view(C.EDIT_SCHEDULE)
@require_POST
def board_copy(request, production, pk):
    source = bs.board_get(production=production, board_id=pk)
    copy = services.board_copy(board=source, name=request.POST.get("name", ""), by=request.user)
    messages.success(request, f"Copied to {copy.name}: shuffle it without touching {source}.")
    return redirect("scheduling:board_detail", production.pk, copy.pk)


@production_view(C.EDIT_SCHEDULE)
@require_POST
def board_activate(request, production, pk):
    target = bs.board_get(production=production, board_id=pk)
    try:
        change = services.board_activate(board=target, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{target} is now the active board."
                         + (f" {change.pending} affected: review and notify them below."
                            if change.pending else ""))
    return redirect("scheduling:board_detail", production.pk, pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _move_arguments(request, target) -> dict:
    """The strip_move arguments a request names: what moves, and where to."""
    data = request.POST
    kwargs: dict = {}
    strip = None
    if data.get("strip"):
        strip = get_object_or_404(Strip, board=target, pk=_int(data["strip"]) or 0)
        kwargs["strip"] = strip
    elif data.get("scene"):
        kwargs["scene"] = _int(data["scene"]) or 0
    elif data.get("new_kind"):
        kwargs["new_kind"] = data["new_kind"]
        kwargs["text"] = data.get("text", "")
    where = data.get("to", "position")
    if where == "boneyard":
        kwargs["to_position"] = None
    elif where in ("up", "down"):
        if strip is None:
            raise ValidationError("Choose a strip on the board to move up or down.")
        step = -1 if where == "up" else 1
        count = target.strips.count()
        kwargs["to_position"] = min(max(strip.position + step, 0), count - 1)
    elif where == "day":
        day = _int(data.get("day"))
        position = services.day_break_position(board=target, day=day or 0)
        if strip is not None and strip.position < position:
            position -= 1
        kwargs["to_position"] = position
    else:
        position = _int(data.get("to_position"))
        if position is None:
            raise ValidationError({"to_position": "Say where the strip goes."})
        kwargs["to_position"] = position
    return kwargs


def _impact_text(change) -> list[str]:
    lines = []
    for item in change.impact:
        who = f"{item.board_id}. {item.name}" if item.board_id else item.name
        before = ", ".join(d.strftime("%a %d") for d in item.before) or "none"
        after = ", ".join(d.strftime("%a %d") for d in item.after) or "none"
        line = f"{who}: {before} → {after}"
        if item.holds_after != item.holds_before:
            line += f"; holds {item.holds_before} → {item.holds_after}"
        lines.append(line)
    return lines


def _fragment(request, production, target) -> str:
    return render_to_string("scheduling/board_fragment.html",
                            _context(request, production, target), request=request)


@production_view(C.EDIT_SCHEDULE)
@require_POST
def board_move(request, production, pk):
    """Apply one move; JSON for the page's script, a redirect for a plain form."""
    target = bs.board_get(production=production, board_id=pk)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    status, payload = 200, {}
    try:
        version = _int(request.POST.get("version"))
        if version is None:
            raise ValidationError({"version": "Send the board version you saw."})
        change = services.strip_move(board=target, expected_version=version, by=request.user,
                                     **_move_arguments(request, target))
        payload = {"ok": True, "impact": _impact_text(change), "notified": change.notified,
                   "pending": change.pending}
        target = change.board
    except services.BoardConflict:
        status = 409
        payload = {"ok": False, "error": "The board changed — reloaded."}
        target.refresh_from_db()
    except ValidationError as exc:
        status = 400
        payload = {"ok": False, "error": " ".join(exc.messages)}
    if not wants_json:
        level = messages.success if status == 200 else messages.error
        level(request, payload.get("error") or "Moved. " + "; ".join(payload["impact"]))
        return redirect("scheduling:board_detail", production.pk, pk)
    payload["version"] = target.version
    payload["html"] = _fragment(request, production, target)
    return JsonResponse(payload, status=status)


@production_view(C.EDIT_SCHEDULE)
def board_notify(request, production, pk):
    """Review whose work days changed since they were last told, untick anyone, confirm:
    one message each through the outbox."""
    target = bs.board_get(production=production, board_id=pk)
    back = redirect("scheduling:board_detail", production.pk, pk)
    if not target.is_active:
        messages.error(request, "Only the active board's changes are told: make it active "
                                "first.")
        return back
    if request.method == "POST":
        people = [p for p in (_int(v) for v in request.POST.getlist("people")) if p]
        if not people:
            messages.error(request, "Tick at least one person to tell.")
            return redirect("scheduling:board_notify", production.pk, pk)
        try:
            result = services.schedule_notify(production=production, people=people,
                                              expected=request.POST.get("fingerprint", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("scheduling:board_notify", production.pk, pk)
        text = f"Told {len(result.told)} {'person' if len(result.told) == 1 else 'people'}"
        text += f": {result.sent} email{'' if result.sent == 1 else 's'} on the way."
        if result.still_pending:
            text += f" {result.still_pending} left to tell later: they stay on the list."
        if result.without_email:
            text += (" No email address for " + ", ".join(n.name for n in result.without_email)
                     + ": tell them yourself.")
        messages.success(request, text)
        return back
    _active, notices = bs.schedule_notices(production=production)
    return render(request, "scheduling/board_notify.html", {
        "production": production, "board": target, "notices": notices,
        "fingerprint": schedule_notice.fingerprint(notices)})


# --- Calendar --------------------------------------------------------------------------


@production_view(C.VIEW_SCHEDULE)
def calendar(request, production):
    settings = bs.calendar_settings(production=production)
    can_edit = request.membership.can(C.EDIT_SCHEDULE)
    if request.method == "POST" and can_edit:
        form = CalendarForm(request.POST)
        if form.is_valid():
            try:
                services.calendar_update(production=production, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                messages.success(request, "Calendar saved; the board's dates follow it.")
                return redirect("scheduling:calendar", production.pk)
    else:
        form = CalendarForm(initial={
            "first_shoot_day": settings.first_shoot_day,
            "days_off": [str(d) for d in settings.days_off],
            "holidays": "\n".join(settings.holidays),
            "drop_gap_days": settings.drop_gap_days})
    return render(request, "scheduling/board_calendar.html", {
        "production": production, "form": form, "can_edit": can_edit,
        "event_form": EventForm(production=production),
        "events": bs.event_list(production=production),
    })


@production_view(C.EDIT_SCHEDULE)
@require_POST
def calendar_event_add(request, production):
    form = EventForm(request.POST, production=production)
    if form.is_valid():
        try:
            services.event_create(production=production, **form.cleaned_data)
            messages.success(request, "Event added.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Choose an element, a kind and a date.")
    return redirect("scheduling:calendar", production.pk)


@production_view(C.EDIT_SCHEDULE)
@require_POST
def calendar_event_delete(request, production, pk):
    event = get_object_or_404(ElementEvent, production=production, pk=pk)
    services.event_delete(event=event)
    messages.success(request, "Event removed.")
    return redirect("scheduling:calendar", production.pk)


# --- Day Out of Days -------------------------------------------------------------------


def _dood_board(request, production):
    board_id = _int(request.GET.get("board"))
    if board_id:
        return bs.board_get(production=production, board_id=board_id)
    return bs.board_active(production=production)


def _dood_or_none(board):
    if board is None:
        return None, "Start a board to see the Day Out of Days."
    try:
        return bs.board_dood(board=board), ""
    except ValueError as exc:
        return None, str(exc)


@production_view(C.VIEW_SCHEDULE)
def dood(request, production):
    target = _dood_board(request, production)
    computed, error = _dood_or_none(target)
    return render(request, "scheduling/dood.html", {
        "production": production, "board": target, "dood": computed, "error": error,
        "grid": reports.dood_grid(computed) if computed else [],
        "boards": list(bs.board_list(production=production)),
        "can_edit": request.membership.can(C.EDIT_SCHEDULE),
        "flags": bs.dood_flags(production=production),
    })


@production_view(C.EDIT_SCHEDULE)
@require_POST
def dood_flags_update(request, production):
    """Holds, drop/pickup and tracking for one element (cast, or any element added)."""
    element = get_object_or_404(Element, production=production,
                                pk=_int(request.POST.get("element")) or 0)
    try:
        services.element_dood_update(
            element=element, allows_holds=request.POST.get("allows_holds") == "on",
            allows_drop=request.POST.get("allows_drop") == "on",
            track_in_dood=request.POST.get("track_in_dood") == "on")
        messages.success(request, f"{element.name}: Day Out of Days settings saved.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("scheduling:dood", production.pk)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _dood_file(request, production, kind: str):
    target = _dood_board(request, production)
    computed, error = _dood_or_none(target)
    if computed is None:
        messages.error(request, error)
        return redirect("scheduling:dood", production.pk)
    stem = f"{slugify(production.title) or 'production'}-dood-{date.today().isoformat()}"
    if kind == "csv":
        return _download(dood_csv(dood=computed), "text/csv; charset=utf-8", f"{stem}.csv")
    if kind == "xlsx":
        return _download(dood_xlsx(dood=computed), XLSX_CONTENT_TYPE, f"{stem}.xlsx")
    return _download(reports.dood_pdf(production=production, board=target, dood=computed),
                     "application/pdf", f"{stem}.pdf")


@production_view(C.VIEW_SCHEDULE)
def dood_csv_download(request, production):
    return _dood_file(request, production, "csv")


@production_view(C.VIEW_SCHEDULE)
def dood_xlsx_download(request, production):
    return _dood_file(request, production, "xlsx")


@production_view(C.VIEW_SCHEDULE)
def dood_pdf_download(request, production):
    return _dood_file(request, production, "pdf")




# --- Reports ---------------------------------------------------------------------------


def _report(request, production, pk):
    target = bs.board_get(production=production, board_id=pk)
    page = bs.board_page(board=target)
    full = request.GET.get("kind") == "full"
    return target, reports.schedule_days(page=page), full


@production_view(C.VIEW_SCHEDULE)
def board_report(request, production, pk):
    target, days, full = _report(request, production, pk)
    return render(request, "scheduling/board_report.html", {
        "production": production, "board": target, "days": days, "full": full,
        "palette": _palette(production)})


@production_view(C.VIEW_SCHEDULE)
def board_report_pdf(request, production, pk):
    target, days, full = _report(request, production, pk)
    name = f"{slugify(production.title) or 'production'}-{'schedule' if full else 'one-liner'}"
    return _download(reports.schedule_pdf(production=production, board=target, days=days,
                                          full=full), "application/pdf", f"{name}.pdf")


@production_view(C.VIEW_SCHEDULE)
def board_report_csv(request, production, pk):
    _target, days, full = _report(request, production, pk)
    name = f"{slugify(production.title) or 'production'}-{'schedule' if full else 'one-liner'}"
    return _download(reports.schedule_csv(days=days), "text/csv; charset=utf-8", f"{name}.csv")


@production_view(C.EDIT_SCHEDULE)
@require_POST
def board_rename(request, production, pk):
    target = bs.board_get(production=production, board_id=pk)
    try:
        services.board_rename(board=target, name=request.POST.get("name", ""))
        messages.success(request, "Board renamed.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("scheduling:board_detail", production.pk, pk)


@production_view(C.EDIT_SCHEDULE)
@require_POST
def board_delete(request, production, pk):
    target = bs.board_get(production=production, board_id=pk)
    try:
        services.board_delete(board=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scheduling:board_detail", production.pk, pk)
    messages.success(request, f"{target.name} deleted.")
    return redirect("scheduling:board", production.pk)
