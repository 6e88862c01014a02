from django.contrib import admin

from .cost_models import Actual, CostEstimate, OverageAlert, PurchaseOrder
from .models import (
    Account,
    Budget,
    BudgetVersion,
    Category,
    ContractualCharge,
    Fringe,
    Global,
    LineItem,
)


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["name", "production", "currency", "status", "version", "updated_at"]
    list_filter = ["status", "currency"]
    search_fields = ["name", "production__title"]
    raw_id_fields = ["production"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "level", "budget", "order"]
    list_filter = ["level"]
    search_fields = ["number", "name", "budget__name"]
    raw_id_fields = ["budget"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "category", "budget"]
    search_fields = ["number", "name", "budget__name"]
    raw_id_fields = ["budget", "category"]


@admin.register(LineItem)
class LineItemAdmin(admin.ModelAdmin):
    list_display = ["description", "account", "amount", "unit", "multiplier", "rate",
                    "subtotal", "fringe_total", "schedule_change"]
    list_filter = ["unit"]
    search_fields = ["description", "account__number", "budget__name"]
    raw_id_fields = ["budget", "account", "crew_member", "cast_member"]
    filter_horizontal = ["fringes"]


@admin.register(Fringe)
class FringeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "rate", "cutoff", "budget"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["budget"]


@admin.register(Global)
class GlobalAdmin(admin.ModelAdmin):
    list_display = ["name", "expression", "source", "schedule_key", "budget"]
    list_filter = ["source"]
    search_fields = ["name"]
    raw_id_fields = ["budget"]


@admin.register(ContractualCharge)
class ContractualChargeAdmin(admin.ModelAdmin):
    list_display = ["name", "percent", "budget", "order"]
    search_fields = ["name"]
    raw_id_fields = ["budget"]
    filter_horizontal = ["categories", "accounts", "excluded_accounts"]


@admin.register(BudgetVersion)
class BudgetVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "budget", "locked", "grand_total", "created_by", "created_at"]
    list_filter = ["locked"]
    search_fields = ["name", "budget__name"]
    raw_id_fields = ["budget", "created_by"]
    readonly_fields = ["snapshot"]


# --- Cost tracking -------------------------------------------------------------------



@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ["number", "vendor", "budget", "account", "amount", "date", "status"]
    list_filter = ["status"]
    search_fields = ["number", "vendor", "description", "budget__name"]
    list_select_related = ["budget", "account"]
    raw_id_fields = ["budget", "account", "line"]
    date_hierarchy = "date"


@admin.register(Actual)
class ActualAdmin(admin.ModelAdmin):
    list_display = ["date", "vendor", "reference", "budget", "account", "amount", "currency",
                    "base_amount", "is_credit"]
    list_filter = ["currency", "is_credit"]
    search_fields = ["vendor", "reference", "description", "budget__name"]
    list_select_related = ["budget", "account"]
    raw_id_fields = ["budget", "account", "line", "purchase_order", "created_by"]
    date_hierarchy = "date"


@admin.register(CostEstimate)
class CostEstimateAdmin(admin.ModelAdmin):
    list_display = ["account", "budget", "etc", "updated_by", "updated_at"]
    list_select_related = ["account", "budget", "updated_by"]
    raw_id_fields = ["budget", "account", "updated_by"]


@admin.register(OverageAlert)
class OverageAlertAdmin(admin.ModelAdmin):
    list_display = ["account", "budget", "kind", "threshold", "efc"]
    list_filter = ["kind"]
    list_select_related = ["account", "budget"]
    raw_id_fields = ["budget", "account"]
