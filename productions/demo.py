"""The demo production's people and places: idempotent, through the services.

`apcrew.demo` (run by `manage.py load_demo`) builds the rest on top of this: the
script, breakdown, stripboard, budget and call sheet, which live in the apps above.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import Membership, Production
from .roles import Role

DEMO_EMAIL = "producer@demo.apcrew.test"
DEMO_PASSWORD = "apcrew-demo"  # noqa: S105 - printed by `make run` on purpose
DEMO_TITLE = "The Lighthouse Keeper"

CREW = [
    ("Production", "Producer", "Paula Reyes", "3200.00", "week"),
    ("Production", "Associate Producer", "Sam Okafor", "2100.00", "week"),
    ("Production", "Production Coordinator", "Lena Fischer", "1500.00", "week"),
    ("Direction / AD", "Director", "Tomás Lindqvist", "25000.00", "flat"),
    ("Direction / AD", "1st AD", "Grace Mbeki", "850.00", "day"),
    ("Direction / AD", "2nd AD", "Jonah Weiss", "600.00", "day"),
    ("Camera", "Director of Photography", "Ines Duarte", "1100.00", "day"),
    ("Camera", "1st AC", "Kai Nakamura", "520.00", "day"),
    ("Grip", "Key Grip", "Marcus Bell", "540.00", "day"),
    ("Electric", "Gaffer", "Rosa Alvarez", "560.00", "day"),
    ("Sound", "Production Sound Mixer", "Oren Katz", "650.00", "day"),
    ("Art", "Production Designer", "Chloe Dubois", "4200.00", "week"),
    ("Props", "Prop Master", "Victor Hale", "480.00", "day"),
    ("Costume", "Costume Designer", "Amara Nwosu", "3800.00", "week"),
    ("Hair & Makeup", "Key Makeup", "Lucía Romero", "450.00", "day"),
    ("Locations", "Location Manager", "Finn O'Connell", "2600.00", "week"),
    ("Catering", "Caterer", "Harbour Kitchen Co.", "1800.00", "day"),
]

# Characters as the demo script's cues name them, so the import links each speaking part
# to its cast member (apcrew/demo_data/the-lighthouse-keeper.fountain). Fees are per day.
CAST = [
    (1, "EDMUND", "Richard Ashworth", "4500.00"),
    (2, "MARA", "Sofia Castellano", "3800.00"),
    (3, "YOUNG THOMAS", "Leo Brennan", "1200.00"),
    (4, "HARBOUR MASTER", "Delroy Grant", "900.00"),
    (5, "DR. PARR", "Niamh Gallagher", "900.00"),
]

LOCATIONS = [
    {
        "name": "Point Vicente Lighthouse",
        "address": "31550 Palos Verdes Dr W, Rancho Palos Verdes, CA 90275",
        "latitude": Decimal("33.741900"),
        "longitude": Decimal("-118.411200"),
        "parking": "Crew parking in the interpretive center lot; no parking on the lawn.",
        "basecamp": "North end of the lot, trailers and catering.",
        "hospital_name": "Providence Little Company of Mary",
        "hospital_address": "4101 Torrance Blvd, Torrance, CA 90503",
        "hospital_phone": "+1 310 540 7676",
        "contact_name": "Ranger Dana Ortiz",
        "contact_phone": "+1 310 555 0142",
    },
    {
        "name": "San Pedro Harbour",
        "address": "Berth 73, San Pedro, CA 90731",
        "latitude": Decimal("33.737300"),
        "longitude": Decimal("-118.279500"),
        "parking": "Port lot C, passes from the locations team.",
        "basecamp": "Ports O'Call lot.",
        "hospital_name": "Providence Little Company of Mary San Pedro",
        "hospital_address": "1300 W 7th St, San Pedro, CA 90732",
        "hospital_phone": "+1 310 832 3311",
    },
    {
        "name": "Stage 4, Sunset Gower",
        "address": "1438 N Gower St, Los Angeles, CA 90028",
        "latitude": Decimal("34.097500"),
        "longitude": Decimal("-118.322000"),
        "parking": "Structure on Gower, level 3.",
        "hospital_name": "Hollywood Presbyterian Medical Center",
        "hospital_address": "1300 N Vermont Ave, Los Angeles, CA 90027",
        "hospital_phone": "+1 213 413 3000",
    },
]


def first_shoot_day(today: date) -> date:
    """The demo's first shoot day: the first Monday at least two weeks from `today`, so
    the demo is always a production in prep, a couple of weeks from camera."""
    start = today + timedelta(days=14)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def _email(name: str) -> str:
    local = ".".join(part for part in re.split(r"[^a-z0-9]+", name.lower()) if part)
    return f"{local}@demo.apcrew.test"


@transaction.atomic
def load_demo() -> tuple[Production, bool]:
    """Create the demo user and production once; a second run creates nothing."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=DEMO_EMAIL,
        defaults={"email": DEMO_EMAIL, "first_name": "Paula", "last_name": "Reyes",
                  "is_staff": True, "is_superuser": True},
    )
    # get_or_create leaves the password empty, which Django counts as "usable": check both.
    if not user.password or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    existing = Production.objects.filter(title=DEMO_TITLE, memberships__user=user).first()
    if existing is not None:
        return existing, False

    shoot_start = first_shoot_day(date.today())
    production = services.production_create(
        user=user,
        title=DEMO_TITLE,
        kind=Production.Kind.SHORT,
        phase=Production.Phase.PRE_PRODUCTION,
        company="Saltwater Pictures",
        prep_start=shoot_start - timedelta(weeks=4),
        # Six shoot days over two weeks; the schedule (apcrew.demo) sets the exact last day.
        shoot_start=shoot_start,
        shoot_end=shoot_start + timedelta(days=11),
        time_zone="America/Los_Angeles",
        currency="USD",
    )
    departments = {d.name: d for d in production.departments.all()}
    for department, position, name, rate, unit in CREW:
        services.crew_member_create(
            production=production, department=departments[department], position=position,
            name=name, email=_email(name), phone="+1 310 555 01" + str(len(name) % 90 + 10),
            rate=Decimal(rate), rate_unit=unit,
        )
    for board_id, character, name, fee in CAST:
        services.cast_member_create(
            production=production, character=character, name=name, email=_email(name),
            board_id=board_id, board_id_locked=board_id <= 2, fee=Decimal(fee),
        )
    for location in LOCATIONS:
        services.location_create(production=production, **location)
    producer = Membership.objects.get(user=user, production=production)
    services.invitation_create(
        production=production, email=_email("Sam Okafor"), role=Role.ASSOCIATE_PRODUCER,
        by=producer,
    )
    return production, True
