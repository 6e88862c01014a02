from django.contrib import admin

from .models import (
    BackgroundCall,
    CallSheet,
    CallSheetSettings,
    CallSheetVersion,
    PersonCall,
    Recipient,
)


@admin.register(CallSheetSettings)
class CallSheetSettingsAdmin(admin.ModelAdmin):
    list_display = ["production", "min_rest_crew_hours", "min_rest_cast_hours",
                    "resend_only_affected", "text_link"]
    list_select_related = ["production"]
    raw_id_fields = ["production"]


class PersonCallInline(admin.TabularInline):
    model = PersonCall
    extra = 0
    raw_id_fields = ["person", "crew_member", "cast_member"]


@admin.register(CallSheet)
class CallSheetAdmin(admin.ModelAdmin):
    list_display = ["production", "day", "days_total", "date", "unit", "general_call"]
    list_filter = ["unit"]
    search_fields = ["production__title", "notes"]
    list_select_related = ["production"]
    raw_id_fields = ["production", "board"]
    date_hierarchy = "date"
    inlines = [PersonCallInline]


@admin.register(PersonCall)
class PersonCallAdmin(admin.ModelAdmin):
    list_display = ["person", "callsheet", "kind", "department"]
    list_filter = ["kind"]
    search_fields = ["person__name", "department"]
    list_select_related = ["person", "callsheet"]
    raw_id_fields = ["callsheet", "person", "crew_member", "cast_member"]


@admin.register(BackgroundCall)
class BackgroundCallAdmin(admin.ModelAdmin):
    list_display = ["description", "count", "call", "callsheet"]
    list_select_related = ["callsheet"]
    raw_id_fields = ["callsheet"]


@admin.register(CallSheetVersion)
class CallSheetVersionAdmin(admin.ModelAdmin):
    list_display = ["callsheet", "number", "published_by", "published_at", "prepared_at",
                    "pdf_size", "render_ms", "stamp_ms", "error"]
    list_select_related = ["callsheet", "published_by"]
    raw_id_fields = ["callsheet", "published_by"]
    readonly_fields = ["snapshot", "changes"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["person", "version", "call_label", "department", "message", "error",
                    "opened_at", "confirmed_at", "revoked_at"]
    search_fields = ["person__name", "department"]
    list_select_related = ["person", "version", "message"]
    raw_id_fields = ["version", "person", "message"]
    readonly_fields = ["token_hash"]
