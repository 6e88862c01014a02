from django.contrib import admin

from .models import (
    Board,
    BreakdownSettings,
    CalendarFeed,
    Element,
    ElementAlias,
    ElementCategory,
    ElementDoodSettings,
    ElementEvent,
    OptimizationRun,
    OptimizerSettings,
    Scene,
    SceneElement,
    ScheduleBaseline,
    Script,
    Set,
    ShootingCalendarSettings,
    Strip,
)


@admin.register(BreakdownSettings)
class BreakdownSettingsAdmin(admin.ModelAdmin):
    list_display = ["production", "lines_per_page", "rounding"]


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    list_display = ["filename", "production", "revision_colour", "revision_date", "status",
                    "scene_count", "created_at"]
    list_filter = ["status", "format", "revision_colour"]
    search_fields = ["filename", "title", "production__title"]
    readonly_fields = ["parsed", "summary"]


@admin.register(Set)
class SetAdmin(admin.ModelAdmin):
    list_display = ["name", "production", "location"]
    search_fields = ["name", "production__title"]


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["number", "heading", "production", "int_ext", "day_night", "eighths",
                    "eighths_source", "page", "omitted"]
    list_filter = ["int_ext", "day_night", "eighths_source", "omitted"]
    search_fields = ["heading", "number", "production__title"]


@admin.register(ElementCategory)
class ElementCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "colour", "production"]
    search_fields = ["name", "production__title"]


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "production", "board_id", "board_id_locked",
                    "cast_member"]
    list_filter = ["category__code", "board_id_locked"]
    search_fields = ["name", "production__title"]


@admin.register(ElementAlias)
class ElementAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "element", "production"]
    search_fields = ["name", "element__name"]


@admin.register(SceneElement)
class SceneElementAdmin(admin.ModelAdmin):
    list_display = ["element", "scene", "source"]
    list_filter = ["source"]


# --- Stripboard and calendar ---------------------------------------------------------


class StripInline(admin.TabularInline):
    model = Strip
    extra = 0
    raw_id_fields = ["scene"]
    ordering = ["position"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "production", "is_active", "version", "created_at", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "production__title"]
    list_select_related = ["production"]
    raw_id_fields = ["production", "created_by"]
    inlines = [StripInline]


@admin.register(Strip)
class StripAdmin(admin.ModelAdmin):
    list_display = ["board", "position", "kind", "scene", "text"]
    list_filter = ["kind"]
    search_fields = ["board__name", "text"]
    list_select_related = ["board", "scene"]
    raw_id_fields = ["board", "scene"]


@admin.register(ShootingCalendarSettings)
class ShootingCalendarSettingsAdmin(admin.ModelAdmin):
    list_display = ["production", "first_shoot_day", "drop_gap_days"]
    list_select_related = ["production"]
    raw_id_fields = ["production"]


@admin.register(ElementEvent)
class ElementEventAdmin(admin.ModelAdmin):
    list_display = ["element", "kind", "on", "production"]
    list_filter = ["kind"]
    search_fields = ["element__name", "note"]
    list_select_related = ["element", "production"]
    raw_id_fields = ["production", "element"]


@admin.register(ElementDoodSettings)
class ElementDoodSettingsAdmin(admin.ModelAdmin):
    list_display = ["element", "track_in_dood", "allows_holds", "allows_drop"]
    list_filter = ["track_in_dood", "allows_holds", "allows_drop"]
    list_select_related = ["element"]
    raw_id_fields = ["element"]


@admin.register(ScheduleBaseline)
class ScheduleBaselineAdmin(admin.ModelAdmin):
    list_display = ["element", "production", "revision", "notified_at", "updated_at"]
    search_fields = ["element__name", "production__title"]
    list_select_related = ["element", "production"]
    raw_id_fields = ["production", "element"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    # The token hash is useless to read and must not be edited into a known value.
    list_display = ["person", "production", "created_at"]
    search_fields = ["person__name", "production__title"]
    list_select_related = ["person", "production"]
    raw_id_fields = ["production", "person", "created_by"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        # A feed made here would have no token anyone knows: they are made from the
        # person's schedule page, which shows the URL once.
        return False


# --- The optimizer (issue 6) -------------------------------------------------------------


@admin.register(OptimizerSettings)
class OptimizerSettingsAdmin(admin.ModelAdmin):
    list_display = ["production", "capacity_eighths", "max_locations_per_day",
                    "company_move_cost", "location_change_cost"]
    list_select_related = ["production"]
    raw_id_fields = ["production"]


@admin.register(OptimizationRun)
class OptimizationRunAdmin(admin.ModelAdmin):
    list_display = ["board", "production", "status", "time_limit", "best_total", "bound",
                    "created_at", "applied_mode"]
    list_filter = ["status", "applied_mode"]
    search_fields = ["board__name", "production__title"]
    list_select_related = ["board", "production"]
    raw_id_fields = ["production", "board", "requested_by", "applied_board"]
    readonly_fields = ["created_at"]
