"""The breakdown API: uploads, scenes, elements and tags behind the permission spine."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduling import services
from scheduling.models import Element, ElementCategory, Scene, SceneElement, Script
from tests.conftest import api_as
from tests.scheduling.factories import imported, synthetic

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "screenplays"


def url(production, resource, pk=None, action=None):
    path = f"/api/v1/productions/{production.pk}/{resource}/"
    if pk is not None:
        path += f"{pk}/"
    if action:
        path += f"{action}/"
    return path


def upload(client, production, name, data=None, **fields):
    data = data if data is not None else (FIXTURES / name).read_bytes()
    return client.post(url(production, "scripts"),
                       {"file": SimpleUploadedFile(name, data), **fields}, format="multipart")


def test_upload_returns_the_import_summary(production, producer):
    response = upload(api_as(producer), production, "vikings-scrambled.fdx",
                      revision_colour="blue", revision_date="2026-02-01")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "applied" and body["scene_count"] == 115
    assert body["revision_colour"] == "blue" and body["revision_date"] == "2026-02-01"
    assert len(body["summary"]["added"]) == 115 and body["summary"]["unchanged"] == 0
    assert len(body["summary"]["new_characters"]) == 34
    assert production.scenes.count() == 115


def test_pending_upload_then_apply(production, producer):
    client = api_as(producer)
    imported(production, synthetic(3))
    response = upload(client, production, "v2.fountain", data=synthetic(4), apply="false")
    assert response.status_code == 201
    draft = response.json()
    assert draft["status"] == "pending" and [a["number"] for a in draft["summary"]["added"]] == [
        "4"]
    assert production.scenes.count() == 3

    applied = client.post(url(production, "scripts", draft["id"], "apply"))

    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert production.scenes.count() == 4
    again = client.post(url(production, "scripts", draft["id"], "apply"))
    assert again.status_code == 400


def test_bad_upload_is_400_with_the_reason_and_saves_nothing(production, producer):
    response = upload(api_as(producer), production, "bad.fdx",
                      data=b'<?xml version="1.0"?>\n<FinalDraft>\n<Content>\n')

    assert response.status_code == 400
    assert "not well-formed XML" in response.json()["file"][0]
    assert "line" in response.json()["file"][0]
    assert not Script.objects.exists() and not Scene.objects.exists()


def test_upload_over_the_limit(production, producer, settings):
    settings.SCRIPT_MAX_UPLOAD_BYTES = 50
    response = upload(api_as(producer), production, "a.fountain", data=synthetic(3))
    assert response.status_code == 400 and "limit" in response.json()["file"][0]


def test_crew_reads_but_cannot_write(production, crew_user):
    imported(production, synthetic(2))
    scene = production.scenes.first()
    client = api_as(crew_user)

    assert client.get(url(production, "scenes")).status_code == 200
    assert client.patch(url(production, "scenes", scene.pk), {"eighths": 3}).status_code == 403
    assert upload(client, production, "a.fountain", data=synthetic(2)).status_code == 403
    assert Script.objects.count() == 1


def test_outsider_gets_404(production, other_production, outsider):
    imported(production, synthetic(2))
    client = api_as(outsider)
    assert client.get(url(production, "scenes")).status_code == 404
    assert upload(client, production, "a.fountain", data=synthetic(2)).status_code == 404


def test_scene_update_marks_a_manual_length(production, producer):
    imported(production, synthetic(2))
    scene = production.scenes.first()

    response = api_as(producer).patch(url(production, "scenes", scene.pk),
                                      {"eighths": 11, "synopsis": "They argue."}, format="json")

    assert response.status_code == 200
    assert (response.json()["length"], response.json()["eighths_source"]) == ("1 3/8", "manual")


def test_scene_filters(production, producer):
    imported(production, synthetic(6))
    client = api_as(producer)
    night = client.get(url(production, "scenes"), {"day_night": "NIGHT"}).json()["results"]
    assert {s["day_night"] for s in night} == {"NIGHT"} and len(night) == 2
    person = Element.objects.get(production=production, name="PERSON 0")
    with_person = client.get(url(production, "scenes"), {"element": person.pk}).json()
    assert [s["number"] for s in with_person["results"]] == ["1", "6"]


def test_tag_and_untag_an_element(production, producer):
    imported(production, synthetic(1))
    scene = production.scenes.get()
    props = ElementCategory.objects.get(production=production, code=104)
    client = api_as(producer)
    element = client.post(url(production, "elements"),
                          {"category": props.pk, "name": "Red umbrella"}, format="json")
    assert element.status_code == 201, element.json()

    tag = client.post(url(production, "tags"),
                      {"scene": scene.pk, "element": element.json()["id"]}, format="json")

    assert tag.status_code == 201 and tag.json()["source"] == "manual"
    names = [e["name"] for e in client.get(url(production, "scenes", scene.pk)).json()["elements"]]
    assert "Red umbrella" in names
    assert client.delete(url(production, "tags", tag.json()["id"])).status_code == 204
    assert not SceneElement.objects.filter(element__name="Red umbrella").exists()


def test_tag_refuses_another_productions_element(production, producer, other_production,
                                                 outsider):
    imported(production, synthetic(1))
    imported(other_production, synthetic(1))
    theirs = Element.objects.filter(production=other_production).first()
    response = api_as(producer).post(
        url(production, "tags"), {"scene": production.scenes.get().pk, "element": theirs.pk},
        format="json")
    assert response.status_code == 400
    assert not SceneElement.objects.filter(scene__production=production,
                                           element=theirs).exists()


def test_merge_elements(production, producer):
    imported(production, (FIXTURES / "cyber-bob-ep1.fountain").read_bytes())
    bob = Element.objects.get(production=production, name="BOB")
    cyber = Element.objects.get(production=production, name="CYBER BOB")

    response = api_as(producer).post(url(production, "elements", cyber.pk, "merge"),
                                     {"into": bob.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["aliases"] == ["CYBER BOB"]
    assert not Element.objects.filter(pk=cyber.pk).exists()


def test_category_colour_is_editable(production, producer):
    client = api_as(producer)
    categories = client.get(url(production, "element-categories")).json()
    assert [c["code"] for c in categories][:3] == [100, 101, 102]
    props = next(c for c in categories if c["name"] == "Props")
    response = client.patch(url(production, "element-categories", props["id"]),
                            {"colour": "#123456"}, format="json")
    assert response.status_code == 200 and response.json()["colour"] == "#123456"
    bad = client.patch(url(production, "element-categories", props["id"]),
                       {"colour": "purple"}, format="json")
    assert bad.status_code == 400


@pytest.mark.parametrize("resource", ["scenes", "sets", "elements", "tags", "scripts",
                                      "element-categories"])
def test_list_queries_do_not_grow_with_rows(production, producer, resource):
    client = api_as(producer)
    services.categories_ensure(production=production)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(production, resource)).status_code == 200
        return len(ctx.captured_queries)

    imported(production, synthetic(1))
    one = queries()
    imported(production, synthetic(45))
    props = ElementCategory.objects.get(production=production, code=104)
    for scene in production.scenes.all()[:20]:
        services.tag_create_by_name(scene=scene, category=props, name=f"Prop {scene.pk}")
    # membership, count, page, then one prefetch per related list at most.
    assert queries() == one


def test_breakdown_settings_read_and_update(production, producer, crew_user):
    path = f"/api/v1/productions/{production.pk}/breakdown-settings/"
    assert api_as(crew_user).get(path).json()["lines_per_page"] == 54
    assert api_as(crew_user).patch(path, {"lines_per_page": 60}, format="json").status_code == 403

    response = api_as(producer).patch(path, {"lines_per_page": 60, "rounding": "nearest"},
                                      format="json")

    assert response.status_code == 200 and response.json()["lines_per_page"] == 60
    assert api_as(producer).patch(path, {"lines_per_page": 5}, format="json").status_code == 400
    assert services.breakdown_settings_get(production=production).rounding == "nearest"
