"""Every write to the breakdown: script drafts, sets, scenes, elements and tags.

Keyword-only functions, one transaction each, validated with the models' own
rules. A script import writes in bulk, so its number of queries does not grow
with the number of scenes. `scripts.py` holds the drafts, `breakdown.py` the rest.
"""

from .breakdown import (
    alias_delete,
    breakdown_settings_get,
    breakdown_settings_update,
    cast_board_ids_renumber,
    categories_ensure,
    category_update,
    element_create,
    element_delete,
    element_merge,
    element_update,
    scene_update,
    set_update,
    tag_create,
    tag_create_by_name,
    tag_delete,
)
from .scripts import (
    max_upload_bytes,
    script_apply,
    script_discard,
    script_preview,
    script_upload,
)

__all__ = [
    "alias_delete", "breakdown_settings_get", "breakdown_settings_update",
    "cast_board_ids_renumber", "categories_ensure", "category_update", "element_create",
    "element_delete", "element_merge", "element_update", "max_upload_bytes", "scene_update",
    "script_apply", "script_discard", "script_preview", "script_upload", "set_update",
    "tag_create", "tag_create_by_name", "tag_delete",
]

# The stripboard (issue 5).
from .boards import (
    BoardChange,
    BoardConflict,
    board_activate,
    board_copy,
    board_create,
    board_delete,
    board_rename,
    calendar_update,
    day_break_position,
    element_dood_update,
    event_create,
    event_delete,
    strip_move,
    strip_move_preview,
)

__all__ += [
    "BoardChange", "BoardConflict", "board_activate", "board_copy", "board_create",
    "board_delete", "board_rename", "calendar_update", "day_break_position",
    "element_dood_update", "event_create", "event_delete", "strip_move", "strip_move_preview",
]

# Telling people their days moved, once the AP confirms (issue 5, item 7).
from .notices import NotifyResult, schedule_notify  # noqa: E402

__all__ += ["NotifyResult", "schedule_notify"]

# Calendar feed subscriptions (issue 5, item 8).
from .feeds import IssuedFeed, feed_issue, feed_revoke  # noqa: E402

__all__ += ["IssuedFeed", "feed_issue", "feed_revoke"]
