"""Every write to the breakdown: script drafts, sets, scenes, elements and tags.

Keyword-only functions, one transaction each, validated with the models' own
rules. A script import writes in bulk, so its number of queries does not grow
with the number of scenes.
"""

import datetime
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from productions.models import CastMember, Production
from productions.services import cast_member_update

from .categories import STANDARD_CATEGORIES
from .merge import Existing, changes_between, plan_merge
from .models import (
    CAST_CODE,
    BreakdownSettings,
    Element,
    ElementAlias,
    ElementCategory,
    Scene,
    SceneElement,
    Script,
    Set,
)
from .screenplay import ScriptError, parse_script


def _save(instance, *, exclude: list[str] | None = None):
    """Validate with the model's own rules, then save."""
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def _assign(instance, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(instance, name, value)


def max_upload_bytes() -> int:
    return int(getattr(settings, "SCRIPT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


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
    try:
        with transaction.atomic():
            return _save(category)
    except IntegrityError as exc:
        raise ValidationError({"name": "Another category has this name."}) from exc


# --- Script drafts ---------------------------------------------------------------------


@transaction.atomic
def script_upload(
    *,
    production: Production,
    data: bytes,
    filename: str,
    revision_colour: str = "white",
    revision_date: datetime.date | None = None,
    by=None,
    apply: bool = False,
) -> Script:
    """Parse an upload into a pending draft with a summary of what it would change.

    Bad input raises ValidationError({"file": ...}) and saves nothing. With
    `apply`, the draft is merged into the breakdown at once.
    """
    options = breakdown_settings_get(production=production)
    try:
        parsed = parse_script(
            data, filename=filename, max_bytes=max_upload_bytes(),
            lines_per_page=options.lines_per_page, rounding=options.rounding,
        )
    except ScriptError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    scenes = [scene.as_json() for scene in parsed.scenes]
    script = Script(
        production=production,
        filename=filename[-255:] or "script",
        format=parsed.format,
        encoding=parsed.encoding,
        title=parsed.title[:300],
        revision_colour=revision_colour,
        revision_date=revision_date or timezone.localdate(),
        parsed={"scenes": scenes},
        scene_count=len(scenes),
        total_eighths=sum(scene["eighths"] for scene in scenes),
        uploaded_by=by,
    )
    script.summary = script_preview(production=production, scenes=scenes)
    _save(script, exclude=["uploaded_by"])
    if apply:
        return script_apply(script=script)
    return script


def _existing(production: Production) -> list[Existing]:
    return [
        Existing(id=pk, number=number, heading=heading, eighths=eighths, omitted=omitted)
        for pk, number, heading, eighths, omitted in production.scenes.order_by(
            "order", "id"
        ).values_list("id", "number", "heading", "eighths", "omitted")
    ]


def script_preview(*, production: Production, scenes: list[dict]) -> dict:
    """What applying these parsed scenes would add, remove and change. Reads only."""
    existing = _existing(production)
    by_id = {scene.id: scene for scene in existing}
    plan = plan_merge(existing, scenes)
    changed, unchanged = [], 0
    for existing_id, index in plan.matches:
        old, new = by_id[existing_id], scenes[index]
        what = changes_between(old, new)
        if what:
            changed.append({
                "id": old.id, "number": new.get("number") or old.number,
                "heading": new["heading"], "old_heading": old.heading,
                "eighths": new["eighths"], "old_eighths": old.eighths, "changes": what,
            })
        else:
            unchanged += 1
    known = set(
        ElementAlias.objects.filter(production=production, element__category__code=CAST_CODE)
        .values_list("name", flat=True)
    ) | set(
        Element.objects.filter(production=production, category__code=CAST_CODE)
        .values_list("name", flat=True)
    )
    characters = list(dict.fromkeys(c for s in scenes for c in s["characters"]))
    known_sets = set(production.sets.values_list("name", flat=True))
    return {
        "is_revision": any(not s.omitted for s in existing),
        "added": [
            {"number": scenes[i].get("number", ""), "heading": scenes[i]["heading"],
             "eighths": scenes[i]["eighths"]}
            for i in plan.added
        ],
        "removed": [
            {"id": by_id[pk].id, "number": by_id[pk].number, "heading": by_id[pk].heading,
             "eighths": by_id[pk].eighths}
            for pk in plan.removed
        ],
        "changed": changed,
        "unchanged": unchanged,
        "new_characters": [c for c in characters if c not in known],
        "new_sets": sorted({s["set"] for s in scenes if s["set"]} - known_sets),
    }


SCENE_FROM_PARSED = ["number", "heading", "int_ext", "time_of_day", "day_night", "eighths",
                     "eighths_source", "page", "synopsis"]


def _set_id(sets: dict[str, Set], parsed: dict) -> int | None:
    found = sets.get((parsed.get("set") or "")[:300])
    return found.pk if found else None


def _scene_values(parsed: dict) -> dict:
    return {
        "number": (parsed.get("number") or "")[:20],
        "heading": parsed["heading"][:500] or "(no heading)",
        "int_ext": parsed.get("int_ext") or "",
        "time_of_day": (parsed.get("time_of_day") or "")[:100],
        "day_night": parsed.get("day_night") or "",
        "eighths": max(1, int(parsed.get("eighths") or 1)),
        "eighths_source": parsed.get("eighths_source") or "computed",
        "page": (parsed.get("page") or "")[:20],
        "synopsis": parsed.get("synopsis") or "",
    }


@transaction.atomic
def script_apply(*, script: Script) -> Script:
    """Merge a pending draft into the breakdown, in bulk, in one transaction.

    Matched scenes keep their rows (tags, strips); new ones are added; scenes
    the draft no longer has are marked omitted. Speaking characters become
    cast elements (through their aliases), tagged to their scenes. Existing
    board IDs never move; new characters take the next free ones, most
    scenes first.
    """
    # One import at a time per production.
    production = Production.objects.select_for_update().get(pk=script.production_id)
    script = Script.objects.select_for_update().get(pk=script.pk)
    if script.status != Script.Status.PENDING:
        raise ValidationError("This draft has already been applied or discarded.")
    scenes: list[dict] = script.parsed["scenes"]
    summary = script_preview(production=production, scenes=scenes)
    categories = categories_ensure(production=production)
    cast_category = categories[CAST_CODE]

    # Sets.
    wanted_sets = {s["set"][:300] for s in scenes if s.get("set")}
    sets = {s.name: s for s in production.sets.filter(name__in=wanted_sets)}
    new_sets = [Set(production=production, name=name) for name in sorted(wanted_sets - set(sets))]
    Set.objects.bulk_create(new_sets)
    sets.update({s.name: s for s in new_sets})

    # Cast elements, through the aliases.
    aliases = dict(production.element_aliases.filter(element__category=cast_category)
                   .values_list("name", "element_id"))
    elements = {e.name: e for e in production.elements.filter(category=cast_category)}
    cast_by_character = {c.character.upper(): c for c in production.cast.all()}
    characters = list(dict.fromkeys(c[:200] for s in scenes for c in s.get("characters", [])))
    new_elements = []
    for name in characters:
        if name in aliases or name in elements:
            continue
        element = Element(production=production, category=cast_category, name=name,
                          cast_member=cast_by_character.get(name))
        new_elements.append(element)
        elements[name] = element

    # Scenes.
    existing = {s.pk: s for s in production.scenes.all()}
    plan = plan_merge(
        [Existing(id=s.pk, number=s.number, heading=s.heading, eighths=s.eighths,
                  omitted=s.omitted) for s in sorted(existing.values(),
                                                     key=lambda s: (s.order, s.pk))],
        scenes,
    )
    rows: list[Scene | None] = [None] * len(scenes)
    changed: list[Scene] = []
    revised: list[int] = []  # matched scenes this draft revises (heading, length, number)
    for existing_id, index in plan.matches:
        scene = existing[existing_id]
        if changes_between(Existing(id=scene.pk, number=scene.number, heading=scene.heading,
                                    eighths=scene.eighths, omitted=scene.omitted),
                           scenes[index]):
            revised.append(scene.pk)
        values = {**_scene_values(scenes[index]), "order": index,
                  "set_id": _set_id(sets, scenes[index])}
        if any(getattr(scene, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(scene, name, value)
            scene.clean_fields(exclude=["production", "set", "script"])
            changed.append(scene)
        rows[index] = scene
    created = []
    for index in plan.added:
        scene = Scene(production=production, order=index, script=script,
                      set_id=_set_id(sets, scenes[index]), **_scene_values(scenes[index]))
        scene.clean_fields(exclude=["production", "set", "script"])
        rows[index] = scene
        created.append(scene)
    Scene.objects.bulk_create(created)
    now = timezone.now()
    # Only what changed is rewritten: an unchanged re-import costs one UPDATE.
    Scene.objects.bulk_update(changed, [*SCENE_FROM_PARSED, "order", "set"])
    Scene.objects.filter(pk__in=[pk for pk, _ in plan.matches]).update(
        omitted=False, updated_at=now)
    # A scene remembers the draft that last revised it, for its revision colour.
    Scene.objects.filter(pk__in=revised).update(script=script)
    Scene.objects.filter(pk__in=plan.removed).update(omitted=True, updated_at=now)

    # Board IDs for new characters: next free numbers, most scenes first.
    appearances = Counter(
        aliases.get(name) or name for s in scenes for name in s.get("characters", [])
    )
    first_seen = {name: i for i, name in enumerate(characters)}
    taken = set(production.elements.exclude(board_id=None).values_list("board_id", flat=True))
    taken |= set(CastMember.objects.filter(production=production)
                 .values_list("board_id", flat=True))
    next_id = 1
    for element in sorted(
        (e for e in new_elements if e.cast_member is None),
        key=lambda e: (-appearances[e.name], first_seen[e.name]),
    ):
        while next_id in taken:
            next_id += 1
        element.board_id = next_id
        taken.add(next_id)
    Element.objects.bulk_create(new_elements)

    # Speaking tags: what the draft says, for the scenes it has.
    element_ids = {name: e.pk for name, e in elements.items()}
    desired = set()
    for index, parsed in enumerate(scenes):
        for name in parsed.get("characters", []):
            element_id = aliases.get(name[:200]) or element_ids.get(name[:200])
            if element_id:
                desired.add((rows[index].pk, element_id))
    scene_ids = [row.pk for row in rows if row is not None]
    stale = [
        pk for pk, scene_id, element_id in SceneElement.objects.filter(
            scene__production=production, scene_id__in=scene_ids,
            source=SceneElement.Source.SCRIPT,
        ).values_list("pk", "scene_id", "element_id")
        if (scene_id, element_id) not in desired
    ]
    if stale:
        SceneElement.objects.filter(pk__in=stale).delete()
    SceneElement.objects.bulk_create(
        [SceneElement(scene_id=scene_id, element_id=element_id,
                      source=SceneElement.Source.SCRIPT)
         for scene_id, element_id in sorted(desired)],
        ignore_conflicts=True,
    )

    script.status = Script.Status.APPLIED
    script.applied_at = now
    script.summary = summary
    script.save(update_fields=["status", "applied_at", "summary"])
    return script


@transaction.atomic
def script_discard(*, script: Script) -> Script:
    if script.status != Script.Status.PENDING:
        raise ValidationError("Only a draft waiting for confirmation can be discarded.")
    script.status = Script.Status.DISCARDED
    script.save(update_fields=["status"])
    return script


# --- Sets and scenes -------------------------------------------------------------------


@transaction.atomic
def set_update(*, set: Set, **fields) -> Set:
    _assign(set, fields, {"name", "location"})
    if set.location_id and set.location.production_id != set.production_id:
        raise ValidationError({"location": "Choose a location of this production."})
    try:
        with transaction.atomic():
            return _save(set, exclude=["production"])
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and "name" not in getattr(exc, "error_dict", {}):
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
        with transaction.atomic():
            return _save(element, exclude=["production"])
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and not (
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
