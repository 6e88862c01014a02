"""The production's logo on the call sheet: in the one shared PDF render and on the mobile page."""

import hashlib
import io
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from callsheets import services
from callsheets.models import Recipient
from callsheets.pdf import callsheet_pdf
from productions.logo import production_logo_set
from tests.callsheets.factories import ready_sheet

pytestmark = pytest.mark.django_db


def _image_xobjects(page) -> list:
    xobjects = page["/Resources"].get("/XObject", {})
    return [x for x in (xobjects[name].get_object() for name in xobjects)
            if x.get("/Subtype") == "/Image"]


def _with_logo(production):
    buffer = io.BytesIO()
    Image.new("RGB", (600, 200), (10, 120, 200)).save(buffer, "PNG")
    production_logo_set(production=production,
                        upload=SimpleUploadedFile("logo.png", buffer.getvalue()))


def test_a_sheet_published_with_a_logo_has_it_in_the_shared_pdf(production):
    _with_logo(production)
    version = services.callsheet_publish(callsheet=ready_sheet(production))
    page = PdfReader(io.BytesIO(callsheet_pdf(version=version))).pages[0]
    images = _image_xobjects(page)
    assert len(images) == 1 and (images[0]["/Width"], images[0]["/Height"]) == (600, 200)


def test_a_sheet_without_a_logo_has_no_image(production):
    version = services.callsheet_publish(callsheet=ready_sheet(production))
    assert _image_xobjects(PdfReader(io.BytesIO(callsheet_pdf(version=version))).pages[0]) == []


def test_the_mobile_page_shows_the_logo(production):
    _with_logo(production)
    version = services.callsheet_publish(callsheet=ready_sheet(production))
    token = secrets.token_urlsafe(32)
    recipient = Recipient.objects.filter(version=version).first()
    Recipient.objects.filter(pk=recipient.pk).update(
        token_hash=hashlib.sha256(token.encode()).hexdigest())
    page = Client().get(reverse("callsheets:mobile", args=[token]))
    assert page.status_code == 200
    assert b'data-testid="logo"' in page.content and b"data:image/png;base64," in page.content
