"""Fountain screenplays (fountain.io): text in, scenes and printed blocks out.

Follows the rules summarised in the team's FORMATS.md: boneyard and notes go
first, then blank lines decide what each line is. Pure: no database.
"""

import re

from .eighths import DEFAULT_LINES_PER_PAGE, ROUND_UP, Block, wrap_count
from .screenplay import (
    ParsedScene,
    ParsedScript,
    ScriptError,
    character_name,
    finish_scenes,
    measure,
)

# Wrap widths (characters) and blank lines before, from Final Draft's default
# screenplay template: 10 characters per inch, SpaceBefore 24/12/0 points.
LAYOUT = {
    "heading": (61, 2),
    "action": (61, 1),
    "character": (38, 1),
    "parenthetical": (26, 0),
    "dialogue": (36, 0),
    "transition": (17, 1),
    "centered": (61, 1),
    "lyric": (49, 0),
}

SPEECH = {"character", "parenthetical", "dialogue"}
_BONEYARD = re.compile(r"/\*.*?\*/", re.DOTALL)
_NOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_GONE = "\x00"
_HEADING = re.compile(r"^(?:INT\.?/EXT|INT/EXT|I/E|INT|EXT|EST)[. ]", re.IGNORECASE)
_FORCED_HEADING = re.compile(r"^\.[A-Za-z0-9]")
_SCENE_NUMBER = re.compile(r"\s*#([A-Za-z0-9.\-]+)#\s*$")
_PAGE_BREAK = re.compile(r"^\s*={3,}\s*$")
_TITLE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9 _'\-]*:")
_PARENTHETICAL = re.compile(r"^\s*\(.*\)\s*$")
_EMPHASIS = re.compile(r"(\*{1,3}|_)(?=\S)(.+?)(?<=\S)\1")


def _plain(text: str) -> str:
    return _EMPHASIS.sub(r"\2", text).replace("\\", "").strip()


def _strip_hidden(text: str) -> list[str]:
    """Lines without boneyard and notes; a line that held only those disappears."""
    text = _BONEYARD.sub(_GONE, text)
    text = _NOTE.sub(_GONE, text)
    lines = []
    for line in text.split("\n"):
        if _GONE in line:
            line = line.replace(_GONE, "")
            if not line.strip():
                continue
        lines.append(line)
    return lines


def _is_blank(line: str) -> bool:
    # Two spaces keep a blank line inside a speech.
    return not line.strip() and line != "  "


def _title_page(lines: list[str]) -> tuple[dict[str, str], int]:
    """The title page's keys and the index of the first body line."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not _TITLE_KEY.match(lines[index]):
        return {}, 0
    if _HEADING.match(lines[index]) or _FORCED_HEADING.match(lines[index]):
        return {}, 0
    metadata: dict[str, str] = {}
    key = ""
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        match = _TITLE_KEY.match(line)
        if match and not line[:1].isspace():
            key = line[: match.end() - 1].strip()
            value = line[match.end():].strip()
            metadata[key] = value
        elif key and line.startswith(("\t", "   ")):
            metadata[key] = "\n".join(filter(None, [metadata[key], line.strip()]))
        else:
            break
        index += 1
    return metadata, index


def _is_cue(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("@"):
        return len(stripped) > 1
    if stripped.startswith(("!", ">", "~", "=", "#", ".")):
        return False
    name = character_name(stripped)
    bare = stripped.rstrip().removesuffix("^")
    while True:
        shorter = re.sub(r"\s*\([^()]*\)\s*$", "", bare)
        if shorter == bare:
            break
        bare = shorter
    return bool(name) and any(c.isalpha() for c in bare) and bare == bare.upper()


def parse(
    text: str,
    *,
    lines_per_page: int = DEFAULT_LINES_PER_PAGE,
    rounding: str = ROUND_UP,
) -> ParsedScript:
    if "\x00" in text:
        raise ScriptError("The file holds binary data: it is not a Fountain screenplay.")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = _strip_hidden(text)
    metadata, start = _title_page(lines)

    scenes: list[ParsedScene] = []
    blocks: list[Block] = []
    current: ParsedScene | None = None
    last_speech_start = -1  # index in blocks of the latest cue, for dual dialogue

    def add(kind: str, content: str, **flags) -> None:
        width, before = LAYOUT[kind]
        blocks.append(Block(kind=kind, lines=wrap_count(content, width), space_before=before,
                            **flags))

    count = len(lines)
    index = start
    while index < count:
        line = lines[index]
        if _is_blank(line):
            index += 1
            continue
        stripped = line.strip()
        before_blank = index == start or _is_blank(lines[index - 1])
        after_blank = index + 1 >= count or _is_blank(lines[index + 1])

        if _PAGE_BREAK.match(line):
            blocks.append(Block(kind="other", lines=0, page_break=True))
            index += 1
            continue
        if stripped.startswith(("=", "#")):
            # Synopsis or section: not printed. A synopsis under a heading is its summary.
            if stripped.startswith("=") and current is not None and not current.synopsis:
                current.synopsis = _plain(stripped[1:])
            index += 1
            continue

        forced = bool(_FORCED_HEADING.match(stripped))
        if before_blank and after_blank and not stripped.startswith("!") and (
            forced or _HEADING.match(stripped)
        ):
            heading = stripped[1:] if forced else stripped
            number = ""
            match = _SCENE_NUMBER.search(heading)
            if match:
                number = match.group(1)
                heading = heading[: match.start()]
            current = ParsedScene(heading=" ".join(heading.split()).upper(), number=number,
                                  forced=forced)
            scenes.append(current)
            add("heading", current.heading, scene_start=True, keep_with_next=True)
            index += 1
            continue

        if stripped.startswith(">") and stripped.endswith("<"):
            add("centered", stripped[1:-1].strip())
            index += 1
            continue
        if stripped.startswith(">") or (
            before_blank and after_blank and stripped.endswith("TO:")
            and stripped == stripped.upper()
        ):
            add("transition", stripped.lstrip(">").strip())
            index += 1
            continue

        if before_blank and not after_blank and _is_cue(stripped):
            dual = stripped.endswith("^")
            name = character_name(stripped)
            if current is not None and name not in current.characters:
                current.characters.append(name)
            speech_start = len(blocks)
            add("character", name, keep_with_next=True)
            index += 1
            dialogue: list[str] = []
            while index < count and not _is_blank(lines[index]):
                part = lines[index].strip()
                if _PARENTHETICAL.match(part):
                    if dialogue:
                        add("dialogue", "\n".join(dialogue), splittable=True)
                        dialogue = []
                    add("parenthetical", part, keep_with_next=True)
                else:
                    dialogue.append(part)
                index += 1
            if dialogue:
                add("dialogue", "\n".join(dialogue), splittable=True)
            if dual and last_speech_start >= 0 and all(
                b.kind in SPEECH for b in blocks[last_speech_start:speech_start]
            ):
                _merge_dual(blocks, last_speech_start, speech_start)
                last_speech_start = -1
            else:
                last_speech_start = speech_start
            continue

        # Action (or a lyric): everything up to the next blank line.
        paragraph = []
        while index < count and not _is_blank(lines[index]):
            paragraph.append(lines[index].rstrip())
            index += 1
        body = "\n".join(p[1:] if p.lstrip().startswith(("!", "~")) else p for p in paragraph)
        kind = "lyric" if stripped.startswith("~") else "action"
        add(kind, body, splittable=True)
        if current is not None and not current.synopsis and kind == "action":
            current.synopsis = _plain(" ".join(p.strip() for p in paragraph).lstrip("!"))[:300]

    if not scenes:
        raise ScriptError(
            "No scene headings found (lines such as “INT. KITCHEN - DAY”): "
            "this does not look like a screenplay."
        )
    finish_scenes(scenes)
    measure(scenes, blocks, lines_per_page=lines_per_page, rounding=rounding)
    title = _plain(metadata.get("Title", "").replace("\n", " "))
    return ParsedScript(format="fountain", encoding="utf-8", scenes=scenes, title=title,
                        metadata=metadata)


def _merge_dual(blocks: list[Block], first: int, second: int) -> None:
    """Two speeches side by side take the height of the taller one."""
    left = sum(b.lines for b in blocks[first:second])
    right = sum(b.lines for b in blocks[second:])
    height = max(left, right)
    merged = Block(kind="dialogue", lines=height, space_before=blocks[first].space_before)
    blocks[first:] = [merged]
