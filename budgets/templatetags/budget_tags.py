from decimal import Decimal

from django import template

from budgets.calculations import MINOR_UNITS

register = template.Library()


@register.filter
def money(value, currency="") -> str:
    """1234567.5 -> "1,234,567.50": exact, from the Decimal, never through float."""
    if value is None or value == "":
        return ""
    places = MINOR_UNITS.get(currency or "", 2)
    return f"{Decimal(str(value)):,.{places}f}"


@register.filter
def signed_money(value, currency="") -> str:
    text = money(value, currency)
    return f"+{text}" if value and Decimal(str(value)) > 0 else text


@register.filter
def index(sequence, position):
    try:
        return sequence[int(position)]
    except (IndexError, ValueError, TypeError):
        return ""


@register.filter
def plain(value) -> str:
    """A decimal without trailing zeros: 17.5000 -> "17.5", 21.0000 -> "21"."""
    if value is None or value == "":
        return ""
    return format(Decimal(str(value)).normalize(), "f")
