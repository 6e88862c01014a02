"""The optimizer API: start a run on a board (202), poll its progress, fetch the comparison of
the current board with the proposal, apply it as a new scenario or over the board (409 when
the board changed since the run read it), cancel it.

Read with view_schedule, start/apply/cancel with edit_schedule. Costs are money (they come
from the cast's fees): they are in the answers only for roles that may see rates; everyone
else gets the days, moves and the gap.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from productions.api.views import ERRORS
from productions.roles import Capability as C

from .. import board_selectors as bs
from ..models import OptimizationRun
from ..optimization import selectors, services
from ..services import BoardConflict
from .boards import ScheduleViewSet


class RunStartSerializer(serializers.Serializer):
    board = serializers.IntegerField(help_text="A board of this production.")
    time_limit = serializers.IntegerField(
        min_value=services.TIME_LIMIT_MIN, max_value=services.TIME_LIMIT_MAX,
        default=services.TIME_LIMIT_DEFAULT, help_text="Seconds the optimizer may search.")


class RunSerializer(serializers.ModelSerializer):
    """A run and its progress. `best_total`, `bound` and `current_total` are costs: null
    for roles that may not see rates."""

    board_name = serializers.CharField(source="board.name", read_only=True)
    gap = serializers.FloatField(read_only=True, allow_null=True,
                                 help_text="(best - bound) / best: how far from proven optimal.")
    progress = serializers.FloatField(read_only=True, help_text="Share of the time limit used.")
    best_total = serializers.SerializerMethodField()
    bound = serializers.SerializerMethodField()
    current_total = serializers.SerializerMethodField()

    class Meta:
        model = OptimizationRun
        fields = ["id", "board", "board_name", "board_version", "status", "time_limit",
                  "created_at", "started_at", "finished_at", "elapsed", "time_left", "progress",
                  "best_total", "bound", "current_total", "gap", "error", "applied_at",
                  "applied_mode", "applied_board"]
        read_only_fields = fields

    def _money(self, value) -> int | None:
        return value if self.context.get("rates") else None

    def get_best_total(self, run) -> int | None:
        return self._money(run.best_total)

    def get_bound(self, run) -> int | None:
        return self._money(run.bound)

    def get_current_total(self, run) -> int | None:
        return self._money(run.current_total)


class PairSerializer(serializers.Serializer):
    current = serializers.IntegerField(allow_null=True)
    proposed = serializers.IntegerField(allow_null=True)


class CastDaysSerializer(serializers.Serializer):
    element = serializers.IntegerField(source="key")
    name = serializers.CharField()
    board_id = serializers.IntegerField(allow_null=True)
    work = PairSerializer()
    hold = PairSerializer()
    paid = PairSerializer()


class ComparisonSerializer(serializers.Serializer):
    """The current board against the proposal. Costs (`cost`) only for roles that may see
    rates; `proposal` lists the proposed shoot days as scene ids in shooting order."""

    run = serializers.IntegerField()
    board = serializers.IntegerField()
    board_version = serializers.IntegerField(help_text="The version the run read; apply over "
                                                       "the board only while it still is.")
    stale = serializers.BooleanField(help_text="The board changed since the run read it.")
    status = serializers.CharField(help_text="optimal (proven) or feasible.")
    bound = serializers.IntegerField(allow_null=True)
    gap = serializers.FloatField()
    shoot_days = PairSerializer()
    hold_days = PairSerializer()
    paid_days = PairSerializer()
    company_moves = PairSerializer()
    location_changes = PairSerializer()
    cost = inline_serializer("OptimizationCost", {
        "total": PairSerializer(), "cast": PairSerializer(), "moves": PairSerializer()},
        allow_null=True)
    cast = CastDaysSerializer(many=True)
    proposal = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    scene_labels = serializers.DictField(child=serializers.CharField())
    current_violations = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())


class ApplySerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["new", "over"], help_text=(
        "new: a new scenario laid out as proposed; over: the board itself."))
    expected_version = serializers.IntegerField(required=False, help_text=(
        "The board version you last read (mode=over): 409 when the board is not at it."))
    name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                 help_text="The new scenario's name (mode=new).")


class AppliedSerializer(serializers.Serializer):
    mode = serializers.CharField()
    board = serializers.IntegerField(source="board.pk")
    board_name = serializers.CharField(source="board.name")
    version = serializers.IntegerField(source="board.version")
    pending = serializers.IntegerField(source="change.pending", default=0,
                                       help_text="People whose work days now differ from what "
                                                 "they were last told.")


CONFLICT = OpenApiResponse(description="The board changed since the run read it (or since "
                                       "`expected_version`): nothing was applied.")
NOT_DONE = OpenApiResponse(description="The run has not finished: no proposal yet.")


def _pair(values) -> dict:
    return {"current": values[0], "proposed": values[1]}


class OptimizationRunViewSet(ScheduleViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Optimizer runs of the production's boards, newest first."""

    serializer_class = RunSerializer

    def get_queryset(self):
        if self.schema_only:
            return OptimizationRun.objects.none()
        return selectors.run_list(production=self.production)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "rates": self.can(C.VIEW_RATES)}

    def get_object(self):
        run = selectors.run_get(production=self.production, run_id=int(self.kwargs["pk"]))
        return services.optimization_refresh(run=run)

    def list(self, request, *args, **kwargs):
        services.optimization_runs_expire(production=self.production)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RunStartSerializer, responses={202: RunSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Start optimising a board; poll the run until `status` is done (or failed)."""
        data = RunStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        board = bs.board_get(production=self.production, board_id=data.validated_data["board"])
        run = services.optimization_start(board=board, by=request.user,
                                          time_limit=data.validated_data["time_limit"])
        return Response(RunSerializer(selectors.run_get(production=self.production,
                                                        run_id=run.pk),
                                      context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: ComparisonSerializer, 409: NOT_DONE, **ERRORS})
    @action(detail=True, methods=["get"])
    def result(self, request, *args, **kwargs):
        """The current board against the proposal: shoot days, hold and paid days per cast
        member, company moves and location changes, cost with its breakdown."""
        run = self.get_object()
        if run.status != OptimizationRun.Status.DONE:
            return Response({"detail": f"The run is {run.status}: no proposal yet.",
                             "status": run.status}, status=status.HTTP_409_CONFLICT)
        found = selectors.run_comparison(run=run)
        rates = self.can(C.VIEW_RATES)
        payload = {
            "run": run.pk, "board": run.board_id, "board_version": run.board_version,
            "stale": found.stale, "status": run.result.get("status", ""),
            "bound": run.bound if rates else None, "gap": run.result.get("gap", 0.0),
            "shoot_days": _pair(found.shoot_days), "hold_days": _pair(found.holds),
            "paid_days": _pair(found.paid_days), "company_moves": _pair(found.company_moves),
            "location_changes": _pair(found.location_changes),
            "cost": {key: _pair(value) for key, value in found.cost.items()} if rates else None,
            "cast": [{"key": row.key, "name": row.name, "board_id": row.board_id,
                      "work": _pair(row.work), "hold": _pair(row.hold), "paid": _pair(row.paid)}
                     for row in found.cast],
            "proposal": run.result.get("days", []),
            "scene_labels": run.result.get("labels", {}),
            "current_violations": found.current_violations, "notes": found.notes,
        }
        return Response(ComparisonSerializer(payload).data)

    @extend_schema(request=ApplySerializer, responses={200: AppliedSerializer, 409: CONFLICT,
                                                       **ERRORS})
    @action(detail=True, methods=["post"])
    def apply(self, request, *args, **kwargs):
        """Apply the proposal as a new scenario (mode=new) or over the board (mode=over).
        Over the board is refused with 409 when the board changed since the run read it;
        nothing is saved then."""
        run = self.get_object()
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            applied = services.optimization_apply(
                run=run, mode=data.validated_data["mode"], by=request.user,
                expected_version=data.validated_data.get("expected_version"),
                name=data.validated_data.get("name", ""))
        except BoardConflict as conflict:
            return Response({"detail": "The board changed since the optimizer read it: run it "
                                       "again, or apply as a new scenario.",
                             "version": conflict.version}, status=status.HTTP_409_CONFLICT)
        return Response(AppliedSerializer(applied).data)

    @extend_schema(request=None, responses={200: RunSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Stop a queued or running run (no proposal is kept)."""
        run = services.optimization_cancel(run=self.get_object())
        return Response(RunSerializer(run, context=self.get_serializer_context()).data)

