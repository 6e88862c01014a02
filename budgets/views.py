"""Budget pages: list, top sheet, account detail with the inline line editor, setup
(globals, fringes, contractual charges), versions and comparison, exports and import.

Thin: parse, check the capability (`@production_view`), call one service or
selector, render. Rates are shown only with `view_rates`.
"""

from decimal import Decimal
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from productions.decorators import production_view
from productions.roles import Capability as C

from . import compare, exports, forms, pdf, selectors, services
from .models import Account, Budget, Category, ContractualCharge, Fringe, Global, LineItem


def _budget(production, pk) -> Budget:
    return get_object_or_404(production.budgets, pk=pk)


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _can_edit(request) -> bool:
    return request.membership.can(C.EDIT_BUDGET)


def _rates(request) -> bool:
    return request.membership.can(C.VIEW_RATES)


def _require_edit(request) -> None:
    from django.core.exceptions import PermissionDenied

    if not _can_edit(request):
        raise PermissionDenied("Your role on this production does not allow this.")


@production_view(C.VIEW_BUDGET)
def budget_list(request, production):
    form = forms.BudgetCreateForm(request.POST or None,
                                  initial={"currency": production.currency})
    if request.method == "POST":
        _require_edit(request)
        if form.is_valid():
            try:
                budget = services.budget_create(production=production, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Budget “{budget.name}” created.")
                return redirect("budgets:topsheet", production.pk, budget.pk)
    return render(request, "budgets/budget_list.html", {
        "production": production, "budgets": selectors.budget_list(production=production),
        "form": form,
    })


def _chart(data) -> list[dict]:
    """Where the money goes: categories by total, widths relative to the largest."""
    rows = [(c, data.result.categories[c.pk].total) for c in data.categories]
    rows = [(c, t) for c, t in rows if t > 0]
    rows.sort(key=lambda row: -row[1])
    grand = sum((t for _, t in rows), Decimal("0"))
    top = rows[0][1] if rows else Decimal("1")
    return [{"category": c, "total": t, "width": float(t / top * 100),
             "share": float(t / grand * 100) if grand else 0.0} for c, t in rows[:12]]


@production_view(C.VIEW_BUDGET)
def topsheet(request, production, pk):
    budget = _budget(production, pk)
    data = selectors.budget_calculate(budget=budget)
    result = data.result
    changes = _schedule_changes(budget)
    moved = changes["schedule_by_account"]
    levels = []
    for level, label in selectors.calc_levels():
        categories = []
        for category in data.categories:
            if category.level != level:
                continue
            categories.append({
                "category": category, "totals": result.categories[category.pk],
                "accounts": [{"account": a, "totals": result.accounts[a.pk],
                              "schedule_change": moved.get(a.pk)}
                             for a in data.accounts_of(category)],
            })
        levels.append({"level": level, "label": label, "categories": categories,
                       "totals": result.levels[level]})
    return render(request, "budgets/topsheet.html", {
        **changes,
        "production": production, "budget": budget, "data": data, "result": result,
        "levels": levels, "chart": _chart(data),
        "fringes": [(f, result.fringes[f.pk]) for f in data.fringes],
        "charges": [(row["charge"], result.charge_bases[row["charge"].pk],
                     result.charges[row["charge"].pk]) for row in data.charges],
        "account_form": forms.AccountForm(budget=budget),
        "category_form": forms.CategoryForm(),
        "overage_alerts": list(budget.overage_alerts.select_related("account").order_by(
            "account__category__order", "account__order", "account__number", "kind", "id")),
    })


def _schedule_changes(budget) -> dict:
    """Lines moved by the schedule since last reviewed: per account, and in all."""
    from django.db.models import Count, Sum

    rows = (budget.lines.filter(schedule_change__isnull=False).order_by().values("account_id")
            .annotate(change=Sum("schedule_change"), lines=Count("id")))
    by_account = {row["account_id"]: row["change"] for row in rows}
    return {"schedule_by_account": by_account,
            "schedule_lines": sum(row["lines"] for row in rows),
            "schedule_total": sum(by_account.values(), Decimal("0"))}


@production_view(C.EDIT_BUDGET)
@require_POST
def schedule_reviewed(request, production, pk):
    budget = _budget(production, pk)
    count = services.lines_acknowledge_schedule(budget=budget)
    messages.success(request, f"Marked {count} line{'s' if count != 1 else ''} as reviewed.")
    return redirect("budgets:topsheet", production.pk, budget.pk)


def _account(production, pk) -> Account:
    return get_object_or_404(Account.objects.select_related("budget", "category"), pk=pk,
                             budget__production=production)


def _account_context(request, production, account, data, **extra):
    lines = list(selectors.account_lines(account=account))
    fringe_codes = {f.pk: f.code for f in data.fringes}
    rows = [_row(line, data, fringe_codes) for line in lines]
    return {
        "production": production, "budget": account.budget, "account": account,
        "rows": rows, "data": data, "result": data.result,
        "totals": data.result.accounts[account.pk],
        "category_totals": data.result.categories[account.category_id],
        "can_edit": _can_edit(request) and not account.budget.is_locked,
        "rates": _rates(request), "units": LineItem._meta.get_field("unit").choices,
        "create_form": forms.LineCreateForm(production=production),
        "account_form": forms.AccountEditForm(initial={"number": account.number,
                                                       "name": account.name}),
        **extra,
    }


def _row(line, data, fringe_codes, *, error="", values=None):
    out = data.result.lines.get(line.pk)
    return {"line": line, "out": out, "error": error or (out.error if out else ""),
            "fringe_codes": " ".join(fringe_codes[f] for f in data.line_fringes.get(line.pk, ())
                                     if f in fringe_codes),
            "values": values or {}}


@production_view(C.VIEW_BUDGET)
def account_detail(request, production, pk):
    account = _account(production, pk)
    data = selectors.budget_calculate(budget=account.budget)
    return render(request, "budgets/account.html",
                  _account_context(request, production, account, data))


@production_view(C.EDIT_BUDGET)
@require_POST
def account_edit(request, production, pk):
    account = _account(production, pk)
    form = forms.AccountEditForm(request.POST)
    if form.is_valid():
        try:
            services.account_update(account=account, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, "Account saved.")
    return redirect("budgets:account", production.pk, account.pk)


@production_view(C.EDIT_BUDGET)
@require_POST
def account_create(request, production, pk):
    budget = _budget(production, pk)
    form = forms.AccountForm(request.POST, budget=budget)
    if form.is_valid():
        try:
            account = services.account_create(budget=budget, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            return redirect("budgets:account", production.pk, account.pk)
    else:
        messages.error(request, "Choose a category and give the account a number and a name.")
    return redirect("budgets:topsheet", production.pk, budget.pk)


@production_view(C.EDIT_BUDGET)
@require_POST
def category_create(request, production, pk):
    budget = _budget(production, pk)
    form = forms.CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.category_create(budget=budget, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message(exc))
    else:
        messages.error(request, "Give the category a number, a name and a level.")
    return redirect("budgets:topsheet", production.pk, budget.pk)


@production_view(C.EDIT_BUDGET)
@require_POST
def line_create(request, production, pk):
    account = _account(production, pk)
    form = forms.LineCreateForm(request.POST, production=production)
    if form.is_valid():
        try:
            services.line_create(budget=account.budget, account=account, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("budgets:account", args=[production.pk, account.pk]) + "#add-line")


def _fringes_from_codes(budget, codes: str):
    wanted = [c for c in codes.replace(",", " ").upper().split() if c]
    found = {f.code.upper(): f for f in budget.fringes.all()}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError({"fringes": f"No fringe {', '.join(unknown)} in this budget."})
    return [found[c] for c in wanted]


@production_view(C.EDIT_BUDGET)
@require_POST
def line_edit(request, production, pk):
    """The inline editor's save: answers the row and, out of band, every total it moved."""
    line = get_object_or_404(LineItem.objects.select_related("budget", "account__category"),
                             pk=pk, budget__production=production)
    form = forms.LineCellForm(request.POST)
    error = ""
    if form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("budget_version")
        codes = fields.pop("fringes")
        if not _rates(request) or fields["rate"] == "":
            fields.pop("rate")
        try:
            fringes = _fringes_from_codes(line.budget, codes)
            services.line_update(line=line, fringes=fringes, expected_version=version, **fields)
        except services.BudgetConflict as exc:
            error = str(exc)
        except ValidationError as exc:
            error = _message(exc)
    else:
        error = " ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    # Answer from the stored line figures and one aggregate: no full recalculation.
    line = (LineItem.objects.select_related("budget", "account", "crew_member__person",
                                            "cast_member__person")
            .prefetch_related("fringes").get(pk=line.pk))
    rollup = selectors.budget_rollup(budget=line.budget)
    totals = rollup.totals
    account = line.account
    out = SimpleNamespace(subtotal=line.subtotal, fringe_total=line.fringe_total,
                          total=line.subtotal + line.fringe_total)
    return render(request, "budgets/_line_row.html", {
        "production": production, "budget": rollup.budget, "oob": True,
        "row": {"line": line, "out": out, "error": error,
                "fringe_codes": " ".join(f.code for f in line.fringes.all()),
                "values": request.POST if error else {}},
        "totals": totals.accounts[account.pk],
        "category_totals": totals.categories[account.category_id],
        "result": totals,
        "can_edit": _can_edit(request) and not rollup.budget.is_locked,
        "rates": _rates(request), "units": LineItem._meta.get_field("unit").choices,
    })


@production_view(C.EDIT_BUDGET)
@require_POST
def line_delete(request, production, pk):
    line = get_object_or_404(LineItem.objects.select_related("budget"), pk=pk,
                             budget__production=production)
    account_id = line.account_id
    try:
        services.line_delete(line=line)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"Line “{line.description}” deleted.")
    return redirect("budgets:account", production.pk, account_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def budget_status(request, production, pk):
    budget = _budget(production, pk)
    status = request.POST.get("status", "")
    try:
        services.budget_set_status(budget=budget, status=status)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, {"locked": "Budget locked.", "closed": "Books closed: no more "
                                   "costs are recorded against this budget."}.get(
                                       status, "Budget unlocked."))
    return redirect("budgets:topsheet", production.pk, budget.pk)


@production_view(C.VIEW_BUDGET)
def setup(request, production, pk):
    """Globals, fringes and contractual charges of a budget."""
    budget = _budget(production, pk)
    kind = request.POST.get("kind", "")
    global_form = forms.GlobalForm(request.POST if kind == "global" else None)
    fringe_form = forms.FringeForm(request.POST if kind == "fringe" else None)
    charge_form = forms.ChargeForm(request.POST if kind == "charge" else None, budget=budget)
    if request.method == "POST":
        _require_edit(request)
        form = {"global": global_form, "fringe": fringe_form, "charge": charge_form}.get(kind)
        create = {"global": services.global_create, "fringe": services.fringe_create,
                  "charge": services.charge_create}.get(kind)
        if form is not None and form.is_valid():
            try:
                create(budget=budget, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Saved.")
                return redirect("budgets:setup", production.pk, budget.pk)
    data = selectors.budget_calculate(budget=budget)
    return render(request, "budgets/setup.html", {
        "production": production, "budget": budget, "data": data, "result": data.result,
        "globals": [(g, data.result.globals.get(g.name), data.result.global_errors.get(g.name))
                    for g in data.globals],
        "fringes": [(f, data.result.fringes[f.pk]) for f in data.fringes],
        "charges": [_charge_row(row, data) for row in data.charges],
        "categories": [(c, data.result.categories[c.pk]) for c in data.categories],
        "levels": Category._meta.get_field("level").choices,
        "kinds": Fringe.Kind.choices,
        "global_form": global_form, "fringe_form": fringe_form, "charge_form": charge_form,
        "can_edit": _can_edit(request) and not budget.is_locked,
    })


def _charge_row(row, data) -> dict:
    category_number = {c.pk: c.number for c in data.categories}
    account_number = {a.pk: a.number for a in data.accounts}
    applies = sorted(category_number[i] for i in row["categories"]) + sorted(
        account_number[i] for i in row["accounts"])
    return {"charge": row["charge"], "amount": data.result.charges[row["charge"].pk],
            "base": data.result.charge_bases[row["charge"].pk], "applies": applies,
            "excludes": sorted(account_number[i] for i in row["excluded_accounts"])}


@production_view(C.EDIT_BUDGET)
@require_POST
def global_edit(request, production, pk):
    item = get_object_or_404(Global.objects.select_related("budget"), pk=pk,
                             budget__production=production)
    try:
        services.global_update(item=item, expression=request.POST.get("expression", ""))
    except ValidationError as exc:
        messages.error(request, f"{item.name}: {_message(exc)}")
    else:
        messages.success(request, f"{item.name} saved.")
    return redirect("budgets:setup", production.pk, item.budget_id)


@production_view(C.VIEW_BUDGET)
def export(request, production, pk):
    budget = _budget(production, pk)
    try:
        return exports.export_response(budget=budget, kind=request.GET.get("type", "xlsx"),
                                       rates=_rates(request),
                                       part=request.GET.get("part", "details"))
    except ValidationError as exc:
        return HttpResponse(_message(exc), status=400, content_type="text/plain")


@production_view(C.VIEW_BUDGET)
def topsheet_pdf(request, production, pk):
    budget = _budget(production, pk)
    data = selectors.budget_calculate(budget=budget)
    response = HttpResponse(pdf.topsheet_pdf(production=production, data=data),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="topsheet-{budget.pk}.pdf"'
    return response


@production_view(C.VIEW_BUDGET)
def lines_import(request, production, pk):
    budget = _budget(production, pk)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        _require_edit(request)
        if form.is_valid():
            try:
                created = exports.lines_import(budget=budget, upload=form.cleaned_data["file"])
            except services.BudgetConflict as exc:
                errors = [str(exc)]
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Imported {len(created)} lines.")
                return redirect("budgets:topsheet", production.pk, budget.pk)
    return render(request, "budgets/import.html", {
        "production": production, "budget": budget, "form": form, "errors": errors})


@production_view(C.VIEW_BUDGET)
def versions(request, production, pk):
    budget = _budget(production, pk)
    form = forms.VersionForm(request.POST or None)
    if request.method == "POST":
        _require_edit(request)
        if form.is_valid():
            try:
                services.version_create(budget=budget, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Version saved.")
                return redirect("budgets:versions", production.pk, budget.pk)
    return render(request, "budgets/versions.html", {
        "production": production, "budget": budget, "form": form,
        "versions": budget.versions.select_related("created_by").defer("snapshot"),
    })


@production_view(C.VIEW_BUDGET)
def versions_compare(request, production, pk):
    budget = _budget(production, pk)
    chosen = request.GET.getlist("v")
    table, error = None, ""
    if chosen:
        try:
            table = compare.compare_request(production=production, raw=",".join(chosen))
        except ValidationError as exc:
            error = _message(exc)
        else:
            kind = request.GET.get("export")
            if kind in {"xlsx", "csv"}:
                return exports.compare_response(table=table, kind=kind)
    rows = []
    if table:
        for row in table["rows"] + table["totals"]:
            rows.append({"number": row.get("number", ""), "name": row.get("name",
                                                                       row.get("label")),
                         "is_total": "label" in row,
                         "amounts": [Decimal(a) for a in row["amounts"]],
                         "variances": [Decimal(v) for v in row["variances"]]})
    return render(request, "budgets/compare.html", {
        "production": production, "budget": budget, "table": table, "rows": rows,
        "error": error, "chosen": chosen,
        "versions": budget.versions.defer("snapshot"),
        "export_query": request.GET.urlencode(),
    })


def _setup_redirect(production, budget_id):
    return redirect("budgets:setup", production.pk, budget_id)


def _run(request, action, success: str) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, success)


@production_view(C.EDIT_BUDGET)
@require_POST
def fringe_edit(request, production, pk):
    fringe = get_object_or_404(Fringe.objects.select_related("budget"), pk=pk,
                               budget__production=production)
    form = forms.FringeForm(request.POST, instance=Fringe(budget=fringe.budget))
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("code", "name", "kind", "rate", "cutoff")}
        _run(request, lambda: services.fringe_update(fringe=fringe, **fields),
             f"Fringe {fields['code']} saved.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _setup_redirect(production, fringe.budget_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def fringe_delete(request, production, pk):
    fringe = get_object_or_404(Fringe.objects.select_related("budget"), pk=pk,
                               budget__production=production)
    _run(request, lambda: services.fringe_delete(fringe=fringe), f"Fringe {fringe.code} deleted.")
    return _setup_redirect(production, fringe.budget_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def charge_delete(request, production, pk):
    charge = get_object_or_404(ContractualCharge.objects.select_related("budget"), pk=pk,
                               budget__production=production)
    _run(request, lambda: services.charge_delete(charge=charge), f"{charge.name} deleted.")
    return _setup_redirect(production, charge.budget_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def category_edit(request, production, pk):
    category = get_object_or_404(Category.objects.select_related("budget"), pk=pk,
                                 budget__production=production)
    form = forms.CategoryForm(request.POST)
    if form.is_valid():
        _run(request, lambda: services.category_update(category=category, **form.cleaned_data),
             "Category saved.")
    else:
        messages.error(request, "Give the category a number, a name and a level.")
    return _setup_redirect(production, category.budget_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def category_delete(request, production, pk):
    category = get_object_or_404(Category.objects.select_related("budget"), pk=pk,
                                 budget__production=production)
    _run(request, lambda: services.category_delete(category=category),
         f"Category {category.number} deleted.")
    return _setup_redirect(production, category.budget_id)


@production_view(C.EDIT_BUDGET)
@require_POST
def account_delete(request, production, pk):
    account = _account(production, pk)
    try:
        services.account_delete(account=account)
    except ValidationError as exc:
        messages.error(request, _message(exc))
        return redirect("budgets:account", production.pk, account.pk)
    messages.success(request, f"Account {account.number} deleted.")
    return redirect("budgets:topsheet", production.pk, account.budget_id)


# --- What the inline grid has no cell for, charge targets, deleting a budget -----------


@production_view(C.EDIT_BUDGET)
def line_details(request, production, pk):
    """A line's notes, linked person and position in its account (a form page: these are
    not spreadsheet cells)."""
    line = get_object_or_404(LineItem.objects.select_related("budget", "account"), pk=pk,
                             budget__production=production)
    budget = line.budget
    lines = list(line.account.lines.order_by("order", "id").values_list("id", flat=True))
    form = forms.LineDetailsForm(
        request.POST or None, production=production, lines=len(lines),
        initial={"notes": line.notes, "person": forms.person_key(line),
                 "position": lines.index(line.pk) + 1, "budget_version": budget.version})
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version, position = fields.pop("budget_version"), fields.pop("position")
        try:
            with transaction.atomic():
                services.line_update(line=line, expected_version=version, **fields)
                if position != lines.index(line.pk) + 1:
                    services.line_reposition(line=line, position=position)
        except services.BudgetConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Line “{line.description}” saved.")
            return redirect(reverse("budgets:account", args=[production.pk, line.account_id])
                            + f"#line-{line.pk}")
    return render(request, "budgets/line_details.html", {
        "production": production, "budget": budget, "account": line.account, "line": line,
        "form": form, "locked": budget.is_locked})


@production_view(C.EDIT_BUDGET)
def charge_edit(request, production, pk):
    """A contractual charge's name, percent and targets: categories, single accounts and
    exclusions."""
    charge = get_object_or_404(ContractualCharge.objects.select_related("budget"), pk=pk,
                               budget__production=production)
    budget = charge.budget
    form = forms.ChargeForm(request.POST or None, budget=budget, initial={
        "name": charge.name, "percent": charge.percent,
        "categories": list(charge.categories.values_list("pk", flat=True)),
        "accounts": list(charge.accounts.values_list("pk", flat=True)),
        "excluded_accounts": list(charge.excluded_accounts.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            services.charge_update(charge=charge, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{charge.name} saved.")
            return _setup_redirect(production, budget.pk)
    return render(request, "budgets/charge_edit.html", {
        "production": production, "budget": budget, "charge": charge, "form": form,
        "locked": budget.is_locked})


@production_view(C.EDIT_BUDGET)
def budget_delete(request, production, pk):
    """Confirm, then delete a draft budget (locked ones and ones with money recorded
    against them are refused by the service)."""
    budget = _budget(production, pk)
    error = ""
    if request.method == "POST":
        try:
            services.budget_delete(budget=budget)
        except ValidationError as exc:
            error = _message(exc)
        else:
            messages.success(request, f"Budget “{budget.name}” deleted.")
            return redirect("budgets:list", production.pk)
    return render(request, "budgets/budget_delete.html", {
        "production": production, "budget": budget, "error": error,
        "lines": budget.lines.count(), "versions": budget.versions.count()},
        status=400 if error else 200)
