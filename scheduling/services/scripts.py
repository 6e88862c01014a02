"""Script drafts: upload (parse into a pending draft with its summary), apply (merge into
the breakdown in bulk, in one transaction) and discard."""

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from productions.models import CastMember, Production

from ..merge import Existing, changes_between, plan_merge, speaking_changes
from ..models import CAST_CODE, Element, ElementAlias, Scene, SceneElement, Script, Set
from ..screenplay import ScriptError, parse_script
from ._common import _save
from .breakdown import breakdown_settings_get, categories_ensure


def max_upload_bytes() -> int:
    return settings.SCRIPT_MAX_UPLOAD_BYTES


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


def _speakers(production: Production) -> dict[int, set[str]]:
    """Who speaks in each scene now: the cast tags the last applied draft made."""
    speakers: dict[int, set[str]] = defaultdict(set)
    for scene_id, name in SceneElement.objects.filter(
        scene__production=production, source=SceneElement.Source.SCRIPT,
        element__category__code=CAST_CODE,
    ).values_list("scene_id", "element__name"):
        speakers[scene_id].add(name)
    return speakers


def script_preview(*, production: Production, scenes: list[dict]) -> dict:
    """What applying these parsed scenes would add, remove and change (heading, length,
    number, who speaks). Reads only."""
    existing = _existing(production)
    by_id = {scene.id: scene for scene in existing}
    plan = plan_merge(existing, scenes)
    aliases = dict(
        ElementAlias.objects.filter(production=production, element__category__code=CAST_CODE)
        .values_list("name", "element__name")
    )
    speakers = _speakers(production) if plan.matches else {}
    changed, unchanged = [], 0
    for existing_id, index in plan.matches:
        old, new = by_id[existing_id], scenes[index]
        what = changes_between(old, new)
        gained, lost = speaking_changes(
            speakers.get(old.id, set()),
            [aliases.get(name[:200], name[:200]) for name in new.get("characters", [])])
        if gained or lost:
            what.append("speakers")
        if what:
            changed.append({
                "id": old.id, "number": new.get("number") or old.number,
                "heading": new["heading"], "old_heading": old.heading,
                "eighths": new["eighths"], "old_eighths": old.eighths, "changes": what,
                "speakers_added": gained, "speakers_removed": lost,
            })
        else:
            unchanged += 1
    known = set(aliases) | set(
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
    # Matched scenes this draft revises (heading, length, number, who speaks).
    revised = [row["id"] for row in summary["changed"]]
    for existing_id, index in plan.matches:
        scene = existing[existing_id]
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
