"""Breakdown pages: upload, review, scene list, breakdown sheet, print and PDF."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scheduling import services
from scheduling.models import ElementCategory, SceneElement, Script
from tests.productions.factories import LocationFactory
from tests.scheduling.factories import fountain, imported, synthetic

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"


@pytest.fixture
def as_producer(producer):
    client = Client()
    client.force_login(producer)
    return client


def page(name, production, *args):
    return reverse(f"scheduling:{name}", args=[production.pk, *args])


def test_first_upload_imports_and_lists_the_scenes(as_producer, production):
    data = (FIXTURES / "cyber-bob-ep1.fountain").read_bytes()
    response = as_producer.post(page("script_upload", production), {
        "file": SimpleUploadedFile("cyber-bob.fountain", data),
        "revision_colour": "white", "revision_date": "2026-01-05",
    }, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Imported 3 scenes" in html and "read as utf-8" in html
    assert html.count('data-testid="strip"') == 3
    assert 'data-strip="ext-day"' in html and 'data-strip="int-night"' in html
    assert "SUBURBAN TRAFFIC INTERSECTION" in html
    assert production.scenes.count() == 3


def test_bad_upload_shows_the_reason(as_producer, production):
    response = as_producer.post(page("script_upload", production), {
        "file": SimpleUploadedFile("x.fdx", b"<?xml version='1.0'?>\n<FinalDraft>\n"),
        "revision_colour": "white", "revision_date": "2026-01-05",
    })
    assert response.status_code == 200
    assert "not well-formed XML" in response.content.decode()
    assert not Script.objects.exists()


def test_revision_is_reviewed_before_it_is_applied(as_producer, production):
    imported(production, fountain(("1", "INT. A - DAY", []), ("2", "INT. B - DAY", [])))
    response = as_producer.post(page("script_upload", production), {
        "file": SimpleUploadedFile("v2.fountain", fountain(("1", "INT. A - DAY", []),
                                                           ("3", "EXT. C - NIGHT", []))),
        "revision_colour": "blue", "revision_date": "2026-01-09",
    })
    draft = Script.objects.get(status="pending")
    assert response["Location"] == page("script_review", production, draft.pk)

    review = as_producer.get(response["Location"]).content.decode()
    assert 'data-testid="count-added">1<' in review and 'data-testid="count-removed">1<' in review
    assert production.scenes.filter(omitted=False).count() == 2

    as_producer.post(response["Location"], {"action": "apply"})
    assert list(production.scenes.filter(omitted=False).values_list("number", flat=True)) == [
        "1", "3"]


def test_scene_list_filters_and_totals(as_producer, production):
    imported(production, synthetic(6))
    html = as_producer.get(page("scene_list", production), {"day_night": "NIGHT"}).content.decode()
    assert html.count('data-testid="strip"') == 2
    total = sum(production.scenes.filter(day_night="NIGHT").values_list("eighths", flat=True))
    from scheduling.eighths import format_eighths
    assert f'data-testid="page-total">{format_eighths(total)}<' in html


def test_breakdown_sheet_tag_and_untag(as_producer, production):
    imported(production, synthetic(2))
    scene = production.scenes.first()
    props = ElementCategory.objects.get(production=production, code=104)

    as_producer.post(page("scene_tag_add", production, scene.pk),
                     {"category": props.pk, "name": "Brass key"})
    sheet = as_producer.get(page("scene_sheet", production, scene.pk)).content.decode()
    assert "Brass key" in sheet and "Props" in sheet

    tag = SceneElement.objects.get(element__name="Brass key")
    as_producer.post(page("scene_tag_remove", production, tag.pk))
    assert not SceneElement.objects.filter(pk=tag.pk).exists()


def test_scene_edit_takes_a_length_in_eighths(as_producer, production):
    imported(production, synthetic(1))
    scene = production.scenes.get()
    as_producer.post(page("scene_edit", production, scene.pk), {
        "number": "1", "heading": scene.heading, "int_ext": "INT", "day_night": "DAY",
        "time_of_day": "DAY", "eighths": "1 3/8", "synopsis": "Edited.",
    })
    scene.refresh_from_db()
    assert (scene.eighths, scene.eighths_source, scene.synopsis) == (11, "manual", "Edited.")


def test_print_and_pdf(as_producer, production):
    imported(production, synthetic(1))
    scene = production.scenes.get()
    printable = as_producer.get(page("scene_print", production, scene.pk))
    assert printable.status_code == 200 and scene.heading in printable.content.decode()
    pdf = as_producer.get(page("scene_pdf", production, scene.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_crew_sees_the_breakdown_but_cannot_edit(production, crew_user):
    imported(production, synthetic(2))
    scene = production.scenes.first()
    client = Client()
    client.force_login(crew_user)
    html = client.get(page("scene_list", production)).content.decode()
    assert 'data-testid="strip"' in html and "Upload" not in html
    assert client.get(page("script_upload", production)).status_code == 403
    assert client.get(page("scene_sheet", production, scene.pk)).status_code == 200
    assert client.post(page("scene_tag_add", production, scene.pk),
                       {"category": 1, "name": "x"}).status_code == 403


def test_nav_links_to_the_scene_list(as_producer, production):
    html = as_producer.get(page("scene_list", production)).content.decode()
    assert f'href="{page("scene_list", production)}" aria-current="page"' in html


def test_elements_page_merge_and_board_ids(as_producer, production):
    imported(production, (FIXTURES / "cyber-bob-ep1.fountain").read_bytes())
    elements = {e.name: e for e in production.elements.all()}
    as_producer.post(page("element_merge", production),
                     {"element": elements["CYBER BOB"].pk, "into": elements["BOB"].pk})
    as_producer.post(page("element_board_id", production, elements["DOG"].pk),
                     {"board_id": 40, "board_id_locked": "on"})
    html = as_producer.get(page("element_list", production)).content.decode()
    assert "CYBER BOB" in html  # as an alias of BOB
    assert not production.elements.filter(name="CYBER BOB").exists()
    dog = production.elements.get(name="DOG")
    assert (dog.board_id, dog.board_id_locked) == (40, True)


def test_settings_change_lines_per_page(as_producer, production):
    response = as_producer.post(page("breakdown_settings", production), {
        "lines_per_page": 60, "rounding": "nearest", "int_day_colour": "#ffffff",
        "ext_day_colour": "#ffff00", "int_night_colour": "#0000ff", "ext_night_colour": "#00ff00",
    })
    assert response.status_code == 302
    assert services.breakdown_settings_get(production=production).lines_per_page == 60


@pytest.mark.parametrize("name", ["scene_list", "element_list", "set_list"])
def test_page_query_count_does_not_grow_with_rows(as_producer, production, name):
    url = page(name, production)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url).status_code == 200
        return len(ctx.captured_queries)

    imported(production, synthetic(1))
    one = queries()
    imported(production, synthetic(40))
    props = ElementCategory.objects.get(production=production, code=104)
    for scene in production.scenes.all()[:15]:
        services.tag_create_by_name(scene=scene, category=props, name=f"Prop {scene.pk}")
    assert queries() == one


def test_breakdown_sheet_query_count_does_not_grow_with_tags(as_producer, production):
    imported(production, synthetic(3))
    scene = production.scenes.first()
    props = ElementCategory.objects.get(production=production, code=104)
    url = page("scene_sheet", production, scene.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    for n in range(12):
        services.tag_create_by_name(scene=scene, category=props, name=f"Prop {n}")
    assert queries() == one


@pytest.mark.parametrize("name", ["scene_print", "scene_pdf"])
def test_printable_sheet_query_count_does_not_grow_with_tags(as_producer, production, name):
    imported(production, synthetic(2))
    scene = production.scenes.first()
    props = ElementCategory.objects.get(production=production, code=104)
    url = page(name, production, scene.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url).status_code == 200
        return len(ctx.captured_queries)

    services.tag_create_by_name(scene=scene, category=props, name="Prop 0")
    one = queries()
    for n in range(1, 10):
        services.tag_create_by_name(scene=scene, category=props, name=f"Prop {n}")
    assert queries() == one


def test_link_a_character_to_a_cast_member_and_back(as_producer, production):
    from productions import services as production_services

    imported(production, synthetic(2))
    element = production.elements.filter(category__code=100).order_by("board_id").first()
    actor = production_services.cast_member_create(
        production=production, character="Someone", name="Ada Actor", board_id=30)

    as_producer.post(page("element_board_id", production, element.pk),
                     {"board_id": element.board_id, "cast_member": actor.pk})
    element.refresh_from_db()
    assert element.cast_member == actor and element.effective_board_id == 30
    html = as_producer.get(page("element_list", production)).content.decode()
    assert actor.person.name in html

    as_producer.post(page("element_board_id", production, element.pk),
                     {"board_id": 30, "cast_member": ""})
    element.refresh_from_db()
    assert element.cast_member is None and element.board_id not in (None, 30)


def test_tagging_an_alias_tags_the_merged_element(production):
    imported(production, (FIXTURES / "cyber-bob-ep1.fountain").read_bytes())
    elements = {e.name: e for e in production.elements.all()}
    services.element_merge(element=elements["CYBER BOB"], into=elements["BOB"])
    scene = production.scenes.order_by("order").last()
    cast_category = ElementCategory.objects.get(production=production, code=100)

    tag = services.tag_create_by_name(scene=scene, category=cast_category, name="Cyber Bob")

    assert tag.element == elements["BOB"]


def test_omitted_scenes_are_listed_on_request_and_never_counted(as_producer, production):
    imported(production, fountain(("1", "INT. A - DAY", []), ("2", "INT. B - DAY", [])))
    services.script_apply(script=services.script_upload(
        production=production, data=fountain(("1", "INT. A - DAY", [])), filename="v2.fountain"))

    default = as_producer.get(page("scene_list", production)).content.decode()
    with_omitted = as_producer.get(page("scene_list", production),
                                   {"omitted": "1"}).content.decode()

    assert default.count('data-testid="strip"') == 1
    assert with_omitted.count('data-testid="strip"') == 2 and "Omitted" in with_omitted
    assert 'data-testid="scene-count">1 scene<' in with_omitted


def test_a_set_is_linked_to_a_location_from_the_sets_page(as_producer, production):
    imported(production, fountain(("1", "EXT. PIER - DAY", []), ("2", "EXT. PIER - NIGHT", []),
                                  ("3", "INT. CABIN - DAY", [])))
    pier = production.sets.get(name="PIER")
    harbour = LocationFactory(production=production, name="San Pedro Harbour")
    before = as_producer.get(page("set_list", production)).content.decode()
    assert "2 sets with scenes have no location yet" in before

    response = as_producer.post(page("set_location", production, pier.pk),
                                {"location": harbour.pk}, follow=True)

    pier.refresh_from_db()
    assert pier.location == harbour
    html = response.content.decode()
    assert "PIER is shot at San Pedro Harbour." in html
    assert "1 set with scenes has no location yet" in html
    assert f'<option value="{harbour.pk}" selected>San Pedro Harbour</option>' in html

    as_producer.post(page("set_location", production, pier.pk), {"location": ""})
    pier.refresh_from_db()
    assert pier.location is None


def test_a_set_cannot_be_linked_to_another_productions_location(as_producer, production,
                                                                 other_production):
    imported(production, fountain(("1", "EXT. PIER - DAY", [])))
    pier = production.sets.get()
    theirs = other_production.locations.get()

    response = as_producer.post(page("set_location", production, pier.pk),
                                {"location": theirs.pk}, follow=True)

    assert "Choose one of this production" in response.content.decode()
    pier.refresh_from_db()
    assert pier.location is None


def test_crew_see_where_sets_are_shot_but_cannot_change_it(client, crew_user, production):
    imported(production, fountain(("1", "EXT. PIER - DAY", [])))
    pier = production.sets.get()
    harbour = LocationFactory(production=production, name="San Pedro Harbour")
    services.set_update(set=pier, location=harbour)
    client.force_login(crew_user)

    html = client.get(page("set_list", production)).content.decode()

    assert "San Pedro Harbour" in html and "<select" not in html
    response = client.post(page("set_location", production, pier.pk), {"location": ""})
    assert response.status_code == 403
    pier.refresh_from_db()
    assert pier.location == harbour


def test_an_element_is_renamed_and_deleted_from_the_elements_page(as_producer, production):
    imported(production, fountain(("1", "EXT. PIER - DAY", ["ANNA"]),
                                  ("2", "EXT. PIER - NIGHT", ["ANNA"])))
    first, second = production.scenes.order_by("order")
    props = ElementCategory.objects.get(production=production, code=104)
    gun = services.tag_create_by_name(scene=first, category=props, name="Shotgun").element
    services.tag_create(scene=second, element=gun)
    services.tag_create_by_name(scene=first, category=props, name="Lantern")

    renamed = as_producer.post(page("element_rename", production, gun.pk),
                               {"name": "  Hunting   rifle "}, follow=True)
    gun.refresh_from_db()
    assert gun.name == "Hunting rifle"
    assert "Shotgun is now Hunting rifle." in renamed.content.decode()

    clash = as_producer.post(page("element_rename", production, gun.pk), {"name": "Lantern"},
                             follow=True)
    assert "already has an element with this name" in clash.content.decode()
    gun.refresh_from_db()
    assert gun.name == "Hunting rifle"

    deleted = as_producer.post(page("element_delete", production, gun.pk), follow=True)
    assert "Hunting rifle deleted" in deleted.content.decode()
    assert not SceneElement.objects.filter(element_id=gun.pk).exists()
    assert sorted(first.tags.values_list("element__name", flat=True)) == ["ANNA", "Lantern"]


def test_characters_are_not_renamed_or_deleted_there_and_crew_change_nothing(
        as_producer, client, crew_user, production):
    imported(production, fountain(("1", "EXT. PIER - DAY", ["ANNA"])))
    scene = production.scenes.get()
    anna = scene.tags.get().element
    props = ElementCategory.objects.get(production=production, code=104)
    lantern = services.tag_create_by_name(scene=scene, category=props, name="Lantern").element

    assert as_producer.post(page("element_delete", production, anna.pk)).status_code == 404
    client.force_login(crew_user)
    assert client.post(page("element_rename", production, lantern.pk),
                       {"name": "Torch"}).status_code == 403
    assert client.post(page("element_delete", production, lantern.pk)).status_code == 403
    assert "Rename or delete" not in client.get(page("element_list", production)).content.decode()
    lantern.refresh_from_db()
    assert lantern.name == "Lantern" and scene.tags.count() == 2
