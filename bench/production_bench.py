"""Production scheduling benchmark: the six boards at 30 s and 120 s against auto-sort.

    DEBUG=true .venv/bin/python bench/production_bench.py [--limits 30 120] [--runs 1]
        [--only NAME ...] [--files PATH ...] [--out bench/production_runs.json]

Prints a Markdown table (median of the runs, with the spread min-max) for bench/RESULTS.md
and writes every run, with the 1-minute load average when it ended, to `--out`. `--files`
adds boards outside the six (e.g. from bench/production_family.py); they have no README
reference figures. Run k uses seed k.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling.optimizer.production import (  # noqa: E402
    autosort_schedule,
    problem_load,
    schedule_cost,
    schedule_optimize,
    schedule_violations,
)

BENCH = Path("/work/shared/benchmarks/production")
REFERENCE = {  # README: auto-sort, careful by hand, best at 120 s, bound
    "prod-n100-s1": (1_350_500, 1_241_450, 821_300, 612_157),
    "prod-n100-s2": (1_825_200, 1_397_900, 856_000, 644_228),
    "prod-n100-s3": (1_529_100, 1_085_100, 745_850, 556_510),
    "prod-n200-s1": (3_821_100, 2_984_400, 1_970_800, 1_179_325),
    "prod-n200-s2": (3_661_350, 2_959_250, 2_036_650, 1_305_372),
    "prod-n200-s3": (3_411_550, 2_754_000, 2_108_250, 1_336_787),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limits", type=float, nargs="+", default=[30.0, 120.0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--files", nargs="*", default=[], type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "production_runs.json")
    args = parser.parse_args()
    runs = []
    rows = []
    boards = [(name, BENCH / f"{name}.json") for name in sorted(REFERENCE)]
    if args.only is not None or args.files:
        boards = [(n, p) for n, p in boards if args.only and n in args.only]
    boards += [(path.stem, path) for path in args.files]
    for name, path in boards:
        problem = problem_load(path)
        auto_days = autosort_schedule(problem=problem)
        auto = schedule_cost(problem=problem, days=auto_days)
        for limit in args.limits:
            results = []
            for seed in range(args.runs):
                r = schedule_optimize(problem=problem, time_limit=limit, seed=seed)
                assert not schedule_violations(problem=problem, days=r.days), name
                check = schedule_cost(problem=problem, days=r.days)
                assert check.total == r.total
                runs.append(
                    {
                        "instance": name,
                        "limit": limit,
                        "seed": seed,
                        "total": r.total,
                        "cast": r.cast_cost,
                        "moves": r.move_cost,
                        "days": r.n_days,
                        "bound": r.bound,
                        "gap": r.gap,
                        "seconds": r.seconds,
                        "load1": round(os.getloadavg()[0], 2),
                    }
                )
                results.append(r)
                print(
                    f"{name} {limit:.0f}s seed {seed}: {r.total} bound {r.bound} "
                    f"gap {r.gap:.1%} days {r.n_days} {r.seconds:.1f}s "
                    f"load {os.getloadavg()[0]:.1f}",
                    file=sys.stderr,
                    flush=True,
                )
            total = statistics.median(r.total for r in results)
            low = min(r.total for r in results)
            high = max(r.total for r in results)
            bound = statistics.median(r.bound for r in results)
            gap = statistics.median(r.gap for r in results)
            days = statistics.median(r.n_days for r in results)
            ref = REFERENCE.get(name)
            rows.append(
                f"| {name} | {limit:.0f} s | {total:,.0f} | {low:,}-{high:,} | {days:.0f} | "
                f"{bound:,.0f} | {gap:.1%} | {auto.total:,} ({auto.n_days} d) | "
                f"{1 - total / auto.total:.1%} | "
                + (
                    f"{1 - total / ref[0]:.1%} | {ref[2]:,} | {ref[3]:,} |"
                    if ref
                    else "- | - | - |"
                )
            )
            args.out.write_text(json.dumps(runs, indent=1))
    print(
        "| instance | limit | total (median) | spread | days | bound | gap (median) "
        "| our auto-sort | below our auto-sort | below README auto-sort "
        "| README best at 120 s | README bound |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row)
    args.out.write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
