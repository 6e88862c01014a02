"""The cost tracking API: purchase orders, actuals, ETC overrides, the cost report
(JSON, XLSX/CSV) and the import of actuals. Money is always a string.

Money roles only: reading needs `view_budget`, writing `edit_budget`. Writes never
carry `budget_version`: spending is recorded whatever the budget's state.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.api.views import CrudViewSet
from productions.roles import Capability as C

from . import cost_exports, cost_selectors, cost_services
from .api import AccountField, BudgetField, ScopedField, budget_documented
from .models import Actual, Budget, CostEstimate, LineItem, PurchaseOrder


class LineField(ScopedField):
    model = LineItem


class PurchaseOrderField(ScopedField):
    model = PurchaseOrder


MONEY = {"max_digits": 14, "decimal_places": 2}


class PurchaseOrderSerializer(serializers.ModelSerializer):
    budget = BudgetField()
    account = AccountField()
    line = LineField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PurchaseOrder.Status.choices, required=False,
                                     help_text="open, partly_paid or closed")
    spent = serializers.DecimalField(**MONEY, read_only=True,
                                     help_text="Actuals posted against this PO.")
    remaining = serializers.SerializerMethodField()

    class Meta:
        model = PurchaseOrder
        fields = ["id", "budget", "account", "line", "number", "vendor", "description",
                  "amount", "date", "status", "spent", "remaining", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators = []

    def get_remaining(self, po) -> str:
        """What the PO still commits: amount less actuals, never below zero; 0 once closed."""
        if po.is_closed:
            return "0.00"
        return str(max(po.amount - (getattr(po, "spent", None) or 0), 0))


class ActualSerializer(serializers.ModelSerializer):
    budget = BudgetField()
    account = AccountField()
    line = LineField(required=False, allow_null=True)
    purchase_order = PurchaseOrderField(required=False, allow_null=True)
    amount = serializers.DecimalField(**MONEY, help_text="Negative only for a credit.")
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True,
                                     help_text="Defaults to the budget's currency.")
    exchange_rate = serializers.DecimalField(
        max_digits=18, decimal_places=8, required=False, allow_null=True,
        help_text="Budget currency per unit of `currency`; required for another currency.")
    base_amount = serializers.DecimalField(**MONEY, read_only=True)
    document = serializers.FileField(write_only=True, required=False, allow_null=True,
                                     help_text="The invoice or receipt (multipart upload).")
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Actual
        fields = ["id", "budget", "account", "line", "purchase_order", "vendor", "description",
                  "date", "reference", "amount", "currency", "exchange_rate", "base_amount",
                  "is_credit", "document", "document_url", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators = []

    def get_document_url(self, actual) -> str | None:
        """Where money roles download the attached document (never a public media URL)."""
        if not actual.document:
            return None
        return reverse("budgets:actual_document", args=[actual.budget.production_id, actual.pk])


class EstimateSerializer(serializers.ModelSerializer):
    budget = serializers.PrimaryKeyRelatedField(read_only=True)
    account = AccountField()
    etc = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True,
                                   help_text="Estimate to complete; null goes back to the "
                                             "default (budget minus cost to date).")

    class Meta:
        model = CostEstimate
        fields = ["id", "budget", "account", "etc", "note", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []


class CostScoped(CrudViewSet):
    read_capability = C.VIEW_BUDGET
    write_capability = C.EDIT_BUDGET
    model = None
    selector = None

    def get_queryset(self):
        if self.schema_only:
            return self.model.objects.none()
        return getattr(cost_selectors, self.selector)(production=self.production)


@budget_documented
class PurchaseOrderViewSet(CostScoped):
    serializer_class = schema_serializer = PurchaseOrderSerializer
    model = PurchaseOrder
    selector = "purchase_order_list"
    filterset_fields = ["budget", "account", "status"]
    search_fields = ["number", "vendor", "description"]

    def create_object(self, data):
        data.pop("status", None)
        return cost_services.po_create(**data)

    def update_object(self, po, data):
        data.pop("budget", None)
        return cost_services.po_update(po=po, **data)

    def delete_object(self, po):
        cost_services.po_delete(po=po)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


@budget_documented
class ActualViewSet(CostScoped):
    serializer_class = schema_serializer = ActualSerializer
    model = Actual
    selector = "actual_list"
    http_method_names = ["get", "post", "delete", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["budget", "account", "purchase_order", "is_credit", "currency"]
    search_fields = ["vendor", "reference", "description"]

    def create_object(self, data):
        return cost_services.actual_record(by=self.request.user, **data)

    def delete_object(self, actual):
        cost_services.actual_delete(actual=actual)


@budget_documented
class EstimateViewSet(CostScoped):
    serializer_class = schema_serializer = EstimateSerializer
    model = CostEstimate
    selector = "estimate_list"
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ["budget", "account"]

    def create(self, request, *args, **kwargs):
        """Set (or with `etc: null`, clear) an account's estimate to complete."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        estimate = cost_services.etc_set(account=data["account"], etc=data.get("etc"),
                                         note=data.get("note", ""), by=request.user)
        if estimate is None:
            return Response(status=204)
        return Response(self.get_serializer(estimate).data, status=201)

    def delete_object(self, estimate):
        cost_services.etc_set(account=estimate.account, etc=None)


class ThresholdSerializer(serializers.Serializer):
    alert_threshold = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=1,
                                               max_value=100)


@extend_schema(parameters=[
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="Report date (default today)."),
    OpenApiParameter("period", str, enum=["week", "day"],
                     description="week (default) or day, the hot cost."),
])
class CostReportViewSet(ProductionScopedViewSet, mixins.RetrieveModelMixin):
    """The cost report of a budget (its id): per account, category, level and in all."""

    read_capability = C.VIEW_BUDGET
    write_capability = C.EDIT_BUDGET

    def get_queryset(self):
        if self.schema_only:
            return Budget.objects.none()
        return self.production.budgets.all()

    def _data(self, request):
        as_of, period = cost_selectors.report_args(request.query_params)
        return cost_selectors.cost_report_data(budget=self.get_object(), as_of=as_of,
                                               period=period)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, *args, **kwargs):
        return Response(cost_selectors.cost_report_json(data=self._data(request)))

    @extend_schema(
        parameters=[OpenApiParameter("type", str, enum=["xlsx", "csv"]),
                    OpenApiParameter("part", str, enum=["report", "burn"],
                                     description="CSV only: the report (default) or the "
                                                 "burn series.")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        """The cost report (with its actuals and burn series, in XLSX) as XLSX (default)
        or CSV."""
        data = self._data(request)
        burn = cost_selectors.burn_data(budget=data.budget, data=data)
        return cost_exports.cost_report_response(data=data,
                                                 kind=request.query_params.get("type", "xlsx"),
                                                 part=request.query_params.get("part", "report"),
                                                 burn=burn.points)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def burn(self, request, *args, **kwargs):
        """Planned spend by shoot day against actuals, cumulative (money as strings)."""
        data = self._data(request)
        return Response(cost_selectors.burn_json(
            burn=cost_selectors.burn_data(budget=data.budget, data=data)))

    @extend_schema(request=ThresholdSerializer, responses={200: ThresholdSerializer})
    @action(detail=True, methods=["post"], url_path="alert-threshold")
    def alert_threshold(self, request, *args, **kwargs):
        """Set the percent of an account's budget whose actuals raise an alert."""
        serializer = ThresholdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = cost_services.alert_threshold_set(
            budget=self.get_object(), threshold=serializer.validated_data["alert_threshold"])
        return Response({"alert_threshold": str(budget.alert_threshold)})

    @extend_schema(
        request={"multipart/form-data": {"type": "object",
                                         "properties": {"file": {"type": "string",
                                                                 "format": "binary"}}}},
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"], url_path="import-actuals",
            parser_classes=[MultiPartParser])
    def import_actuals(self, request, *args, **kwargs):
        """Import actuals from an accounting system's CSV/XLSX, mapped by account number:
        every row valid, or nothing is imported; repeated references are refused."""
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Choose an XLSX or CSV file."]})
        created = cost_exports.actuals_import(budget=self.get_object(), upload=upload,
                                              by=request.user)
        return Response({"imported": len(created)})
