"""Budget objects for the isolation harness (tests/test_route_isolation.py)."""

from budgets import services

PK_SEGMENTS = {
    "budgets": "budget", "budget-categories": "budget_category",
    "budget-accounts": "budget_account", "budget-lines": "budget_line",
    "budget-fringes": "budget_fringe", "budget-globals": "budget_global",
    "budget-charges": "budget_charge", "budget-versions": "budget_version",
}
SECRET_STRINGS = ["Budget Xylophone", "Line Quokka Rental"]
MONEY_STRINGS = ["31415.92", "31,415.92", "27182.81", "27,182.81"]


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
    return {"budget": budget.pk, "budget_category": category.pk, "budget_account": account.pk,
            "budget_line": line.pk, "budget_fringe": fringe.pk, "budget_global": item.pk,
            "budget_charge": charge.pk, "budget_version": version.pk}
