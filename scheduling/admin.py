from django.contrib import admin

from .models import (
    BreakdownSettings,
    Element,
    ElementAlias,
    ElementCategory,
    Scene,
    SceneElement,
    Script,
    Set,
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
