"""Budget objects for the isolation harness (tests/test_route_isolation.py)."""

from datetime import date

from budgets import cost_services, services

PK_SEGMENTS = {
    "budgets": "budget", "budget-categories": "budget_category",
    "budget-accounts": "budget_account", "budget-lines": "budget_line",
    "budget-fringes": "budget_fringe", "budget-globals": "budget_global",
    "budget-charges": "budget_charge", "budget-versions": "budget_version",
    # Cost tracking
    "budget-purchase-orders": "budget_po", "budget-pos": "budget_po",
    "budget-actuals": "budget_actual", "budget-estimates": "budget_estimate",
    "budget-cost-reports": "budget",
}
SECRET_STRINGS = ["Budget Xylophone", "Line Quokka Rental", "Vendor Pangolin", "INV-OKAPI-7"]
MONEY_STRINGS = ["31415.92", "31,415.92", "27182.81", "27,182.81",
                 "16180.33", "16,180.33", "14142.13", "14,142.13", "17320.50", "17,320.50",
                 # An account over budget: its open overage alert is on the overview page
                 # for the money roles (EFC 12,121.21, over by 11,121.21), never for crew.
                 "12121.21", "12,121.21", "11121.21", "11,121.21"]


def victim_objects(production, producer) -> dict:
    budget = services.budget_create(production=production, name="Budget Xylophone")
    category = services.category_create(budget=budget, number="2000", name="Crew")
    account = services.account_create(budget=budget, category=category, number="2001",
                                       name="Camera")
    fringe = services.fringe_create(budget=budget, code="FICA", name="Social Security",
                                    rate="7.65")
    item = services.global_create(budget=budget, name="SHOOT_DAYS", expression="1")
    line = services.line_create(budget=budget, account=account, description="Line Quokka Rental",
                                amount="SHOOT_DAYS", rate="31415.92")
    services.line_create(budget=budget, account=account, description="Other", rate="27182.81")
    charge = services.charge_create(budget=budget, name="Contingency", percent="10")
    version = services.version_create(budget=budget, name="Original", by=producer)
    po = cost_services.po_create(budget=budget, account=account, number="PO-1",
                                 vendor="Vendor Pangolin", amount="16180.33",
                                 date=date(2026, 11, 2))
    actual = cost_services.actual_record(budget=budget, account=account, purchase_order=po,
                                         vendor="Vendor Pangolin", amount="14142.13",
                                         date=date(2026, 11, 3), reference="INV-OKAPI-7")
    estimate = cost_services.etc_set(account=account, etc="17320.50")
    over = services.account_create(budget=budget, category=category, number="2002",
                                    name="Sound")
    services.line_create(budget=budget, account=over, description="Boom kit", unit="flat",
                         rate="1000")
    cost_services.actual_record(budget=budget, account=over, vendor="Vendor Pangolin",
                                amount="12121.21", date=date(2026, 11, 4),
                                reference="INV-OKAPI-8")
    return {"budget_po": po.pk, "budget_actual": actual.pk, "budget_estimate": estimate.pk,
            "budget": budget.pk, "budget_category": category.pk, "budget_account": account.pk,
            "budget_line": line.pk, "budget_fringe": fringe.pk, "budget_global": item.pk,
            "budget_charge": charge.pk, "budget_version": version.pk}
