"""Boards for tests: a small breakdown with two cast members who have email addresses."""

import datetime

from scheduling import services
from scheduling.models import CAST_CODE, Element
from tests.productions.factories import cast
from tests.scheduling.factories import fountain, imported, synthetic

MONDAY = datetime.date(2026, 3, 2)


def small_breakdown(production):
    """Four one-page scenes: ANNA in 1 and 3, BEN in 2 and 4; both cast with emails."""
    imported(production, fountain(
        ("1", "INT. KITCHEN - DAY", ["ANNA"], 1),
        ("2", "EXT. GARDEN - DAY", ["BEN"], 1),
        ("3", "INT. KITCHEN - NIGHT", ["ANNA"], 1),
        ("4", "EXT. STREET - NIGHT", ["BEN"], 1),
    ))
    production.scenes.update(eighths=8)
    anna_cast = cast(production, character="ANNA", email="anna@example.com", name="Anna Actor")
    ben_cast = cast(production, character="BEN", email="ben@example.com", name="Ben Actor")
    anna = Element.objects.get(production=production, category__code=CAST_CODE, name="ANNA")
    ben = Element.objects.get(production=production, category__code=CAST_CODE, name="BEN")
    services.element_update(element=anna, cast_member=anna_cast)
    services.element_update(element=ben, cast_member=ben_cast)
    services.calendar_update(production=production, first_shoot_day=MONDAY)
    return anna, ben


def board_of_days(production, days: list[list[str]], *, name="Main", by=None):
    """A board whose shoot days hold the scenes numbered in `days`, in order."""
    board = services.board_create(production=production, name=name, by=by, split=False)
    scenes = {s.number: s for s in production.scenes.all()}
    position = 0
    for day in days:
        for number in day:
            services.strip_move(board=board, scene=scenes[number], to_position=position,
                                expected_version=board.version)
            board.refresh_from_db()
            position += 1
        services.strip_move(board=board, new_kind="day_break", to_position=position,
                            expected_version=board.version)
        board.refresh_from_db()
        position += 1
    return board


def big_board(production, scenes: int):
    imported(production, synthetic(scenes))
    services.calendar_update(production=production, first_shoot_day=MONDAY)
    return services.board_create(production=production, name="Big", eighths_per_day=16)
