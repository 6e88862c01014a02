"""The stripboard API: boards (scenarios), their strips and days, moves with a version check
(409 on a stale version), the shooting calendar and the Day Out of Days as JSON.

Read with view_schedule, write with edit_schedule; every write is a service call.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.api.views import ERRORS
from productions.roles import Capability as C

from .. import board_selectors as bs
from .. import schedule_notice, services
from ..models import Board, Strip

CONFLICT = OpenApiResponse(description="The board changed since `expected_version`: "
                                       "reload it (the body gives the current version).")


class BoardSerializer(serializers.ModelSerializer):
    day_count = serializers.IntegerField(read_only=True, default=0)
    scene_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Board
        fields = ["id", "name", "is_active", "version", "day_count", "scene_count",
                  "created_at", "updated_at"]
        read_only_fields = ["is_active", "version", "created_at", "updated_at"]


class BoardCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    start = serializers.ChoiceField(choices=["split", "empty"], default="split",
                                    help_text="split: every scene in script order, a day "
                                              "break every `pages_per_day`; empty: all in "
                                              "the boneyard.")
    pages_per_day = serializers.IntegerField(min_value=1, max_value=30, default=5)


class BoardCopySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class StripSerializer(serializers.Serializer):
    """A strip as the board shows it; scene strips carry their day, day breaks their date."""

    id = serializers.IntegerField(source="strip.pk")
    position = serializers.IntegerField(source="strip.position")
    kind = serializers.CharField(source="strip.kind")
    scene = serializers.IntegerField(source="strip.scene_id", allow_null=True)
    scene_number = serializers.SerializerMethodField()
    text = serializers.CharField(source="strip.text")
    day = serializers.SerializerMethodField(help_text="The shoot day: a scene's, or the day a "
                                                      "day break ends; null after the last.")
    date = serializers.DateField(source="on", allow_null=True)
    eighths = serializers.SerializerMethodField()
    cast_ids = serializers.ListField(child=serializers.IntegerField())

    def get_scene_number(self, row) -> str | None:
        return row.strip.scene.label if row.strip.scene_id else None

    def get_day(self, row) -> int | None:
        return row.day if row.strip.kind == Strip.Kind.DAY_BREAK else row.in_day

    def get_eighths(self, row) -> int:
        if row.strip.kind == Strip.Kind.SCENE:
            return row.strip.scene.eighths
        return row.eighths


class MoveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(help_text="The board version you last read.")
    strip = serializers.IntegerField(required=False, help_text="A strip of this board.")
    scene = serializers.IntegerField(required=False, help_text="A boneyard scene to place.")
    new_kind = serializers.ChoiceField(choices=["day_break", "banner"], required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    to_position = serializers.IntegerField(
        required=False, allow_null=True, min_value=0,
        help_text="0-based index once moved; null sends a strip to the boneyard (removes a "
                  "day break or banner).")
    day = serializers.IntegerField(required=False, min_value=1,
                                   help_text="Instead of to_position: the end of this day.")


class ImpactSerializer(serializers.Serializer):
    element = serializers.IntegerField(source="element_id")
    name = serializers.CharField()
    board_id = serializers.IntegerField(allow_null=True)
    before = serializers.ListField(child=serializers.DateField())
    after = serializers.ListField(child=serializers.DateField())
    holds_before = serializers.IntegerField()
    holds_after = serializers.IntegerField()


class MoveResultSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="board.version")
    impact = ImpactSerializer(many=True)
    notified = serializers.IntegerField(help_text="Always 0: moves tell nobody; confirm "
                                                  "with the board's notify action.")
    pending = serializers.IntegerField(help_text="People whose work days now differ from "
                                                 "what they were last told.")


class RoleChangeSerializer(serializers.Serializer):
    element = serializers.IntegerField(source="element_id")
    character = serializers.CharField()
    board_id = serializers.IntegerField(allow_null=True)
    was = serializers.ListField(child=serializers.DateField(),
                                help_text="Work days the person was last told.")
    now = serializers.ListField(child=serializers.DateField())
    holds = serializers.ListField(child=serializers.DateField(), source="now_holds")
    first = serializers.BooleanField(help_text="Never told before: their first schedule.")


class PersonNoticeSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField()
    has_email = serializers.SerializerMethodField()
    changes = serializers.ListField(child=serializers.CharField(), source="words")
    roles = RoleChangeSerializer(many=True)

    def get_has_email(self, notice) -> bool:
        return bool(notice.email)


class NoticesSerializer(serializers.Serializer):
    board = serializers.IntegerField()
    active = serializers.BooleanField(help_text="Only the active board's changes are told.")
    fingerprint = serializers.CharField(help_text="Send it back to notify: refused if the "
                                                  "changes moved on since you read them.")
    people = PersonNoticeSerializer(many=True)


class NotifySerializer(serializers.Serializer):
    people = serializers.ListField(child=serializers.IntegerField(), required=False,
                                   help_text="Person ids to tell (default: every pending "
                                             "one); the others stay pending.")
    fingerprint = serializers.CharField(required=False,
                                        help_text="From the notices you reviewed.")


class NotifyResultSerializer(serializers.Serializer):
    sent = serializers.IntegerField(help_text="Messages queued in the outbox.")
    told = serializers.ListField(child=serializers.IntegerField())
    without_email = serializers.ListField(child=serializers.IntegerField(),
                                          help_text="Marked told, but nobody to email.")
    still_pending = serializers.IntegerField()


class CalendarSerializer(serializers.Serializer):
    first_shoot_day = serializers.DateField()
    days_off = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=6),
                                     default=[5, 6])
    holidays = serializers.ListField(child=serializers.DateField(), default=list)
    drop_gap_days = serializers.ChoiceField(choices=[10, 14], default=10)


class ScheduleViewSet(ProductionScopedViewSet):
    read_capability = C.VIEW_SCHEDULE
    write_capability = C.EDIT_SCHEDULE


class BoardViewSet(ScheduleViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The production's boards (scenarios); the active one drives call sheets, the DOOD and
    the budget."""

    serializer_class = BoardSerializer
    # Who is affected, by name, is the AP's business before it is anyone else's.
    action_capabilities = {"notices": C.EDIT_SCHEDULE}

    def get_queryset(self):
        if self.schema_only:
            return Board.objects.none()
        return bs.board_list(production=self.production)

    @extend_schema(responses={200: NoticesSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def notices(self, request, *args, **kwargs):
        """Whose work days on the active board differ from what they were last told: each
        person's net change since, in words and as dates. Nobody has been told yet."""
        board = self.get_object()
        notices = []
        if board.is_active:
            _active, notices = bs.schedule_notices(production=self.production)
        return Response(NoticesSerializer({
            "board": board.pk, "active": board.is_active,
            "fingerprint": schedule_notice.fingerprint(notices), "people": notices}).data)

    @extend_schema(request=NotifySerializer, responses={200: NotifyResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def notify(self, request, *args, **kwargs):
        """Tell the affected people (one message each through the outbox, with their net
        change) and make what they were told the new baseline. Only the active board."""
        board = self.get_object()
        if not board.is_active:
            raise ValidationError("Only the active board's changes are told: make it "
                                  "active first.")
        data = NotifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.schedule_notify(
            production=self.production, people=data.validated_data.get("people"),
            expected=data.validated_data.get("fingerprint"))
        return Response(NotifyResultSerializer({
            "sent": result.sent, "told": [n.person_id for n in result.told],
            "without_email": [n.person_id for n in result.without_email],
            "still_pending": result.still_pending}).data)

    @extend_schema(request=BoardCreateSerializer, responses={201: BoardSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = BoardCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        board = services.board_create(
            production=self.production, name=data.validated_data["name"], by=request.user,
            split=data.validated_data["start"] == "split",
            eighths_per_day=data.validated_data["pages_per_day"] * 8)
        return Response(BoardSerializer(self.get_queryset().get(pk=board.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=BoardCopySerializer, responses={200: BoardSerializer, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Rename the board."""
        data = BoardCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        board = services.board_rename(board=self.get_object(),
                                      name=data.validated_data.get("name", ""))
        return Response(BoardSerializer(self.get_queryset().get(pk=board.pk)).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        """Delete a scenario (never the active board)."""
        services.board_delete(board=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=BoardCopySerializer, responses={201: BoardSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def copy(self, request, *args, **kwargs):
        """Copy the board into a new, inactive scenario."""
        data = BoardCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        board = services.board_copy(board=self.get_object(),
                                    name=data.validated_data.get("name", ""), by=request.user)
        return Response(BoardSerializer(self.get_queryset().get(pk=board.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MoveResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def activate(self, request, *args, **kwargs):
        """Make this the production's active board. Whoever's work days move becomes a
        pending notice (see `notices` and `notify`)."""
        change = services.board_activate(board=self.get_object(), by=request.user)
        return Response(MoveResultSerializer(change).data)

    @extend_schema(responses={200: StripSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def strips(self, request, *args, **kwargs):
        """The board's strips in order, with their days, dates and cast IDs."""
        board = self.get_object()
        board.production = self.production
        page = bs.board_page(board=board)
        return Response(StripSerializer(page.rows, many=True).data)

    @extend_schema(request=MoveSerializer, responses={200: MoveResultSerializer, 409: CONFLICT,
                                                      **ERRORS})
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move a strip (or a boneyard scene, or a new day break or banner) on the board.

        Refused with 409 when the board's version is not `expected_version`: nothing
        changes, and the body gives the current version to reload from."""
        return self._move(request, services.strip_move)

    @extend_schema(request=MoveSerializer, responses={200: MoveResultSerializer, 409: CONFLICT,
                                                      **ERRORS})
    @action(detail=True, methods=["post"], url_path="move-preview")
    def move_preview(self, request, *args, **kwargs):
        """Whose work days a move would change, and how, without making it: nothing is
        saved and nobody is told (`notified` is 0, `version` unchanged)."""
        return self._move(request, services.strip_move_preview)

    def _move(self, request, service):
        board = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        day = values.pop("day", None)
        if "to_position" not in values and day is None:
            raise ValidationError({"to_position": "Give to_position (null: the boneyard) "
                                                  "or day."})
        if day is not None:
            position = services.day_break_position(board=board, day=day)
            strip_id = values.get("strip")
            current = (board.strips.filter(pk=strip_id).values_list("position", flat=True)
                       .first() if strip_id else None)
            if current is not None and current < position:
                position -= 1
            values["to_position"] = position
        try:
            change = service(board=board, by=request.user,
                             expected_version=values.pop("expected_version"), **values)
        except services.BoardConflict as conflict:
            return Response({"detail": "The board changed since your version: reload it.",
                             "version": conflict.version}, status=status.HTTP_409_CONFLICT)
        return Response(MoveResultSerializer(change).data)


class CalendarViewSet(ScheduleViewSet):
    """The shooting calendar: first shoot day, weekly days off (0 = Monday), holidays and the
    drop/pickup minimum. Settings that leave no shoot day are refused."""

    serializer_class = CalendarSerializer

    def _data(self):
        settings = bs.calendar_settings(production=self.production)
        return {"first_shoot_day": settings.first_shoot_day, "days_off": settings.days_off,
                "holidays": settings.holidays, "drop_gap_days": settings.drop_gap_days}

    @extend_schema(responses={200: CalendarSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        return Response(CalendarSerializer(self._data()).data)

    @extend_schema(request=CalendarSerializer, responses={200: CalendarSerializer, **ERRORS})
    def update(self, request, *args, **kwargs):
        data = CalendarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.calendar_update(production=self.production, **data.validated_data)
        return Response(CalendarSerializer(self._data()).data)


class DoodViewSet(ScheduleViewSet):
    """The Day Out of Days of the active board (or `?board=<id>`): every calendar day, and per
    tracked element its code for each day and its totals."""

    @extend_schema(parameters=[OpenApiParameter("board", int, required=False)],
                   responses={200: OpenApiResponse(description="days, rows[{element, "
                                                   "board_id, codes, totals}]"), **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        board_id = request.query_params.get("board")
        if board_id:
            if not board_id.isdigit():
                raise ValidationError({"board": "A board id."})
            board = bs.board_get(production=self.production, board_id=int(board_id))
        else:
            board = bs.board_active(production=self.production)
        if board is None:
            return Response({"board": None, "days": [], "rows": []})
        board.production = self.production
        try:
            dood = bs.board_dood(board=board)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return Response({"board": board.pk, **dood.as_dict()})


class DoodFlagsSerializer(serializers.Serializer):
    element = serializers.IntegerField(read_only=True, source="element.pk")
    name = serializers.CharField(read_only=True, source="element.name")
    track_in_dood = serializers.BooleanField(source="tracked")
    allows_holds = serializers.BooleanField()
    allows_drop = serializers.BooleanField(help_text="Drop/pickup instead of holds for a gap "
                                                     "longer than the calendar's minimum.")


class DoodFlagsViewSet(ScheduleViewSet):
    """How one element counts in the Day Out of Days: tracked, holds, drop/pickup."""

    serializer_class = DoodFlagsSerializer

    def _flags(self, pk):
        rows, addable = bs.dood_flags(production=self.production)
        for row in rows:
            if row.element.pk == pk:
                return row
        for element in addable:
            if element.pk == pk:
                return bs.DoodFlags(element=element, allows_holds=True, allows_drop=False,
                                    tracked=False)
        raise NotFound("No such element in this production.")

    @extend_schema(responses={200: DoodFlagsSerializer, **ERRORS})
    def retrieve(self, request, *args, pk=None, **kwargs):
        return Response(DoodFlagsSerializer(self._flags(int(pk))).data)

    @extend_schema(request=DoodFlagsSerializer, responses={200: DoodFlagsSerializer, **ERRORS})
    def update(self, request, *args, pk=None, **kwargs):
        current = self._flags(int(pk))
        data = DoodFlagsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.element_dood_update(element=current.element,
                                     allows_holds=data.validated_data["allows_holds"],
                                     allows_drop=data.validated_data["allows_drop"],
                                     track_in_dood=data.validated_data["tracked"])
        return Response(DoodFlagsSerializer(self._flags(int(pk))).data)
