"""The call sheet PDF: one WeasyPrint render per version, a personal banner stamped per person.

Page 1 keeps an empty band at its top. The banners of a batch are rendered as one
WeasyPrint document, one page each, drawn exactly over that band; `stamp_banners`
appends banner i to a copy of the shared PDF as an incremental update (pypdf reads
and serialises the objects; the shared bytes are kept as they are).
"""

import io

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NullObject,
)
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


def _serialize(number: int, obj) -> bytes:
    buffer = io.BytesIO()
    buffer.write(f"{number} 0 obj\n".encode())
    obj.write_to_stream(buffer)
    buffer.write(b"\nendobj\n")
    return buffer.getvalue()


def stamp_banners(*, base: bytes, banners: bytes | None, count: int) -> list[bytes]:
    """`count` personal PDFs: the shared one plus an incremental update that draws banner i
    (as a Form XObject) over page 1. The shared bytes are never rewritten, so a stamp costs
    well under a millisecond; the banners' fonts are appended once per copy (~40 kB).
    """
    if not count:
        return []
    reader = PdfReader(io.BytesIO(base))
    size = int(reader.trailer["/Size"])
    previous_xref = int(base[base.rindex(b"startxref") + 9:].split()[0])
    root = reader.trailer.raw_get("/Root")
    page = reader.pages[0]
    page_number = page.indirect_reference.idnum
    stamps = PdfReader(io.BytesIO(banners)).pages
    # New objects are numbered after the shared PDF's: pad a scratch writer up to its size.
    scratch = PdfWriter()
    while len(scratch._objects) < size - 1:
        scratch._add_object(NullObject())
    push, pop = DecodedStreamObject(), DecodedStreamObject()
    push.set_data(b"q\n")
    pop.set_data(b"\nQ q /APCrewBanner Do Q\n")
    push_ref, pop_ref = scratch._add_object(push), scratch._add_object(pop)
    # Each banner page's resources (the fonts are cloned once, shared by every banner).
    resources = [stamps[i].raw_get("/Resources").clone(scratch) for i in range(count)]
    shared = [(n, _serialize(n, scratch._objects[n - 1]))
              for n in range(push_ref.idnum, len(scratch._objects) + 1)]
    forms = []
    for index in range(count):
        banner = stamps[index]
        form = DecodedStreamObject()
        form.set_data(banner.get_contents().get_data())
        form.update({NameObject("/Type"): NameObject("/XObject"),
                     NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): banner.mediabox,
                     NameObject("/Resources"): resources[index]})
        forms.append(scratch._add_object(form))
    contents = page.raw_get("/Contents")
    old = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) \
        else [contents]
    page_resources = DictionaryObject(page["/Resources"].get_object())
    xobjects = DictionaryObject(page_resources["/XObject"].get_object()) \
        if "/XObject" in page_resources else DictionaryObject()
    head = base if base.endswith(b"\n") else base + b"\n"
    new_size = max(size, len(scratch._objects) + 1)
    out = []
    for form_ref in forms:
        page_xobjects = DictionaryObject(xobjects)
        page_xobjects[NameObject("/APCrewBanner")] = form_ref
        new_resources = DictionaryObject(page_resources)
        new_resources[NameObject("/XObject")] = page_xobjects
        new_page = DictionaryObject(page)
        new_page[NameObject("/Resources")] = new_resources
        new_page[NameObject("/Contents")] = ArrayObject([push_ref, *old, pop_ref])
        body = bytearray(head)
        entries = []
        for number, data in [*shared,
                             (form_ref.idnum, _serialize(form_ref.idnum,
                                                         scratch._objects[form_ref.idnum - 1])),
                             (page_number, _serialize(page_number, new_page))]:
            entries.append((number, len(body)))
            body += data
        xref_at = len(body)
        body += b"xref\n" + b"".join(f"{n} 1\n{offset:010d} 00000 n \n".encode()
                                     for n, offset in sorted(entries))
        body += (f"trailer\n<< /Size {new_size} /Root {root.idnum} {root.generation} R "
                 f"/Prev {previous_xref} >>\nstartxref\n{xref_at}\n%%EOF\n").encode()
        out.append(bytes(body))
    return out
