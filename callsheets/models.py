"""Call sheets: one per shoot day and unit, a draft the AP edits and immutable published versions.

Times are a date (the sheet's) plus a local wall-clock time in the production's time
zone; `callsheets.times.local_datetime` is the one conversion to an aware datetime.
Nothing here holds money: a call sheet never shows a rate or a fee.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CallSheetSettings(models.Model):
    """Per production: the minimum rest between a wrap and the next call."""

    production = models.OneToOneField("productions.Production", on_delete=models.CASCADE,
                                      related_name="callsheet_settings")
    min_rest_crew_hours = models.PositiveSmallIntegerField(default=10)
    min_rest_cast_hours = models.PositiveSmallIntegerField(default=12)
    resend_only_affected = models.BooleanField(
        default=False, help_text="Send a revision only to the people whose call changed.")
    text_link = models.BooleanField(
        "also text the link", default=False,
        help_text="Also send each person their personal link by SMS, if they have a phone "
                  "number.")

    def __str__(self) -> str:
        return f"Call sheet settings of {self.production_id}"


class CallSheet(models.Model):
    production = models.ForeignKey("productions.Production", on_delete=models.CASCADE,
                                   related_name="callsheets")
    board = models.ForeignKey("scheduling.Board", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    unit = models.CharField(max_length=40, default="Main unit")
    day = models.PositiveIntegerField("shoot day")
    days_total = models.PositiveIntegerField(default=0)
    date = models.DateField()
    general_call = models.TimeField("general crew call", null=True, blank=True)
    shooting_call = models.TimeField(null=True, blank=True)
    estimated_wrap = models.TimeField(null=True, blank=True)
    breakfast = models.TimeField(null=True, blank=True)
    lunch = models.TimeField(null=True, blank=True)
    second_meal = models.TimeField(null=True, blank=True)
    weather_summary = models.CharField(max_length=200, blank=True)
    weather_high_c = models.SmallIntegerField("high (°C)", null=True, blank=True)
    weather_low_c = models.SmallIntegerField("low (°C)", null=True, blank=True)
    weather_precip_pct = models.PositiveSmallIntegerField("chance of rain (%)", null=True,
                                                          blank=True)
    weather_wind = models.CharField(max_length=60, blank=True)
    notes = models.TextField(blank=True)
    department_notes = models.JSONField(default=dict, blank=True,
                                        help_text="Department name -> note.")
    walkie_channels = models.JSONField(default=list, blank=True,
                                       help_text='[{"channel": "1", "use": "Production"}]')
    key_contacts = models.JSONField(default=list, blank=True,
                                    help_text='[{"role": "1st AD", "name": "", "phone": ""}]')
    safety = models.TextField("safety notes", blank=True)
    parking = models.TextField(blank=True)
    basecamp = models.TextField(blank=True)
    # Filled from the schedule: scenes, cast with DOOD codes, locations, advance schedule.
    schedule = models.JSONField(default=dict, blank=True)
    published_version = models.PositiveIntegerField(default=0)
    edited_since_publish = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "unit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "day", "unit"],
                                    name="callsheet_unique_day_unit"),
        ]

    def __str__(self) -> str:
        return f"Day {self.day} ({self.unit}) {self.date}"

    @property
    def status(self) -> str:
        if not self.published_version:
            return "draft"
        return "revised draft" if self.edited_since_publish else "published"


class PersonCall(models.Model):
    class Kind(models.TextChoices):
        CREW = "crew", "Crew"
        CAST = "cast", "Cast"

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="calls")
    person = models.ForeignKey("productions.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    crew_member = models.ForeignKey("productions.CrewMember", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    cast_member = models.ForeignKey("productions.CastMember", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    department = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=200, blank=True, help_text="Position or character.")
    board_id = models.PositiveIntegerField(null=True, blank=True)
    dood_code = models.CharField(max_length=4, blank=True)
    call = models.TimeField(null=True, blank=True, help_text="Empty: the general call.")
    pickup = models.TimeField(null=True, blank=True)
    hair_makeup = models.TimeField(null=True, blank=True)
    on_set = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["callsheet", "person", "kind"],
                                    name="personcall_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.call}"

    def call_time(self):
        return self.call or self.callsheet.general_call


class BackgroundCall(models.Model):
    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="background")
    description = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=1)
    call = models.TimeField(null=True, blank=True)
    scenes = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["call", "id"]

    def __str__(self) -> str:
        return f"{self.count} x {self.description}"


class CallSheetVersion(models.Model):
    """What was sent: immutable once created."""

    callsheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changes = models.JSONField(default=list, blank=True)
    overridden_warnings = models.JSONField(default=list, blank=True)
    pdf_path = models.CharField(max_length=300, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    render_ms = models.PositiveIntegerField(default=0)
    # Summed over the batches: banners, stamps and storing the personal copies.
    stamp_ms = models.PositiveIntegerField(default=0)
    # The shared PDF is rendered by a worker after the publish commits: until then
    # the version is "preparing".
    prepared_at = models.DateTimeField(null=True, blank=True)
    # When its render or batches were last handed to the workers (the sweep's clock).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the shared PDF could not be rendered.")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["callsheet", "number"]
        constraints = [
            models.UniqueConstraint(fields=["callsheet", "number"],
                                    name="callsheetversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.callsheet} v{self.number}"

    @property
    def preparing(self) -> bool:
        return self.prepared_at is None and not self.error


class Recipient(models.Model):
    """One person's copy of one version: their link, message and receipts.

    Created when the version is published; a distribution batch then stamps their
    PDF and writes their message and link (token) in one transaction, so `message`
    is empty exactly while their copy is being prepared.
    """

    version = models.ForeignKey(CallSheetVersion, on_delete=models.CASCADE,
                                related_name="recipients")
    person = models.ForeignKey("productions.Person", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey("notifications.Message", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    call_label = models.CharField(max_length=20)
    department = models.CharField(max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                  editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True,
                             help_text="Why their copy could not be prepared.")

    class Meta:
        ordering = ["version", "department", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="recipient_unique_person"),
        ]
        indexes = [
            # The distribution sweep looks for copies still to prepare: few rows, ever.
            models.Index(fields=["version"], name="recipient_pending_idx",
                         condition=models.Q(message__isnull=True, revoked_at__isnull=True,
                                            error="")),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.version_id}"

    @property
    def state(self) -> str:
        """preparing, queued, sending, sent, failed, or cancelled (superseded, or its
        shoot day over, before it was prepared)."""
        if self.message_id is not None and self.message is not None:
            return self.message.status
        if self.error:
            return "failed"
        if self.revoked_at or self.expires_at <= timezone.now():
            return "cancelled"
        return "preparing"

    @property
    def state_error(self) -> str:
        if self.error:
            return self.error
        return self.message.last_error if self.message_id and self.message else ""
