"""Rendering the breakdown to PDF. Pure: HTML in, bytes out; writes nothing."""


def html_to_pdf(*, html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
