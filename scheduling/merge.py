"""How a new draft lines up with the scenes already in the breakdown. Pure.

Scenes are matched by scene number where both sides have one; the rest by
heading and order (a difflib alignment of the headings, so an inserted or
deleted scene does not shift every match after it). Matched scenes keep
their row, and so their tags and strips.
"""

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Existing:
    id: int
    number: str
    heading: str
    eighths: int
    omitted: bool = False


@dataclass
class Plan:
    matches: list[tuple[int, int]] = field(default_factory=list)  # (existing id, parsed index)
    added: list[int] = field(default_factory=list)  # parsed indexes
    removed: list[int] = field(default_factory=list)  # existing ids (not already omitted)


def _key(heading: str) -> str:
    return " ".join(heading.upper().split())


def plan_merge(existing: list[Existing], parsed: list[dict]) -> Plan:
    plan = Plan()
    matched_existing: set[int] = set()
    matched_parsed: set[int] = set()

    by_number: dict[str, Existing] = {}
    for scene in existing:
        if scene.number:
            by_number.setdefault(scene.number.upper(), scene)
    for index, scene in enumerate(parsed):
        number = (scene.get("number") or "").upper()
        found = by_number.get(number) if number else None
        if found is not None and found.id not in matched_existing:
            plan.matches.append((found.id, index))
            matched_existing.add(found.id)
            matched_parsed.add(index)

    # When both drafts are numbered, a numbered scene is matched by its number only:
    # without a partner it was added or removed, never paired by its heading.
    numbered_both = any(s.number for s in existing) and any(p.get("number") for p in parsed)
    old = [s for s in existing if s.id not in matched_existing and not s.omitted
           and not (numbered_both and s.number)]
    new = [i for i in range(len(parsed)) if i not in matched_parsed]
    if numbered_both:
        plan.added.extend(i for i in new if parsed[i].get("number"))
        new = [i for i in new if not parsed[i].get("number")]
    matcher = difflib.SequenceMatcher(
        a=[_key(s.heading) for s in old], b=[_key(parsed[i]["heading"]) for i in new],
        autojunk=False,
    )
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            pairs = min(a2 - a1, b2 - b1)
            for offset in range(pairs):
                plan.matches.append((old[a1 + offset].id, new[b1 + offset]))
                matched_existing.add(old[a1 + offset].id)
            plan.added.extend(new[b1 + pairs:b2])
        elif tag == "insert":
            plan.added.extend(new[b1:b2])
    plan.removed = [s.id for s in existing if s.id not in matched_existing and not s.omitted]
    plan.added.sort()
    plan.matches.sort(key=lambda pair: pair[1])
    return plan


def changes_between(old: Existing, new: dict) -> list[str]:
    """What a matched scene changes: heading, length, number, restored."""
    changes = []
    if _key(old.heading) != _key(new["heading"]):
        changes.append("heading")
    if old.eighths != new["eighths"]:
        changes.append("length")
    if (old.number or "") != (new.get("number") or ""):
        changes.append("number")
    if old.omitted:
        changes.append("restored")
    return changes


def speaking_changes(old: set[str], new: list[str]) -> tuple[list[str], list[str]]:
    """Who gains lines in a matched scene (in the new draft's order) and who loses them
    (alphabetically), by their breakdown names (aliases already resolved)."""
    gained = [name for name in dict.fromkeys(new) if name not in old]
    lost = sorted(old - set(new))
    return gained, lost
