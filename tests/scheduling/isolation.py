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


# --- Schedule-change notices and calendar feeds (issue 5, items 7 and 8) ---------------
# The notify route sits under boards/<pk>/ (the victim's active board, whose cast is
# pending: nobody was told); the feed route takes a token, which the harness fills with
# a random one, so the victim's real feed below must stay out of reach.

PK_SEGMENTS.update({"calendar-feeds": "person"})

_board_victim_objects = victim_objects


def victim_objects(production, producer) -> dict:  # extends the stripboard's
    from scheduling import services

    objects = _board_victim_objects(production, producer)
    services.feed_issue(production=production, person=production.cast.get().person)
    return objects


# --- The optimizer (issue 6) --------------------------------------------------------------
# A finished run on the victim's board; its costs are money, which crew must never see.

PK_SEGMENTS.update({"optimizations": "optimization"})
SECRET_STRINGS += ["Optimized Xylophone Scenario"]
MONEY_STRINGS = [*globals().get("MONEY_STRINGS", []), "987654", "987,654"]

_before_optimizer_victim_objects = victim_objects


def victim_objects(production, producer) -> dict:  # extends the ones above
    from scheduling.models import Board, OptimizationRun

    objects = _before_optimizer_victim_objects(production, producer)
    board = Board.objects.get(pk=objects["board"])
    scene = objects["scene"]
    run = OptimizationRun.objects.create(
        production=production, board=board, board_version=board.version, requested_by=producer,
        status=OptimizationRun.Status.DONE, time_limit=5, best_total=987654, bound=987000,
        current_total=1987654, elapsed=1.0, time_left=0,
        result={"days": [[scene]], "status": "feasible", "bound": 987000, "gap": 0.0006,
                "labels": {str(scene): "1"},
                "proposed": {"total": 987654, "cast_cost": 987654, "move_cost": 0,
                             "company_moves": 0, "location_changes": 0, "n_days": 1},
                "current": {"total": 1987654, "cast_cost": 1987654, "move_cost": 0,
                            "company_moves": 0, "location_changes": 0, "n_days": 1,
                            "days": [[scene]]},
                "notes": ["Optimized Xylophone Scenario"], "current_violations": []})
    return {**objects, "optimization": run.pk}
