"""Template helpers for the breakdown pages."""

from django import template

from scheduling.eighths import format_eighths

register = template.Library()


@register.filter
def eighths(value) -> str:
    """11 -> "1 3/8"."""
    try:
        return format_eighths(int(value))
    except (TypeError, ValueError):
        return ""
