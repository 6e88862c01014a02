"""Cost tracking pages: the cost report (top sheet -> category -> account -> actuals),
an account's actuals and purchase orders with their forms, exports, the PDF and the
import of actuals. Thin: parse, check the capability, call one service or selector."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from productions.decorators import production_view
from productions.forms import form_errors_add
from productions.roles import Capability as C

from . import burn as burn_module
from . import cost_exports, cost_forms, cost_selectors, cost_services
from .models import Account, Actual, Budget, PurchaseOrder


def _budget(production, pk) -> Budget:
    return get_object_or_404(production.budgets.select_related("production"), pk=pk)


def _account(production, pk) -> Account:
    return get_object_or_404(Account.objects.select_related("budget", "category"), pk=pk,
                             budget__production=production)


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _args(request):
    try:
        return cost_selectors.report_args(request.GET)
    except ValidationError:
        return cost_selectors.report_args({})


def burn_svg(points: list, width: int = 960, height: int = 260) -> dict:
    """Coordinates for the burn chart, computed here so the template only draws."""
    if not points:
        return {}
    pad_l, pad_r, pad_b, pad_t = 24, 28, 34, 22
    top = max([p.planned for p in points]
              + [p.actual for p in points if p.actual is not None] + [Decimal("1")])
    step = (width - pad_l - pad_r) / max(len(points) - 1, 1)

    def y(value) -> float:
        return round(pad_t + (height - pad_t - pad_b) * (1 - float(value / top)), 1)

    placed = [(round(pad_l + i * step, 1), p) for i, p in enumerate(points)]
    days = [x for x in placed if x[1].key == "day"]
    every = max(-(-len(days) // 10), 1)  # at most about ten day labels
    labelled = {id(p) for n, (_, p) in enumerate(days)
                if n % every == 0 or n == len(days) - 1}
    labels = [(x, "D" + str(p.number) if p.key == "day" else p.label,
               p.end if p.key == "day" else None)
              for x, p in placed if p.key != "day" or id(p) in labelled]
    return {
        "width": width, "height": height, "top": top,
        "planned": " ".join(f"{x},{y(p.planned)}" for x, p in placed),
        "actual": " ".join(f"{x},{y(p.actual)}" for x, p in placed if p.actual is not None),
        "dots": [{"x": x, "y": y(p.actual), "point": p} for x, p in placed
                 if p.actual is not None],
        "labels": labels, "baseline": height - pad_b, "top_y": pad_t,
        "last": next((p for p in reversed(points) if p.actual is not None), None),
        "end": points[-1],
    }


@production_view(C.VIEW_BUDGET)
def cost_report(request, production, pk):
    budget = _budget(production, pk)
    as_of, period = _args(request)
    data = cost_selectors.cost_report_data(budget=budget, as_of=as_of, period=period)
    chosen = request.GET.get("category", "")
    burn = cost_selectors.burn_data(budget=budget, data=data)
    return render(request, "budgets/cost_report.html", {
        "production": production, "budget": budget, "data": data,
        "levels": cost_selectors.report_levels(data), "total": data.report.total,
        "chosen": int(chosen) if chosen.isdigit() else None,
        "burn": burn, "chart": burn_svg(burn.points),
        "hot": burn_module.day_plan(burn.points, as_of) if period == "day" else None,
        "threshold_form": cost_forms.ThresholdForm(
            initial={"alert_threshold": budget.alert_threshold}),
        "query": request.GET.urlencode(),
    })


@production_view(C.EDIT_BUDGET)
@require_POST
def alert_threshold(request, production, pk):
    budget = _budget(production, pk)
    form = cost_forms.ThresholdForm(request.POST)
    if form.is_valid():
        try:
            cost_services.alert_threshold_set(budget=budget,
                                              threshold=form.cleaned_data["alert_threshold"])
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "Alert threshold saved.")
    else:
        messages.error(request, "Give a percentage between 1 and 100.")
    return redirect("budgets:costs", production.pk, budget.pk)


@production_view(C.VIEW_BUDGET)
def cost_export(request, production, pk):
    budget = _budget(production, pk)
    as_of, period = _args(request)
    data = cost_selectors.cost_report_data(budget=budget, as_of=as_of, period=period)
    burn = cost_selectors.burn_data(budget=budget, data=data)
    try:
        return cost_exports.cost_report_response(data=data, kind=request.GET.get("type", "xlsx"),
                                                 part=request.GET.get("part", "report"),
                                                 burn=burn.points)
    except ValidationError as exc:
        return HttpResponse(_message(exc), status=400, content_type="text/plain")


@production_view(C.VIEW_BUDGET)
def cost_pdf(request, production, pk):
    budget = _budget(production, pk)
    as_of, period = _args(request)
    data = cost_selectors.cost_report_data(budget=budget, as_of=as_of, period=period)
    burn = cost_selectors.burn_data(budget=budget, data=data)
    content = cost_exports.cost_report_pdf(production=production, data=data, burn=burn.points)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="cost-report-{budget.pk}-{as_of.isoformat()}.pdf"')
    return response


def _account_page(request, production, account, **forms):
    as_of, period = _args(request)
    data = cost_selectors.cost_report_data(budget=account.budget, as_of=as_of, period=period)
    return render(request, "budgets/account_costs.html", {
        "production": production, "budget": account.budget, "account": account,
        "category": account.category, "data": data,
        "figures": data.report.accounts[account.pk],
        **cost_selectors.account_activity(account=account, as_of=as_of),
        "actual_form": forms.get("actual_form") or cost_forms.ActualForm(account=account),
        "po_form": forms.get("po_form") or cost_forms.PurchaseOrderForm(),
        "etc_form": forms.get("etc_form") or cost_forms.EstimateForm(),
        "alerts": [a for a in data.alerts if a.account_id == account.pk],
    })


@production_view(C.VIEW_BUDGET)
def account_costs(request, production, pk):
    return _account_page(request, production, _account(production, pk))


@production_view(C.EDIT_BUDGET)
@require_POST
def actual_create(request, production, pk):
    account = _account(production, pk)
    form = cost_forms.ActualForm(request.POST, request.FILES, account=account)
    if form.is_valid():
        try:
            cost_services.actual_record(budget=account.budget, account=account, by=request.user,
                                        **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "Actual recorded.")
            return redirect("budgets:account_costs", production.pk, account.pk)
    return _account_page(request, production, account, actual_form=form)


@production_view(C.EDIT_BUDGET)
@require_POST
def po_create(request, production, pk):
    account = _account(production, pk)
    form = cost_forms.PurchaseOrderForm(request.POST)
    if form.is_valid():
        try:
            cost_services.po_create(budget=account.budget, account=account,
                                    **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Purchase order added.")
            return redirect("budgets:account_costs", production.pk, account.pk)
    return _account_page(request, production, account, po_form=form)


@production_view(C.EDIT_BUDGET)
@require_POST
def etc_set(request, production, pk):
    account = _account(production, pk)
    form = cost_forms.EstimateForm(request.POST)
    if form.is_valid():
        try:
            cost_services.etc_set(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "Estimate to complete saved.")
    return redirect("budgets:account_costs", production.pk, account.pk)


@production_view(C.EDIT_BUDGET)
@require_POST
def po_close(request, production, pk):
    po = get_object_or_404(PurchaseOrder, pk=pk, budget__production=production)
    try:
        cost_services.po_close(po=po)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"PO {po.number} closed.")
    return redirect("budgets:account_costs", production.pk, po.account_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def actual_delete(request, production, pk):
    actual = get_object_or_404(Actual, pk=pk, budget__production=production)
    try:
        cost_services.actual_delete(actual=actual)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, "Actual deleted.")
    return redirect("budgets:account_costs", production.pk, actual.account_id)


@production_view(C.VIEW_BUDGET)
def actual_document(request, production, pk):
    """The invoice or receipt of an actual: served only to money roles (never from /media/)."""
    actual = get_object_or_404(Actual, pk=pk, budget__production=production)
    if not actual.document:
        raise Http404("This actual has no document.")
    return FileResponse(actual.document.open("rb"), as_attachment=True,
                        filename=actual.document.name.rsplit("/", 1)[-1])


@production_view(C.VIEW_BUDGET)
def actuals_import(request, production, pk):
    budget = _budget(production, pk)
    form = cost_forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        if not request.membership.can(C.EDIT_BUDGET):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Your role on this production does not allow this.")
        if form.is_valid():
            try:
                created = cost_exports.actuals_import(budget=budget,
                                                      upload=form.cleaned_data["file"],
                                                      by=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Imported {len(created)} actuals.")
                return redirect("budgets:costs", production.pk, budget.pk)
    return render(request, "budgets/actuals_import.html", {
        "production": production, "budget": budget, "form": form, "errors": errors})
