"""More productions of the benchmark's family, to check the scheduler on boards it never saw.

    .venv/bin/python bench/production_family.py --out /tmp/family --n 100 200 --seeds 11 12 13

Writes ``gen-n<N>-s<SEED>.json`` in the ``sched_ref/1`` format of
/work/shared/benchmarks/production/ (README.md there). The shape imitates the six published
boards, whose statistics this was fitted to by eye:

- sets: about n/8 (n/10 to n/8), on n/20 + 1..3 locations, one location holding several sets;
  set popularity Zipf-like (the busiest set holds 18-25% of the scenes); 35-50% EXT;
- lengths: 1 to 40 eighths, mean about 8 (a skewed draw, mostly 2-10, a few 3-5 pages);
- 25-35% NIGHT; a few scenes with no cast;
- cast: 3-5 leads (6,800-15,000 a day; the first in ~60% of scenes, the others in 20-45%),
  1-2 guest stars (5,000-11,500, 3-8 scenes around one or two sets), 6-8 supporting
  (1,600-5,000, 3-33 scenes around a home set and its location), 16-19 day players
  (300-1,200, 1-3 scenes on one set);
- unavailability: blocks of 2-4 consecutive shoot days for a quarter of the leads, guests
  and supporting cast, single days for a few day players, all within the first ~n/4 days.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

PLACES = [
    "Old Mill Farm",
    "City Hall",
    "Downtown Loft",
    "Lakeside Motel",
    "Blue Heron Diner",
    "Mercer Precinct",
    "Harbour Warehouse",
    "St. Anne Hospital",
    "Grove High School",
    "Pine Ridge Cabin",
    "Union Station",
    "Riverside Park",
    "Kessler Mansion",
    "Main Street",
]
ROOMS_INT = ["LIVING ROOM", "KITCHEN", "OFFICE", "CORRIDOR", "BEDROOM", "BASEMENT", "LOBBY"]
ROOMS_EXT = ["STREET", "PORCH", "PARKING LOT", "TRAILHEAD", "FRONT YARD", "DOCK", "ROOF"]


def _zipf_weights(k: int, s: float) -> list[float]:
    return [1.0 / (r + 1) ** s for r in range(k)]


def _eighths(rng: random.Random) -> int:
    x = rng.lognormvariate(1.75, 0.75)
    if rng.random() < 0.03:
        x = rng.uniform(24, 40)
    return max(1, min(40, round(x)))


def production_generate(*, n: int, seed: int) -> dict:
    rng = random.Random(seed * 7919 + n)
    n_locations = round(n**0.5 / 2) + rng.randint(0, 2)
    n_sets = max(n_locations + 2, round(n * rng.uniform(0.1, 0.13)))
    locations = [
        {"id": k + 1, "name": name}
        for k, name in enumerate(rng.sample(PLACES, min(n_locations, len(PLACES))))
    ]
    n_locations = len(locations)
    # Every location has a set; the rest go mostly to the first few locations.
    loc_of_set = list(range(1, n_locations + 1))
    loc_w = _zipf_weights(n_locations, 1.0)
    while len(loc_of_set) < n_sets:
        loc_of_set.append(rng.choices(range(1, n_locations + 1), loc_w)[0])
    rng.shuffle(loc_of_set)
    sets = []
    for k, lo in enumerate(loc_of_set):
        ext = rng.random() < 0.42
        room = rng.choice(ROOMS_EXT if ext else ROOMS_INT)
        place = locations[lo - 1]["name"].upper()
        sets.append(
            {
                "id": k + 1,
                "name": f"{'EXT' if ext else 'INT'}. {place} - {room}",
                "location": lo,
                "int_ext": "EXT" if ext else "INT",
            }
        )
    set_w = _zipf_weights(n_sets, rng.uniform(0.75, 0.95))
    set_order = list(range(1, n_sets + 1))
    rng.shuffle(set_order)
    night_p = rng.uniform(0.25, 0.34)
    scenes = []
    for k in range(n):
        s = rng.choices(set_order, set_w)[0]
        scenes.append(
            {
                "number": k + 1,
                "set": s,
                "eighths": _eighths(rng),
                "day_night": "NIGHT" if rng.random() < night_p else "DAY",
                "cast": [],
            }
        )
    by_set: dict[int, list[dict]] = {}
    for sc in scenes:
        by_set.setdefault(sc["set"], []).append(sc)
    set_loc = {st["id"]: st["location"] for st in sets}

    cast = []

    def add(role: str, rate: int, chosen: list[dict]) -> None:
        cid = len(cast) + 1
        cast.append({"id": cid, "name": f"{role.upper()} {cid}", "role": role, "daily_rate": rate})
        for sc in chosen:
            sc["cast"].append(cid)

    n_leads = rng.choice([3, 4, 4, 5] if n >= 150 else [3, 3, 4])
    lead_rates = sorted((rng.randrange(68, 150) * 100 for _ in range(n_leads)), reverse=True)
    others = sorted((rng.uniform(0.18, 0.45) for _ in range(n_leads - 1)), reverse=True)
    share = [rng.uniform(0.5, 0.68), *others]
    for rate, p in zip(lead_rates, share, strict=True):
        # A lead favours some sets (their story line) over others.
        taste = {s: rng.uniform(0.5, 1.5) for s in by_set}
        add("lead", rate, [sc for sc in scenes if rng.random() < min(0.95, p * taste[sc["set"]])])

    def around(home: int, k: int) -> list[dict]:
        """k scenes mostly on the home set, then its location, then anywhere."""
        pool = list(by_set[home])
        rng.shuffle(pool)
        near = [sc for sc in scenes if set_loc[sc["set"]] == set_loc[home] and sc not in pool]
        rng.shuffle(near)
        far = [sc for sc in scenes if sc not in pool and sc not in near]
        rng.shuffle(far)
        take = pool[: max(1, round(k * 0.6))]
        rest = [sc for sc in near + pool + far if sc not in take]
        return take + rest[: k - len(take)]

    def home_set() -> int:
        return rng.choice(scenes)["set"]  # as popular as the sets themselves

    for _ in range(rng.choice([1, 2, 2])):
        add("guest", rng.randrange(50, 116) * 50, around(home_set(), rng.randint(3, 8)))
    for _ in range(rng.randint(6, 8)):
        k = min(n // 3, max(3, round(rng.lognormvariate(2.3, 0.6))))
        add("supporting", rng.randrange(32, 100) * 50, around(home_set(), k))
    for _ in range(rng.randint(16, 19)):
        home = home_set()
        k = rng.choice([1, 1, 1, 2, 2, 3])
        chosen = rng.sample(by_set[home], min(k, len(by_set[home])))
        add("day player", rng.randrange(6, 25) * 50, chosen)
    # Drop the odd cast member nobody ended up using (a lead with p tiny, say).
    used = {c for sc in scenes for c in sc["cast"]}
    keep = [c for c in cast if c["id"] in used]
    renumber = {c["id"]: k + 1 for k, c in enumerate(keep)}
    for c in keep:
        c["id"] = renumber[c["id"]]
    for sc in scenes:
        sc["cast"] = sorted(renumber[c] for c in sc["cast"])
    # A few scenes with no cast at all (inserts, establishing shots).
    for sc in rng.sample(scenes, rng.randint(0, max(1, n // 40))):
        sc["cast"] = []
    horizon = max(6, n // 8 + 2)
    for c in keep:
        if c["role"] == "day player":
            c["unavailable_days"] = [rng.randint(1, horizon)] if rng.random() < 0.12 else []
        elif rng.random() < 0.28:
            length = rng.randint(2, 4)
            start = rng.randint(1, horizon)
            c["unavailable_days"] = list(range(start, start + length))
        else:
            c["unavailable_days"] = []
    return {
        "format": "sched_ref/1",
        "name": f"gen-n{n}-s{seed}",
        "generator": {
            "n_scenes": n,
            "seed": seed,
            "cast": len(keep),
            "sets": n_sets,
            "locations": n_locations,
            "unavailability": True,
            "family": "bench/production_family.py",
        },
        "capacity_eighths": 44,
        "costs": {"company_move_within_day": 8000, "location_change_between_days": 1500},
        "rules": {"no_ext_day_and_ext_night_same_day": True, "max_locations_per_day": 2},
        "locations": locations,
        "sets": sets,
        "cast": keep,
        "scenes": scenes,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/production_family"))
    parser.add_argument("--n", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for n in args.n:
        for seed in args.seeds:
            doc = production_generate(n=n, seed=seed)
            path = args.out / f"{doc['name']}.json"
            path.write_text(json.dumps(doc, indent=1))
            print(path)


if __name__ == "__main__":
    main()
