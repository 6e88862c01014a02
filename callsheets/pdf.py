"""The call sheet PDF: one WeasyPrint render per version, a personal banner stamped per person.

Page 1 keeps an empty band at its top. The banners of a batch are rendered as one
WeasyPrint document, one page each, drawn exactly over that band; `stamp_banners`
merges banner i onto page 1 of a copy of the shared PDF with pypdf.
"""

import io

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

FONTS = '"Inter", "Liberation Sans", "DejaVu Sans"'


def callsheet_html(*, snapshot: dict) -> str:
    return render_to_string("callsheets/pdf.html", {"s": snapshot, "fonts": FONTS})


def callsheet_pdf(*, version) -> bytes:
    """The shared PDF of a version (no personal data beyond what every recipient sees)."""
    return HTML(string=callsheet_html(snapshot=version.snapshot)).write_pdf()


def banners_pdf(*, rows: list[dict]) -> bytes | None:
    """One page per recipient, only the banner band drawn; None when there is nobody."""
    if not rows:
        return None
    html = render_to_string("callsheets/banners.html", {"rows": rows, "fonts": FONTS})
    return HTML(string=html).write_pdf()


def stamp_banners(*, base: bytes, banners: bytes | None, count: int) -> list[bytes]:
    """`count` personal PDFs: the shared one with banner i over its first page."""
    if not count:
        return []
    stamps = PdfReader(io.BytesIO(banners)).pages
    out = []
    for index in range(count):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
        writer.pages[0].merge_page(stamps[index], over=True)
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
