"""A production with a board of two days, crew and cast with emails, a located set."""

import datetime

from callsheets import services
from productions.models import Location
from scheduling import services as scheduling_services
from tests.productions.factories import LocationFactory, crew
from tests.scheduling.board_factories import board_of_days, small_breakdown


def next_monday() -> datetime.date:
    """Shoot days in the future, so personal links have not expired yet."""
    today = datetime.date.today()
    return today + datetime.timedelta(days=7 - today.weekday())


def scheduled(production, *, crew_count: int = 3):
    small_breakdown(production)
    scheduling_services.calendar_update(production=production, first_shoot_day=next_monday())
    location = LocationFactory(production=production, name="Harbour Pier", latitude="34.05",
                               longitude="-118.24", parking="Lot B")
    production.sets.update(location=location)
    board_of_days(production, [["1", "2"], ["3", "4"]])
    for index in range(crew_count):
        crew(production, position=f"Grip {index}", department="Grip", rate="650.00",
             name=f"Crew Person {index}", email=f"crew{index}@example.com")
    return location


def ready_sheet(production, *, day: int = 1, crew_count: int = 3):
    scheduled(production, crew_count=crew_count)
    sheet = services.callsheet_create_for_day(production=production, day=day)
    return services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 30),
                                     shooting_call=datetime.time(7, 30),
                                     estimated_wrap=datetime.time(18, 0))


__all__ = ["Location", "ready_sheet", "scheduled"]
