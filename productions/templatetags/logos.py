"""`{{ production|logo_uri }}`: the production's logo inline, for pages and the call-sheet PDF."""

from django import template

from productions.logo import logo_data_uri
from productions.models import Production

register = template.Library()


@register.filter
def logo_uri(production) -> str:
    """A data: URI of the logo, or "". Takes a Production or a call-sheet snapshot's
    production dict: a snapshot that froze its logo name ("logo") shows that one;
    an older snapshot without the key shows the production's current logo."""
    if isinstance(production, Production):
        return logo_data_uri(production.logo.name or "")
    if not isinstance(production, dict):
        return ""
    if "logo" in production:
        return logo_data_uri(production["logo"] or "")
    if not isinstance(production.get("id"), int):
        return ""
    name = (Production.objects.filter(pk=production["id"]).values_list("logo", flat=True)
            .first())
    return logo_data_uri(name or "")
