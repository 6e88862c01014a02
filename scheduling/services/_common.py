"""Helpers shared by the breakdown's services: the project's one write path."""

from productions.writes import assign_fields as _assign
from productions.writes import save_validated as _save

__all__ = ["_assign", "_save"]
