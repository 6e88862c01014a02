"""Page eighths: lay a screenplay out on pages and measure each scene.

Pure functions, no database. A parser turns a script into a flat list of
`Block`s (one per printed paragraph, with its wrap width and the blank lines
before it); `paginate` places them on pages of `lines_per_page` lines the way a
screenplay program does (headings and cues kept with what follows, action and
dialogue split across pages, explicit page breaks), and `scene_eighths`
measures each scene from its heading to the next heading on the laid-out pages.
"""

import math
import re
from dataclasses import dataclass

DEFAULT_LINES_PER_PAGE = 54
ROUND_UP = "up"
ROUND_NEAREST = "nearest"
ROUNDING_MODES = (ROUND_UP, ROUND_NEAREST)


@dataclass(frozen=True, slots=True)
class Block:
    """One printed paragraph."""

    kind: str  # heading, action, character, parenthetical, dialogue, transition, other
    lines: int  # printed lines once wrapped
    space_before: int = 0  # blank lines before it (dropped at the top of a page)
    scene_start: bool = False  # the heading that opens a scene
    page_break: bool = False  # an explicit page break; lines is 0
    keep_with_next: bool = False
    splittable: bool = False


def wrap_count(text: str, width: int) -> int:
    """How many lines `text` takes when word-wrapped at `width` characters."""
    width = max(width, 1)
    total = 0
    for hard_line in text.split("\n"):
        words = hard_line.split()
        if not words:
            total += 1
            continue
        lines, used = 1, 0
        for word in words:
            size = len(word)
            if used and used + 1 + size <= width:
                used += 1 + size
            elif not used and size <= width:
                used = size
            else:
                if used:
                    lines += 1
                # A word longer than the line is broken over as many lines as it needs.
                extra, used = divmod(size, width)
                if used == 0:
                    extra, used = extra - 1, width
                lines += extra
        total += lines
    return total


def paginate(blocks: list[Block], lines_per_page: int = DEFAULT_LINES_PER_PAGE) -> tuple[
    list[int], int
]:
    """The absolute line (page * lines_per_page + line) where each block starts,
    and the absolute line where the document ends."""
    if lines_per_page < 8:
        raise ValueError("A page needs at least 8 lines.")
    size = lines_per_page
    page, y = 0, 0
    starts: list[int] = []
    for index, block in enumerate(blocks):
        if block.page_break:
            starts.append(page * size + y)
            if y:
                page, y = page + 1, 0
            continue
        before = block.space_before if y else 0
        need = before + block.lines
        if block.keep_with_next:
            following = _next_printed(blocks, index)
            if following is not None:
                need += following.space_before + min(following.lines, 2)
        if y and y + need > size:
            room = size - y - before
            if not (block.splittable and room >= 2 and block.lines - room >= 2):
                page, y, before = page + 1, 0, 0
        starts.append(page * size + y)
        y += before + block.lines
        while y > size:
            page, y = page + 1, y - size
        if y == size:
            page, y = page + 1, 0
    return starts, page * size + y


def _next_printed(blocks: list[Block], index: int) -> Block | None:
    for block in blocks[index + 1:]:
        if not block.page_break:
            return block
    return None


def lines_to_eighths(lines: int, lines_per_page: int, rounding: str = ROUND_UP) -> int:
    """Lines to whole eighths of a page, never less than 1/8."""
    exact = lines * 8 / lines_per_page
    value = math.floor(exact + 0.5) if rounding == ROUND_NEAREST else math.ceil(exact - 1e-9)
    return max(1, value)


def scene_eighths(
    blocks: list[Block],
    *,
    lines_per_page: int = DEFAULT_LINES_PER_PAGE,
    rounding: str = ROUND_UP,
) -> list[tuple[int, int]]:
    """(eighths, 1-based page where the heading lands) for every scene, in order."""
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"Unknown rounding mode {rounding!r}.")
    starts, end = paginate(blocks, lines_per_page)
    heading_at = [starts[i] for i, block in enumerate(blocks) if block.scene_start]
    result = []
    for number, start in enumerate(heading_at):
        stop = heading_at[number + 1] if number + 1 < len(heading_at) else end
        result.append(
            (lines_to_eighths(stop - start, lines_per_page, rounding), start // lines_per_page + 1)
        )
    return result


_LENGTH = re.compile(r"^\s*(?:(\d+)\s+(\d)/8|(\d)/8|(\d+))\s*$")


def parse_eighths(text: str) -> int | None:
    """`"1 3/8"` -> 11, `"5/8"` -> 5, `"2"` -> 16; None when it is not a length."""
    match = _LENGTH.match(text or "")
    if not match:
        return None
    whole, part, only_part, only_whole = match.groups()
    if only_whole is not None:
        return int(only_whole) * 8
    if only_part is not None:
        value = int(only_part)
        return value if value < 8 else None
    value = int(part)
    return int(whole) * 8 + value if value < 8 else None


def format_eighths(eighths: int | None) -> str:
    """11 -> "1 3/8", 4 -> "4/8", 16 -> "2", 0 -> "0"."""
    if eighths is None:
        return ""
    pages, part = divmod(int(eighths), 8)
    if not part:
        return str(pages)
    if not pages:
        return f"{part}/8"
    return f"{pages} {part}/8"
