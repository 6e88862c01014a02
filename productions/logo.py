"""The production's logo: checked, shrunk and re-encoded on upload, shown on call sheets.

Only PNG and JPEG are taken. SVG is refused rather than sanitised: it is XML that
can reach out to other URLs or files when a renderer (WeasyPrint) draws it, and a
logo gains nothing from being a vector at call-sheet size. Every upload is decoded
and written again by Pillow into a small image, so what is stored holds pixels and
nothing else (no metadata, no trailing payload), and embedding it inline in each
PDF and mobile page stays cheap.
"""

import base64
import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from .models import Production
from .writes import save_validated

MAX_BYTES = 1_000_000
MAX_PIXELS = 25_000_000  # refuses decompression bombs before decoding them
MAX_STORED = 100_000  # what one logo may add to each PDF (the target is 250 kB a PDF)
BOX = (900, 300)  # ~3:1 band at the top of a call sheet; plenty for 300 dpi at 75 mm wide
FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
MIME = dict(FORMATS.values())


def logo_image(upload) -> tuple[bytes, str]:
    """(re-encoded image bytes, extension) of an uploaded PNG or JPEG; ValidationError else."""
    if upload is None:
        raise ValidationError("Choose an image file.")
    if upload.size > MAX_BYTES:
        raise ValidationError(f"The logo is {upload.size / 1_000_000:.1f} MB; "
                              f"the limit is {MAX_BYTES // 1_000_000} MB.")
    data = upload.read()
    if b"<svg" in data[:2048].lower():
        raise ValidationError("SVG logos are not accepted: export it as PNG or JPEG.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise ValidationError("This is not a PNG or JPEG image.") from exc
    if kind not in FORMATS:
        raise ValidationError(f"{kind} images are not accepted: use PNG or JPEG.")
    if width * height > MAX_PIXELS:
        raise ValidationError(f"The image is {width} x {height} pixels: too large for a logo.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail(BOX)
            encoded = _small(image, kind)
    except (OSError, ValueError) as exc:
        raise ValidationError("This image could not be read.") from exc
    return encoded, FORMATS[kind][0]


def _encode(image, kind: str, quality: int) -> bytes:
    out = io.BytesIO()
    if kind == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _small(image, kind: str) -> bytes:
    """The image encoded within MAX_STORED: the same size first, then fewer colours (PNG)
    or a lower quality (JPEG), then smaller. A flat-colour logo stops at the first try;
    a photographic one would otherwise add hundreds of kB to every call sheet sent."""
    if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
        image = image.convert("RGBA")
    width, height = image.size
    encoded = b""
    for scale in (1.0, 0.7, 0.5, 0.35):
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        scaled = image if scale == 1.0 else image.resize(size)
        if kind == "PNG":
            candidates = [(scaled, 0)]
            if scaled.mode != "P":
                candidates.append((scaled.convert("RGBA").quantize(
                    256, method=Image.Quantize.FASTOCTREE), 0))
        else:
            candidates = [(scaled, quality) for quality in (88, 75, 60)]
        for candidate, quality in candidates:
            encoded = _encode(candidate, kind, quality)
            if len(encoded) <= MAX_STORED:
                return encoded
    return encoded


@transaction.atomic
def production_logo_set(*, production: Production, upload) -> Production:
    data, extension = logo_image(upload)
    # A fresh name each time: a published call sheet may still point at the previous one.
    name = f"{production.pk}-{secrets.token_hex(6)}.{extension}"
    production.logo.save(name, ContentFile(data), save=False)
    return save_validated(production)


@transaction.atomic
def production_logo_clear(*, production: Production) -> Production:
    # The file stays: versions already sent may show it on their mobile page.
    production.logo = ""
    return save_validated(production)


def logo_bytes(name: str) -> tuple[bytes, str] | None:
    """(bytes, mime type) of a stored logo; None when there is none or it is gone."""
    if not name:
        return None
    mime = MIME.get(name.rsplit(".", 1)[-1].lower())
    if mime is None:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read(), mime
    except (FileNotFoundError, OSError):
        return None


def logo_data_uri(name: str) -> str:
    """The logo as a data: URI (for the PDF and pages); "" when there is none."""
    found = logo_bytes(name)
    if found is None:
        return ""
    data, mime = found
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"
