"""Scripts and breakdowns for tests, built through the services."""

import datetime

from scheduling import services


def fountain(*scenes: tuple[str, str, list[str]] | tuple[str, str, list[str], int]) -> bytes:
    """A Fountain script: (number, heading, speakers[, action lines]) per scene."""
    parts = []
    for scene in scenes:
        number, heading, speakers = scene[:3]
        lines = scene[3] if len(scene) > 3 else 1
        parts.append(f"{heading}{f' #{number}#' if number else ''}\n")
        parts.append("\n".join(f"Action line {n} of the scene, long enough to fill a line."
                               for n in range(lines)) + "\n")
        for speaker in speakers:
            parts.append(f"{speaker}\nA line of dialogue.\n")
    return "\n".join(parts).encode()


def imported(production, data: bytes, *, filename="script.fountain", colour="white", by=None):
    return services.script_upload(
        production=production, data=data, filename=filename, revision_colour=colour,
        revision_date=datetime.date(2026, 1, 5), by=by, apply=True,
    )


def synthetic(count: int) -> bytes:
    """`count` numbered scenes alternating INT/EXT and DAY/NIGHT, with a few speakers each."""
    return fountain(*[
        (str(n + 1), f"{'INT' if n % 2 else 'EXT'}. PLACE {n % 7} - {'DAY' if n % 3 else 'NIGHT'}",
         [f"PERSON {n % 5}", f"PERSON {(n + 2) % 9}"], 2)
        for n in range(count)
    ])
