from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import CallSheet, CallSheetVersion, Recipient


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


def receipt_counts(*, version: CallSheetVersion) -> dict:
    return version.recipients.aggregate(
        total=Count("pk"), opened=Count("pk", filter=Q(opened_at__isnull=False)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
