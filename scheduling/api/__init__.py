"""The breakdown API: script uploads, scenes, sets, categories, elements, tags and settings.

Read with view_schedule, write with edit_schedule. Serializers validate and
shape; every write is a service call.
"""

from .views import (
    BreakdownSettingsViewSet,
    CategoryViewSet,
    ElementViewSet,
    SceneViewSet,
    ScriptViewSet,
    SetViewSet,
    TagViewSet,
)

__all__ = ["BreakdownSettingsViewSet", "CategoryViewSet", "ElementViewSet", "SceneViewSet",
           "ScriptViewSet", "SetViewSet", "TagViewSet"]
