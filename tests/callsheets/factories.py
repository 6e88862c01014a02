"""A production with a board of two days, crew and cast with emails, a located set."""

import datetime

from callsheets import distribution, services
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


def distribute(version):
    """Run what the workers run after a publish commits (the shared render, then every
    batch), here and now: unit tests never see on_commit fire."""
    distribution.version_render(version_id=version.pk)
    for batch in distribution.pending_batches(version_id=version.pk):
        distribution.recipients_prepare(version_id=version.pk, recipient_ids=batch)
    version.refresh_from_db()
    return version


def publish(sheet, **kwargs):
    """`callsheet_publish` and its distribution, as a worker would finish it."""
    return distribute(services.callsheet_publish(callsheet=sheet, **kwargs))


__all__ = ["Location", "distribute", "publish", "ready_sheet", "scheduled"]
