"""The production's logo: uploaded on the settings page or the API, refused unless PNG/JPEG."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from productions.logo import MAX_BYTES
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def image_file(fmt: str = "PNG", size=(1200, 400), name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def settings_post(production, **extra) -> dict:
    return {"title": production.title, "kind": production.kind, "phase": production.phase,
            "time_zone": production.time_zone, "currency": production.currency, **extra}


def test_settings_page_uploads_shrinks_and_removes_the_logo(production, producer):
    client = Client()
    client.force_login(producer)
    url = reverse("productions:edit", args=[production.pk])
    response = client.post(url, settings_post(production, logo_upload=image_file()))
    assert response.status_code == 302, response.content
    production.refresh_from_db()
    assert production.logo.name.startswith("logos/") and production.logo.name.endswith(".png")
    with production.logo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "PNG" and stored.size == (900, 300)
    page = client.get(url)
    assert b'data-testid="current-logo"' in page.content and b"data:image/png;base64," in \
        page.content
    client.post(url, settings_post(production, logo_remove="on"))
    production.refresh_from_db()
    assert not production.logo


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", content_type="image/png"),
     "not a PNG or JPEG"),
    (SimpleUploadedFile("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/'
                        b'svg"><image href="file:///etc/passwd"/></svg>',
                        content_type="image/svg+xml"), "SVG logos are not accepted"),
    (SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * MAX_BYTES, content_type="image/png"),
     "the limit is 1 MB"),
])
def test_settings_page_refuses_what_is_not_a_small_png_or_jpeg(production, producer, upload,
                                                                message):
    client = Client()
    client.force_login(producer)
    title = production.title
    response = client.post(reverse("productions:edit", args=[production.pk]),
                           settings_post(production, title="Renamed", logo_upload=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    production.refresh_from_db()
    assert not production.logo and production.title == title  # nothing saved


def test_gif_is_refused_even_though_pillow_reads_it(production, producer):
    client = Client()
    client.force_login(producer)
    response = client.post(reverse("productions:edit", args=[production.pk]),
                           settings_post(production, logo_upload=image_file("GIF", name="l.gif")))
    assert "GIF images are not accepted" in response.content.decode()


def test_api_puts_reads_and_deletes_the_logo(production, producer, crew_user):
    api = api_as(producer)
    url = f"/api/v1/productions/{production.pk}/logo/"
    assert api.get(url).status_code == 404
    put = api.put(url, {"logo": image_file("JPEG", (300, 100), "logo.jpg")}, format="multipart")
    assert put.status_code == 200, put.content
    assert put.json()["logo"] == url
    got = api.get(url)
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(got.content)) as image:
        assert image.format == "JPEG" and image.size == (300, 100)
    assert api_as(crew_user).get(url).status_code == 200
    assert api_as(crew_user).delete(url).status_code == 403
    refused = api.put(url, {"logo": SimpleUploadedFile("x.png", b"nope")}, format="multipart")
    assert refused.status_code == 400 and "logo" in refused.json()
    assert api.get(f"/api/v1/productions/{production.pk}/").json()["logo"] == url  # kept
    assert api.delete(url).status_code == 204
    assert api.get(f"/api/v1/productions/{production.pk}/").json()["logo"] is None


def test_outsider_cannot_put_a_logo(production, outsider):
    url = f"/api/v1/productions/{production.pk}/logo/"
    response = api_as(outsider).put(url, {"logo": image_file()}, format="multipart")
    assert response.status_code == 404
    production.refresh_from_db()
    assert not production.logo


@pytest.mark.parametrize("mode, fmt, size", [("RGB", "JPEG", (1200, 400)),
                                             ("RGBA", "PNG", (480, 480))])
def test_a_photographic_logo_is_stored_small(mode, fmt, size):
    """Random pixels are the worst case for compression: still at most MAX_STORED, so a
    logo cannot push each emailed PDF past its size budget."""
    import os

    from productions.logo import MAX_STORED, logo_image

    buffer = io.BytesIO()
    Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode))).save(
        buffer, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    assert len(buffer.getvalue()) > 2 * MAX_STORED
    data, extension = logo_image(SimpleUploadedFile("noise", buffer.getvalue()))
    assert len(data) <= MAX_STORED and extension == {"PNG": "png", "JPEG": "jpg"}[fmt]
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == fmt
