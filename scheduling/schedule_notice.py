"""Who must be told that the schedule changed, and what: pure, no database (issue 5, item 7).

Moves save at once, but people hear about them only when the AP confirms. Between the
two, each cast element keeps a baseline: the work and hold days its person was last
told. The pending notice of a person is that baseline against the active board now, so
three moves make one message with the net change, and a move and its undo make none.
A role is pending when its work days differ; holds are reported alongside, never alone
(a hold is a "keep yourself free", not a call).
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .dood import HOLD, WORK_CODES, Dood


@dataclass(frozen=True)
class Baseline:
    work: tuple[date, ...]
    holds: tuple[date, ...]
    revision: int


@dataclass(frozen=True)
class Recipient:
    """The person behind a cast element."""

    person_id: int
    name: str
    email: str


@dataclass(frozen=True)
class RoleChange:
    element_id: int
    character: str
    board_id: int | None
    was: tuple[date, ...]
    now: tuple[date, ...]
    was_holds: tuple[date, ...]
    now_holds: tuple[date, ...]
    first: bool  # never told anything before: this is their first schedule
    revision: int

    @property
    def added(self) -> tuple[date, ...]:
        return tuple(d for d in self.now if d not in self.was)

    @property
    def removed(self) -> tuple[date, ...]:
        return tuple(d for d in self.was if d not in self.now)

    @property
    def holds_changed(self) -> bool:
        return self.was_holds != self.now_holds

    @property
    def label(self) -> str:
        return f"{self.character} (cast {self.board_id})" if self.board_id else self.character

    def words(self) -> str:
        """"ANNA (cast 2): Tue 24 Mar → Thu 26 Mar; now holds Wed 25 Mar"."""
        if self.first:
            change = f"first schedule: works {dates_text(self.now)}"
        elif self.removed and self.added:
            change = f"{dates_text(self.removed)} → {dates_text(self.added)}"
        elif self.added:
            change = f"now also works {dates_text(self.added)}"
        elif self.removed:
            change = f"no longer works {dates_text(self.removed)}"
        else:  # same dates in another order cannot happen; kept total for safety
            change = f"works {dates_text(self.now)}"
        if not self.now:
            change += "; no work days left"
        if self.holds_changed:
            change += (f"; now holds {dates_text(self.now_holds)}" if self.now_holds
                       else "; no longer held")
        return f"{self.label}: {change}"


@dataclass(frozen=True)
class PersonNotice:
    person_id: int
    name: str
    email: str
    roles: tuple[RoleChange, ...]

    def words(self) -> list[str]:
        return [role.words() for role in self.roles]

    def dedupe_key(self, production_id: int) -> str:
        """The same net change, confirmed twice (a double click, two APs at once), is one
        message; the baseline revisions make a later identical change a new one."""
        digest = hashlib.sha256(repr([
            (r.element_id, r.revision, [d.isoformat() for d in r.now]) for r in self.roles
        ]).encode()).hexdigest()[:24]
        return f"schedule-changed:production-{production_id}:person-{self.person_id}:{digest}"


def dates_text(dates: Iterable[date]) -> str:
    return ", ".join(d.strftime("%a ") + str(d.day) + d.strftime(" %b") for d in dates) or "none"


def element_days(dood: Dood) -> dict[int, tuple[tuple[date, ...], tuple[date, ...]]]:
    """Per tracked element, its work dates and hold dates on the board."""
    result = {}
    for row in dood.rows:
        work = tuple(day.on for day, code in zip(dood.days, row.codes, strict=True)
                     if code in WORK_CODES)
        holds = tuple(day.on for day, code in zip(dood.days, row.codes, strict=True)
                      if code == HOLD)
        result[row.element.key] = (work, holds)
    return result


def pending_notices(*, current: Mapping[int, tuple[tuple[date, ...], tuple[date, ...]]],
                    baselines: Mapping[int, Baseline],
                    recipients: Mapping[int, Recipient],
                    names: Mapping[int, tuple[str, int | None]]) -> list[PersonNotice]:
    """Per person (in name order), the roles whose work days differ from what they were
    last told. `current` is `element_days` of the active board; `recipients` maps an
    element to its person (elements nobody plays are skipped: there is no one to tell);
    `names` maps an element to its (character, board ID). No baseline means never told."""
    by_person: dict[int, tuple[Recipient, list[RoleChange]]] = {}
    for element_id, (now, now_holds) in current.items():
        recipient = recipients.get(element_id)
        if recipient is None:
            continue
        baseline = baselines.get(element_id)
        was = baseline.work if baseline else ()
        if was == now:
            continue
        character, board_id = names[element_id]
        by_person.setdefault(recipient.person_id, (recipient, []))[1].append(RoleChange(
            element_id=element_id, character=character, board_id=board_id, was=was, now=now,
            was_holds=baseline.holds if baseline else (), now_holds=now_holds,
            first=baseline is None, revision=baseline.revision if baseline else 0))
    notices = []
    for person_id, (recipient, roles) in by_person.items():
        roles.sort(key=lambda r: (r.board_id is None, r.board_id or 0, r.character))
        notices.append(PersonNotice(person_id=person_id, name=recipient.name,
                                    email=recipient.email, roles=tuple(roles)))
    notices.sort(key=lambda n: (n.name.lower(), n.person_id))
    return notices


def fingerprint(notices: Iterable[PersonNotice]) -> str:
    """What the AP saw: confirming sends only if the pending changes are still these."""
    return hashlib.sha256(repr([
        (n.person_id, [(r.element_id, r.revision, r.was, r.now) for r in n.roles])
        for n in notices
    ]).encode()).hexdigest()[:32]
