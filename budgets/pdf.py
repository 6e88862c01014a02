"""The top sheet as a PDF (WeasyPrint): pure rendering from already computed data."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors


def topsheet_pdf(*, production, data) -> bytes:
    from weasyprint import HTML

    result = data.result
    levels = []
    for level, label in selectors.calc_levels():
        categories = [(c, result.categories[c.pk]) for c in data.categories if c.level == level]
        levels.append({"label": label, "categories": categories,
                       "totals": result.levels[level]})
    html = render_to_string("budgets/topsheet_pdf.html", {
        "production": production, "budget": data.budget, "result": result, "levels": levels,
        "fringes": [(f, result.fringes[f.pk]) for f in data.fringes],
        "charges": [(row["charge"], result.charge_bases[row["charge"].pk],
                     result.charges[row["charge"].pk]) for row in data.charges],
        "printed_at": timezone.now(),
    })
    return HTML(string=html).write_pdf()
