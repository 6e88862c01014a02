"""Every write to productions, people, roles and locations.

Keyword-only functions, one transaction each. Each validates with the models'
own rules (`full_clean`), so the API, the pages, tasks and commands share one
path and nothing is half-saved.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from notifications.services import email_enqueue

from .models import (
    ApiToken,
    CastMember,
    CrewMember,
    Department,
    Invitation,
    Location,
    Membership,
    Person,
    Production,
)
from .roles import Role, assignable_roles
from .writes import assign_fields as _assign
from .writes import save_validated as _save

User = get_user_model()

STANDARD_DEPARTMENTS = [
    "Production", "Direction / AD", "Camera", "Grip", "Electric", "Sound", "Art",
    "Set Dressing", "Props", "Costume", "Hair & Makeup", "Locations", "Transport",
    "Catering", "Stunts", "SFX", "VFX", "Post",
]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Productions ---------------------------------------------------------------

PRODUCTION_FIELDS = {
    "title", "kind", "phase", "company", "prep_start", "shoot_start", "shoot_end",
    "delivery_date", "time_zone", "currency",
}


@transaction.atomic
def production_create(*, user, **fields) -> Production:
    """Create a production with the standard departments; its creator is its producer."""
    production = Production()
    _assign(production, fields, PRODUCTION_FIELDS)
    _save(production)
    Department.objects.bulk_create(
        Department(production=production, name=name, order=index)
        for index, name in enumerate(STANDARD_DEPARTMENTS)
    )
    Membership.objects.create(user=user, production=production, role=Role.PRODUCER)
    person_for_user(user=user)
    return production


@transaction.atomic
def production_update(*, production: Production, **fields) -> Production:
    _assign(production, fields, PRODUCTION_FIELDS)
    return _save(production)


@transaction.atomic
def production_delete(*, production: Production) -> None:
    # Crew and cast protect their Person rows, not the production: delete them first.
    production.crew.all().delete()
    production.cast.all().delete()
    production.delete()


# Panels other apps add to the production's overview page (budgets: open overage
# alerts). A provider gets the production and the viewer's membership, decides
# what that role may see (nothing, for most), and returns HTML it rendered itself;
# productions imports none of our apps (see docs/ARCHITECTURE.md). A provider
# must cost a fixed number of queries, whatever it shows.
OverviewPanel = Callable[[Production, Membership], list[str]]
OVERVIEW_PANELS: list[OverviewPanel] = []


def overview_panels(*, production: Production, membership: Membership) -> list[str]:
    return [panel for provider in OVERVIEW_PANELS
            for panel in provider(production, membership)]


# --- People ------------------------------------------------------------------------


def person_for_user(*, user) -> Person:
    """The Person record of a login, created from the account if missing."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        name = user.get_full_name() or user.get_username()
        person = Person.objects.create(name=name, email=user.email, user=user)
    return person


@transaction.atomic
def person_update(*, person: Person, **fields) -> Person:
    _assign(person, fields, {"name", "email", "phone"})
    return _save(person, exclude=["user"])


def _person(person: Person | None, name: str, email: str, phone: str) -> Person:
    if person is not None:
        return person
    return _save(Person(name=name, email=email, phone=phone), exclude=["user"])


# --- Departments ------------------------------------------------------------------


@transaction.atomic
def department_create(*, production: Production, name: str, order: int | None = None):
    if order is None:
        order = (production.departments.aggregate(m=Max("order"))["m"] or 0) + 1
    return _save_department(Department(production=production, name=name, order=order))


@transaction.atomic
def department_update(*, department: Department, **fields) -> Department:
    _assign(department, fields, {"name", "order"})
    return _save_department(department)


def _save_department(department: Department) -> Department:
    _check_unique(department, department.production.departments, "name",
                  "This production already has a department with this name.")
    return _save(department)


@transaction.atomic
def department_delete(*, department: Department) -> None:
    if department.crew.exists():
        raise ValidationError("Move or remove this department's crew before deleting it.")
    department.delete()


# --- Crew ---------------------------------------------------------------------------


def _check_department(production: Production, department: Department) -> None:
    if department.production_id != production.pk:
        raise ValidationError({"department": "This department belongs to another production."})


@transaction.atomic
def crew_member_create(
    *,
    production: Production,
    department: Department,
    position: str,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    rate: Decimal | None = None,
    rate_unit: str = "day",
) -> CrewMember:
    _check_department(production, department)
    member = CrewMember(
        production=production,
        department=department,
        position=position,
        rate=rate,
        rate_unit=rate_unit,
    )
    # The transaction rolls the new person back if the member is invalid.
    member.person = _person(person, name, email, phone)
    return _save(member)


CREW_FIELDS = {"department", "position", "rate", "rate_unit"}


@transaction.atomic
def crew_member_update(*, member: CrewMember, person_fields: dict | None = None, **fields):
    if "department" in fields:
        _check_department(member.production, fields["department"])
    _assign(member, fields, CREW_FIELDS)
    _save(member)
    if person_fields:
        person_update(person=member.person, **person_fields)
    return member


@transaction.atomic
def crew_member_delete(*, member: CrewMember) -> None:
    member.delete()


# --- Cast ----------------------------------------------------------------------------


# Board IDs are also held outside productions (the breakdown's characters not
# yet cast keep their own). An app that holds some registers a function here
# that returns them, so a new cast member never takes one (productions imports
# none of our apps; see docs/ARCHITECTURE.md).
BOARD_ID_HOLDERS: list[Callable[[Production], Iterable[int]]] = []


def board_ids_held_elsewhere(production: Production) -> set[int]:
    return {board_id for holder in BOARD_ID_HOLDERS for board_id in holder(production)}


def next_board_id(production: Production) -> int:
    cast_max = production.cast.aggregate(m=Max("board_id"))["m"] or 0
    return max([cast_max, *board_ids_held_elsewhere(production)]) + 1


def _check_unique(instance, queryset, field: str, message: str) -> None:
    """A field-keyed message for a per-production unique name or number."""
    if queryset.filter(**{field: getattr(instance, field)}).exclude(pk=instance.pk).exists():
        raise ValidationError({field: message})


def _save_cast(member: CastMember, **kwargs) -> CastMember:
    _check_unique(member, member.production.cast, "board_id",
                  "Another cast member has this board ID.")
    if member.board_id in board_ids_held_elsewhere(member.production):
        raise ValidationError({"board_id": "A character in the breakdown has this board ID."})
    # The unique constraint is the real guard under concurrency; the check above
    # only gives the friendly message in the common case.
    return _save(member, conflict={"board_id": "Another cast member has this board ID."},
                 **kwargs)


@transaction.atomic
def cast_member_create(
    *,
    production: Production,
    character: str,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    board_id: int | None = None,
    board_id_locked: bool = False,
    fee: Decimal | None = None,
    fee_unit: str = "day",
) -> CastMember:
    member = CastMember(
        production=production,
        character=character,
        board_id=board_id or next_board_id(production),
        board_id_locked=board_id_locked,
        fee=fee,
        fee_unit=fee_unit,
    )
    member.person = _person(person, name, email, phone)
    return _save_cast(member)


CAST_FIELDS = {"character", "board_id", "board_id_locked", "fee", "fee_unit"}


@transaction.atomic
def cast_member_update(*, member: CastMember, person_fields: dict | None = None, **fields):
    if (
        member.board_id_locked
        and fields.get("board_id_locked", True)
        and "board_id" in fields
        and fields["board_id"] != member.board_id
    ):
        raise ValidationError({"board_id": "This board ID is locked; unlock it to change it."})
    _assign(member, fields, CAST_FIELDS)
    _save_cast(member)
    if person_fields:
        person_update(person=member.person, **person_fields)
    return member


@transaction.atomic
def cast_member_delete(*, member: CastMember) -> None:
    member.delete()


# --- Locations ------------------------------------------------------------------------

LOCATION_FIELDS = {
    "name", "address", "latitude", "longitude", "parking", "basecamp", "hospital_name",
    "hospital_address", "hospital_phone", "contact_name", "contact_phone", "notes",
}


@transaction.atomic
def location_create(*, production: Production, **fields) -> Location:
    location = Location(production=production)
    _assign(location, fields, LOCATION_FIELDS)
    return _save_location(location)


@transaction.atomic
def location_update(*, location: Location, **fields) -> Location:
    _assign(location, fields, LOCATION_FIELDS)
    return _save_location(location)


def _save_location(location: Location) -> Location:
    _check_unique(location, location.production.locations, "name",
                  "This production already has a location with this name.")
    return _save(location)


@transaction.atomic
def location_delete(*, location: Location) -> None:
    location.delete()


# --- Members and invitations ----------------------------------------------------------


def _check_can_assign(by_membership: Membership, role: str) -> None:
    if role not in assignable_roles(by_membership.role):
        raise PermissionDenied("Your role cannot give this role to others.")


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str

    @property
    def path(self) -> str:
        return reverse("invitation_accept", args=[self.token])


@transaction.atomic
def invitation_create(
    *,
    production: Production,
    email: str,
    role: str,
    by: Membership,
    person: Person | None = None,
) -> IssuedInvitation:
    """Invite someone by email; the email is queued in the same transaction."""
    _check_can_assign(by, role)
    email = User.objects.normalize_email(email).strip()
    if Membership.objects.filter(production=production, user__email__iexact=email).exists():
        raise ValidationError({"email": "This person is already a member of the production."})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        production=production,
        email=email,
        role=role,
        person=person,
        invited_by=by.user,
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    _save(invitation)
    issued = IssuedInvitation(invitation=invitation, token=token)
    email_enqueue(
        template="invitation",
        address=email,
        person=person,
        production=production,
        dedupe_key=f"invitation:{invitation.pk}",
        context={
            "production_title": production.title,
            "role": invitation.get_role_display(),
            "inviter": by.user.get_full_name() or by.user.get_username(),
            "url": settings.SITE_URL + issued.path,
            "expires_at": invitation.expires_at.isoformat(),
            "ttl_days": settings.INVITATION_TTL_DAYS,
        },
    )
    return issued


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation behind a link, or None if it is unknown or spent."""
    invitation = (
        Invitation.objects.select_related("production").filter(token_hash=_hash(token)).first()
    )
    if invitation is None or invitation.status != "pending":
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, user=None, name: str = "", password: str = ""
) -> Membership:
    """Turn a pending invitation into a membership, creating the login if needed.

    The row is locked so a link used twice at once makes one member, not two.
    """
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=_hash(token)).first()
    )
    if invitation is None or invitation.status != "pending":
        raise ValidationError("This invitation link is invalid, expired or already used.")
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                "An account with this email exists: log in first, then open the link again."
            )
        if not name.strip():
            raise ValidationError({"name": "Tell us your name."})
        user = User(username=invitation.email, email=invitation.email)
        user.first_name, _, user.last_name = name.strip().partition(" ")
        validate_password(password, user)
        user.set_password(password)
        user.save()
    membership, _ = Membership.objects.update_or_create(
        user=user, production=invitation.production, defaults={"role": invitation.role}
    )
    person = invitation.person
    if person is not None and person.user_id is None and not hasattr(user, "person"):
        person.user = user
        person.save(update_fields=["user"])
    else:
        person_for_user(user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.status == "pending":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _check_keeps_a_producer(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.PRODUCER or new_role == Role.PRODUCER:
        return
    others = Membership.objects.filter(
        production=membership.production_id, role=Role.PRODUCER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError("A production needs at least one producer.")


@transaction.atomic
def membership_update(*, membership: Membership, role: str, by: Membership) -> Membership:
    _check_can_assign(by, role)
    if membership.role not in assignable_roles(by.role):
        raise PermissionDenied("Your role cannot change this member's role.")
    _check_keeps_a_producer(membership, role)
    membership.role = role
    return _save(membership)


@transaction.atomic
def membership_remove(*, membership: Membership, by: Membership) -> None:
    if membership.role not in assignable_roles(by.role) and membership.pk != by.pk:
        raise PermissionDenied("Your role cannot remove this member.")
    _check_keeps_a_producer(membership, None)
    membership.delete()


# --- API tokens ----------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; the secret is returned once and never stored."""
    prefix = secrets.token_hex(4)
    secret = f"apc_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, prefix=prefix, token_hash=_hash(secret))
    _save(token)
    return token, secret


def api_token_authenticate(secret: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        # One write a minute at most: a busy integration should not write per request.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
