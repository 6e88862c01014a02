"""Script import: parse and import vikings-scrambled.fdx (115 scenes) end to end into PostgreSQL.

Reports parse time per file, then import time (parse + merge + bulk writes, one
transaction) and the number of queries, for a first import, a re-import of the
same draft (all 115 scenes matched), and synthetic scripts of 20/115/500 scenes
to show the query count does not grow with scenes. Target: under 1 second.

Needs PostgreSQL on 127.0.0.1. Run: `.venv/bin/python bench/breakdown_bench.py [--write]`
(`--write` replaces the `## Script import` section of bench/RESULTS.md).
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "apcrew_breakdown_bench"
DB_URL = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
FIXTURES = ROOT / "tests" / "fixtures" / "screenplays"
RUNS = int(os.environ.get("BENCH_RUNS", 5))

os.environ.update({
    "DJANGO_SETTINGS_MODULE": "apcrew.settings", "DEBUG": "false", "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "localhost", "DATABASE_URL": DB_URL, "LOG_LEVEL": "WARNING",
})


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def synthetic(count: int) -> bytes:
    parts = []
    for n in range(count):
        parts.append(f"{'INT' if n % 2 else 'EXT'}. PLACE {n % 40} - {'DAY' if n % 3 else 'NIGHT'}"
                     f" #{n + 1}#\n\nSomething happens here, at some length.\n")
        for speaker in (f"PERSON {n % 30}", f"PERSON {(n + 7) % 30}"):
            parts.append(f"{speaker}\nA line.\n")
    return "\n".join(parts).encode()


def main() -> None:
    recreate_database()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from productions.services import production_create
    from scheduling import services
    from scheduling.screenplay import parse_script

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(username="bench@example.com")
    rows = []

    def timed(fn, runs=RUNS):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    for name in ["vikings-scrambled.fdx", "vikings-scrambled.fountain",
                 "extranormal-excerpt.fdx", "cyber-bob-ep1.fountain"]:
        data = (FIXTURES / name).read_bytes()
        seconds = timed(lambda data=data, name=name: parse_script(data, filename=name))
        scenes = len(parse_script(data, filename=name).scenes)
        rows.append(("parse", name, scenes, seconds, None))

    def import_once(data: bytes, filename: str, production=None):
        production = production or production_create(user=user, title="Bench")
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            script = services.script_upload(production=production, data=data,
                                            filename=filename, by=user, apply=True)
            seconds = time.perf_counter() - start
        return production, script, seconds, len(ctx.captured_queries)

    vikings = (FIXTURES / "vikings-scrambled.fdx").read_bytes()
    first, again = [], []
    for _ in range(RUNS):
        production, script, seconds, queries = import_once(vikings, "vikings-scrambled.fdx")
        first.append((seconds, queries))
        _, script2, seconds2, queries2 = import_once(vikings, "vikings-scrambled.fdx",
                                                     production)
        again.append((seconds2, queries2))
    assert script.scene_count == 115 and script2.summary["unchanged"] == 115
    rows.append(("import (first draft)", "vikings-scrambled.fdx", 115,
                 statistics.median(s for s, _ in first), first[0][1]))
    rows.append(("import (same draft again: 115 matched)", "vikings-scrambled.fdx", 115,
                 statistics.median(s for s, _ in again), again[0][1]))
    for count in (20, 115, 500):
        data = synthetic(count)
        results = [import_once(data, f"synthetic-{count}.fountain") for _ in range(3)]
        rows.append(("import (first draft)", f"synthetic, {count} numbered scenes", count,
                     statistics.median(r[2] for r in results), results[0][3]))

    lines = [
        "## Script import",
        "",
        f"`python bench/breakdown_bench.py --write`: median of {RUNS} runs (3 for the synthetic "
        "scripts) into a fresh PostgreSQL database; an import is `script_upload(apply=True)`: "
        "parse, merge plan, sets, scenes, cast elements, speaking tags and board IDs in one "
        "transaction with bulk writes. Queries are counted with Django's "
        "`CaptureQueriesContext` (savepoints included).",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}. Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."
        f" Load average at the end: {os.getloadavg()[0]:.1f} (shared machine).",
        "",
        "| step | file | scenes | seconds | queries |",
        "|---|---|--:|--:|--:|",
    ]
    for step, name, scenes, seconds, queries in rows:
        lines.append(f"| {step} | {name} | {scenes} | {seconds:.3f} | "
                     f"{'' if queries is None else queries} |")
    lines += [
        "",
        "Target: vikings-scrambled.fdx imported end to end in under 1 second. The query count "
        "is the same for 20, 115 and 500 scenes: every write is a bulk insert or update.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if "--write" in sys.argv:
        results = ROOT / "bench" / "RESULTS.md"
        text = results.read_text()
        start = text.find("## Script import")
        if start == -1:
            text = text.rstrip("\n") + "\n\n" + section
        else:
            end = text.find("\n## ", start + 1)
            text = text[:start] + section + ("" if end == -1 else "\n" + text[end + 1:])
        results.write_text(text)


if __name__ == "__main__":
    main()
