"""Importing a script into a production, and merging new drafts into it."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduling import services
from scheduling.models import (
    Element,
    ElementAlias,
    ElementCategory,
    Scene,
    SceneElement,
    Script,
    Set,
)
from tests.productions.factories import cast, production_for
from tests.scheduling.factories import fountain, imported, synthetic

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"


def cast_elements(production):
    return {e.name: e for e in Element.objects.filter(production=production,
                                                       category__code=100)}


def test_import_creates_sets_scenes_and_cast(production, producer):
    script = imported(production, (FIXTURES / "cyber-bob-ep1.fountain").read_bytes(), by=producer)

    scenes = list(production.scenes.order_by("order"))
    assert [s.heading for s in scenes] == [
        "EXT. PARK--DAY", "EXT. SUBURBAN TRAFFIC INTERSECTION--DAY",
        "INT. TRAFFIC LIGHT HORIZONTAL BEAM--NIGHT",
    ]
    assert [s.set.name for s in scenes] == ["PARK", "SUBURBAN TRAFFIC INTERSECTION",
                                            "TRAFFIC LIGHT HORIZONTAL BEAM"]
    assert script.status == Script.Status.APPLIED and script.uploaded_by == producer
    assert script.summary["is_revision"] is False and len(script.summary["added"]) == 3
    elements = cast_elements(production)
    assert sorted(elements) == ["BOB", "BOSS", "CYBER BOB", "CYBER BOSS", "DOG", "MARGARET"]
    # 1 = the lead: most scenes first, then order of appearance.
    assert (elements["BOB"].board_id, elements["DOG"].board_id) == (1, 2)
    assert sorted(e.board_id for e in elements.values()) == [1, 2, 3, 4, 5, 6]
    speakers = SceneElement.objects.filter(scene=scenes[0]).values_list("element__name", flat=True)
    assert sorted(speakers) == ["BOB", "CYBER BOB", "CYBER BOSS", "DOG", "MARGARET"]
    categories = list(ElementCategory.objects.filter(production=production))
    assert [c.code for c in categories] == list(range(100, 123))
    assert categories[0].name == "Cast Members" and categories[4].name == "Props"


def test_final_draft_lengths_are_stored_as_from_the_file(production):
    imported(production, (FIXTURES / "extranormal-excerpt.fdx").read_bytes(),
             filename="x.fdx")

    scenes = list(production.scenes.order_by("order"))
    assert [(s.eighths, s.eighths_source, s.page) for s in scenes] == [
        (2, "file", "1"), (7, "file", "1"), (6, "file", "2")]
    assert scenes[1].int_ext == "" and scenes[2].day_night == "NIGHT"


def test_character_linked_to_existing_cast_member_uses_its_board_id(production):
    anna = cast(production, character="Bob")  # board ID 1
    imported(production, (FIXTURES / "cyber-bob-ep1.fountain").read_bytes())

    bob = cast_elements(production)["BOB"]
    assert bob.cast_member == anna and bob.board_id is None and bob.effective_board_id == 1
    others = [e.board_id for name, e in cast_elements(production).items() if name != "BOB"]
    assert 1 not in others


def test_alias_merge_survives_reimport(production):
    data = (FIXTURES / "cyber-bob-ep1.fountain").read_bytes()
    imported(production, data)
    elements = cast_elements(production)
    services.element_merge(element=elements["CYBER BOB"], into=elements["BOB"])
    services.element_merge(element=elements["CYBER BOSS"], into=elements["BOSS"])

    imported(production, data, colour="blue")

    assert sorted(cast_elements(production)) == ["BOB", "BOSS", "DOG", "MARGARET"]
    assert set(ElementAlias.objects.values_list("name", flat=True)) == {"CYBER BOB",
                                                                        "CYBER BOSS"}
    first = production.scenes.order_by("order").first()
    assert sorted(first.tags.values_list("element__name", flat=True)) == [
        "BOB", "BOSS", "DOG", "MARGARET"]


def test_revision_merges_by_number_and_keeps_tags_and_board_ids(production):
    first = fountain(("1", "INT. KITCHEN - DAY", ["ANNA"]), ("2", "EXT. GARDEN - NIGHT", ["ANNA"]),
                     ("3", "INT. HALL - DAY", ["BEN"]))
    imported(production, first)
    _kitchen, garden, hall = production.scenes.order_by("order")
    props = ElementCategory.objects.get(production=production, code=104)
    gun = services.tag_create_by_name(scene=garden, category=props, name="Shotgun")
    anna = cast_elements(production)["ANNA"]
    services.element_update(element=anna, board_id=7, board_id_locked=True)

    second = fountain(("1", "INT. KITCHEN - DAY", ["ANNA"]),
                      ("2", "EXT. GARDEN - NIGHT", ["ANNA", "CARL"], 20),
                      ("4", "EXT. ROOF - DAY", ["BEN"]))
    draft = services.script_upload(production=production, data=second, filename="v2.fountain",
                                   revision_colour="blue")

    summary = draft.summary
    assert draft.status == Script.Status.PENDING
    assert [a["number"] for a in summary["added"]] == ["4"]
    assert [r["id"] for r in summary["removed"]] == [hall.pk]
    assert [(c["id"], c["changes"]) for c in summary["changed"]] == [
        (garden.pk, ["length", "speakers"])]
    assert (summary["changed"][0]["speakers_added"],
            summary["changed"][0]["speakers_removed"]) == (["CARL"], [])
    assert summary["unchanged"] == 1 and summary["new_characters"] == ["CARL"]
    assert production.scenes.filter(omitted=False).count() == 3  # nothing applied yet

    services.script_apply(script=draft)

    garden.refresh_from_db()
    hall.refresh_from_db()
    assert garden.eighths > 1 and hall.omitted
    assert SceneElement.objects.filter(pk=gun.pk, scene=garden).exists()
    assert sorted(garden.tags.values_list("element__name", flat=True)) == ["ANNA", "CARL",
                                                                           "Shotgun"]
    anna.refresh_from_db()
    assert anna.board_id == 7
    active = production.scenes.filter(omitted=False).order_by("order")
    assert [s.number for s in active] == ["1", "2", "4"]
    assert Scene.objects.filter(production=production).count() == 4


def test_revision_summary_lists_who_gains_and_loses_lines(production, producer, client):
    imported(production, fountain(("1", "INT. KITCHEN - DAY", ["ANNA", "BEN"]),
                                  ("2", "EXT. GARDEN - NIGHT", ["ANNA"]),
                                  ("3", "INT. HALL - DAY", ["BEN"])))
    kitchen, garden, hall = production.scenes.order_by("order")
    elements = cast_elements(production)
    services.element_create(production=production, category=elements["BEN"].category,
                            name="BENNY")
    services.element_merge(element=cast_elements(production)["BENNY"], into=elements["BEN"])

    # Ben's line in the kitchen goes to Dora, Carl gains one in the garden; in the hall
    # the draft calls Ben by his alias, which is no change.
    draft = services.script_upload(
        production=production, filename="blue.fountain", revision_colour="blue",
        data=fountain(("1", "INT. KITCHEN - DAY", ["DORA", "ANNA"]),
                      ("2", "EXT. GARDEN - NIGHT", ["CARL", "ANNA"]),
                      ("3", "INT. HALL - DAY", ["BENNY"])))

    rows = {row["id"]: row for row in draft.summary["changed"]}
    assert set(rows) == {kitchen.pk, garden.pk} and draft.summary["unchanged"] == 1
    assert (rows[kitchen.pk]["changes"], rows[kitchen.pk]["speakers_added"],
            rows[kitchen.pk]["speakers_removed"]) == (["speakers"], ["DORA"], ["BEN"])
    assert "speakers" in rows[garden.pk]["changes"]
    assert (rows[garden.pk]["speakers_added"], rows[garden.pk]["speakers_removed"]) == (
        ["CARL"], [])

    client.force_login(producer)
    page = client.get(reverse("scheduling:script_review", args=[production.pk, draft.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "+ DORA" in text and "+ CARL" in text and "\u2212 BEN" in text
    assert "speaking parts" in text

    services.script_apply(script=draft)
    scripts = dict(production.scenes.values_list("number", "script_id"))
    assert scripts[kitchen.number] == scripts[garden.number] == draft.pk
    assert scripts[hall.number] != draft.pk
    assert sorted(kitchen.tags.values_list("element__name", flat=True)) == ["ANNA", "DORA"]


def test_unnumbered_revision_matches_by_heading_and_order(production):
    imported(production, fountain(("", "INT. A - DAY", []), ("", "INT. B - DAY", []),
                                  ("", "INT. C - DAY", [])))
    a, _b, c = production.scenes.order_by("order")
    draft = services.script_upload(
        production=production, filename="v2.fountain",
        data=fountain(("", "INT. A - DAY", []), ("", "INT. NEW - DAY", []),
                      ("", "INT. B - DAY", []), ("", "INT. C - NIGHT", [])),
    )
    summary = draft.summary
    assert [x["heading"] for x in summary["added"]] == ["INT. NEW - DAY"]
    assert summary["removed"] == []
    assert [(x["id"], x["changes"]) for x in summary["changed"]] == [(c.pk, ["heading"])]
    services.script_apply(script=draft)
    assert list(production.scenes.order_by("order").values_list("pk", flat=True))[:1] == [a.pk]
    c.refresh_from_db()
    assert c.day_night == "NIGHT" and c.order == 3


@pytest.mark.parametrize("data, filename, message", [
    (b"", "a.fountain", "empty"),
    (b"<FinalDraft><Content>", "a.fdx", "line 1"),
    (b"No scenes here.", "a.fountain", "No scene headings"),
])
def test_bad_upload_saves_nothing(production, data, filename, message):
    with pytest.raises(ValidationError) as caught:
        services.script_upload(production=production, data=data, filename=filename, apply=True)
    assert message in caught.value.message_dict["file"][0]
    assert not Script.objects.exists() and not Scene.objects.exists()
    assert not Set.objects.exists() and not Element.objects.exists()


def test_upload_limit_is_a_setting(production, settings):
    settings.SCRIPT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="limit"):
        services.script_upload(production=production, data=synthetic(5), filename="a.fountain")


def test_a_draft_applies_once(production):
    draft = imported(production, synthetic(3))
    with pytest.raises(ValidationError):
        services.script_apply(script=draft)


def test_import_queries_do_not_grow_with_scenes(producer):
    def queries(count: int) -> int:
        production = production_for(producer)
        data = synthetic(count)
        with CaptureQueriesContext(connection) as ctx:
            imported(production, data)
        assert production.scenes.count() == count
        return len(ctx.captured_queries)

    assert queries(5) == queries(60)


def test_renumber_by_scene_count_keeps_locked_ids(production):
    imported(production, fountain(("1", "INT. A - DAY", ["ANNA", "BEN"]),
                                  ("2", "INT. B - DAY", ["BEN"]), ("3", "INT. C - DAY", ["CARL"])))
    elements = cast_elements(production)
    services.element_update(element=elements["CARL"], board_id=1 + 50, board_id_locked=True)
    services.element_update(element=elements["ANNA"], board_id=9)

    services.cast_board_ids_renumber(production=production)

    ids = {name: e.board_id for name, e in cast_elements(production).items()}
    assert ids == {"BEN": 1, "ANNA": 2, "CARL": 51}


def test_locked_board_id_refuses_change(production):
    imported(production, synthetic(2))
    element = Element.objects.filter(production=production, category__code=100).first()
    services.element_update(element=element, board_id_locked=True)
    with pytest.raises(ValidationError):
        services.element_update(element=element, board_id=99)


def test_deleting_a_production_deletes_its_breakdown(production):
    from productions import services as production_services

    imported(production, (FIXTURES / "cyber-bob-ep1.fountain").read_bytes())
    props = ElementCategory.objects.get(production=production, code=104)
    services.tag_create_by_name(scene=production.scenes.first(), category=props, name="Phone")

    production_services.production_delete(production=production)

    assert not Scene.objects.exists() and not Element.objects.exists()
    assert not ElementCategory.objects.exists() and not Script.objects.exists()


def test_a_scene_remembers_the_draft_that_last_revised_it(production):
    first = imported(production, fountain(("1", "INT. A - DAY", []), ("2", "INT. B - DAY", [])))
    blue = imported(production, fountain(("1", "INT. A - DAY", []),
                                         ("2", "INT. B - NIGHT", []), ("3", "INT. C - DAY", [])),
                    colour="blue")

    scripts = dict(production.scenes.values_list("number", "script_id"))
    assert scripts == {"1": first.pk, "2": blue.pk, "3": blue.pk}
