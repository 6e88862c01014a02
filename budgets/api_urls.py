from rest_framework.routers import SimpleRouter

from . import api, cost_api

router = SimpleRouter()
scoped = r"productions/(?P<production_pk>\d+)"
router.register(f"{scoped}/budgets", api.BudgetViewSet, basename="budget")
router.register(f"{scoped}/budget-categories", api.CategoryViewSet, basename="budgetcategory")
router.register(f"{scoped}/budget-accounts", api.AccountViewSet, basename="budgetaccount")
router.register(f"{scoped}/budget-lines", api.LineViewSet, basename="budgetline")
router.register(f"{scoped}/budget-fringes", api.FringeViewSet, basename="budgetfringe")
router.register(f"{scoped}/budget-globals", api.GlobalViewSet, basename="budgetglobal")
router.register(f"{scoped}/budget-charges", api.ChargeViewSet, basename="budgetcharge")
router.register(f"{scoped}/budget-versions", api.VersionViewSet, basename="budgetversion")
router.register(f"{scoped}/budget-purchase-orders", cost_api.PurchaseOrderViewSet,
                basename="budgetpurchaseorder")
router.register(f"{scoped}/budget-actuals", cost_api.ActualViewSet, basename="budgetactual")
router.register(f"{scoped}/budget-estimates", cost_api.EstimateViewSet,
                basename="budgetestimate")
router.register(f"{scoped}/budget-cost-reports", cost_api.CostReportViewSet,
                basename="budgetcostreport")
urlpatterns = router.urls
