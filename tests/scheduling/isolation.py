"""The breakdown's objects for the route-isolation harness (tests/test_route_isolation.py)."""

import datetime

PK_SEGMENTS = {
    "scripts": "script",
    "scenes": "scene",
    "sets": "set",
    "element-categories": "element_category",
    "categories": "element_category",
    "elements": "element",
    "tags": "tag",
}
SECRET_STRINGS = ["OBSIDIAN VAULT", "Gilded Astrolabe", "ZEBULON QUILLFEATHER"]

VICTIM_SCRIPT = b"""Title: Victim

INT. OBSIDIAN VAULT - NIGHT #1#

The door swings open.

ZEBULON QUILLFEATHER
Nobody else may read this.
"""


def victim_objects(production, producer) -> dict:
    from scheduling import services
    from scheduling.models import ElementCategory

    script = services.script_upload(
        production=production, data=VICTIM_SCRIPT, filename="victim.fountain",
        revision_date=datetime.date(2026, 1, 1), by=producer, apply=True,
    )
    scene = production.scenes.get()
    props = ElementCategory.objects.get(production=production, code=104)
    tag = services.tag_create_by_name(scene=scene, category=props, name="Gilded Astrolabe")
    return {
        "script": script.pk,
        "scene": scene.pk,
        "set": scene.set_id,
        "element_category": props.pk,
        "element": tag.element_id,
        "tag": tag.pk,
    }


# --- The stripboard (issue 5) ------------------------------------------------------------

PK_SEGMENTS.update({"boards": "board", "events": "event"})
SECRET_STRINGS += ["Nebuchadnezzar Scenario"]

_breakdown_victim_objects = victim_objects


def victim_objects(production, producer) -> dict:  # extends the breakdown's
    from scheduling import services
    from scheduling.models import Element

    objects = _breakdown_victim_objects(production, producer)
    board = services.board_create(production=production, name="Nebuchadnezzar Scenario",
                                  by=producer)
    element = Element.objects.get(pk=objects["element"])
    event = services.event_create(production=production, element=element, kind="FT",
                                  on=datetime.date(2026, 1, 2))
    return {**objects, "board": board.pk, "strip": board.strips.first().pk,
            "event": event.pk}
