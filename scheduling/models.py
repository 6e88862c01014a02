"""The script breakdown: drafts, sets, scenes, element categories, elements and tags.

Every row belongs to one production, directly. Writes go through
`scheduling/services.py`; reads through `scheduling/selectors.py`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from productions.models import CastMember, Production

from .eighths import DEFAULT_LINES_PER_PAGE, ROUND_NEAREST, ROUND_UP, format_eighths

hex_colour = RegexValidator(r"^#[0-9A-Fa-f]{6}$", "Give a colour as #RRGGBB.")


def colour_field(default: str, verbose_name: str = "colour") -> models.CharField:
    return models.CharField(verbose_name, max_length=7, default=default, validators=[hex_colour])


class BreakdownSettings(models.Model):
    """How a production measures pages and colours its strips."""

    class Rounding(models.TextChoices):
        UP = ROUND_UP, "Round up to the next eighth"
        NEAREST = ROUND_NEAREST, "Round to the nearest eighth"

    production = models.OneToOneField(
        Production, on_delete=models.CASCADE, related_name="breakdown_settings"
    )
    lines_per_page = models.PositiveSmallIntegerField(
        default=DEFAULT_LINES_PER_PAGE,
        validators=[MinValueValidator(20), MaxValueValidator(120)],
        help_text="Printed lines on a page of Courier 12 (54 for 1-inch margins).",
    )
    rounding = models.CharField(max_length=10, choices=Rounding.choices, default=Rounding.UP)
    int_day_colour = colour_field("#FFFFFF", "interior day")
    ext_day_colour = colour_field("#FFF176", "exterior day")
    int_night_colour = colour_field("#90CAF9", "interior night")
    ext_night_colour = colour_field("#A5D6A7", "exterior night")

    class Meta:
        verbose_name = "breakdown settings"
        verbose_name_plural = "breakdown settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(lines_per_page__gte=20, lines_per_page__lte=120),
                name="breakdown_lines_per_page_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Breakdown settings of {self.production}"


class RevisionColour(models.TextChoices):
    """The industry's order of revision page colours."""

    WHITE = "white", "White"
    BLUE = "blue", "Blue"
    PINK = "pink", "Pink"
    YELLOW = "yellow", "Yellow"
    GREEN = "green", "Green"
    GOLDENROD = "goldenrod", "Goldenrod"
    BUFF = "buff", "Buff"
    SALMON = "salmon", "Salmon"
    CHERRY = "cherry", "Cherry"
    TAN = "tan", "Tan"
    DOUBLE_WHITE = "double_white", "Double White"
    DOUBLE_BLUE = "double_blue", "Double Blue"
    DOUBLE_PINK = "double_pink", "Double Pink"
    DOUBLE_YELLOW = "double_yellow", "Double Yellow"
    DOUBLE_GREEN = "double_green", "Double Green"


REVISION_SWATCHES = {
    "white": "#FFFFFF", "blue": "#BBDEFB", "pink": "#F8BBD0", "yellow": "#FFF59D",
    "green": "#C8E6C9", "goldenrod": "#FFD54F", "buff": "#F0DC82", "salmon": "#FFAB91",
    "cherry": "#EF9A9A", "tan": "#D2B48C",
}


class Script(models.Model):
    """One uploaded draft. Pending until the AP confirms it into the breakdown."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        APPLIED = "applied", "Applied to the breakdown"
        DISCARDED = "discarded", "Discarded"

    class Format(models.TextChoices):
        FOUNTAIN = "fountain", "Fountain"
        FDX = "fdx", "Final Draft"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="scripts")
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=Format.choices)
    encoding = models.CharField(max_length=20)
    title = models.CharField(max_length=300, blank=True)
    revision_colour = models.CharField(
        max_length=20, choices=RevisionColour.choices, default=RevisionColour.WHITE
    )
    revision_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    parsed = models.JSONField(help_text="The parser's scenes, as `parse_script --json` prints.")
    summary = models.JSONField(default=dict, blank=True)
    scene_count = models.PositiveIntegerField(default=0)
    total_eighths = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["production", "status"], name="script_production_status")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_revision_colour_display()}, {self.revision_date})"

    @property
    def swatch(self) -> str:
        return REVISION_SWATCHES.get(self.revision_colour.removeprefix("double_"), "#FFFFFF")


class Set(models.Model):
    """A place in the script ("KITCHEN"); may be shot at a real Location."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="sets")
    name = models.CharField(max_length=300)
    location = models.ForeignKey(
        "productions.Location", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="sets",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "name"], name="set_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Scene(models.Model):
    class IntExt(models.TextChoices):
        INT = "INT", "INT"
        EXT = "EXT", "EXT"
        INT_EXT = "INT/EXT", "INT/EXT"
        NONE = "", "—"

    class DayNight(models.TextChoices):
        DAY = "DAY", "Day"
        NIGHT = "NIGHT", "Night"
        NONE = "", "—"

    class EighthsSource(models.TextChoices):
        FILE = "file", "From the Final Draft file"
        COMPUTED = "computed", "Computed from the layout"
        MANUAL = "manual", "Entered by hand"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="scenes")
    set = models.ForeignKey(Set, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="scenes")
    number = models.CharField(max_length=20, blank=True)
    heading = models.CharField(max_length=500)
    int_ext = models.CharField("INT/EXT", max_length=7, choices=IntExt.choices, blank=True)
    time_of_day = models.CharField(max_length=100, blank=True,
                                   help_text="As written: DAY, NIGHT, CONTINUOUS, DUSK…")
    day_night = models.CharField(
        "day or night", max_length=5, choices=DayNight.choices, blank=True,
        help_text="CONTINUOUS, LATER and SAME take the previous scene's.",
    )
    eighths = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    eighths_source = models.CharField(max_length=10, choices=EighthsSource.choices,
                                      default=EighthsSource.COMPUTED)
    page = models.CharField(max_length=20, blank=True)
    synopsis = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    omitted = models.BooleanField(default=False,
                                  help_text="Removed by a later draft; its tags are kept.")
    script = models.ForeignKey(Script, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name="last revised in",
                               help_text="The draft that added the scene or last changed it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["omitted", "order", "id"]
        indexes = [models.Index(fields=["production", "omitted", "order"],
                                name="scene_production_order")]
        constraints = [
            models.CheckConstraint(condition=Q(eighths__gte=1), name="scene_eighths_min"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip()

    @property
    def length(self) -> str:
        return format_eighths(self.eighths)

    @property
    def label(self) -> str:
        """The scene number, or its place in the script when the draft has no numbers."""
        return self.number or str(self.order + 1)

    @property
    def strip_kind(self) -> str:
        """int-day, ext-night... for the strip colour; "" when not known."""
        if not self.int_ext or not self.day_night:
            return ""
        side = "ext" if self.int_ext == "EXT" else "int"
        return f"{side}-{self.day_night.lower()}"


class ElementCategory(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE,
                                   related_name="element_categories")
    code = models.PositiveSmallIntegerField(
        help_text="Universal Schedule Standard number (100 = Cast Members)."
    )
    name = models.CharField(max_length=100)
    colour = colour_field("#E0E0E0")

    class Meta:
        ordering = ["code", "id"]
        verbose_name_plural = "element categories"
        constraints = [
            models.UniqueConstraint(fields=["production", "code"], name="category_unique_code"),
            models.UniqueConstraint(fields=["production", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cast(self) -> bool:
        return self.code == CAST_CODE


CAST_CODE = 100


class Element(models.Model):
    """Something a scene needs: a character, a prop, a car, a horse."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="elements")
    category = models.ForeignKey(ElementCategory, on_delete=models.RESTRICT,
                                 related_name="elements")
    name = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    cast_member = models.ForeignKey(
        CastMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="elements",
        help_text="The performer playing this character; their board ID is the one used.",
    )
    board_id = models.PositiveIntegerField(
        "board ID", null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="For characters not yet cast; a cast member's own board ID wins.",
    )
    board_id_locked = models.BooleanField("board ID locked", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__code", "board_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "category", "name"],
                                    name="element_unique_name"),
            models.UniqueConstraint(fields=["production", "board_id"],
                                    condition=Q(board_id__isnull=False),
                                    name="element_unique_board_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_board_id(self) -> int | None:
        if self.cast_member_id is not None and self.cast_member is not None:
            return self.cast_member.board_id
        return self.board_id

    @property
    def effective_board_id_locked(self) -> bool:
        if self.cast_member_id is not None and self.cast_member is not None:
            return self.cast_member.board_id_locked
        return self.board_id_locked


class ElementAlias(models.Model):
    """Another spelling of an element's name (CYBER BOB is BOB); kept across re-imports."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE,
                                   related_name="element_aliases")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "element aliases"
        constraints = [
            models.UniqueConstraint(fields=["production", "name"], name="alias_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.element}"


class SceneElement(models.Model):
    """An element tagged in a scene."""

    class Source(models.TextChoices):
        SCRIPT = "script", "From the script (speaks)"
        MANUAL = "manual", "Tagged by hand"

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="tags")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="tags")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["element__category__code", "element__name", "id"]
        verbose_name = "scene element (tag)"
        constraints = [
            models.UniqueConstraint(fields=["scene", "element"], name="tag_unique_element"),
        ]

    def __str__(self) -> str:
        return f"{self.element} in {self.scene}"


# --- Stripboard and calendar (issue 5) -------------------------------------------------


class Board(models.Model):
    """A named ordering of the breakdown's scenes into shoot days (a scenario).

    `version` grows by one with every change to the strips, so a move based on an
    older version is refused instead of scrambling someone else's order.
    """

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(
        "active", default=False,
        help_text="The board the production shoots from: call sheets, DOOD and budget use it.")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_active", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production"], condition=Q(is_active=True),
                                    name="board_one_active_per_production"),
            models.UniqueConstraint(fields=["production", "name"], name="board_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Strip(models.Model):
    """One strip of a board: a scene, a day break (ends a shoot day) or a banner."""

    class Kind(models.TextChoices):
        SCENE = "scene", "Scene"
        DAY_BREAK = "day_break", "Day break"
        BANNER = "banner", "Banner"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="strips")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scene = models.ForeignKey(Scene, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="strips")
    text = models.CharField(max_length=200, blank=True, help_text="A banner's text.")

    class Meta:
        ordering = ["board", "position", "id"]
        indexes = [models.Index(fields=["board", "position"], name="strip_board_position")]
        constraints = [
            models.UniqueConstraint(fields=["board", "scene"], condition=Q(scene__isnull=False),
                                    name="strip_scene_once_per_board"),
            models.CheckConstraint(
                condition=(Q(kind="scene", scene__isnull=False)
                           | (~Q(kind="scene") & Q(scene__isnull=True))),
                name="strip_scene_iff_kind_scene"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SCENE:
            return f"Scene strip {self.scene_id}"
        return self.text or self.get_kind_display()


def default_days_off() -> list[int]:
    return [5, 6]


class ShootingCalendarSettings(models.Model):
    """The production's shooting calendar: where day 1 falls, days off, holidays."""

    class DropGap(models.IntegerChoices):
        TEN = 10, "More than 10 days (US films)"
        FOURTEEN = 14, "More than 14 days"

    production = models.OneToOneField(Production, on_delete=models.CASCADE,
                                      related_name="shooting_calendar")
    first_shoot_day = models.DateField()
    days_off = models.JSONField(default=default_days_off, blank=True,
                                help_text="Weekly days off, 0 = Monday ... 6 = Sunday.")
    holidays = models.JSONField(default=list, blank=True, help_text="ISO dates.")
    drop_gap_days = models.PositiveSmallIntegerField(
        "drop/pickup minimum", choices=DropGap.choices, default=DropGap.TEN)

    class Meta:
        verbose_name = "shooting calendar"
        constraints = [
            models.CheckConstraint(condition=Q(drop_gap_days__in=[10, 14]),
                                   name="calendar_drop_gap_choices"),
        ]

    def __str__(self) -> str:
        return f"Shooting calendar of {self.production}"


class ElementEvent(models.Model):
    """Travel, a rehearsal or a fitting for one element on one date (shown in the DOOD)."""

    class Kind(models.TextChoices):
        TRAVEL = "T", "Travel"
        REHEARSAL = "R", "Rehearsal"
        FITTING = "FT", "Fitting"

    production = models.ForeignKey(Production, on_delete=models.CASCADE,
                                   related_name="element_events")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    on = models.DateField("date")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["element", "on"], name="event_one_per_element_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.element} on {self.on}"


class ElementDoodSettings(models.Model):
    """How an element counts in the Day Out of Days. Without a row: cast are tracked,
    with holds and without drop/pickup; other elements are not tracked."""

    element = models.OneToOneField(Element, on_delete=models.CASCADE,
                                   related_name="dood_settings")
    allows_holds = models.BooleanField(default=True)
    allows_drop = models.BooleanField("allows drop/pickup", default=False)
    track_in_dood = models.BooleanField("track in DOOD", default=True)

    class Meta:
        verbose_name = "element DOOD settings"
        verbose_name_plural = "element DOOD settings"

    def __str__(self) -> str:
        return f"DOOD settings of {self.element}"


class ScheduleBaseline(models.Model):
    """The work and hold days an element's person was last told about (issue 5, item 7).

    Moves save at once; what people hear waits for the AP. The pending change for a
    person is this baseline against the active board now, so several moves make one
    message with the net change and a move and its undo make none. No row means the
    person has never been told anything: an empty baseline.
    """

    production = models.ForeignKey(Production, on_delete=models.CASCADE,
                                   related_name="schedule_baselines")
    element = models.OneToOneField(Element, on_delete=models.CASCADE,
                                   related_name="schedule_baseline")
    work_dates = models.JSONField(default=list, blank=True, help_text="ISO dates.")
    hold_dates = models.JSONField(default=list, blank=True, help_text="ISO dates.")
    revision = models.PositiveIntegerField(
        default=0, help_text="Grows each time the person is told; keys the outbox dedupe.")
    notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["production", "element"]

    def __str__(self) -> str:
        return f"Schedule baseline of {self.element}"


class CalendarFeed(models.Model):
    """A person's secret iCalendar subscription to their days on the active board.

    Only a SHA-256 of the token is stored: the URL is shown once, when it is made or
    rotated. Revoking deletes the row, so the old URL finds nothing.
    """

    production = models.ForeignKey(Production, on_delete=models.CASCADE,
                                   related_name="calendar_feeds")
    person = models.ForeignKey("productions.Person", on_delete=models.CASCADE,
                               related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "person"]
        constraints = [
            models.UniqueConstraint(fields=["production", "person"],
                                    name="calendar_feed_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.person} on {self.production}"


# --- The optimizer in the product (issue 6) --------------------------------------------


class OptimizerSettings(models.Model):
    """How the optimizer cuts days and weighs costs for one production.

    Defaults follow the production benchmark's realistic boards: 5 4/8 pages a day, at most
    two locations a day, no EXT DAY with EXT NIGHT in a day, a company move 8,000, a change
    of location between days 1,500, and 1,000 a day for a performer whose fee is unknown.
    Costs are whole units of the production's currency.
    """

    production = models.OneToOneField(Production, on_delete=models.CASCADE,
                                      related_name="optimizer_settings")
    capacity_eighths = models.PositiveSmallIntegerField(
        "day capacity (eighths)", default=44,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
        help_text="Script a shoot day can hold, in eighths of a page (44 = 5 4/8 pages).")
    max_locations_per_day = models.PositiveSmallIntegerField(
        default=2, validators=[MaxValueValidator(20)], help_text="0 = no limit.")
    no_ext_day_and_ext_night_same_day = models.BooleanField(
        "no EXT DAY with EXT NIGHT in a day", default=True)
    company_move_cost = models.PositiveIntegerField(
        default=8000, validators=[MaxValueValidator(10_000_000)],
        help_text="Cost of each move between locations inside a shoot day.")
    location_change_cost = models.PositiveIntegerField(
        "location change cost", default=1500, validators=[MaxValueValidator(10_000_000)],
        help_text="Cost of a day starting at another location than the last one ended at.")
    unknown_cast_daily_cost = models.PositiveIntegerField(
        "daily cost of a performer without a known fee", default=1000,
        validators=[MaxValueValidator(10_000_000)],
        help_text="A weight, in the same units as fees: a day paid to them counts this much.")

    class Meta:
        verbose_name = "optimizer settings"
        verbose_name_plural = "optimizer settings"
        constraints = [
            models.CheckConstraint(condition=Q(capacity_eighths__gte=1, capacity_eighths__lte=400),
                                   name="optimizer_capacity_range"),
        ]

    def __str__(self) -> str:
        return f"Optimizer settings of {self.production}"


class OptimizationRun(models.Model):
    """One "Optimize" of a board: queued, run by a Celery worker with live progress, and its
    proposal (days of scene ids in shooting order, with the cost of both boards)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Mode(models.TextChoices):
        NEW = "new", "As a new scenario"
        OVER = "over", "Over the board"

    production = models.ForeignKey(Production, on_delete=models.CASCADE,
                                   related_name="optimization_runs")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="optimization_runs")
    board_version = models.PositiveIntegerField(help_text="The board's version the run read.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    time_limit = models.PositiveSmallIntegerField(
        "time limit (seconds)", default=30,
        validators=[MinValueValidator(2), MaxValueValidator(600)])
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    elapsed = models.FloatField(default=0, help_text="Seconds searched so far.")
    time_left = models.FloatField(null=True, blank=True)
    best_total = models.BigIntegerField(null=True, blank=True,
                                        help_text="Cost of the best board found so far.")
    bound = models.BigIntegerField(null=True, blank=True,
                                   help_text="Proven lower bound on any board's cost.")
    current_total = models.BigIntegerField(null=True, blank=True,
                                           help_text="Cost of the board as it was.")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_mode = models.CharField(max_length=4, choices=Mode.choices, blank=True)
    applied_board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["production", "-created_at"],
                                name="optrun_production_created")]
        constraints = [
            models.CheckConstraint(condition=Q(time_limit__gte=2, time_limit__lte=600),
                                   name="optrun_time_limit_range"),
            models.UniqueConstraint(fields=["board"],
                                    condition=Q(status__in=["queued", "running"]),
                                    name="optrun_one_live_per_board"),
        ]

    def __str__(self) -> str:
        return f"Optimization of {self.board} ({self.get_status_display()})"

    @property
    def gap(self) -> float | None:
        if self.best_total is None or self.bound is None:
            return None
        if self.best_total <= 0:
            return 0.0
        return max(0.0, (self.best_total - self.bound) / self.best_total)

    @property
    def progress(self) -> float:
        """Share of the time limit used (1 once the run has ended)."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return 1.0
        return min(1.0, self.elapsed / self.time_limit) if self.time_limit else 0.0

    @property
    def saving_percent(self) -> int | None:
        """How much cheaper the best board is than the current one, in whole percent."""
        if self.best_total is None or not self.current_total:
            return None
        return round(100 * (self.current_total - self.best_total) / self.current_total)
