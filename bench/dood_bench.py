"""Day Out of Days: time the pure computation and its exports on a generated board.

The main case is 60 elements over 60 shoot days: a five-day week from Monday
5 January 2026 with two Monday holidays, so the grid spans 86 calendar days.
Elements are drawn with a fixed seed the way a feature's cast looks: 10 leads
working most days, 20 supporting players working in two or three blocks (half
of them allowed a drop/pickup), 30 day players and other tracked elements
working one to three days (a third without holds), with travel, fitting and
rehearsal events. Also 40 x 60 (the issue's board) and 60 x 120 to show scaling.

Pure Python, no database. Each timing is the median of many runs (wall clock,
`time.perf_counter`); the calendar is built once, as a page would from its
models. Run: `.venv/bin/python bench/dood_bench.py [--write]` (`--write`
replaces the `## Day Out of Days` section of bench/RESULTS.md).
"""

import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduling.dood import DoodElement, dood_compute, dood_totals  # noqa: E402
from scheduling.dood_export import dood_csv, dood_xlsx  # noqa: E402
from scheduling.shooting_calendar import (  # noqa: E402
    CalendarEvent,
    EventKind,
    ShootingCalendar,
    shoot_day_dates,
    shoot_days_move,
    shoot_days_redate,
)

SECTION = "## Day Out of Days"
FIRST_DAY = date(2026, 1, 5)
HOLIDAYS = frozenset({date(2026, 1, 19), date(2026, 2, 16)})
RUNS = int(os.environ.get("BENCH_RUNS", 300))
EXPORT_RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", 30))
TARGET_MS = 50


def generate(elements: int, days: int, seed: int = 5):
    """A calendar, the elements and the shoot days of a plausible board."""
    rng = random.Random(seed)
    bare = ShootingCalendar(first_shoot_day=FIRST_DAY, holidays=HOLIDAYS)
    dates = shoot_day_dates(calendar=bare, count=days)
    work: dict[str, set[int]] = {}
    rows, events = [], []
    for n in range(elements):
        key = f"e{n + 1}"
        share = n / elements
        if share < 1 / 6:  # leads
            worked = {d for d in range(days) if rng.random() < 0.7}
            rows.append(DoodElement(key, f"LEAD {n + 1}", n + 1))
        elif share < 1 / 2:  # supporting: two or three blocks
            worked = set()
            for _ in range(rng.randint(2, 3)):
                first = rng.randrange(days)
                worked |= set(range(first, min(days, first + rng.randint(2, 6))))
            rows.append(DoodElement(key, f"SUPPORT {n + 1}", n + 1, allows_drop=n % 2 == 0))
        else:  # day players and other tracked elements
            worked = {rng.randrange(days) for _ in range(rng.randint(1, 3))}
            rows.append(DoodElement(key, f"DAY PLAYER {n + 1}", n + 1,
                                    allows_holds=n % 3 != 0, allows_drop=n % 2 == 0))
        work[key] = worked
        first_work = dates[min(worked)]
        for wanted, before, kind in ((n % 3 == 0, 1, EventKind.TRAVEL),
                                     (n % 6 == 1, 8, EventKind.FITTING),
                                     (n % 12 == 2, 3, EventKind.REHEARSAL)):
            # Events from the first shoot day on, so the grid spans the shoot itself.
            if wanted and first_work - timedelta(days=before) >= FIRST_DAY:
                events.append(CalendarEvent(key, first_work - timedelta(days=before), kind))
    calendar = ShootingCalendar(first_shoot_day=FIRST_DAY, holidays=HOLIDAYS, events=events)
    shoot_days = [frozenset(key for key, worked in work.items() if d in worked)
                  for d in range(days)]
    return calendar, rows, shoot_days


def timed(function, runs: int) -> tuple[float, float, float]:
    """Median and best wall time, and median CPU time, of `runs` calls in milliseconds."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def machine() -> list[str]:
    lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    lines = lines.splitlines()
    head = [" ".join(line.split()) for line in lines[:3]]
    model = [" ".join(line.split()) for line in lines if line.startswith("Model name")]
    return head + model[:1]


def main() -> None:
    rows = []
    main_dood = None
    for elements, days in ((60, 60), (40, 60), (60, 120)):
        calendar, dood_elements, shoot_days = generate(elements, days)

        def compute(calendar=calendar, dood_elements=dood_elements, shoot_days=shoot_days):
            return dood_compute(calendar=calendar, elements=dood_elements,
                                shoot_days=shoot_days)

        dood = compute()
        rows.append((f"`dood_compute`, {elements} elements x {days} shoot days",
                     len(dood.days), RUNS, *timed(compute, RUNS)))
        if (elements, days) == (60, 60):
            main_dood = dood
            for name, function, runs in (
                ("`dood_totals` (budget)", lambda d=dood: dood_totals(dood=d), RUNS),
                ("`Dood.as_dict` (API JSON)", dood.as_dict, RUNS),
                ("`dood_csv`", lambda d=dood: dood_csv(dood=d), EXPORT_RUNS),
                ("`dood_xlsx`", lambda d=dood: dood_xlsx(dood=d), EXPORT_RUNS),
            ):
                rows.append((f"{name}, 60 x 60", len(dood.days), runs, *timed(function, runs)))
            order = tuple(range(days))
            moved = shoot_days_move(days=order, key=45, to=3)
            rows.append(("`shoot_days_redate` after moving day 46 to day 3", "", RUNS,
                         *timed(lambda c=calendar, o=order, m=moved: shoot_days_redate(
                             calendar=c, before=o, after=m), RUNS)))

    assert main_dood is not None
    codes = [code for row in main_dood.rows for code in row.codes]
    lines = [
        SECTION,
        "",
        f"`python bench/dood_bench.py --write`: the pure modules (`scheduling/dood.py`, "
        f"`dood_export.py`, `shooting_calendar.py`), no database. A generated board (seed 5): "
        f"a five-day week from {FIRST_DAY.isoformat()} with two Monday holidays; leads, "
        "supporting players in blocks (half allowed a drop), day players and other elements "
        "(a third without holds); travel, fitting and rehearsal events. Per call: wall time "
        "(median and best of the runs) and CPU time (median), which the machine's load "
        "disturbs less.",
        "",
        "Machine (`lscpu | head -3`, model): " + "; ".join(machine()) + f"; {os.cpu_count()} "
        f"CPUs; Python {platform.python_version()}. Date: "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Load average at the end: "
        f"{os.getloadavg()[0]:.1f} (shared machine: other engineers' suites were running).",
        "",
        "| what | calendar days | runs | median ms | best ms | CPU median ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for what, calendar_days, runs, median, best, cpu in rows:
        lines.append(f"| {what} | {calendar_days} | {runs} | {median:.2f} | {best:.2f} | "
                     f"{cpu:.2f} |")
    lines += [
        "",
        f"The 60 x 60 grid has {len(codes)} cells: {sum(1 for c in codes if c)} coded "
        f"({sum(1 for c in codes if 'W' in c)} work, {codes.count('H')} hold, "
        f"{sum(1 for c in codes if c.endswith('D'))} drops, {codes.count('/')} holidays, "
        f"{sum(1 for c in codes if c in ('T', 'FT', 'R'))} events). Target for DOOD: under "
        f"{TARGET_MS} ms including its queries (issue 5); the pure computation uses a few "
        "ms of it and grows with elements x calendar days (the 40 x 60 and 60 x 120 rows). "
        "The XLSX export is openpyxl-bound (write-only mode, only coded cells written); it is "
        "a download, outside the page's budget.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if "--write" in sys.argv:
        results = ROOT / "bench" / "RESULTS.md"
        results.write_text(section_replaced(results.read_text(), section))


def section_replaced(text: str, section: str) -> str:
    """`text` with the Day Out of Days section replaced, or appended when missing."""
    start = text.find(SECTION + "\n")
    if start == -1:
        return text.rstrip("\n") + "\n\n" + section
    end = text.find("\n## ", start + 1)
    return text[:start] + section + ("" if end == -1 else "\n" + text[end + 1:])


if __name__ == "__main__":
    main()
