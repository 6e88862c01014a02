"""Optimizer pages: start a run from the stripboard, watch it (htmx polls every second),
compare the current board with the proposal, apply it; the production's optimizer settings.

Thin, as every view: parse, check the role, call one service or selector. Costs come from
the cast's fees: they are shown only to roles that may see rates.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from productions.decorators import production_view
from productions.roles import Capability as C

from .. import board_selectors as bs
from .. import reports
from ..eighths import format_eighths
from ..models import OptimizationRun, OptimizerSettings
from ..services import BoardConflict
from . import selectors, services


class OptimizerSettingsForm(forms.ModelForm):
    class Meta:
        model = OptimizerSettings
        fields = ["capacity_eighths", "max_locations_per_day",
                  "no_ext_day_and_ext_night_same_day", "company_move_cost",
                  "location_change_cost", "unknown_cast_daily_cost"]


def _time_limit(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return services.TIME_LIMIT_DEFAULT


@production_view(C.EDIT_SCHEDULE)
@require_POST
def optimize_start(request, production, pk):
    board = bs.board_get(production=production, board_id=pk)
    try:
        run = services.optimization_start(board=board, by=request.user,
                                          time_limit=_time_limit(request.POST.get("time_limit")))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scheduling:board_detail", production.pk, board.pk)
    return redirect("scheduling:optimize_run", production.pk, run.pk)


def _run_context(request, production, run) -> dict:
    run = services.optimization_refresh(run=run)
    settings = selectors.optimizer_settings(production=production)
    return {
        "production": production, "run": run, "board": run.board,
        "can_edit": request.membership.can(C.EDIT_SCHEDULE),
        "rates": request.membership.can(C.VIEW_RATES),
        "settings": settings, "capacity": format_eighths(settings.capacity_eighths),
        "live": run.status in (OptimizationRun.Status.QUEUED, OptimizationRun.Status.RUNNING),
        "limits": (services.TIME_LIMIT_MIN, services.TIME_LIMIT_MAX),
    }


@production_view(C.VIEW_SCHEDULE)
def optimize_run(request, production, pk):
    """A run: its live progress, then the current board against the proposal."""
    run = selectors.run_get(production=production, run_id=pk)
    context = _run_context(request, production, run)
    if context["run"].status == OptimizationRun.Status.DONE:
        found = selectors.run_comparison(run=context["run"])
        context["comparison"] = found
        context["current_grid"] = reports.dood_grid(found.current_dood) if found.current_dood \
            else []
        context["proposed_grid"] = reports.dood_grid(found.proposed_dood) \
            if found.proposed_dood else []
    return render(request, "scheduling/optimize_run.html", context)


@production_view(C.VIEW_SCHEDULE)
def optimize_progress(request, production, pk):
    """The progress card alone, for htmx; once the run has ended the page reloads to show
    the comparison."""
    run = selectors.run_get(production=production, run_id=pk)
    context = _run_context(request, production, run)
    response = render(request, "scheduling/optimize_progress.html", context)
    if not context["live"] and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@production_view(C.EDIT_SCHEDULE)
@require_POST
def optimize_apply(request, production, pk):
    run = selectors.run_get(production=production, run_id=pk)
    mode = request.POST.get("mode", "")
    version = request.POST.get("expected_version")
    try:
        applied = services.optimization_apply(
            run=run, mode=mode, by=request.user, name=request.POST.get("name", ""),
            expected_version=int(version) if version and version.isdigit() else None)
    except BoardConflict:
        messages.error(request, f"{run.board} changed since the optimizer read it, so the "
                                "proposal was not applied over it. Run the optimizer again, or "
                                "apply the proposal as a new scenario.")
        return redirect("scheduling:optimize_run", production.pk, run.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scheduling:optimize_run", production.pk, run.pk)
    if applied.mode == "new":
        messages.success(request, f"The proposal is now the scenario {applied.board.name}.")
    else:
        pending = getattr(applied.change, "pending", 0)
        messages.success(request, f"{applied.board.name} now follows the proposal."
                         + (f" {pending} person(s) have new work days to be told about."
                            if pending else ""))
    return redirect("scheduling:board_detail", production.pk, applied.board.pk)


@production_view(C.EDIT_SCHEDULE)
@require_POST
def optimize_cancel(request, production, pk):
    run = selectors.run_get(production=production, run_id=pk)
    services.optimization_cancel(run=run)
    messages.success(request, "Optimization cancelled.")
    return redirect("scheduling:optimize_run", production.pk, run.pk)


@production_view(C.VIEW_SCHEDULE)
def optimize_settings(request, production):
    """Day capacity, grouping rules and cost weights the optimizer uses."""
    settings = selectors.optimizer_settings(production=production)
    can_edit = request.membership.can(C.EDIT_SCHEDULE)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Your role on this production does not allow this.")
        form = OptimizerSettingsForm(request.POST, instance=settings)
        if form.is_valid():
            try:
                services.optimizer_settings_update(
                    production=production,
                    **{name: form.cleaned_data[name] for name in form.Meta.fields})
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Optimizer settings saved: the next run uses them.")
                return redirect("scheduling:optimize_settings", production.pk)
    else:
        form = OptimizerSettingsForm(instance=settings)
    return render(request, "scheduling/optimize_settings.html", {
        "production": production, "form": form, "can_edit": can_edit,
        "runs": list(selectors.run_list(production=production)[:20]),
        "rates": request.membership.can(C.VIEW_RATES),
    })
