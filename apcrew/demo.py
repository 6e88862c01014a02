"""The whole demo production that `make run` shows: people, script, board, budget, call sheet.

`productions.demo` makes the people and places; this module, at the top of the
layering, drives every other app through its public services, exactly as a user
would: import the script, link the breakdown to the cast and locations, lay out
the stripboard on the shooting calendar, build and spend a budget, and fill a
draft call sheet for day 1. It never publishes the call sheet (that emails the
crew). Idempotent: the extras are built once, in one transaction, when the demo
production has no script yet; a second run changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from budgets import cost_services
from budgets import services as budget_services
from budgets.models import Account, Budget, Fringe
from callsheets import services as callsheet_services
from callsheets.models import CallSheet
from productions import demo as base
from productions import services as production_services
from productions.models import Membership, Production
from productions.roles import Role
from scheduling import board_selectors
from scheduling import services as scheduling_services
from scheduling.models import CAST_CODE, Board, Scene, Script
from scheduling.shooting_calendar import shoot_day_dates

SCRIPT_PATH = Path(__file__).parent / "demo_data" / "the-lighthouse-keeper.fountain"

# Where each set of the script is shot.
SET_LOCATIONS = {
    "POINT VICENTE LIGHTHOUSE": "Point Vicente Lighthouse",
    "CLIFF PATH": "Point Vicente Lighthouse",
    "LIGHTHOUSE - GALLERY": "Point Vicente Lighthouse",
    "SAN PEDRO HARBOUR - DOCK": "San Pedro Harbour",
    "HARBOUR MASTER'S OFFICE": "San Pedro Harbour",
    "COAST GUARD LAUNCH": "San Pedro Harbour",
    "LIGHTHOUSE - LAMP ROOM": "Stage 4, Sunset Gower",
    "LIGHTHOUSE - STAIRWELL": "Stage 4, Sunset Gower",
    "KEEPER'S COTTAGE - KITCHEN": "Stage 4, Sunset Gower",
    "DR. PARR'S SURGERY": "Stage 4, Sunset Gower",
}

# Non-speaking breakdown, by category code (Universal Schedule Standard) and scene number.
TAGS: dict[int, dict[str, list[str]]] = {
    101: {"Dock workers (6)": ["4", "20"], "Fishermen (3)": ["10"]},
    102: {"Gallery safety rig, Edmund's double": ["18"], "Launch stunt double": ["15"]},
    103: {"Coast Guard pickup truck": ["4"], "Coast Guard launch": ["15", "19", "20"],
          "Fishing boat": ["10", "20"]},
    104: {"Logbook": ["2", "22"], "Thermos": ["1", "2", "22"],
          "Coast Guard letter": ["3"], "Framed photograph": ["3"], "Marine radio": ["2", "14"],
          "Soldering iron and wires": ["8"], "Ophthalmoscope": ["9"],
          "Fishing rods": ["10"], "Storm lantern": ["16", "17"], "Lamp oil can": ["17"],
          "Winding handle": ["18"], "Automatic controller": ["12", "16", "22"]},
    106: {"Rain towers": ["12", "13", "14", "15", "16", "18", "19"],
          "Wind machine": ["18"], "Lighthouse beam (practical)": ["1", "10", "13", "15", "19"]},
    107: {"Mara's wet uniform (x3)": ["15", "19", "20", "21"]},
    108: {"Blistered hands": ["21", "22"], "Edmund aged down (1987)": ["8", "11"]},
    117: {"Water tank / picture boat unit": ["15", "19"]},
}
MANUAL_CAST = {"13": ["EDMUND"]}  # on screen without a line: tagged by hand

# The shooting schedule: the scenes of each day, grouped by location, as a 1st AD would
# lay them out: Young Thomas's two scenes on consecutive days (no holds for a child), the
# night exteriors last so nobody turns round from a night to a day call, and Christmas Day
# (a holiday on the calendar) after the night on the water.
SHOOT_DAYS = [
    ["1", "6", "11", "22"],  # Point Vicente, day exteriors; opens on the dawn scene
    ["3", "8", "9", "21"],  # Stage 4: the cottage and the surgery
    ["4", "5", "20"],  # San Pedro Harbour, day
    ["10", "14", "15", "19"],  # San Pedro Harbour, dusk and night, on the water
    ["2", "7", "12", "16", "17"],  # Stage 4: the lighthouse interiors
    ["13", "18"],  # Point Vicente, night exteriors in the storm
]
BANNERS = {3: "Night on the water: marine unit, picture boat and rain towers",
           5: "Night exteriors: rain towers and gallery rig, stunt coordinator on set"}
# A second scenario: both stage days first (weather cover), the exteriors after.
STAGE_FIRST = [1, 4, 0, 2, 3, 5]

FRINGES_CREW = ["FICA", "MEDI", "FUI", "SUI", "WC"]


@dataclass(frozen=True)
class Line:
    account: str
    description: str
    amount: str
    unit: str
    rate: str
    fringes: tuple[str, ...] = ()
    crew: str = ""  # the crew member (by name) the line pays
    cast: str = ""  # the character whose performer the line pays


def _crew(*unions: str) -> tuple[str, ...]:
    return (*FRINGES_CREW, *unions)


# The budget, on the feature chart of accounts. Days and weeks come from the globals, so
# the schedule re-prices it (SHOOT_DAYS, and each performer's work and hold days).
LINES = [
    Line("1101", "Option and purchase of rights", "1", "flat", "5000"),
    Line("1102", "Screenplay", "1", "flat", "8000", ("WGA",)),
    Line("1201", "Producer", "PREP_WEEKS + SHOOT_WEEKS + 1", "weeks", "3200", _crew(),
         crew="Paula Reyes"),
    Line("1202", "Associate producer", "PREP_WEEKS + SHOOT_WEEKS + 1", "weeks", "2100",
         _crew(), crew="Sam Okafor"),
    Line("1301", "Director", "1", "flat", "25000", _crew("DGA"), crew="Tomás Lindqvist"),
    Line("1401", "Edmund", "CAST1_WORK + CAST1_HOLD", "days", "4500", _crew("SAG"),
         cast="EDMUND"),
    Line("1401", "Mara", "CAST2_WORK + CAST2_HOLD", "days", "3800", _crew("SAG"), cast="MARA"),
    Line("1402", "Young Thomas", "CAST3_WORK + CAST3_HOLD", "days", "1200", _crew("SAG"),
         cast="YOUNG THOMAS"),
    Line("1402", "Harbour Master", "CAST4_WORK + CAST4_HOLD", "days", "900", _crew("SAG"),
         cast="HARBOUR MASTER"),
    Line("1402", "Dr. Parr", "CAST5_WORK + CAST5_HOLD", "days", "900", _crew("SAG"),
         cast="DR. PARR"),
    Line("1403", "Fisherman, radio voice (day players)", "2", "days", "1100", _crew("SAG")),
    Line("1404", "Stunt doubles", "2", "days", "1400", _crew("SAG")),
    Line("1405", "Casting director", "1", "flat", "3500"),
    Line("2002", "1st AD", "SHOOT_DAYS + 4", "days", "850", _crew("DGA"), crew="Grace Mbeki"),
    Line("2002", "2nd AD", "SHOOT_DAYS + 2", "days", "600", _crew("DGA"), crew="Jonah Weiss"),
    Line("2003", "Production coordinator", "PREP_WEEKS + SHOOT_WEEKS", "weeks", "1500",
         _crew(), crew="Lena Fischer"),
    Line("2101", "Background (dock workers, fishermen)", "9", "days", "208", _crew("SAG")),
    Line("2201", "Production designer", "PREP_WEEKS + SHOOT_WEEKS", "weeks", "4200", _crew("IA"),
         crew="Chloe Dubois"),
    Line("2501", "Key grip", "SHOOT_DAYS + 1", "days", "540", _crew("IA"), crew="Marcus Bell"),
    Line("2601", "Rain towers and wind (SFX crew)", "2", "days", "2800", _crew("IA")),
    Line("2801", "Prop master", "SHOOT_DAYS + 3", "days", "480", _crew("IA"), crew="Victor Hale"),
    Line("2802", "Props purchases and rentals", "1", "allow", "2500"),
    Line("2901", "Costume designer", "PREP_WEEKS + SHOOT_WEEKS", "weeks", "3800", _crew("IA"),
         crew="Amara Nwosu"),
    Line("3001", "Key makeup", "SHOOT_DAYS + 1", "days", "450", _crew("IA"),
         crew="Lucía Romero"),
    Line("3101", "Gaffer", "SHOOT_DAYS + 1", "days", "560", _crew("IA"), crew="Rosa Alvarez"),
    Line("3102", "Lighting package", "2", "weeks", "6500"),
    Line("3201", "Director of photography", "SHOOT_DAYS + 3", "days", "1100", _crew("IA"),
         crew="Ines Duarte"),
    Line("3202", "1st AC", "SHOOT_DAYS + 1", "days", "520", _crew("IA"), crew="Kai Nakamura"),
    Line("3203", "Camera package", "2", "weeks", "4500"),
    Line("3301", "Production sound mixer", "SHOOT_DAYS", "days", "650", _crew("IA"),
         crew="Oren Katz"),
    Line("3402", "Picture vehicles (launch, pickup, fishing boat)", "3", "days", "1200"),
    Line("3501", "Location manager", "PREP_WEEKS + SHOOT_WEEKS", "weeks", "2600", _crew(),
         crew="Finn O'Connell"),
    Line("3502", "Point Vicente Lighthouse", "2", "days", "3500"),
    Line("3502", "San Pedro Harbour", "2", "days", "2000"),
    Line("3502", "Stage 4, Sunset Gower (incl. 2 pre-light days)", "4", "days", "4000"),
    Line("3503", "Permits (LA County, Port of LA)", "1", "allow", "1800"),
    Line("3601", "Catering", "SHOOT_DAYS", "days", "1800", crew="Harbour Kitchen Co."),
    Line("4501", "Editor", "6", "weeks", "2500", _crew()),
    Line("6701", "Production package", "1", "flat", "6500"),
]

# Purchase orders and what has been paid so far in prep: (account, number, vendor, amount,
# description, days after the start of prep).
POS = [
    ("3203", "PO-0001", "Panavision Woodland Hills", "9000", "Camera package, 2 weeks", 3),
    ("3102", "PO-0002", "Mole-Richardson", "13000", "Lighting package, 2 weeks", 3),
    ("3502", "PO-0003", "Sunset Gower Studios", "16000", "Stage 4, 4 days", 5),
    ("3601", "PO-0004", "Harbour Kitchen Co.", "10800", "Catering, 6 shoot days", 8),
]
# (account, vendor, amount, reference, description, PO number or "", days after prep start)
ACTUALS = [
    ("1101", "Hall & Marsh LLP", "2500", "INV-2231", "Option payment, half on signing", 0, ""),
    ("1102", "Writer (loan-out)", "8000", "INV-0107", "Screenplay, on delivery", 1, ""),
    ("1405", "Coastline Casting", "4200", "CC-5521", "Casting, incl. a second callback day",
     6, ""),
    ("3502", "Sunset Gower Studios", "8000", "SG-88412", "Stage 4 deposit", 7, "PO-0003"),
    ("3203", "Panavision Woodland Hills", "2500", "PV-100342", "Camera prep day and deposit",
     9, "PO-0001"),
    ("2802", "Ocean Prop House", "640", "OPH-7781", "Brass logbook, storm lanterns", 10, ""),
]

CALL_SHEET = {
    "notes": "Dawn scene first: rehearse in the dark, roll on the sunrise. "
             "Edmund's thermos and logbook to set half an hour before.",
    "safety": "Cliff path: stay on the inland side; the edge is roped off. "
              "No one on the lighthouse gallery without a harness.",
    "walkie_channels": [{"channel": "1", "use": "Production"}, {"channel": "2", "use": "Open"},
                        {"channel": "3", "use": "Transport"},
                        {"channel": "4", "use": "Grip and electric"}],
    "department_notes": {"Props": "Logbook, thermos (3 doubles), hero and stunt lanterns.",
                         "Camera": "Sunrise 1st shot: long lens on the headland from the lot."},
}


def us_holidays(start: date, end: date) -> list[date]:
    """The paid US holidays a crew does not work, between `start` and `end` inclusive."""
    def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))

    def last_weekday(year: int, month: int, weekday: int) -> date:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)

    found = []
    for year in range(start.year, end.year + 1):
        thanksgiving = nth_weekday(year, 11, 3, 4)
        found += [date(year, 1, 1), last_weekday(year, 5, 0), date(year, 7, 4),
                  nth_weekday(year, 9, 0, 1), thanksgiving, thanksgiving + timedelta(days=1),
                  date(year, 12, 25)]
    return sorted(d for d in found if start <= d <= end)


def load_demo() -> tuple[Production, bool]:
    """Load the demo production, whole. Returns it and whether anything was created."""
    production, created = base.load_demo()
    if production.scripts.filter(status=Script.Status.APPLIED).exists():
        return production, created
    _build(production)
    return production, True


@transaction.atomic
def _build(production: Production) -> None:
    producer = Membership.objects.select_related("user").filter(
        production=production, role=Role.PRODUCER).first()
    user = producer.user if producer else None
    _breakdown(production, user)
    budget = _budget(production)
    _schedule(production, user)
    # Re-priced by the schedule just now; the demo's budget starts reviewed.
    budget_services.lines_acknowledge_schedule(budget=budget)
    budget_services.version_create(budget=budget, name="Original (locked)", by=user,
                                   locked=True)
    _costs(production, budget, user)
    _call_sheet(production)


def _breakdown(production: Production, user) -> None:
    script = scheduling_services.script_upload(
        production=production, data=SCRIPT_PATH.read_bytes(), filename=SCRIPT_PATH.name,
        revision_date=production.prep_start, by=user, apply=True)
    locations = {location.name: location for location in production.locations.all()}
    for set_ in production.sets.all():
        location = locations.get(SET_LOCATIONS.get(set_.name, ""))
        if location is not None:
            scheduling_services.set_update(set=set_, location=location)
    scenes = {scene.number: scene for scene in production.scenes.filter(script=script)}
    categories = scheduling_services.categories_ensure(production=production)
    for code, elements in TAGS.items():
        for name, numbers in elements.items():
            for number in numbers:
                scheduling_services.tag_create_by_name(scene=scenes[number],
                                                       category=categories[code], name=name)
    for number, characters in MANUAL_CAST.items():
        for name in characters:
            scheduling_services.tag_create_by_name(scene=scenes[number],
                                                   category=categories[CAST_CODE], name=name)


def _fill(board: Board, days: list[list[Scene]], banners: dict[int, str]) -> Board:
    """Lay the days out on an inactive board, strip by strip, through `strip_move`."""
    position = 0

    def move(**kwargs) -> None:
        nonlocal board, position
        board = scheduling_services.strip_move(board=board, expected_version=board.version,
                                               to_position=position, **kwargs).board
        position += 1

    for index, scenes in enumerate(days):
        if index in banners:
            move(new_kind="banner", text=banners[index])
        for scene in scenes:
            move(scene=scene)
        move(new_kind="day_break")
    return board


def _schedule(production: Production, user) -> None:
    first = production.shoot_start or base.first_shoot_day(date.today())
    scheduling_services.calendar_update(
        production=production, first_shoot_day=first, days_off=[5, 6],
        holidays=us_holidays(first, first + timedelta(weeks=8)))
    scenes = {scene.number: scene for scene in production.scenes.filter(omitted=False)}
    days = [[scenes[number] for number in day] for day in SHOOT_DAYS]
    # The first board of a production is its active one: make it the scenario, lay out the
    # shooting schedule on a second board, then make that one active, so the budget is
    # re-priced and the cast's work days worked out once, for the finished schedule (the
    # AP tells the cast from the board page: the demo sends nobody anything).
    scenario = scheduling_services.board_create(
        production=production, name="Scenario: stage first (weather cover)", by=user,
        split=False)
    board = scheduling_services.board_create(production=production, name="Shooting schedule",
                                             by=user, split=False)
    board = _fill(board, days, BANNERS)
    scheduling_services.board_activate(board=board, by=user)
    scenario.refresh_from_db()
    _fill(scenario, [days[i] for i in STAGE_FIRST], {})
    calendar = board_selectors.calendar_build(
        settings=board_selectors.calendar_settings(production=production),
        events=list(board_selectors.event_list(production=production)))
    dates = shoot_day_dates(calendar=calendar, count=len(SHOOT_DAYS))
    production_services.production_update(production=production, shoot_start=dates[0],
                                           shoot_end=dates[-1])


def _budget(production: Production) -> Budget:
    budget = budget_services.budget_create(production=production, name="Shooting budget",
                                           template="feature")
    for board_id in range(1, 6):
        for what, key in (("WORK", "CAST_WORK_DAYS"), ("HOLD", "CAST_HOLD_DAYS")):
            budget_services.global_create(
                budget=budget, name=f"CAST{board_id}_{what}", expression="0",
                description=f"Cast #{board_id}: {what.lower()} days (from the active board)",
                source="schedule", schedule_key=f"{key}:{board_id}")
    budget_services.global_update(item=budget.globals.get(name="PREP_DAYS"), expression="20")
    accounts = {a.number: a for a in Account.objects.filter(budget=budget)}
    fringes = {f.code: f for f in Fringe.objects.filter(budget=budget)}
    crew = {m.person.name: m for m in production.crew.select_related("person")}
    cast = {m.character: m for m in production.cast.all()}
    for line in LINES:
        budget_services.line_create(
            budget=budget, account=accounts[line.account], description=line.description,
            amount=line.amount, unit=line.unit, rate=line.rate,
            fringes=[fringes[code] for code in line.fringes],
            crew_member=crew.get(line.crew), cast_member=cast.get(line.cast))
    budget.refresh_from_db()
    return budget


def _costs(production: Production, budget: Budget, user) -> None:
    accounts = {a.number: a for a in Account.objects.filter(budget=budget)}
    prep = production.prep_start or date.today()
    pos = {}
    for account, number, vendor, amount, description, offset in POS:
        pos[number] = cost_services.po_create(
            budget=budget, account=accounts[account], number=number, vendor=vendor,
            amount=Decimal(amount), date=prep + timedelta(days=offset), description=description)
    for account, vendor, amount, reference, description, offset, po in ACTUALS:
        on = min(prep + timedelta(days=offset), date.today())
        cost_services.actual_record(
            budget=budget, by=user, account=accounts[account], vendor=vendor, amount=amount,
            date=on, reference=reference, description=description,
            purchase_order=pos.get(po))


def _at(base: datetime, minutes: int) -> time:
    """`base` moved by `minutes`, down to the quarter hour, as a wall-clock time."""
    moved = base + timedelta(minutes=minutes)
    return moved.replace(minute=moved.minute - moved.minute % 15).time()


def day_times(sunrise: time) -> dict[str, time]:
    """Day 1 opens on a dawn scene, so its times follow the sunrise of the day (which moves
    with the date the demo is loaded): crew call 90 minutes before, a 12-hour day."""
    base = datetime.combine(date.today(), sunrise)
    call = _at(base, -90)
    start = datetime.combine(date.today(), call)
    return {"general_call": call, "breakfast": _at(start, -30),
            "shooting_call": _at(base, -15), "lunch": _at(start, 6 * 60),
            "estimated_wrap": _at(start, 12 * 60)}


def _call_sheet(production: Production) -> CallSheet:
    callsheet = callsheet_services.callsheet_create_for_day(production=production, day=1)
    sun = next((row["sun"] for row in callsheet.schedule["locations"] if row.get("sun")), None)
    sunrise = time.fromisoformat(sun["sunrise"]) if sun else time(7, 0)
    contacts = []
    for position in ("Producer", "Director", "1st AD", "2nd AD", "Location Manager"):
        member = production.crew.select_related("person").filter(position=position).first()
        if member is not None:
            contacts.append({"role": position, "name": member.person.name,
                             "phone": member.person.phone})
    return callsheet_services.callsheet_update(callsheet=callsheet, key_contacts=contacts,
                                               **day_times(sunrise), **CALL_SHEET)
