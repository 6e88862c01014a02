"""What a parsed screenplay is, and the one entry point that reads an upload.

Pure: bytes in, plain data out, no database. `parse_script` checks the upload
(size, encoding, format), hands it to `fountain` or `fdx`, and returns a
`ParsedScript`. Anything wrong with the input raises `ScriptError`, and
nothing else is ever raised for bad input.
"""

import re
from dataclasses import dataclass, field

from .eighths import DEFAULT_LINES_PER_PAGE, ROUND_UP, Block, scene_eighths

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class ScriptError(ValueError):
    """The upload cannot be read as a screenplay; `line` says where, when known."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"{message} (line {line})" if line else message)


@dataclass
class ParsedScene:
    heading: str
    number: str = ""
    int_ext: str = ""  # INT, EXT, INT/EXT or ""
    set_name: str = ""
    time_of_day: str = ""  # as written: DAY, NIGHT, CONTINUOUS, DUSK (1973)...
    day_night: str = ""  # DAY or NIGHT (CONTINUOUS/LATER/SAME take the previous scene's), or ""
    eighths: int = 1
    eighths_source: str = "computed"  # "file" when Final Draft gave the length
    page: str = ""
    characters: list[str] = field(default_factory=list)
    synopsis: str = ""
    forced: bool = False  # a Fountain heading forced with "."

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "heading": self.heading,
            "int_ext": self.int_ext,
            "set": self.set_name,
            "time_of_day": self.time_of_day,
            "day_night": self.day_night,
            "eighths": self.eighths,
            "eighths_source": self.eighths_source,
            "page": self.page,
            "characters": list(self.characters),
            "synopsis": self.synopsis,
        }


@dataclass
class ParsedScript:
    format: str  # fountain or fdx
    encoding: str
    scenes: list[ParsedScene]
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def characters(self) -> list[str]:
        seen: dict[str, None] = {}
        for scene in self.scenes:
            seen.update(dict.fromkeys(scene.characters))
        return list(seen)

    def as_json(self) -> dict:
        return {
            "format": self.format,
            "encoding": self.encoding,
            "title": self.title,
            "scenes": [scene.as_json() for scene in self.scenes],
        }


# --- Scene headings ---------------------------------------------------------------

_INT_EXT = re.compile(
    r"^(?P<ie>INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I\s*/\s*E|INT|EXT|EST)(?:\.|\s|$)\.?\s*",
    re.IGNORECASE,
)
# The time of day follows the last " - ", "--" or an en or em dash of the heading.
_DASHES = " .-\u2013\u2014"
_TIME_SEPARATOR = re.compile(r"\s*(?:--+|\s[-\u2013\u2014]\s|[\u2013\u2014])\s*")
_DAY_WORDS = {"DAY", "MORNING", "AFTERNOON", "DAWN", "SUNRISE", "NOON", "MIDDAY", "DAYTIME"}
_NIGHT_WORDS = {"NIGHT", "EVENING", "DUSK", "SUNSET", "MIDNIGHT", "NIGHTTIME", "TWILIGHT"}
_INHERIT_WORDS = {"CONTINUOUS", "LATER", "SAME", "CONT'D", "CONT\u2019D", "CONTD", "MOMENTS"}


def split_heading(heading: str) -> tuple[str, str, str]:
    """`INT. KITCHEN - NIGHT` -> ("INT", "KITCHEN", "NIGHT")."""
    text = " ".join(heading.split())
    int_ext = ""
    match = _INT_EXT.match(text)
    if match:
        raw = re.sub(r"[\s.]", "", match.group("ie").upper())
        int_ext = {"I/E": "INT/EXT", "EXT/INT": "INT/EXT", "EST": "EXT"}.get(raw, raw)
        text = text[match.end():]
    if not int_ext:
        return "", text.strip(_DASHES), ""
    parts = _TIME_SEPARATOR.split(text)
    if len(parts) > 1:
        set_name = " - ".join(p for p in parts[:-1] if p).strip(_DASHES)
        time_of_day = parts[-1].strip(_DASHES)
        return int_ext, set_name, time_of_day
    return int_ext, text.strip(_DASHES), ""


def day_or_night(time_of_day: str, previous: str) -> str:
    """DAY or NIGHT for strip colours; CONTINUOUS, LATER, SAME inherit `previous`."""
    words = set(re.findall(r"[A-Z\u2019']+", time_of_day.upper()))
    if words & _INHERIT_WORDS:
        return previous
    if words & _NIGHT_WORDS:
        return "NIGHT"
    if words & _DAY_WORDS:
        return "DAY"
    return ""


_CUE_EXTENSION = re.compile(r"\s*\([^()]*\)\s*$")


def character_name(cue: str) -> str:
    """A cue as the person who speaks: no @, ^ or (V.O.)-style extensions, upper case."""
    name = cue.strip()
    if name.startswith("@"):
        name = name[1:]
    name = name.rstrip().removesuffix("^").rstrip()
    while True:
        stripped = _CUE_EXTENSION.sub("", name)
        if stripped == name:
            break
        name = stripped
    return " ".join(name.upper().split())


def finish_scenes(scenes: list[ParsedScene]) -> None:
    """Split headings and resolve CONTINUOUS/LATER/SAME, in place."""
    previous = ""
    for scene in scenes:
        scene.int_ext, scene.set_name, scene.time_of_day = split_heading(scene.heading)
        scene.day_night = day_or_night(scene.time_of_day, previous)
        if scene.day_night:
            previous = scene.day_night


def measure(
    scenes: list[ParsedScene],
    blocks: list[Block],
    *,
    lines_per_page: int,
    rounding: str,
    keep_file_lengths: bool = True,
) -> None:
    """Fill computed eighths and pages where the file gave none, in place."""
    measured = scene_eighths(blocks, lines_per_page=lines_per_page, rounding=rounding)
    for scene, (eighths, page) in zip(scenes, measured, strict=True):
        if not (keep_file_lengths and scene.eighths_source == "file"):
            scene.eighths = eighths
            scene.eighths_source = "computed"
        if not scene.page:
            scene.page = str(page)


# --- Reading an upload --------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8, then UTF-8 with a BOM, then cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        order: tuple[str, ...] = ("utf-8-sig", "cp1252")
    else:
        order = ("utf-8", "cp1252")
    error: UnicodeDecodeError | None = None
    for encoding in order:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    line = data[: error.start].count(b"\n") + 1
    raise ScriptError(
        "The file is not text in UTF-8 or Windows-1252 (cp1252): "
        f"byte 0x{data[error.start]:02x} cannot be read.",
        line=line,
    )


def sniff_format(data: bytes, filename: str) -> str:
    name = filename.lower()
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        raise ScriptError(
            "This is a PDF. Upload the screenplay as Fountain (.fountain) or Final Draft (.fdx)."
        )
    if head.startswith(b"PK\x03\x04"):
        raise ScriptError(
            "This is a zip or Word document, not a screenplay. Upload Fountain (.fountain) "
            "or Final Draft (.fdx)."
        )
    if name.endswith(".fdx") or head.startswith((b"<?xml", b"<FinalDraft")):
        return "fdx"
    if name.endswith((".fountain", ".spmd", ".txt", ".ftn")) or "." not in name:
        return "fountain"
    if head.startswith(b"<"):
        return "fdx"
    return "fountain"


def parse_script(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    lines_per_page: int = DEFAULT_LINES_PER_PAGE,
    rounding: str = ROUND_UP,
    keep_file_lengths: bool = True,
) -> ParsedScript:
    """Read a Fountain or Final Draft upload. Raises ScriptError, and only that."""
    from . import fdx, fountain

    if not data:
        raise ScriptError("The file is empty.")
    if len(data) > max_bytes:
        raise ScriptError(
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.1f} MB."
        )
    kind = sniff_format(data, filename)
    if kind == "fdx":
        script = fdx.parse(data, lines_per_page=lines_per_page, rounding=rounding,
                           keep_file_lengths=keep_file_lengths)
    else:
        text, encoding = decode(data)
        script = fountain.parse(text, lines_per_page=lines_per_page, rounding=rounding)
        script.encoding = encoding
    return script
