"""Small template helpers for the UI shell: labels, icons, navigation state."""

import zoneinfo
from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from productions.roles import Role

register = template.Library()


@register.filter
def role_label(value: str | None) -> str:
    """A readable label for a raw role value: "associate_producer" -> "Associate producer"."""
    try:
        return Role(value or "").label
    except ValueError:
        return value or ""


@register.filter
def initials(name: str | None) -> str:
    """Up to two initials for an avatar: "Ana de la Cruz" -> "AC"."""
    words = [w for w in str(name or "").replace("@", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[-1][0]).upper()


# url names (of the productions app) that belong to a section other than their own name.
_PRODUCTION_SECTIONS = {"edit": "overview", "delete": "overview"}
_PEOPLE_PREFIXES = ("crew", "cast", "team", "member", "invitation")
# Apps added by later issues: which nav entry their pages light up.
_APP_SECTIONS = {"notifications": "messages", "budgets": "budget", "callsheets": "callsheets"}
_BREAKDOWN_PREFIXES = ("breakdown", "scene", "script", "element", "set")


@register.filter
def nav_section(resolver_match) -> str:
    """The navigation entry a page belongs to, from its resolved URL."""
    if resolver_match is None:
        return ""
    name = resolver_match.url_name or ""
    namespace = resolver_match.namespace or ""
    if namespace == "productions":
        if name.startswith(_PEOPLE_PREFIXES):
            return "people"
        if name.startswith("location"):
            return "locations"
        return _PRODUCTION_SECTIONS.get(name, name)
    if namespace == "scheduling":
        return "breakdown" if name.startswith(_BREAKDOWN_PREFIXES) else "schedule"
    return _APP_SECTIONS.get(namespace, "")


@register.filter
def production_tz(production) -> str | None:
    """The production's IANA zone for `{% timezone %}`, or None for the default."""
    return getattr(production, "time_zone", None) or None


@register.simple_tag
def time_zones() -> list[str]:
    return _time_zones()


@cache
def _time_zones() -> list[str]:
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")


@register.filter
def attrs(field, spec: str):
    """Render a bound field with extra widget attributes.

    `{{ form.time_zone|attrs:"list=zones,autocomplete=off" }}`
    """
    extra = {}
    for pair in spec.split(","):
        key, _, value = pair.partition("=")
        if key.strip():
            extra[key.strip()] = value.strip() if value else True
    return field.as_widget(attrs=extra)


# Stroke icons on a 24x24 grid, drawn after Feather icons (MIT licence).
_ICONS = {
    "overview": '<rect x="3" y="3" width="7" height="9" rx="1"/><rect x="14" y="3" width="7" '
    'height="5" rx="1"/><rect x="14" y="12" width="7" height="9" rx="1"/><rect x="3" y="16" '
    'width="7" height="5" rx="1"/>',
    "breakdown": '<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/>'
    '<polyline points="14 2 14 8 20 8"/><line x1="16" y1="13" x2="8" y2="13"/>'
    '<line x1="16" y1="17" x2="8" y2="17"/><line x1="10" y1="9" x2="8" y2="9"/>',
    "schedule": '<rect x="3" y="4" width="18" height="18" rx="2"/><line x1="16" y1="2" x2="16" '
    'y2="6"/><line x1="8" y1="2" x2="8" y2="6"/><line x1="3" y1="10" x2="21" y2="10"/>',
    "budget": '<line x1="12" y1="1" x2="12" y2="23"/><path d="M17 5H9.5a3.5 3.5 0 0 0 0 7h5a3.5 '
    '3.5 0 0 1 0 7H6"/>',
    "callsheets": '<path d="M16 4h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 '
    '2-2h2"/><rect x="8" y="2" width="8" height="4" rx="1"/><line x1="9" y1="12" x2="15" '
    'y2="12"/><line x1="9" y1="16" x2="13" y2="16"/>',
    "people": '<path d="M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2"/><circle cx="9" cy="7" r="4"/>'
    '<path d="M23 21v-2a4 4 0 0 0-3-3.87"/><path d="M16 3.13a4 4 0 0 1 0 7.75"/>',
    "locations": '<path d="M21 10c0 7-9 13-9 13s-9-6-9-13a9 9 0 0 1 18 0z"/><circle cx="12" '
    'cy="10" r="3"/>',
    "messages": '<path d="M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 '
    '2-2z"/><polyline points="22,6 12,13 2,6"/>',
    "film": '<rect x="2" y="2" width="20" height="20" rx="2.18"/><line x1="7" y1="2" x2="7" '
    'y2="22"/><line x1="17" y1="2" x2="17" y2="22"/><line x1="2" y1="12" x2="22" y2="12"/>'
    '<line x1="2" y1="7" x2="7" y2="7"/><line x1="2" y1="17" x2="7" y2="17"/><line x1="17" '
    'y1="17" x2="22" y2="17"/><line x1="17" y1="7" x2="22" y2="7"/>',
    "star": '<polygon points="12 2 15.09 8.26 22 9.27 17 14.14 18.18 21.02 12 17.77 5.82 21.02 '
    '7 14.14 2 9.27 8.91 8.26 12 2"/>',
    "plus": '<line x1="12" y1="5" x2="12" y2="19"/><line x1="5" y1="12" x2="19" y2="12"/>',
    "chevrons": '<polyline points="7 15 12 20 17 15"/><polyline points="7 9 12 4 17 9"/>',
    "chevron-right": '<polyline points="9 18 15 12 9 6"/>',
    "check": '<polyline points="20 6 9 17 4 12"/>',
    "menu": '<line x1="3" y1="12" x2="21" y2="12"/><line x1="3" y1="6" x2="21" y2="6"/>'
    '<line x1="3" y1="18" x2="21" y2="18"/>',
    "x": '<line x1="18" y1="6" x2="6" y2="18"/><line x1="6" y1="6" x2="18" y2="18"/>',
    "edit": '<path d="M12 20h9"/><path d="M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4z"/>',
    "trash": '<polyline points="3 6 5 6 21 6"/><path d="M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 '
    '1-2-2V6m3 0V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2"/>',
    "key": '<circle cx="7.5" cy="15.5" r="5.5"/><path d="M11.5 11.5 21 2"/><path d="m16 7 3 3"/>'
    '<path d="m19 4 2 2"/>',
    "lock": '<rect x="3" y="11" width="18" height="11" rx="2"/><path d="M7 11V7a5 5 0 0 1 10 '
    '0v4"/>',
    "logout": '<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4"/><polyline points="16 17 21 12 '
    '16 7"/><line x1="21" y1="12" x2="9" y2="12"/>',
    "alert": '<circle cx="12" cy="12" r="10"/><line x1="12" y1="8" x2="12" y2="12"/><line '
    'x1="12" y1="16" x2="12.01" y2="16"/>',
    "success": '<path d="M22 11.08V12a10 10 0 1 1-5.93-9.14"/><polyline points="22 4 12 14.01 9 '
    '11.01"/>',
    "info": '<circle cx="12" cy="12" r="10"/><line x1="12" y1="16" x2="12" y2="12"/><line '
    'x1="12" y1="8" x2="12.01" y2="8"/>',
    "retry": '<polyline points="23 4 23 10 17 10"/><path d="M20.49 15a9 9 0 1 1-2.12-9.36L23 '
    '10"/>',
    "copy": '<rect x="9" y="9" width="13" height="13" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 '
    '2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/>',
    "user-plus": '<path d="M16 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2"/><circle cx="8.5" cy="7" '
    'r="4"/><line x1="20" y1="8" x2="20" y2="14"/><line x1="23" y1="11" x2="17" y2="11"/>',
    "search": '<circle cx="11" cy="11" r="8"/><line x1="21" y1="21" x2="16.65" y2="16.65"/>',
    "grid": '<rect x="3" y="3" width="7" height="7"/><rect x="14" y="3" width="7" height="7"/>'
    '<rect x="14" y="14" width="7" height="7"/><rect x="3" y="14" width="7" height="7"/>',
    "phone": '<rect x="5" y="2" width="14" height="20" rx="2"/><line x1="12" y1="18" x2="12.01" '
    'y2="18"/>',
    "hospital": '<rect x="3" y="3" width="18" height="18" rx="2"/><line x1="12" y1="8" x2="12" '
    'y2="16"/><line x1="8" y1="12" x2="16" y2="12"/>',
    "external": '<path d="M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6"/><polyline '
    'points="15 3 21 3 21 9"/><line x1="10" y1="14" x2="21" y2="3"/>',
}


@register.simple_tag
def icon(name: str, size: int = 16, css: str = ""):
    """An inline SVG icon, hidden from screen readers (the text beside it speaks)."""
    body = _ICONS.get(name, _ICONS["grid"])
    return format_html(
        '<svg class="icon {}" width="{}" height="{}" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        css,
        size,
        size,
        mark_safe(body),  # noqa: S308 - constant markup from the table above
    )


@register.filter
def verbose_name(obj) -> str:
    """A model instance's verbose name: "crew member", "location"."""
    meta = getattr(obj, "_meta", None)
    return str(meta.verbose_name) if meta is not None else ""
