"""Every non-trivial read of the breakdown, scoped to one production.

Query shape lives here: lists fetch their related rows once, so a page or an
API list costs the same number of queries for 1 scene and for 500.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from productions.models import Production

from .models import (
    CAST_CODE,
    BreakdownSettings,
    Element,
    ElementCategory,
    Scene,
    SceneElement,
    Script,
    Set,
)


def _tags() -> QuerySet[SceneElement]:
    return SceneElement.objects.select_related(
        "element", "element__category", "element__cast_member"
    ).order_by("element__category__code", "element__board_id", "element__name")


def scene_list(
    *,
    production: Production,
    set_id: int | None = None,
    int_ext: str | None = None,
    day_night: str | None = None,
    element_id: int | None = None,
    cast_id: int | None = None,
    omitted: bool | None = False,
) -> QuerySet[Scene]:
    """Scenes in script order, with their set and their tags (elements, categories, cast)."""
    scenes = production.scenes.select_related("set", "script").prefetch_related(
        Prefetch("tags", queryset=_tags())
    )
    if omitted is not None:
        scenes = scenes.filter(omitted=omitted)
    if set_id:
        scenes = scenes.filter(set_id=set_id)
    if int_ext is not None and int_ext != "any":
        scenes = scenes.filter(int_ext=int_ext)
    if day_night is not None and day_night != "any":
        scenes = scenes.filter(day_night=day_night)
    if element_id:
        scenes = scenes.filter(tags__element_id=element_id)
    if cast_id:
        scenes = scenes.filter(tags__element_id=cast_id)
    return scenes.order_by("omitted", "order", "id")


@dataclass(frozen=True)
class Totals:
    scenes: int
    eighths: int


def scene_totals(*, scenes: QuerySet[Scene]) -> Totals:
    """How many scenes and how many eighths (a sum of the rounded scene values)."""
    totals = scenes.order_by().aggregate(count=Count("id"), eighths=Coalesce(Sum("eighths"), 0))
    return Totals(scenes=totals["count"], eighths=totals["eighths"])


def scene_detail(*, production: Production) -> QuerySet[Scene]:
    return production.scenes.select_related("set", "script").prefetch_related(
        Prefetch("tags", queryset=_tags())
    )


def set_list(*, production: Production) -> QuerySet[Set]:
    return production.sets.select_related("location").annotate(
        scene_count=Count("scenes", filter=Q(scenes__omitted=False))
    ).order_by("name", "id")


def category_list(*, production: Production) -> QuerySet[ElementCategory]:
    return production.element_categories.annotate(element_count=Count("elements")).order_by(
        "code", "id")


def element_list(*, production: Production, category_id: int | None = None
                 ) -> QuerySet[Element]:
    elements = (
        production.elements.select_related("category", "cast_member", "cast_member__person")
        .prefetch_related("aliases")
        .annotate(scene_count=Count("tags", filter=Q(tags__scene__omitted=False)))
    )
    if category_id:
        elements = elements.filter(category_id=category_id)
    return elements.order_by("category__code", "board_id", "name", "id")


def cast_elements(*, production: Production) -> QuerySet[Element]:
    return element_list(production=production).filter(category__code=CAST_CODE)


def tag_list(*, production: Production) -> QuerySet[SceneElement]:
    return SceneElement.objects.filter(scene__production=production).select_related(
        "element", "element__category", "scene"
    ).order_by("scene__order", "element__category__code", "element__name", "id")


def script_list(*, production: Production) -> QuerySet[Script]:
    return production.scripts.select_related("uploaded_by").order_by("-created_at", "-id")


def has_breakdown(*, production: Production) -> bool:
    """Whether a draft has been imported (a new upload is then a revision to review)."""
    return production.scenes.filter(omitted=False).exists()


def current_script(*, production: Production) -> Script | None:
    return production.scripts.filter(status=Script.Status.APPLIED).order_by(
        "-applied_at", "-id").first()


def breakdown_settings(*, production: Production) -> BreakdownSettings:
    """The production's settings; unsaved defaults when it has none yet."""
    found = BreakdownSettings.objects.filter(production=production).first()
    return found or BreakdownSettings(production=production)


def character_board_ids(production: Production) -> list[int]:
    """Board IDs held by characters not yet linked to a cast member."""
    return list(
        Element.objects.filter(
            production=production, cast_member__isnull=True, board_id__isnull=False
        ).values_list("board_id", flat=True)
    )
