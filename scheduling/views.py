"""Breakdown pages: upload a draft, review it, the scene list, the breakdown sheet,
elements and settings. Thin: parse, check the role, call one service or selector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from productions import selectors as production_selectors
from productions.decorators import production_view
from productions.forms import form_errors_add
from productions.roles import Capability as C

from . import pdf, selectors, services
from .eighths import format_eighths
from .forms import (
    BoardIdForm,
    BreakdownSettingsForm,
    CategoryColourForm,
    ElementMergeForm,
    ElementRenameForm,
    SceneForm,
    ScriptUploadForm,
    SetLocationForm,
    TagForm,
)
from .models import CAST_CODE, Scene, Script


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Scene list ------------------------------------------------------------------------

INT_EXT_CHOICES = ["INT", "EXT", "INT/EXT"]


@production_view(C.VIEW_SCHEDULE)
def scene_list(request, production):
    filters = {
        "set": _int(request.GET.get("set")),
        "int_ext": request.GET.get("int_ext") if request.GET.get("int_ext") in INT_EXT_CHOICES
        else None,
        "day_night": request.GET.get("day_night") if request.GET.get("day_night") in {
            "DAY", "NIGHT"} else None,
        "cast": _int(request.GET.get("cast")),
        "element": _int(request.GET.get("element")),
        "omitted": request.GET.get("omitted") == "1",
    }
    scenes = selectors.scene_list(
        production=production, set_id=filters["set"], int_ext=filters["int_ext"],
        day_night=filters["day_night"], element_id=filters["element"], cast_id=filters["cast"],
        omitted=None if filters["omitted"] else False,
    )
    # Omitted scenes are listed on request, never counted.
    totals = selectors.scene_totals(scenes=scenes.filter(omitted=False))
    elements = list(selectors.element_list(production=production))
    context = {
        "production": production,
        "scenes": scenes,
        "totals": totals,
        "total_length": format_eighths(totals.eighths),
        "filters": filters,
        "filtered": any(filters.values()),
        "int_ext_choices": INT_EXT_CHOICES,
        "sets": selectors.set_list(production=production),
        "cast": [e for e in elements if e.category.is_cast],
        "elements": [e for e in elements if not e.category.is_cast],
        "palette": selectors.breakdown_settings(production=production),
        "script": selectors.current_script(production=production),
        "pending": selectors.script_list(production=production).filter(
            status=Script.Status.PENDING).first(),
    }
    return render(request, "scheduling/scene_list.html", context)


# --- Uploading and reviewing drafts ----------------------------------------------------


@production_view(C.EDIT_SCHEDULE)
def script_upload(request, production):
    form = ScriptUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = services.max_upload_bytes()
        if upload.size > limit:
            form.add_error("file", f"The file is {upload.size / 1_048_576:.1f} MB; the limit "
                                   f"is {limit / 1_048_576:.1f} MB.")
        else:
            first = not selectors.has_breakdown(production=production)
            try:
                script = services.script_upload(
                    production=production, data=upload.read(), filename=upload.name,
                    revision_colour=form.cleaned_data["revision_colour"],
                    revision_date=form.cleaned_data["revision_date"], by=request.user,
                    apply=first,
                )
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                if first:
                    messages.success(
                        request, f"Imported {script.scene_count} scenes from {script.filename} "
                                 f"(read as {script.encoding}).")
                    return redirect("scheduling:scene_list", production.pk)
                return redirect("scheduling:script_review", production.pk, script.pk)
    return render(request, "scheduling/script_upload.html", {
        "form": form, "production": production,
        "limit": format_bytes(services.max_upload_bytes()),
        "scripts": selectors.script_list(production=production)[:20],
    })


def format_bytes(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB"


@production_view(C.EDIT_SCHEDULE)
def script_review(request, production, pk):
    script = get_object_or_404(selectors.script_list(production=production), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "discard":
                services.script_discard(script=script)
                messages.info(request, f"Discarded {script.filename}; the breakdown is unchanged.")
            else:
                services.script_apply(script=script)
                messages.success(request, f"Applied {script.filename} to the breakdown.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("scheduling:scene_list", production.pk)
    return render(request, "scheduling/script_review.html", {
        "production": production, "script": script, "summary": script.summary,
    })


# --- Breakdown sheet -------------------------------------------------------------------


def _sheet_context(production, pk):
    scene = get_object_or_404(selectors.scene_detail(production=production), pk=pk)
    groups: dict = {}
    for tag in scene.tags.all():
        groups.setdefault(tag.element.category, []).append(tag)
    return {
        "production": production,
        "scene": scene,
        "groups": sorted(groups.items(), key=lambda item: item[0].code),
        "palette": selectors.breakdown_settings(production=production),
    }


@production_view(C.VIEW_SCHEDULE)
def scene_sheet(request, production, pk):
    context = _sheet_context(production, pk)
    scene = context["scene"]
    if request.membership.can(C.EDIT_SCHEDULE):
        categories = selectors.category_list(production=production)
        context["tag_form"] = TagForm(categories=categories)
        context["scene_form"] = SceneForm(instance=scene)
        context["element_names"] = selectors.element_list(production=production).values_list(
            "name", flat=True).distinct()
    neighbours = list(
        selectors.scene_list(production=production).filter(
            order__in=[scene.order - 1, scene.order + 1]).values_list("pk", "order")
    )
    context["previous"] = next((p for p, o in neighbours if o < scene.order), None)
    context["next"] = next((p for p, o in neighbours if o > scene.order), None)
    return render(request, "scheduling/scene_sheet.html", context)


@production_view(C.VIEW_SCHEDULE)
def scene_print(request, production, pk):
    return render(request, "scheduling/scene_print.html", _sheet_context(production, pk))


@production_view(C.VIEW_SCHEDULE)
def scene_pdf(request, production, pk):
    context = _sheet_context(production, pk)
    html = render_to_string("scheduling/scene_print.html", context, request=request)
    response = HttpResponse(pdf.html_to_pdf(html=html), content_type="application/pdf")
    name = f"breakdown-scene-{slugify(context['scene'].label) or 'x'}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_POST
@production_view(C.EDIT_SCHEDULE)
def scene_edit(request, production, pk):
    scene = get_object_or_404(selectors.scene_detail(production=production), pk=pk)
    form = SceneForm(request.POST, instance=scene)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.scene_update(scene=Scene.objects.get(pk=scene.pk), **data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Scene saved.")
    else:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    return redirect("scheduling:scene_sheet", production.pk, pk)


@require_POST
@production_view(C.EDIT_SCHEDULE)
def scene_tag_add(request, production, pk):
    scene = get_object_or_404(selectors.scene_detail(production=production), pk=pk)
    form = TagForm(request.POST, categories=selectors.category_list(production=production))
    if form.is_valid():
        try:
            tag = services.tag_create_by_name(scene=scene, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Tagged {tag.element.name}.")
    else:
        messages.error(request, "Choose a category and give the element a name.")
    return redirect("scheduling:scene_sheet", production.pk, pk)


@require_POST
@production_view(C.EDIT_SCHEDULE)
def scene_tag_remove(request, production, pk):
    tag = get_object_or_404(selectors.tag_list(production=production), pk=pk)
    scene_pk = tag.scene_id
    services.tag_delete(tag=tag)
    messages.success(request, f"Removed {tag.element.name} from the scene.")
    return redirect("scheduling:scene_sheet", production.pk, scene_pk)


# --- Sets and where they are shot ------------------------------------------------------


@production_view(C.VIEW_SCHEDULE)
def set_list(request, production):
    sets = list(selectors.set_list(production=production))
    return render(request, "scheduling/set_list.html", {
        "production": production,
        "sets": sets,
        "locations": list(production_selectors.location_list(production=production)),
        "unlinked": sum(1 for s in sets if s.location_id is None and s.scene_count),
    })


@require_POST
@production_view(C.EDIT_SCHEDULE)
def set_location(request, production, pk):
    found = get_object_or_404(selectors.set_list(production=production), pk=pk)
    form = SetLocationForm(request.POST,
                           locations=production_selectors.location_list(production=production))
    if form.is_valid():
        location = form.cleaned_data["location"]
        services.set_update(set=found, location=location)
        messages.success(request, f"{found.name} is shot at {location.name}." if location
                         else f"{found.name} has no location now.")
    else:
        messages.error(request, "Choose one of this production's locations.")
    return redirect("scheduling:set_list", production.pk)


# --- Elements, categories, settings ----------------------------------------------------


@production_view(C.VIEW_SCHEDULE)
def element_list(request, production):
    elements = list(selectors.element_list(production=production))
    cast = [e for e in elements if e.category.is_cast]
    return render(request, "scheduling/element_list.html", {
        "production": production,
        "cast": cast,
        "others": [e for e in elements if not e.category.is_cast],
        "categories": selectors.category_list(production=production),
        "merge_form": ElementMergeForm(elements=selectors.cast_elements(production=production)),
        "performers": list(production_selectors.cast_list(production=production)),
    })


@require_POST
@production_view(C.EDIT_SCHEDULE)
def element_merge(request, production):
    form = ElementMergeForm(request.POST,
                            elements=selectors.element_list(production=production))
    if form.is_valid():
        try:
            into = services.element_merge(**form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{form.cleaned_data['element'].name} is now an alias of "
                                      f"{into.name}; later drafts keep the merge.")
    else:
        messages.error(request, "Choose the two elements to merge.")
    return redirect("scheduling:element_list", production.pk)


@require_POST
@production_view(C.EDIT_SCHEDULE)
def element_board_id(request, production, pk):
    element = get_object_or_404(selectors.cast_elements(production=production), pk=pk)
    form = BoardIdForm(request.POST, cast=production_selectors.cast_list(production=production))
    if form.is_valid():
        data = dict(form.cleaned_data)
        if data["board_id"] is None:
            data.pop("board_id")
        try:
            services.element_update(element=element, **data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Board ID of {element.name} saved.")
    else:
        messages.error(request, "Give a board ID between 1 and 9999.")
    return redirect("scheduling:element_list", production.pk)


def _other_element(production, pk):
    """A breakdown element that is not a character (characters come from the script)."""
    return get_object_or_404(selectors.element_list(production=production)
                             .exclude(category__code=CAST_CODE), pk=pk)


@require_POST
@production_view(C.EDIT_SCHEDULE)
def element_rename(request, production, pk):
    element = _other_element(production, pk)
    old = element.name
    form = ElementRenameForm(request.POST)
    if form.is_valid():
        try:
            services.element_update(element=element, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{old} is now {element.name}.")
    else:
        messages.error(request, "Give the element a name (200 characters at most).")
    return redirect(reverse("scheduling:element_list", args=[production.pk]) + "#others")


@require_POST
@production_view(C.EDIT_SCHEDULE)
def element_delete(request, production, pk):
    element = _other_element(production, pk)
    services.element_delete(element=element)
    messages.success(request, f"{element.name} deleted, and untagged from its scenes.")
    return redirect(reverse("scheduling:element_list", args=[production.pk]) + "#others")


@require_POST
@production_view(C.EDIT_SCHEDULE)
def element_renumber(request, production):
    services.cast_board_ids_renumber(production=production)
    messages.success(request, "Board IDs renumbered by number of scenes; locked IDs kept.")
    return redirect("scheduling:element_list", production.pk)


@require_POST
@production_view(C.EDIT_SCHEDULE)
def element_category_colour(request, production, pk):
    category = get_object_or_404(selectors.category_list(production=production), pk=pk)
    form = CategoryColourForm(request.POST)
    if form.is_valid():
        services.category_update(category=category, colour=form.cleaned_data["colour"])
        messages.success(request, f"Colour of {category.name} saved.")
    else:
        messages.error(request, "Give a colour as #RRGGBB.")
    return redirect(reverse("scheduling:element_list", args=[production.pk]) + "#categories")


@production_view(C.EDIT_SCHEDULE)
def breakdown_settings(request, production):
    current = selectors.breakdown_settings(production=production)
    form = BreakdownSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.breakdown_settings_update(
                production=production,
                **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "Breakdown settings saved. They apply to the next draft "
                                      "you import.")
            return redirect("scheduling:scene_list", production.pk)
    return render(request, "scheduling/breakdown_settings.html",
                  {"production": production, "form": form})
