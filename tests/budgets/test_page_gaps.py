"""Pages for what the API could already do: a line's notes, person and position; a
contractual charge's targets; deleting a draft budget."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from budgets import cost_services, services
from budgets.models import Budget, LineItem
from budgets.selectors import budget_calculate
from tests.productions.factories import cast, crew

from .factories import first_account, simple_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_producer(client, producer):
    client.force_login(producer)
    return client


def lines_in_order(account) -> list[str]:
    return list(account.lines.order_by("order", "id").values_list("description", flat=True))


def test_edit_a_lines_notes_person_and_position(as_producer, production):
    budget = simple_budget(production)  # DP, Camera package
    account = first_account(budget)
    services.line_create(budget=budget, account=account, description="Focus puller",
                         amount="1", unit="flat", rate="300")
    operator = crew(production, position="Camera operator", rate="900.00")
    package = account.lines.get(description="Camera package")
    url = reverse("budgets:line_details", args=[production.pk, package.pk])
    page = as_producer.get(url).content.decode()
    assert 'data-testid="line-details"' in page and "Camera operator" in page
    account_page = as_producer.get(reverse("budgets:account", args=[production.pk, account.pk]))
    assert url in account_page.content.decode()  # reachable from the grid
    budget.refresh_from_db()
    response = as_producer.post(url, {"notes": "Includes the long lens", "position": "3",
                                      "person": f"crew:{operator.pk}",
                                      "budget_version": budget.version})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.notes == "Includes the long lens" and package.crew_member == operator
    assert package.subtotal == D("5000.00")  # linking a person keeps the line's rate
    assert lines_in_order(account) == ["DP", "Focus puller", "Camera package"]
    total = budget_calculate(budget=budget).result.grand_total
    budget.refresh_from_db()
    as_producer.post(url, {"notes": "", "position": "1", "person": "",
                           "budget_version": budget.version})
    package.refresh_from_db()
    assert package.notes == "" and package.crew_member is None
    assert lines_in_order(account) == ["Camera package", "DP", "Focus puller"]
    assert budget_calculate(budget=budget).result.grand_total == total  # order moves nothing


def test_line_details_refuse_bad_input_and_stale_versions(as_producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    line = account.lines.get(description="DP")
    lead = cast(production, character="MARA")
    url = reverse("budgets:line_details", args=[production.pk, line.pk])
    budget.refresh_from_db()
    current = budget.version
    out_of_range = as_producer.post(url, {"position": "7", "budget_version": current})
    assert out_of_range.status_code == 200
    assert "less than or equal to 2" in out_of_range.content.decode()
    stale = as_producer.post(url, {"position": "1", "notes": "x", "person": f"cast:{lead.pk}",
                                   "budget_version": current - 1})
    assert "Someone else changed this budget" in stale.content.decode()
    line.refresh_from_db()
    assert line.notes == "" and line.cast_member is None
    services.budget_set_status(budget=budget, status="locked")
    budget.refresh_from_db()
    locked = as_producer.post(url, {"position": "2", "notes": "late",
                                    "budget_version": budget.version})
    assert "This budget is locked" in locked.content.decode()
    assert lines_in_order(account) == ["DP", "Camera package"]


def test_charge_targets_single_accounts_and_exclusions_on_the_page(as_producer, production):
    budget = simple_budget(production)  # account 2001: 26,530.00
    account = first_account(budget)
    other = services.account_create(budget=budget, category=account.category, number="2002",
                                    name="Grip")
    services.line_create(budget=budget, account=other, description="Dolly", unit="flat",
                         rate="1000")
    charge = services.charge_create(budget=budget, name="Contingency", percent="10")
    url = reverse("budgets:charge_edit", args=[production.pk, charge.pk])
    setup = as_producer.get(reverse("budgets:setup", args=[production.pk, budget.pk]))
    assert url in setup.content.decode()
    assert 'name="accounts"' in as_producer.get(url).content.decode()
    response = as_producer.post(url, {"name": "Contingency", "percent": "10",
                                      "accounts": [other.pk]})
    assert response.status_code == 302
    result = budget_calculate(budget=budget).result
    assert result.charges[charge.pk] == D("100.00")  # 10% of Grip only
    as_producer.post(url, {"name": "Contingency", "percent": "5",
                           "categories": [account.category_id],
                           "excluded_accounts": [account.pk]})
    assert budget_calculate(budget=budget).result.charges[charge.pk] == D("50.00")
    refused = as_producer.post(url, {"name": "Contingency", "percent": "150"})
    assert refused.status_code == 200 and "100" in refused.content.decode()


def test_delete_a_draft_budget_after_confirming(as_producer, production):
    budget = simple_budget(production)
    url = reverse("budgets:delete", args=[production.pk, budget.pk])
    top = as_producer.get(reverse("budgets:topsheet", args=[production.pk, budget.pk]))
    assert url in top.content.decode()
    confirm = as_producer.get(url)
    assert confirm.status_code == 200 and "This deletes the budget with its 2 lines" in (
        confirm.content.decode())
    assert Budget.objects.filter(pk=budget.pk).exists()  # a GET deletes nothing
    response = as_producer.post(url)
    assert response.status_code == 302
    assert not Budget.objects.filter(pk=budget.pk).exists()
    assert not LineItem.objects.filter(budget_id=budget.pk).exists()


def test_a_locked_budget_or_one_with_money_recorded_is_not_deleted(as_producer, production):
    locked = simple_budget(production, name="Locked")
    services.budget_set_status(budget=locked, status="locked")
    url = reverse("budgets:delete", args=[production.pk, locked.pk])
    assert "Delete budget</button>" not in as_producer.get(url).content.decode()
    refused = as_producer.post(url)
    assert refused.status_code == 400 and "This budget is locked" in refused.content.decode()
    spent = simple_budget(production, name="Spent")
    cost_services.actual_record(budget=spent, account=first_account(spent), vendor="V",
                                amount="10", date=date(2026, 11, 24))
    refused = as_producer.post(reverse("budgets:delete", args=[production.pk, spent.pk]))
    assert refused.status_code == 400 and "Actuals or purchase orders" in (
        refused.content.decode())
    assert Budget.objects.filter(pk__in=[locked.pk, spent.pk]).count() == 2


def test_crew_can_neither_edit_lines_nor_delete_budgets(client, crew_user, production):
    budget = simple_budget(production)
    line = first_account(budget).lines.first()
    client.force_login(crew_user)
    for url in (reverse("budgets:delete", args=[production.pk, budget.pk]),
                reverse("budgets:line_details", args=[production.pk, line.pk])):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Budget.objects.filter(pk=budget.pk).exists()


def test_a_new_charge_can_target_single_accounts(as_producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    response = as_producer.post(reverse("budgets:setup", args=[production.pk, budget.pk]),
                                {"kind": "charge", "name": "Insurance", "percent": "2",
                                 "accounts": [account.pk]})
    assert response.status_code == 302
    charge = budget.charges.get(name="Insurance")
    assert list(charge.accounts.all()) == [account]
    assert budget_calculate(budget=budget).result.charges[charge.pk] == D("530.60")  # 2% of 26,530
