"""Call sheets for the route-isolation harness (tests/test_route_isolation.py)."""

import datetime

PK_SEGMENTS = {"callsheets": "callsheet"}
SECRET_STRINGS = ["Obsidian Lighthouse Protocol"]


def victim_objects(production, producer) -> dict:
    from callsheets import services

    # The scheduling plugin gave the victim a script, a scene and an active board.
    sheet = services.callsheet_create_for_day(production=production, day=1)
    services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 0),
                              notes="Obsidian Lighthouse Protocol")
    services.callsheet_publish(callsheet=sheet, by=producer, override=True)
    return {"callsheet": sheet.pk}
