"""Helpers shared by the breakdown's services."""

from typing import Any

from django.core.exceptions import ValidationError


def _save(instance, *, exclude: list[str] | None = None):
    """Validate with the model's own rules, then save."""
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def _assign(instance, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(instance, name, value)
