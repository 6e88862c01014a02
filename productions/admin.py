from django.contrib import admin

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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Production)
class ProductionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "phase", "company", "shoot_start", "shoot_end",
                    "time_zone", "currency"]
    list_filter = ["kind", "phase", "currency"]
    search_fields = ["title", "company"]
    date_hierarchy = "shoot_start"
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "user"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "production", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "production__title"]
    list_select_related = ["user", "production"]
    raw_id_fields = ["user", "production"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "production", "role", "status", "created_at", "expires_at"]
    list_filter = ["role"]
    search_fields = ["email", "production__title"]
    list_select_related = ["production"]
    raw_id_fields = ["production", "person", "invited_by", "accepted_by"]
    readonly_fields = ["token_hash", "accepted_at", "accepted_by"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "production", "order"]
    search_fields = ["name", "production__title"]
    list_select_related = ["production"]


@admin.register(CrewMember)
class CrewMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "department", "production", "rate", "rate_unit"]
    list_filter = ["rate_unit", "department__name"]
    search_fields = ["person__name", "position", "production__title"]
    list_select_related = ["person", "department", "production"]
    raw_id_fields = ["production", "person", "department"]


@admin.register(CastMember)
class CastMemberAdmin(admin.ModelAdmin):
    list_display = ["board_id", "character", "person", "production", "board_id_locked", "fee"]
    list_filter = ["board_id_locked"]
    search_fields = ["character", "person__name", "production__title"]
    list_select_related = ["person", "production"]
    raw_id_fields = ["production", "person"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "production", "address", "hospital_name"]
    search_fields = ["name", "address", "production__title"]
    list_select_related = ["production"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "token_hash", "last_used_at"]
