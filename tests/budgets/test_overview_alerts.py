"""Open overage alerts on the production overview page: money roles only, fixed cost."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import cost_services, services
from productions.roles import Role
from tests.productions.factories import member

from .factories import first_account, simple_budget

pytestmark = pytest.mark.django_db


def overview(client, user, production) -> str:
    client.force_login(user)
    response = client.get(reverse("productions:overview", args=[production.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_producer_and_accountant_see_open_alerts_crew_does_not(client, producer, accountant,
                                                                crew_user, production):
    budget = simple_budget(production)  # account 2001 budgets 26,530.00
    account = first_account(budget)
    cost_services.actual_record(budget=budget, account=account, vendor="Panavision",
                                amount="27000.00", date=date(2026, 11, 24))
    for user in (producer, accountant):
        html = overview(client, user, production)
        assert 'data-testid="overview-overage-alerts"' in html
        assert "2001 Camera crew" in html
        assert "Estimated final cost 27,000.00 over budget 26,530.00" in html
        assert "+470.00" in html  # the overage
        assert "Actuals past 90% of budget (101.8% of 26,530.00)" in html
        drill = (reverse("budgets:costs", args=[production.pk, budget.pk])
                 + f"?category={account.category_id}#category-{account.category_id}")
        assert drill in html
    html = overview(client, crew_user, production)
    assert "overage" not in html.lower() and "Camera crew" not in html
    assert "27,000.00" not in html and "470.00" not in html


def test_an_alert_no_longer_open_leaves_the_overview(client, producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    cost_services.actual_record(budget=budget, account=account, vendor="V",
                                amount="27000.00", date=date(2026, 11, 24))
    cost_services.actual_record(budget=budget, account=account, vendor="V", amount="-3000.00",
                                is_credit=True, date=date(2026, 11, 25))
    html = overview(client, producer, production)
    # 24,000.00 of 26,530.00: back under budget, still past 90%.
    assert "Estimated final cost" not in html
    assert "Actuals past 90% of budget (90.5% of 26,530.00)" in html


def test_overview_query_count_does_not_grow_with_alerts(client, producer, production):
    member(production, Role.ACCOUNTANT)
    budget = simple_budget(production)
    category = budget.categories.get()

    def over(number: int) -> None:
        account = services.account_create(budget=budget, category=category,
                                           number=str(3000 + number), name=f"Extra {number}")
        services.line_create(budget=budget, account=account, description="Kit", unit="flat",
                             rate="100")
        cost_services.po_create(budget=budget, account=account, number=f"PO-{number}",
                                vendor="V", amount="50", date=date(2026, 11, 20))
        cost_services.actual_record(budget=budget, account=account, vendor="V",
                                    amount="150.00", date=date(2026, 11, 24))

    def count() -> int:
        client.force_login(producer)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("productions:overview", args=[production.pk])
                              ).content.decode()
        return len(queries), html.count("Extra ")

    over(1)
    one, shown = count()
    assert shown == 2  # the EFC alert and the threshold alert of the one account
    for number in range(2, 12):
        over(number)
    many, shown = count()
    assert shown == 10  # a glance: the first ten, and a link to the rest
    assert many == one
    client.force_login(producer)
    html = client.get(reverse("productions:overview", args=[production.pk])).content.decode()
    assert "12 more alerts: see the cost report" in html
