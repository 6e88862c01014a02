"""Call sheets for the route-isolation harness (tests/test_route_isolation.py)."""

import datetime

PK_SEGMENTS = {"callsheets": "callsheet", "person-calls": "person_call",
               "callsheet-calls": "person_call", "background": "background_call",
               "callsheet-background": "background_call"}
SECRET_STRINGS = ["Obsidian Lighthouse Protocol", "Zephyr Marching Band"]


def victim_objects(production, producer) -> dict:
    from callsheets import editing, services

    # The scheduling plugin gave the victim a script, a scene and an active board.
    sheet = services.callsheet_create_for_day(production=production, day=1)
    services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 0),
                              notes="Obsidian Lighthouse Protocol")
    background = editing.background_call_create(callsheet=sheet,
                                                description="Zephyr Marching Band", count=40)
    services.callsheet_publish(callsheet=sheet, by=producer, override=True)
    return {"callsheet": sheet.pk, "person_call": sheet.calls.order_by("pk").first().pk,
            "background_call": background.pk}
