"""The parsers raise ScriptError and nothing else, whatever they are given."""

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.screenplay import ScriptError, parse_script

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"
SEEDS = {
    "fdx": (FIXTURES / "extranormal-excerpt.fdx").read_bytes(),
    "fountain": (FIXTURES / "cyber-bob-ep1.fountain").read_bytes(),
}
FOUNTAIN_BITS = ["INT. ", "EXT. ", ".", "@", "^", "#1A#", "(V.O.)", "[[", "]]", "/*", "*/", "===",
                 "= ", "# ", "> ", " <", "~", "!", "Title: x", "\t", "  ", "\n", "\n\n", "BOB",
                 "- DAY", "--NIGHT", "CONTINUOUS", "\r\n", "\ufeff", "\u2019"]


def attempt(data: bytes, filename: str) -> None:
    with contextlib.suppress(ScriptError):
        parse_script(data, filename=filename)


quick = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@quick
@given(st.binary(max_size=2000), st.sampled_from(["a.fountain", "a.fdx", "a", "a.txt"]))
def test_random_bytes(data, filename):
    attempt(data, filename)


@quick
@given(st.lists(st.sampled_from(FOUNTAIN_BITS) | st.text(max_size=12), max_size=60))
def test_random_fountain_pieces(pieces):
    attempt("".join(pieces).encode("utf-8", "surrogatepass"), "a.fountain")


@quick
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_mutated_real_files(kind, data):
    seed = bytearray(SEEDS[kind])
    for _ in range(data.draw(st.integers(1, 6))):
        start = data.draw(st.integers(0, len(seed)))
        end = data.draw(st.integers(start, min(len(seed), start + 200)))
        replacement = data.draw(st.binary(max_size=20) | st.sampled_from(
            [b"<", b">", b"&", b"<Paragraph>", b'Type="Scene Heading"', b"</Content>",
             b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"INT. ", b"\n\n", b"\x00", b"\xff"]))
        seed[start:end] = replacement
    attempt(bytes(seed), f"a.{kind}")


@quick
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=1500))
def test_random_text(text):
    attempt(text.encode(), "a.fountain")
