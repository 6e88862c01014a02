"""The budgets API: budgets, categories, accounts, lines, fringes, globals, contractual
charges, totals, versions and their comparison. Money is always a string.

Every write may carry `budget_version` (the version the client last read); a
stale one answers 409 and changes nothing. Write responses carry the new
`budget_version`, and line writes the totals they changed.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from productions.api.views import CrudViewSet
from productions.roles import Capability as C

from . import compare, exports, selectors, services
from .calculations import line_values
from .charts import CHART_CHOICES
from .formulas import FormulaError
from .models import (
    Account,
    Budget,
    BudgetVersion,
    Category,
    ContractualCharge,
    Fringe,
    Global,
    Level,
    LineItem,
    Unit,
)

CONFLICT = OpenApiResponse(description="Stale budget_version: someone else changed the budget.")


def budget_documented(viewset):
    """Document every action's success response and errors, with 409 on writes (a stale
    `budget_version`)."""
    serializer = viewset.schema_serializer
    detail = getattr(viewset, "schema_detail_serializer", serializer)
    per_action = {
        "list": {200: serializer(many=True)},
        "retrieve": {200: detail},
        "create": {201: serializer, 409: CONFLICT},
        "update": {200: serializer, 409: CONFLICT},
        "partial_update": {200: serializer, 409: CONFLICT},
        "destroy": {204: None, 409: CONFLICT},
    }
    return extend_schema_view(**{
        action: extend_schema(responses=responses)
        for action, responses in per_action.items() if hasattr(viewset, action)
    })(viewset)


class BudgetConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# --- fields ----------------------------------------------------------------------------


class ScopedField(serializers.PrimaryKeyRelatedField):
    """A related budget row that must belong to the view's production."""

    model = None

    def get_queryset(self):
        production = getattr(self.context.get("view"), "production", None)
        if production is None:
            return self.model.objects.none()
        return self.model.objects.filter(budget__production=production)


class BudgetField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        production = getattr(self.context.get("view"), "production", None)
        return production.budgets.all() if production is not None else Budget.objects.none()


class CategoryField(ScopedField):
    model = Category


class AccountField(ScopedField):
    model = Account


class FringeField(ScopedField):
    model = Fringe


class PersonLinkField(serializers.PrimaryKeyRelatedField):
    def __init__(self, related: str, **kwargs):
        self.related = related
        super().__init__(**kwargs)

    def get_queryset(self):
        production = getattr(self.context.get("view"), "production", None)
        if production is None:
            return Budget.objects.none()
        return getattr(production, self.related).all()


class Versioned(serializers.Serializer):
    budget_version = serializers.IntegerField(
        write_only=True, required=False, min_value=1,
        help_text="The budget version you last read; a stale one gives 409.")


# --- serializers -------------------------------------------------------------------------


class BudgetSerializer(Versioned, serializers.ModelSerializer):
    template = serializers.ChoiceField(choices=CHART_CHOICES, required=False, allow_blank=True,
                                       help_text="Chart of accounts to start from (create only).")
    version = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, locked or closed (books "
                                                             "closed: no edits, no costs)")

    class Meta:
        model = Budget
        fields = ["id", "name", "currency", "status", "template", "notes", "version",
                  "budget_version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []


class CategorySerializer(Versioned, serializers.ModelSerializer):
    budget = BudgetField()
    level = serializers.ChoiceField(choices=Level.choices, required=False,
                                    help_text="atl, btl, post or other")

    class Meta:
        model = Category
        fields = ["id", "budget", "level", "number", "name", "order", "budget_version"]
        read_only_fields = ["id"]
        validators = []


class AccountSerializer(Versioned, serializers.ModelSerializer):
    budget = serializers.PrimaryKeyRelatedField(read_only=True)
    category = CategoryField()

    class Meta:
        model = Account
        fields = ["id", "budget", "category", "number", "name", "order", "budget_version"]
        read_only_fields = ["id"]
        validators = []


class LineSerializer(Versioned, serializers.ModelSerializer):
    budget = serializers.PrimaryKeyRelatedField(read_only=True)
    account = AccountField()
    unit = serializers.ChoiceField(choices=Unit.choices, required=False,
                                   help_text="days, weeks, hours, flat, allow, ...")
    amount = serializers.CharField(max_length=200, required=False,
                                   help_text="A number or a formula over globals.")
    multiplier = serializers.CharField(max_length=200, required=False,
                                       help_text="X: a number or a formula over globals.")
    crew_member = PersonLinkField("crew", required=False, allow_null=True)
    cast_member = PersonLinkField("cast", required=False, allow_null=True)
    fringes = FringeField(many=True, required=False)
    schedule_change = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                               allow_null=True)
    values = serializers.SerializerMethodField()

    class Meta:
        model = LineItem
        fields = ["id", "budget", "account", "order", "description", "amount", "unit",
                  "multiplier", "crew_member", "cast_member", "fringes", "notes",
                  "schedule_change", "values", "budget_version"]
        read_only_fields = ["id"]

    @extend_schema_field({
        "type": "object",
        "properties": {k: {"type": "string"} for k in (
            "amount", "multiplier", "rate", "subtotal", "fringes", "total", "error")},
    })
    def get_values(self, line) -> dict:
        """The line's evaluated figures (money as strings), as the engine computed them."""
        env = self.context["env"](line.budget_id)
        try:
            amount, multiplier, rate = line_values(line, env)
            error = ""
        except FormulaError as exc:
            amount = multiplier = rate = None
            error = str(exc)
        data = {"amount": str(amount), "multiplier": str(multiplier),
                "subtotal": str(line.subtotal), "fringes": str(line.fringe_total),
                "total": str(line.subtotal + line.fringe_total), "error": error}
        if self.context.get("rates"):
            data["rate"] = str(rate)
        return data


class LineWithRateSerializer(LineSerializer):
    rate = serializers.CharField(max_length=200, required=False,
                                 help_text="A number or a formula over globals.")

    class Meta(LineSerializer.Meta):
        fields = [*LineSerializer.Meta.fields, "rate"]


class FringeSerializer(Versioned, serializers.ModelSerializer):
    budget = BudgetField()
    kind = serializers.ChoiceField(choices=Fringe.Kind.choices, required=False,
                                   help_text="percent or flat (money per unit)")

    class Meta:
        model = Fringe
        fields = ["id", "budget", "code", "name", "kind", "rate", "cutoff", "budget_version"]
        read_only_fields = ["id"]
        validators = []


class GlobalSerializer(Versioned, serializers.ModelSerializer):
    budget = BudgetField()
    source = serializers.ChoiceField(choices=Global.Source.choices, required=False,
                                     help_text="manual or schedule")
    value = serializers.SerializerMethodField()

    class Meta:
        model = Global
        fields = ["id", "budget", "name", "expression", "value", "description", "source",
                  "schedule_key", "budget_version"]
        read_only_fields = ["id"]
        validators = []

    def get_value(self, item) -> str | None:
        value = self.context["env"](item.budget_id).get(item.name)
        return None if value is None else str(value)


class ChargeSerializer(Versioned, serializers.ModelSerializer):
    budget = BudgetField()
    categories = CategoryField(many=True, required=False)
    accounts = AccountField(many=True, required=False)
    excluded_accounts = AccountField(many=True, required=False)
    amount = serializers.SerializerMethodField()

    class Meta:
        model = ContractualCharge
        fields = ["id", "budget", "name", "percent", "categories", "accounts",
                  "excluded_accounts", "order", "amount", "budget_version"]
        read_only_fields = ["id"]
        validators = []

    def get_amount(self, charge) -> str:
        return str(self.context["rollup"](charge.budget_id).totals.charges.get(charge.pk, "0"))


class VersionSerializer(serializers.ModelSerializer):
    budget = BudgetField()

    class Meta:
        model = BudgetVersion
        fields = ["id", "budget", "name", "locked", "grand_total", "budget_version",
                  "created_by", "created_at"]
        read_only_fields = ["id", "grand_total", "budget_version", "created_by", "created_at"]
        validators = []


class VersionDetailSerializer(VersionSerializer):
    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "snapshot"]


class StatusInputSerializer(Versioned):
    pass


class ScheduleInputSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0),
        help_text='Schedule figures by key, e.g. {"SHOOT_DAYS": "25"}.')


# --- views -------------------------------------------------------------------------------


class BudgetScopedViewSet(CrudViewSet):
    read_capability = C.VIEW_BUDGET
    write_capability = C.EDIT_BUDGET
    service_name = ""
    model = None

    def handle_exception(self, exc):
        if isinstance(exc, services.BudgetConflict):
            exc = BudgetConflictError(str(exc))
        return super().handle_exception(exc)

    def rollup(self, budget_id) -> selectors.RollUpData:
        cache = self.__dict__.setdefault("_rollups", {})
        if budget_id not in cache:
            cache[budget_id] = selectors.budget_rollup(budget=Budget.objects.get(pk=budget_id))
        return cache[budget_id]

    def env(self, budget_id) -> dict:
        cache = self.__dict__.setdefault("_envs", {})
        if budget_id not in cache:
            cache[budget_id] = selectors.globals_values(budget_id=budget_id)
        return cache[budget_id]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["rollup"] = self.rollup
        context["env"] = self.env
        context["rates"] = self.can(C.VIEW_RATES)
        return context

    def get_queryset(self):
        if self.schema_only:
            return self.model.objects.none()
        return getattr(selectors, f"{self.service_name}_list")(production=self.production)

    @staticmethod
    def _version(data):
        return data.pop("budget_version", None)

    def create_object(self, data):
        version = self._version(data)
        return getattr(services, f"{self.service_name}_create")(expected_version=version, **data)

    def update_object(self, instance, data):
        version = self._version(data)
        data.pop("budget", None)
        return getattr(services, f"{self.service_name}_update")(
            **{self.service_name: instance}, expected_version=version, **data)

    def delete_object(self, instance):
        version = self.request.query_params.get("budget_version")
        getattr(services, f"{self.service_name}_delete")(
            **{self.service_name: instance},
            expected_version=int(version) if version and version.isdigit() else None)


@budget_documented
class BudgetViewSet(BudgetScopedViewSet):
    serializer_class = BudgetSerializer
    schema_serializer = BudgetSerializer
    model = Budget
    service_name = "budget"
    filterset_fields = ["status"]
    search_fields = ["name"]

    def create_object(self, data):
        data.pop("budget_version", None)
        return services.budget_create(production=self.production, **data)

    def update_object(self, budget, data):
        data.pop("template", None)
        return services.budget_update(budget=budget, expected_version=self._version(data),
                                      **data)

    def delete_object(self, budget):
        services.budget_delete(budget=budget)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def totals(self, request, *args, **kwargs):
        """The top sheet: totals per level, category and account, fringes, charges."""
        data = selectors.budget_calculate(budget=self.get_object())
        return Response(selectors.top_sheet(data=data))

    def _status(self, request, status_value):
        serializer = StatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = services.budget_set_status(
            budget=self.get_object(), status=status_value,
            expected_version=serializer.validated_data.get("budget_version"))
        return Response(BudgetSerializer(budget, context=self.get_serializer_context()).data)

    @extend_schema(request=StatusInputSerializer,
                   responses={200: BudgetSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def lock(self, request, *args, **kwargs):
        """Lock the budget: nothing in it may change until it is unlocked."""
        return self._status(request, Budget.Status.LOCKED)

    @extend_schema(request=StatusInputSerializer,
                   responses={200: BudgetSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def unlock(self, request, *args, **kwargs):
        return self._status(request, Budget.Status.DRAFT)

    @extend_schema(request=StatusInputSerializer,
                   responses={200: BudgetSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close the books: no edits and no more purchase orders, actuals or estimates
        (`lock` reopens it for costs, `unlock` for edits too)."""
        return self._status(request, Budget.Status.CLOSED)

    @extend_schema(request=ScheduleInputSerializer,
                   responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="apply-schedule")
    def apply_schedule(self, request, *args, **kwargs):
        """Set the schedule-driven globals (SHOOT_DAYS, ...) and mark the lines they move."""
        serializer = ScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        summary = services.globals_apply_schedule(budget=self.get_object(),
                                                  values=serializer.validated_data["values"])
        return Response({
            "globals": summary["globals"],
            "lines": {str(k): str(v) for k, v in summary["lines"].items()},
            "grand_total_change": str(summary["grand_total_change"]),
            "skipped": summary["skipped"],
        })

    @extend_schema(
        parameters=[OpenApiParameter("type", str, enum=["xlsx", "csv"])],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        """The top sheet, accounts and detail lines as XLSX (default) or CSV."""
        kind = request.query_params.get("type", "xlsx")
        budget = self.get_object()
        return exports.export_response(budget=budget, kind=kind,
                                       rates=self.can(C.VIEW_RATES))

    @extend_schema(
        request={"multipart/form-data": {"type": "object",
                                         "properties": {"file": {"type": "string",
                                                                 "format": "binary"}}}},
        responses={200: OpenApiTypes.OBJECT, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="import")
    def import_lines(self, request, *args, **kwargs):
        """Import detail lines from XLSX or CSV: every row valid, or nothing is imported."""
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Choose an XLSX or CSV file."]})
        created = exports.lines_import(budget=self.get_object(), upload=upload)
        return Response({"imported": len(created)})


@budget_documented
class CategoryViewSet(BudgetScopedViewSet):
    serializer_class = CategorySerializer
    schema_serializer = CategorySerializer
    model = Category
    service_name = "category"
    filterset_fields = ["budget", "level"]

    def create_object(self, data):
        return services.category_create(expected_version=self._version(data), **data)


@budget_documented
class AccountViewSet(BudgetScopedViewSet):
    serializer_class = AccountSerializer
    schema_serializer = AccountSerializer
    model = Account
    service_name = "account"
    filterset_fields = ["budget", "category"]
    search_fields = ["number", "name"]

    def create_object(self, data):
        return services.account_create(budget=data["category"].budget,
                                       expected_version=self._version(data), **data)


@budget_documented
class LineViewSet(BudgetScopedViewSet):
    model = LineItem
    service_name = "line"
    filterset_fields = ["budget", "account"]
    search_fields = ["description"]
    schema_serializer = LineWithRateSerializer

    def get_serializer_class(self):
        if self.schema_only or self.can(C.VIEW_RATES):
            return LineWithRateSerializer
        return LineSerializer

    def create_object(self, data):
        return services.line_create(budget=data["account"].budget,
                                    expected_version=self._version(data), **data)

    def _with_totals(self, response, line_id, budget_id):
        if response.status_code >= 300:
            return response
        line = LineItem.objects.only("id", "budget_id", "account_id").get(pk=line_id)
        data = self.rollup(line.budget_id)
        result = data.totals
        account = next(a for a in data.accounts if a.pk == line.account_id)
        category = next(c for c in data.categories if c.pk == account.category_id)
        response.data["budget_version"] = data.budget.version
        response.data["totals"] = {
            "account": {"id": account.pk, "total": str(result.accounts[account.pk].total),
                        "subtotal": str(result.accounts[account.pk].subtotal),
                        "fringes": str(result.accounts[account.pk].fringes)},
            "category": {"id": category.pk, "total": str(result.categories[category.pk].total)},
            "level": {"level": category.level, "total": str(result.levels[category.level].total)},
            "fringe_total": str(result.fringe_total),
            "charge_total": str(result.charge_total),
            "grand_total": str(result.grand_total),
        }
        return response

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if response.status_code == 201:
            return self._with_totals(response, response.data["id"], None)
        return response

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        return self._with_totals(response, response.data["id"], None)



@budget_documented
class FringeViewSet(BudgetScopedViewSet):
    serializer_class = FringeSerializer
    schema_serializer = FringeSerializer
    model = Fringe
    service_name = "fringe"
    filterset_fields = ["budget"]


@budget_documented
class GlobalViewSet(BudgetScopedViewSet):
    serializer_class = GlobalSerializer
    schema_serializer = GlobalSerializer
    model = Global
    service_name = "global"
    filterset_fields = ["budget", "source"]

    def update_object(self, item, data):
        data.pop("budget", None)
        return services.global_update(item=item, expected_version=self._version(data), **data)

    def delete_object(self, item):
        services.global_delete(item=item)


@budget_documented
class ChargeViewSet(BudgetScopedViewSet):
    serializer_class = ChargeSerializer
    schema_serializer = ChargeSerializer
    model = ContractualCharge
    service_name = "charge"
    filterset_fields = ["budget"]


@budget_documented
class VersionViewSet(BudgetScopedViewSet):
    model = BudgetVersion
    schema_serializer = VersionSerializer
    schema_detail_serializer = VersionDetailSerializer
    service_name = "version"
    filterset_fields = ["budget", "locked"]

    def get_serializer_class(self):
        return VersionDetailSerializer if self.action == "retrieve" else VersionSerializer

    def get_queryset(self):
        if self.schema_only:
            return BudgetVersion.objects.none()
        queryset = selectors.version_list(production=self.production)
        if self.action == "retrieve":
            queryset = queryset.defer(None)
        return queryset

    def create_object(self, data):
        return services.version_create(by=self.request.user, **data)

    def update_object(self, version, data):
        data.pop("budget", None)
        return services.version_update(version=version, **data)

    def delete_object(self, version):
        services.version_delete(version=version)

    @extend_schema(
        parameters=[OpenApiParameter(
            "versions", str, required=True,
            description="2 to 4 version ids, comma-separated; `current` is the live budget.")],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"])
    def compare(self, request, *args, **kwargs):
        """Versions side by side by account, with variances against the first."""
        table = compare.compare_request(production=self.production,
                                        raw=request.query_params.get("versions", ""))
        if request.query_params.get("export") in {"xlsx", "csv"}:
            return exports.compare_response(table=table, kind=request.query_params["export"])
        return Response(table)
