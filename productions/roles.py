"""Who may do what: the one capability table asked by pages, the API and exports.

A role is held per production (on Membership). Views and API permissions ask
`can(role, capability)`; nothing else decides access. Money is its own set of
capabilities: `view_rates` and `view_budget` are held only by the money roles.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    PRODUCER = "producer", "Producer / owner"
    ASSOCIATE_PRODUCER = "associate_producer", "Associate producer"
    COORDINATOR = "coordinator", "Production coordinator"
    ACCOUNTANT = "accountant", "Production accountant"
    DEPARTMENT_HEAD = "department_head", "Department head"
    CREW = "crew", "Crew"
    CAST = "cast", "Cast"


class Capability(StrEnum):
    VIEW_PRODUCTION = "view_production"
    EDIT_PRODUCTION = "edit_production"
    DELETE_PRODUCTION = "delete_production"
    MANAGE_MEMBERS = "manage_members"
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    VIEW_RATES = "view_rates"
    VIEW_BUDGET = "view_budget"
    EDIT_BUDGET = "edit_budget"
    VIEW_SCHEDULE = "view_schedule"
    EDIT_SCHEDULE = "edit_schedule"
    VIEW_CALLSHEETS = "view_callsheets"
    PUBLISH_CALLSHEET = "publish_callsheet"
    VIEW_MESSAGES = "view_messages"
    MANAGE_INTEGRATIONS = "manage_integrations"


C = Capability
_EVERYONE = {C.VIEW_PRODUCTION, C.VIEW_PEOPLE, C.VIEW_SCHEDULE, C.VIEW_CALLSHEETS}
_MONEY = {C.VIEW_RATES, C.VIEW_BUDGET, C.EDIT_BUDGET}

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRODUCER: frozenset(Capability),
    Role.ASSOCIATE_PRODUCER: frozenset(set(Capability) - {C.DELETE_PRODUCTION}),
    Role.COORDINATOR: frozenset(
        _EVERYONE
        | {C.EDIT_PEOPLE, C.EDIT_SCHEDULE, C.PUBLISH_CALLSHEET, C.VIEW_MESSAGES, C.MANAGE_MEMBERS}
    ),
    Role.ACCOUNTANT: frozenset(_EVERYONE | _MONEY),
    Role.DEPARTMENT_HEAD: frozenset(_EVERYONE),
    Role.CREW: frozenset(_EVERYONE),
    Role.CAST: frozenset(_EVERYONE),
}

# Roles that only a producer may hand out: a coordinator inviting a producer
# would be a way to escalate their own production's access.
PRIVILEGED_ROLES = frozenset({Role.PRODUCER, Role.ASSOCIATE_PRODUCER, Role.ACCOUNTANT})


def can(role: str | None, capability: Capability) -> bool:
    return role is not None and capability in CAPABILITIES.get(role, frozenset())


def assignable_roles(role: str | None) -> list[Role]:
    """The roles a member holding `role` may give to others."""
    if not can(role, C.MANAGE_MEMBERS):
        return []
    if role == Role.PRODUCER:
        return list(Role)
    return [r for r in Role if r not in PRIVILEGED_ROLES]
