"""The two steps every service write shares, for every app's services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def save_validated(instance, *, exclude: list[str] | None = None,
                   conflict: str | dict[str, str] = "This conflicts with an existing entry."):
    """Validate with the model's own rules, then save.

    A unique constraint still guards the race past `full_clean`'s check; that
    race becomes the same clear ValidationError (`conflict`), never a 500.
    """
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(conflict) from exc
    return instance


def assign_fields(instance, fields: dict[str, Any], allowed: set[str]) -> None:
    """Set `fields` on `instance`, refusing any name outside `allowed`."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(instance, name, value)
