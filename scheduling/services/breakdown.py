"""Writes to the breakdown itself: settings, categories, sets, scenes, elements and tags."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from productions.models import CastMember, Production
from productions.services import cast_member_update

from ..categories import STANDARD_CATEGORIES
from ..models import (
    CAST_CODE,
    BreakdownSettings,
    Element,
    ElementAlias,
    ElementCategory,
    Scene,
    SceneElement,
    ScheduleBaseline,
    Set,
)
from ._common import _assign, _save

# --- Settings and categories -----------------------------------------------------------


def breakdown_settings_get(*, production: Production) -> BreakdownSettings:
    found, _ = BreakdownSettings.objects.get_or_create(production=production)
    return found


SETTINGS_FIELDS = {"lines_per_page", "rounding", "int_day_colour", "ext_day_colour",
                   "int_night_colour", "ext_night_colour"}


@transaction.atomic
def breakdown_settings_update(*, production: Production, **fields) -> BreakdownSettings:
    current = breakdown_settings_get(production=production)
    _assign(current, fields, SETTINGS_FIELDS)
    return _save(current)


def categories_ensure(*, production: Production) -> dict[int, ElementCategory]:
    """The production's element categories by code, creating the standard ones if missing."""
    categories = {c.code: c for c in production.element_categories.all()}
    missing = [
        ElementCategory(production=production, code=code, name=name, colour=colour)
        for code, name, colour in STANDARD_CATEGORIES
        if code not in categories
    ]
    if missing:
        ElementCategory.objects.bulk_create(missing, ignore_conflicts=True)
        categories = {c.code: c for c in production.element_categories.all()}
    return categories


@transaction.atomic
def category_update(*, category: ElementCategory, **fields) -> ElementCategory:
    _assign(category, fields, {"name", "colour"})
    return _save(category, conflict={"name": "Another category has this name."})


# --- Sets and scenes -------------------------------------------------------------------


@transaction.atomic
def set_update(*, set: Set, **fields) -> Set:
    _assign(set, fields, {"name", "location"})
    if set.location_id and set.location.production_id != set.production_id:
        raise ValidationError({"location": "Choose a location of this production."})
    try:
        return _save(set, exclude=["production"], conflict={"name": "taken"})
    except ValidationError as exc:
        if "name" not in getattr(exc, "error_dict", {}):
            raise
        raise ValidationError({"name": "Another set has this name."}) from exc


SCENE_FIELDS = {"number", "heading", "int_ext", "time_of_day", "day_night", "eighths",
                "synopsis", "set", "page"}


@transaction.atomic
def scene_update(*, scene: Scene, **fields) -> Scene:
    _assign(scene, fields, SCENE_FIELDS)
    if "eighths" in fields:
        scene.eighths_source = Scene.EighthsSource.MANUAL
    if scene.set_id and scene.set.production_id != scene.production_id:
        raise ValidationError({"set": "Choose a set of this production."})
    return _save(scene, exclude=["production", "script"])


# --- Elements and tags -----------------------------------------------------------------


def _check_element(element: Element) -> None:
    if element.category.production_id != element.production_id:
        raise ValidationError({"category": "Choose a category of this production."})
    if element.cast_member_id and element.cast_member.production_id != element.production_id:
        raise ValidationError({"cast_member": "Choose a cast member of this production."})
    if element.cast_member_id:
        # A cast member's own board ID (and lock) is the one used.
        element.board_id = None
    if element.board_id is not None:
        clash = Element.objects.filter(production_id=element.production_id,
                                       board_id=element.board_id).exclude(pk=element.pk)
        if clash.exists() or CastMember.objects.filter(
            production_id=element.production_id, board_id=element.board_id
        ).exists():
            raise ValidationError({"board_id": "Another cast member has this board ID."})


def _save_element(element: Element) -> Element:
    element.name = " ".join(element.name.split())
    _check_element(element)
    try:
        return _save(element, exclude=["production"], conflict={"name": "taken"})
    except ValidationError as exc:
        if not (
            "__all__" in exc.message_dict or "name" in exc.message_dict
        ):
            raise
        raise ValidationError({"name": "This category already has an element with this name."}
                              ) from exc


@transaction.atomic
def element_create(*, production: Production, category: ElementCategory, name: str,
                   notes: str = "", cast_member: CastMember | None = None,
                   board_id: int | None = None, board_id_locked: bool = False) -> Element:
    element = Element(production=production, category=category, name=name, notes=notes,
                      cast_member=cast_member, board_id=board_id,
                      board_id_locked=board_id_locked)
    if category.code == CAST_CODE and board_id is None and cast_member is None:
        element.board_id = _next_free_board_id(production)
    return _save_element(element)


def _next_free_board_id(production: Production) -> int:
    elements = production.elements.aggregate(m=Max("board_id"))["m"] or 0
    cast = production.cast.aggregate(m=Max("board_id"))["m"] or 0
    return max(elements, cast) + 1


ELEMENT_FIELDS = {"category", "name", "notes", "cast_member", "board_id", "board_id_locked"}


@transaction.atomic
def element_update(*, element: Element, **fields) -> Element:
    """Update an element. A character played by a cast member keeps its board ID on the
    cast member, so board ID changes go there (with its lock); when a character is first
    linked, the cast member's board ID wins."""
    member = fields.get("cast_member", element.cast_member)
    if member is not None:
        board = {k: fields.pop(k) for k in ("board_id", "board_id_locked") if k in fields}
        if board.get("board_id") is None:
            board.pop("board_id", None)
        if board and member.pk == element.cast_member_id:
            cast_member_update(member=member, **board)
    elif element.cast_member_id is not None and "cast_member" in fields:
        # Unlinked: the character needs a number of its own again.
        if fields.get("board_id") in (None, element.cast_member.board_id):
            fields["board_id"] = _next_free_board_id(element.production)
        fields.setdefault("board_id_locked", False)
        element.board_id_locked = False
    locked = element.board_id_locked and fields.get("board_id_locked", True)
    if locked and "board_id" in fields and fields["board_id"] != element.board_id:
        raise ValidationError({"board_id": "This board ID is locked; unlock it to change it."})
    if "cast_member" in fields and getattr(fields["cast_member"], "pk",
                                           None) != element.cast_member_id:
        # Someone else plays the part now: they have been told nothing of its days yet.
        ScheduleBaseline.objects.filter(element=element).delete()
    _assign(element, fields, ELEMENT_FIELDS)
    return _save_element(element)


@transaction.atomic
def element_delete(*, element: Element) -> None:
    element.delete()


@transaction.atomic
def element_merge(*, element: Element, into: Element) -> Element:
    """`element` is another name of `into` (CYBER BOB is BOB): move its tags and
    names to `into`. The old name becomes an alias, so re-imports keep the merge."""
    if element.pk == into.pk:
        raise ValidationError({"into": "An element cannot be merged into itself."})
    if element.production_id != into.production_id or element.category_id != into.category_id:
        raise ValidationError({"into": "Merge into an element of the same category."})
    tagged = set(into.tags.values_list("scene_id", flat=True))
    element.tags.filter(scene_id__in=tagged).delete()
    element.tags.update(element=into)
    element.aliases.update(element=into)
    ElementAlias.objects.filter(production_id=element.production_id, name=element.name).delete()
    ElementAlias.objects.create(production_id=element.production_id, element=into,
                                name=element.name)
    element.delete()
    return into


@transaction.atomic
def alias_delete(*, alias: ElementAlias) -> None:
    alias.delete()


@transaction.atomic
def tag_create(*, scene: Scene, element: Element) -> SceneElement:
    if scene.production_id != element.production_id:
        raise ValidationError({"element": "Choose an element of this production."})
    tag, _ = SceneElement.objects.get_or_create(scene=scene, element=element,
                                                defaults={"source": SceneElement.Source.MANUAL})
    return tag


@transaction.atomic
def tag_create_by_name(*, scene: Scene, category: ElementCategory, name: str) -> SceneElement:
    """Tag an element by name, creating it in `category` when it is new."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the element a name."})
    if category.production_id != scene.production_id:
        raise ValidationError({"category": "Choose a category of this production."})
    element = Element.objects.filter(production_id=scene.production_id, category=category,
                                     name__iexact=name).first()
    if element is None:
        alias = ElementAlias.objects.filter(production_id=scene.production_id,
                                            element__category=category,
                                            name__iexact=name).select_related("element").first()
        element = alias.element if alias else None
    if element is None:
        element = element_create(production=scene.production, category=category, name=name)
    return tag_create(scene=scene, element=element)


@transaction.atomic
def tag_delete(*, tag: SceneElement) -> None:
    tag.delete()


@transaction.atomic
def cast_board_ids_renumber(*, production: Production) -> None:
    """Number unlocked cast elements 1, 2, 3... by how many scenes they are in.

    Locked board IDs (on the element, or on its cast member) never move, and
    no number is given twice.
    """
    from django.db.models import Count, Q

    elements = list(
        production.elements.filter(category__code=CAST_CODE)
        .select_related("cast_member")
        .annotate(scene_count=Count("tags", filter=Q(tags__scene__omitted=False)))
        .order_by("-scene_count", "name")
    )
    movable = [e for e in elements if not e.effective_board_id_locked]
    taken = {e.effective_board_id for e in elements if e.effective_board_id_locked}
    linked_members = {e.cast_member_id for e in movable if e.cast_member_id}
    taken |= set(production.cast.exclude(pk__in=linked_members).values_list("board_id",
                                                                             flat=True))
    taken.discard(None)
    # Clear first so the new numbers never collide with the old ones mid-update.
    production.elements.filter(pk__in=[e.pk for e in movable]).update(board_id=None)
    members = []
    for element in movable:
        if element.cast_member_id:
            members.append(element.cast_member)
    for member in members:
        member.board_id = 1_000_000 + member.pk
    CastMember.objects.bulk_update(members, ["board_id"])
    number = 1
    for element in movable:
        while number in taken:
            number += 1
        taken.add(number)
        if element.cast_member_id:
            element.cast_member.board_id = number
        else:
            element.board_id = number
    Element.objects.bulk_update([e for e in movable if not e.cast_member_id], ["board_id"])
    CastMember.objects.bulk_update(members, ["board_id"])
