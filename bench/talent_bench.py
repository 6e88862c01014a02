"""Benchmark the exact talent-scheduling core on the 20 published instances.

    python bench/talent_bench.py                       # print the table
    python bench/talent_bench.py --repeat 5            # median of 5 runs per instance
    python bench/talent_bench.py --search              # also time the best-first search alone
    python bench/talent_bench.py --results bench/RESULTS.md   # (re)write our RESULTS.md section

Exits with status 1 if any instance misses its optimum or is not proven optimal.
No Django needed: the solver is a pure module.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling.optimizer.talent import dp, talent_instance_load, talent_solve  # noqa: E402
from scheduling.optimizer.talent.reduction import talent_reduce  # noqa: E402

DEFAULT_DIR = Path("/work/shared/benchmarks/talent")
SECTION = "## Talent scheduling (exact core)"


def run(path: Path, *, repeat: int, time_limit: float, search_only: bool = False) -> dict:
    instance = talent_instance_load(path=path)
    expected = json.loads(path.read_text())["optimum_total"]
    saved = dp.MAX_SCENES
    if search_only:
        dp.MAX_SCENES = 0
    runs, cpu = [], []
    try:
        for _ in range(repeat):
            started = time.process_time()
            runs.append(talent_solve(instance=instance, time_limit=time_limit))
            cpu.append(time.process_time() - started)
    finally:
        dp.MAX_SCENES = saved
    last = runs[-1]
    actor_index = {actor.id: j for j, actor in enumerate(instance.actors)}
    reduction = talent_reduce(
        durations=[scene.duration for scene in instance.scenes],
        casts=[frozenset(actor_index[a] for a in scene.actors) for scene in instance.scenes],
        costs=[actor.cost for actor in instance.actors],
    )
    return {
        "cores": "+".join(str(core.size) for core in reduction.cores) or "-",
        "name": instance.name,
        "scenes": len(instance.scenes),
        "actors": len(instance.actors),
        "seconds": statistics.median(r.seconds for r in runs),
        "cpu": statistics.median(cpu),
        "total": last.total,
        "optimum": expected,
        "reached": all(r.total == expected for r in runs),
        "proven": all(r.optimal for r in runs),
        "method": last.method,
    }


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
        cpu = f"{fields['Model name'].strip()}, {fields['CPU(s)'].strip()} CPUs"
    except (OSError, subprocess.CalledProcessError, KeyError):
        cpu = platform.processor() or platform.machine()
    return f"{cpu}; Python {platform.python_version()}"


def table(rows: list[dict], search_rows: list[dict] | None) -> list[str]:
    header = (
        "| instance | n | m | cores | method | seconds | CPU s | total | optimum | reached "
        "| proven |"
    )
    rule = "|---|--:|--:|--:|---|--:|--:|--:|--:|:-:|:-:|"
    if search_rows:
        header += " search alone, s |"
        rule += "--:|"
    lines = [header, rule]
    for i, r in enumerate(rows):
        line = (
            f"| {r['name']} | {r['scenes']} | {r['actors']} | {r['cores']} | {r['method']} "
            f"| {r['seconds']:.3f} "
            f"| {r['cpu']:.3f} | {r['total']} | {r['optimum']} | {'yes' if r['reached'] else 'NO'} "
            f"| {'yes' if r['proven'] else 'NO'} |"
        )
        if search_rows:
            s = search_rows[i]
            flag = "" if s["reached"] and s["proven"] else " (NOT proven)"
            line += f" {s['seconds']:.3f}{flag} |"
        lines.append(line)
    total = sum(r["seconds"] for r in rows)
    cpu = sum(r["cpu"] for r in rows)
    reached = sum(r["reached"] and r["proven"] for r in rows)
    last = (
        f"| **all {len(rows)}** | | | | | **{total:.3f}** | **{cpu:.3f}** | | "
        f"| {reached}/{len(rows)} | {reached}/{len(rows)} |"
    )
    if search_rows:
        last += f" **{sum(s['seconds'] for s in search_rows):.3f}** |"
    lines.append(last)
    return lines


def write_section(path: Path, body: list[str]) -> None:
    """Replace our section of RESULTS.md (up to the next `## ` heading), or append it."""
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    lines = text.splitlines()
    section = [SECTION, "", *body, ""]
    if SECTION in lines:
        start = lines.index(SECTION)
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        lines[start:end] = section
    else:
        lines += ["", *section]
    path.write_text("\n".join(lines).rstrip("\n") + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="instance directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs per instance (median)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--search", action="store_true", help="also time the search alone")
    parser.add_argument("--results", type=Path, help="write our section of this RESULTS.md")
    args = parser.parse_args()

    paths = sorted(args.dir.glob("*.json"))
    if not paths:
        parser.error(f"no instance files in {args.dir}")
    rows, search_rows = [], []
    for path in paths:
        row = run(path, repeat=args.repeat, time_limit=args.time_limit)
        rows.append(row)
        line = (
            f"{row['name']:<18} n={row['scenes']:<3} {row['method']:<9} {row['seconds']:7.3f}s "
            f"(cpu {row['cpu']:6.3f}s) "
            f"total {row['total']:>5} optimum {row['optimum']:>5} "
            f"reached {'yes' if row['reached'] else 'NO'} proven {'yes' if row['proven'] else 'NO'}"
        )
        if args.search:
            s = run(path, repeat=1, time_limit=args.time_limit, search_only=True)
            search_rows.append(s)
            line += f"  | search alone {s['seconds']:7.3f}s proven {'yes' if s['proven'] else 'NO'}"
        print(line, flush=True)
    total = sum(r["seconds"] for r in rows)
    good = sum(r["reached"] and r["proven"] for r in rows)
    load = os.getloadavg()[0]
    print(f"all {len(rows)}: {total:.3f}s, {good}/{len(rows)} optimal and proven (load {load:.1f})")

    if args.results:
        today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        body = [
            f"`python bench/talent_bench.py --repeat {args.repeat}"
            f"{' --search' if args.search else ''}`: the 20 instances of "
            "`../shared/benchmarks/talent/`, each solved from scratch (reading the file is not "
            "timed); wall seconds and CPU seconds are each the median of "
            f"{args.repeat} runs, single-threaded.",
            "",
            f"Machine: {machine()}. Date: {today}. Load average when the run ended: {load:.1f} "
            "(the machine is shared; CPU seconds are less sensitive to that than wall seconds).",
            "",
            *table(rows, search_rows if args.search else None),
            "",
            "`n`, `m`: scenes and actors in the file. `cores`: scenes left in each independent "
            "core after reduction (single-scene actors dropped, equal-cast scenes merged, "
            "components split). `method`: `dp` is the subset dynamic programme, used for cores "
            f"of up to {dp.MAX_SCENES} scenes. `search alone` (when shown) forces best-first "
            "search on every core instead, for comparison: one run, including the iterated "
            "local search that sets its incumbent.",
        ]
        write_section(args.results, body)
        print(f"wrote {SECTION!r} in {args.results}")
    return 0 if good == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
