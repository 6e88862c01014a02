"""Final Draft (.fdx) screenplays: XML in, scenes and printed blocks out.

Parsed with defusedxml (uploads come from users: no entity expansion, no
external references). Only the direct `<Paragraph>` children of `<Content>`
(and of `<DualDialogue>`) are read, so scene summaries, arc beats and script
notes never count as action. Pure: no database.
"""

import math
import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .eighths import DEFAULT_LINES_PER_PAGE, ROUND_UP, Block, parse_eighths, wrap_count
from .screenplay import (
    ParsedScene,
    ParsedScript,
    ScriptError,
    character_name,
    finish_scenes,
    measure,
)

# Final Draft's default screenplay template, used where the file defines no
# ElementSettings: (left indent, right indent) in inches, space before in points.
DEFAULT_SETTINGS = {
    "Scene Heading": (1.5, 7.5, 24),
    "Action": (1.5, 7.5, 12),
    "Character": (3.5, 7.25, 12),
    "Parenthetical": (3.0, 5.5, 0),
    "Dialogue": (2.5, 6.0, 0),
    "Transition": (5.5, 7.1, 12),
    "Shot": (1.5, 7.5, 12),
    "General": (1.5, 7.5, 0),
}
KINDS = {
    "Scene Heading": "heading",
    "Action": "action",
    "Character": "character",
    "Parenthetical": "parenthetical",
    "Dialogue": "dialogue",
    "Transition": "transition",
}
SPLITTABLE = {"Action", "Dialogue", "General"}
KEEP_WITH_NEXT = {"Scene Heading", "Character", "Parenthetical", "Shot"}


def _text(paragraph: Element) -> str:
    """The paragraph's own text: its direct <Text> runs joined."""
    return "".join(run.text or "" for run in paragraph.findall("Text")).strip()


def _number(value: str | None, default: float) -> float:
    try:
        number = float(value or "")
    except ValueError:
        return default
    return number if 0 <= number < 100 else default


Layout = tuple[int, int, bool, float]


def _layout(root: Element) -> dict[str, Layout]:
    """Per paragraph type: wrap width in characters, blank lines before, whether it starts
    a new page, and line spacing (1, 1.5, 2)."""
    layout: dict[str, Layout] = {}
    for name, (left, right, before) in DEFAULT_SETTINGS.items():
        layout[name] = (round((right - left) * 10) + 1, round(before / 12), False, 1.0)
    for settings in root.findall("ElementSettings"):
        name = settings.get("Type") or ""
        spec = settings.find("ParagraphSpec")
        if not name or spec is None:
            continue
        left = _number(spec.get("LeftIndent"), 1.5)
        right = _number(spec.get("RightIndent"), 7.5)
        before = _number(spec.get("SpaceBefore"), 0)
        width = max(round((right - left) * 10) + 1, 10)
        spacing = min(max(_number(spec.get("Spacing"), 1.0), 1.0), 3.0)
        layout[name] = (width, round(before / 12), spec.get("StartsNewPage") == "Yes", spacing)
    return layout


def _summary(properties: Element | None) -> str:
    if properties is None:
        return ""
    summary = properties.find("Summary")
    if summary is None:
        return ""
    texts = [_text(p) for p in summary.iter("Paragraph")]
    return " ".join(t for t in texts if t)[:300]


def parse(
    data: bytes,
    *,
    lines_per_page: int = DEFAULT_LINES_PER_PAGE,
    rounding: str = ROUND_UP,
    keep_file_lengths: bool = True,
) -> ParsedScript:
    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise ScriptError(
            "The XML declares entities or external references (a possible XML bomb); "
            "Final Draft files never do, so it was not read."
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ScriptError(f"The file is not well-formed XML: {exc.msg}.", line=line) from exc
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding declaration
        raise ScriptError(f"The XML cannot be read: {exc}.") from exc
    if root.tag != "FinalDraft":
        raise ScriptError(
            f"This XML is not a Final Draft screenplay (its root element is <{root.tag}>, "
            "not <FinalDraft>)."
        )
    content = root.find("Content")
    if content is None:
        raise ScriptError("This Final Draft file has no <Content>: there is no script in it.")
    layout = _layout(root)
    title = " ".join(
        t for t in (_text(p) for p in root.findall("./TitlePage/Content/Paragraph")) if t
    )[:200]

    scenes: list[ParsedScene] = []
    blocks: list[Block] = []
    current: ParsedScene | None = None

    def add(kind_name: str, text: str, **flags) -> None:
        width, before, new_page, spacing = layout.get(kind_name) or layout["General"]
        if new_page:
            blocks.append(Block(kind="other", lines=0, page_break=True))
        blocks.append(Block(
            kind=KINDS.get(kind_name, "other"),
            lines=math.ceil(wrap_count(text, width) * spacing),
            space_before=before,
            keep_with_next=kind_name in KEEP_WITH_NEXT,
            splittable=kind_name in SPLITTABLE,
            **flags,
        ))

    def speaker(paragraph: Element) -> None:
        name = character_name(_text(paragraph))
        if name and current is not None and name not in current.characters:
            current.characters.append(name)

    for paragraph in content.findall("Paragraph"):
        kind_name = (paragraph.get("Type") or "General").strip()
        text = _text(paragraph)
        dual = paragraph.find("DualDialogue")
        if dual is not None:
            columns: list[int] = [0]
            for inner in dual.findall("Paragraph"):
                inner_kind = inner.get("Type") or "General"
                inner_text = _text(inner)
                if inner_kind == "Character":
                    speaker(inner)
                    if columns[-1]:
                        columns.append(0)
                width, before, _, spacing = layout.get(inner_kind) or layout["General"]
                columns[-1] += math.ceil(wrap_count(inner_text, width) * spacing) + before
            blocks.append(Block(kind="dialogue", lines=max(max(columns), 1)))
            continue
        if kind_name == "Scene Heading":
            properties = paragraph.find("SceneProperties")
            current = ParsedScene(heading=" ".join(text.split()).upper(),
                                  number=(paragraph.get("Number") or "").strip()[:20])
            if properties is not None:
                length = parse_eighths(properties.get("Length") or "")
                if length:
                    current.eighths, current.eighths_source = length, "file"
                current.page = (properties.get("Page") or "").strip()[:20]
                current.synopsis = _summary(properties)
            scenes.append(current)
            add(kind_name, current.heading or " ", scene_start=True)
            continue
        if kind_name == "Character":
            speaker(paragraph)
        elif kind_name == "Action" and current is not None and not current.synopsis and text:
            current.synopsis = " ".join(text.split())[:300]
        add(kind_name, text)

    if not scenes:
        raise ScriptError(
            "This Final Draft file has no Scene Heading paragraphs: there are no scenes to import."
        )
    finish_scenes(scenes)
    measure(scenes, blocks, lines_per_page=lines_per_page, rounding=rounding,
            keep_file_lengths=keep_file_lengths)
    return ParsedScript(format="fdx", encoding=_declared_encoding(data), scenes=scenes,
                        title=title)


_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _declared_encoding(data: bytes) -> str:
    """The encoding the XML declares (UTF-8 when it declares none), as the parser read it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    match = _DECLARATION.match(data[:200])
    return match.group(1).decode().lower() if match else "utf-8"
