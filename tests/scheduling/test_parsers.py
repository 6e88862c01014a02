"""The screenplay parsers on real files, with the values in tests/fixtures/screenplays/README.md."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scheduling.eighths import format_eighths, parse_eighths
from scheduling.screenplay import ScriptError, day_or_night, parse_script, split_heading

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"


def parse(name: str, **options):
    return parse_script((FIXTURES / name).read_bytes(), filename=name, **options)


def test_cyber_bob_scenes_and_cues():
    script = parse("cyber-bob-ep1.fountain")

    assert [s.heading for s in script.scenes] == [
        "EXT. PARK--DAY",
        "EXT. SUBURBAN TRAFFIC INTERSECTION--DAY",
        "INT. TRAFFIC LIGHT HORIZONTAL BEAM--NIGHT",
    ]
    assert [s.characters for s in script.scenes] == [
        ["BOB", "DOG", "MARGARET", "CYBER BOB", "CYBER BOSS"], ["BOSS"], ["DOG", "BOB"],
    ]
    assert sorted(script.characters) == ["BOB", "BOSS", "CYBER BOB", "CYBER BOSS", "DOG",
                                         "MARGARET"]
    first = script.scenes[0]
    assert (first.int_ext, first.set_name, first.time_of_day, first.day_night) == (
        "EXT", "PARK", "DAY", "DAY")
    assert script.scenes[2].day_night == "NIGHT"
    assert all(s.number == "" and s.eighths_source == "computed" for s in script.scenes)
    assert script.title.startswith("BOB THE CYBER PAWN")
    assert script.metadata["Author"] == "Richard Alexander Hall"
    assert script.encoding == "utf-8"


def test_vikings_fountain_and_fdx_agree():
    fountain = parse("vikings-scrambled.fountain")
    fdx = parse("vikings-scrambled.fdx")

    assert len(fountain.scenes) == len(fdx.scenes) == 115
    assert [s.heading for s in fountain.scenes[:5]] == [
        "EQOQ RUQUR:",
        "INT. QUZEQ KUD YXOW\u2019U UJAZOPODA - HUR",
        "INT. QUZEQ\u2019U ZAQODUS - RUS YBOB RUPURUP",
        "INT. QUZEQ KUD YXOW\u2019U UJAZOPODA - HUKUZ",
        "EXT. EXAJERY WAGAP - OXODUP YQAQAPUX",
    ]
    assert [s.heading for s in fountain.scenes] == [s.heading for s in fdx.scenes]
    assert [s.characters for s in fountain.scenes] == [s.characters for s in fdx.scenes]
    assert len(fountain.characters) == len(fdx.characters) == 34
    assert "YXOW & QUZEQ" in fountain.characters
    assert fountain.scenes[0].forced and fountain.scenes[0].int_ext == ""
    assert fdx.scenes[0].int_ext == ""
    # Both layouts are measured the same way: per scene within an eighth.
    assert all(abs(a.eighths - b.eighths) <= 1 for a, b in zip(fountain.scenes, fdx.scenes,
                                                               strict=True))


def test_extranormal_keeps_final_drafts_lengths_exactly():
    script = parse("extranormal-excerpt.fdx")

    assert [s.heading for s in script.scenes] == [
        "EXT. SUBURBAN STREET - DAY", "COLBY AND BRIAN DRIVING",
        "EXT. LASER TAG PARKING LOT - NIGHT",
    ]
    assert [(s.eighths, s.eighths_source, s.page) for s in script.scenes] == [
        (2, "file", "1"), (7, "file", "1"), (6, "file", "2"),
    ]
    assert sum(s.eighths for s in script.scenes) == 15
    assert [s.characters for s in script.scenes] == [[], ["COLBY", "BRIAN"], ["WINNIE", "MORGAN"]]
    assert script.scenes[1].int_ext == ""  # a heading that is not a location: flagged, kept


def test_computed_eighths_are_within_an_eighth_of_final_draft():
    given = parse("extranormal-excerpt.fdx")
    computed = parse("extranormal-excerpt.fdx", keep_file_lengths=False)

    assert all(s.eighths_source == "computed" for s in computed.scenes)
    for file_scene, our_scene in zip(given.scenes, computed.scenes, strict=True):
        assert abs(file_scene.eighths - our_scene.eighths) <= 1, file_scene.heading


@pytest.mark.parametrize("text, expected", [
    ("INT. KITCHEN - NIGHT", ("INT", "KITCHEN", "NIGHT")),
    ("EXT. PARK--DAY", ("EXT", "PARK", "DAY")),
    ("INT./EXT. CAR - MOVING - DAY", ("INT/EXT", "CAR - MOVING", "DAY")),
    ("I/E PORCH - DUSK", ("INT/EXT", "PORCH", "DUSK")),
    ("INT.  AIRPLANE", ("INT", "AIRPLANE", "")),
    ("EXT. FARM - NIGHT (1973)", ("EXT", "FARM", "NIGHT (1973)")),
    ("SNIPER SCOPE POV", ("", "SNIPER SCOPE POV", "")),
])
def test_heading_split(text, expected):
    assert split_heading(text) == expected


def test_continuous_takes_the_previous_scenes_day_or_night():
    assert day_or_night("CONTINUOUS", "NIGHT") == "NIGHT"
    assert day_or_night("MOMENTS LATER", "DAY") == "DAY"
    assert day_or_night("DAWN", "NIGHT") == "DAY"

    script = parse_script(
        b"INT. HALL - NIGHT\n\nShe runs.\n\nEXT. YARD - CONTINUOUS\n\nOut.\n", filename="a.fountain"
    )
    assert [(s.time_of_day, s.day_night) for s in script.scenes] == [
        ("NIGHT", "NIGHT"), ("CONTINUOUS", "NIGHT")]


def test_fountain_rules():
    text = "\n".join([
        "Title: Test", "Author: Me", "", "====", "",
        ".SNIPER SCOPE POV #12A#", "",
        "/* INT. NOT A SCENE - DAY", "", "*/", "",
        "# ACT ONE", "", "= A synopsis.", "",
        "INTERNAL AFFAIRS OFFICE is not a heading.", "",
        "ext. brick's pool - day #13#", "",
        "BRICK (V.O.)", "Hello.", "",
        "@McCLANE", "(quietly)", "Yippee.", "",
        "STEEL ^", "Together.", "",
        "[[a note]]", "",
        "CUT TO:", "",
        "..ellipsis is action", "",
        "!EXT. FORCED ACTION - DAY", "",
    ])
    script = parse_script(text.encode(), filename="t.fountain")

    assert [(s.number, s.heading) for s in script.scenes] == [
        ("12A", "SNIPER SCOPE POV"), ("13", "EXT. BRICK'S POOL - DAY")]
    assert script.scenes[0].synopsis == "A synopsis."
    assert script.scenes[1].characters == ["BRICK", "McCLANE".upper(), "STEEL"]


@pytest.mark.parametrize("text, eighths", [("1 3/8", 11), ("4/8", 4), ("2", 16), ("0/8", 0)])
def test_eighths_round_trip(text, eighths):
    assert parse_eighths(text) == eighths
    assert format_eighths(eighths) == (text if text != "0/8" else "0")


def test_minimum_eighth_and_rounding_up():
    script = parse_script(b"INT. A - DAY\n\nX.\n\nINT. B - DAY\n\nY.\n", filename="a.fountain")
    assert [s.eighths for s in script.scenes] == [1, 1]


def test_lines_per_page_changes_computed_lengths():
    normal = parse("cyber-bob-ep1.fountain")
    long_pages = parse("cyber-bob-ep1.fountain", lines_per_page=108)
    assert sum(s.eighths for s in long_pages.scenes) < sum(s.eighths for s in normal.scenes)


# --- Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("data, filename, message", [
    (b"", "a.fountain", "empty"),
    (b"%PDF-1.4 ...", "a.pdf", "PDF"),
    (b"PK\x03\x04....", "a.docx", "zip"),
    (b"Just a shopping list.\n\nMilk.\n", "a.fountain", "No scene headings"),
    (b"<?xml version='1.0'?><FinalDraft><Content>", "a.fdx", "not well-formed XML"),
    (b"<?xml version='1.0'?><html/>", "a.fdx", "not a Final Draft"),
    (b"<FinalDraft><Content/></FinalDraft>", "a.fdx", "no Scene Heading"),
    (b"abc\x00def", "a.fountain", "binary"),
])
def test_bad_input_gets_a_clear_message(data, filename, message):
    with pytest.raises(ScriptError) as caught:
        parse_script(data, filename=filename)
    assert message in caught.value.message


def test_malformed_xml_says_which_line():
    data = b'<?xml version="1.0"?>\n<FinalDraft>\n<Content>\n<Paragraph Type="Action">\n</Content>'
    with pytest.raises(ScriptError) as caught:
        parse_script(data, filename="a.fdx")
    assert caught.value.line == 5


def test_xml_bomb_and_external_entities_are_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]><FinalDraft>&lol2;</FinalDraft>')
    external = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<FinalDraft><Content>&e;</Content></FinalDraft>")
    for data in (bomb, external):
        with pytest.raises(ScriptError) as caught:
            parse_script(data, filename="a.fdx")
        assert "entities" in caught.value.message


def test_too_large():
    with pytest.raises(ScriptError) as caught:
        parse_script(b"INT. A - DAY\n\n" + b"x" * 2000, filename="a.fountain", max_bytes=1000)
    assert "limit is" in caught.value.message


def test_encodings_are_tried_in_order_and_named():
    body = "INT. CAF\u00c9 - DAY\n\nIt\u2019s late.\n"
    assert parse_script(body.encode(), filename="a.fountain").encoding == "utf-8"
    bom = parse_script(b"\xef\xbb\xbf" + body.encode(), filename="a.fountain")
    assert bom.encoding == "utf-8-sig" and bom.scenes[0].heading == "INT. CAF\u00c9 - DAY"
    legacy = parse_script(body.encode("cp1252"), filename="a.fountain")
    assert legacy.encoding == "cp1252" and legacy.scenes[0].heading == "INT. CAF\u00c9 - DAY"


def test_bytes_neither_utf8_nor_cp1252_say_where():
    with pytest.raises(ScriptError) as caught:
        parse_script(b"INT. A - DAY\n\nline two\n\x81\xff", filename="a.fountain")
    assert caught.value.line == 4
    assert "UTF-8" in caught.value.message


def test_crlf_and_lf_give_the_same_scenes():
    data = (FIXTURES / "cyber-bob-ep1.fountain").read_bytes()
    crlf = parse_script(data.replace(b"\n", b"\r\n"), filename="a.fountain")
    lf = parse_script(data, filename="a.fountain")
    assert [s.as_json() for s in crlf.scenes] == [s.as_json() for s in lf.scenes]


# --- The command ----------------------------------------------------------------------


def test_parse_script_command_prints_json():
    out = StringIO()
    call_command("parse_script", str(FIXTURES / "extranormal-excerpt.fdx"), "--json", stdout=out)
    data = json.loads(out.getvalue())

    assert [s["eighths"] for s in data["scenes"]] == [2, 7, 6]
    first = data["scenes"][0]
    assert {"number", "heading", "int_ext", "set", "time_of_day", "eighths", "eighths_source",
            "page", "characters"} <= set(first)
    assert (first["set"], first["eighths_source"], first["page"]) == ("SUBURBAN STREET", "file",
                                                                      "1")


def test_parse_script_command_reports_bad_files(tmp_path):
    path = tmp_path / "empty.fountain"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("parse_script", str(path))


def test_fdx_reports_its_declared_encoding():
    data = (FIXTURES / "extranormal-excerpt.fdx").read_bytes()
    assert parse_script(data, filename="a.fdx").encoding == "utf-8"
    latin = data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1)
    assert parse_script(latin, filename="a.fdx").encoding == "iso-8859-1"


def test_dual_dialogue_both_speakers_count():
    fountain = b"INT. BAR - NIGHT\n\nBRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n"
    assert parse_script(fountain, filename="a.fountain").scenes[0].characters == ["BRICK", "STEEL"]
    fdx = b"""<?xml version="1.0" encoding="UTF-8"?>
<FinalDraft DocumentType="Script" Version="5"><Content>
<Paragraph Type="Scene Heading"><Text>INT. BAR - NIGHT</Text></Paragraph>
<Paragraph><DualDialogue>
<Paragraph Type="Character"><Text>BRI</Text><Text>CK</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>Screw retirement.</Text></Paragraph>
<Paragraph Type="Character"><Text>STEEL (V.O.)</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>Screw retirement.</Text></Paragraph>
</DualDialogue></Paragraph>
<Paragraph Type="Scene Heading"><SceneProperties Length="1 2/8" Page="3">
<Summary><Paragraph><Text>They argue.</Text></Paragraph></Summary></SceneProperties>
<Text>EXT. STREET - CONTINUOUS</Text></Paragraph>
<Paragraph Type="Unknown Thing"><Text>Whatever.</Text></Paragraph>
<ScriptNote><Paragraph Type="Character"><Text>NOT A SPEAKER</Text></Paragraph></ScriptNote>
</Content></FinalDraft>"""
    scenes = parse_script(fdx, filename="a.fdx").scenes
    assert scenes[0].characters == ["BRICK", "STEEL"]
    second = scenes[1]
    assert (second.eighths, second.eighths_source, second.page, second.synopsis) == (
        10, "file", "3", "They argue.")
    assert (second.time_of_day, second.day_night) == ("CONTINUOUS", "NIGHT")
    assert second.characters == []
