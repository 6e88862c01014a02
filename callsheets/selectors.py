import re

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from productions.models import CrewMember
from productions.roles import Capability, Role

from .models import (
    BackgroundCall,
    CallSheet,
    CallSheetSettings,
    CallSheetVersion,
    PersonCall,
    Recipient,
)


def callsheet_list(*, production) -> QuerySet[CallSheet]:
    return production.callsheets.order_by("date", "unit", "id")


def callsheet_get(*, production, pk) -> CallSheet:
    sheet = get_object_or_404(CallSheet, production=production, pk=pk)
    sheet.production = production
    return sheet


def latest_version(*, callsheet: CallSheet) -> CallSheetVersion | None:
    return callsheet.versions.order_by("-number").first()


def recipients(*, version: CallSheetVersion) -> QuerySet[Recipient]:
    return version.recipients.select_related("person", "message").defer(
        "message__body_text", "message__body_html", "message__attachments", "message__payload")


def receipt_counts(*, version: CallSheetVersion, departments: set[str] | None = None) -> dict:
    recipients = version.recipients.all()
    if departments is not None:
        recipients = recipients.filter(department__in=departments)
    return recipients.aggregate(
        total=Count("pk"), opened=Count("pk", filter=Q(opened_at__isnull=False)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        # Copies the distribution workers have not made yet (no message so far).
        preparing=Count("pk", filter=Q(message__isnull=True, revoked_at__isnull=True,
                                       error="")))


def person_calls(*, callsheet: CallSheet) -> QuerySet[PersonCall]:
    return callsheet.calls.select_related("person").order_by("kind", "order", "id")


def person_call_get(*, production, pk) -> PersonCall:
    """A call of one of the production's sheets (404 for any other)."""
    return get_object_or_404(PersonCall.objects.select_related("callsheet", "person"),
                             callsheet__production=production, pk=pk)


def person_call_list(*, production) -> QuerySet[PersonCall]:
    return (PersonCall.objects.filter(callsheet__production=production)
            .select_related("person").order_by("callsheet_id", "kind", "order", "id"))


def background_list(*, production) -> QuerySet[BackgroundCall]:
    return (BackgroundCall.objects.filter(callsheet__production=production)
            .order_by("callsheet_id", "call", "id"))


def background_get(*, production, pk) -> BackgroundCall:
    return get_object_or_404(BackgroundCall.objects.select_related("callsheet"),
                             callsheet__production=production, pk=pk)


def crew_departments(*, callsheet: CallSheet) -> list[str]:
    return list(callsheet.calls.filter(kind=PersonCall.Kind.CREW).order_by("department")
                .values_list("department", flat=True).distinct())


def callsheet_settings(*, production) -> CallSheetSettings:
    """The production's settings, or the defaults (unsaved) when it has none yet."""
    found = CallSheetSettings.objects.filter(production=production).first()
    return found or CallSheetSettings(production=production)


# The assistant directors' department ("Direction / AD" by default; a production may have
# renamed it): the ADs run the floor, so they see every confirmation.
AD_DEPARTMENT = re.compile(r"\bADs?\b|assistant director|direction", re.IGNORECASE)


def confirmation_scope(*, membership, production) -> set[str] | None:
    """Whose confirmations a member sees: None for everyone (producers, APs and
    coordinators through publish_callsheet, and the ADs), the names of their own
    departments for a department head; anyone else is refused."""
    if membership.can(Capability.PUBLISH_CALLSHEET):
        return None
    if membership.role not in {Role.DEPARTMENT_HEAD, Role.CREW}:
        raise PermissionDenied("Your role on this production does not allow this.")
    departments = set(CrewMember.objects.filter(production=production,
                                                person__user=membership.user_id)
                      .values_list("department__name", flat=True))
    if any(AD_DEPARTMENT.search(name) for name in departments):
        return None
    if membership.role == Role.DEPARTMENT_HEAD:
        return departments
    raise PermissionDenied("Your role on this production does not allow this.")
