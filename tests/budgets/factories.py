"""Budgets built through the services, as the app builds them."""

from budgets import services
from budgets.models import Account, Budget


def budget_for(production, *, name="Shooting budget", template="", **fields) -> Budget:
    return services.budget_create(production=production, name=name, template=template, **fields)


def simple_budget(production, *, name="Shooting budget") -> Budget:
    """One category, one account with two lines, a fringe and a global."""
    budget = budget_for(production, name=name)
    category = services.category_create(budget=budget, number="2000", name="Crew")
    account = services.account_create(budget=budget, category=category, number="2001",
                                       name="Camera crew")
    services.global_create(budget=budget, name="SHOOT_DAYS", expression="20",
                           source="schedule", schedule_key="SHOOT_DAYS")
    fica = services.fringe_create(budget=budget, code="FICA", name="Social Security",
                                  rate="7.65")
    services.line_create(budget=budget, account=account, description="DP",
                         amount="SHOOT_DAYS", rate="1000", fringes=[fica])
    services.line_create(budget=budget, account=account, description="Camera package",
                         amount="1", unit="flat", rate="5000")
    budget.refresh_from_db()
    return budget


def first_account(budget) -> Account:
    return budget.accounts.order_by("order", "id").first()
