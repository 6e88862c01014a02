"""Issue #8 checked line by line: PO statuses that follow their actuals, closed books,
and alerts re-checked when an actual is deleted."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgets import cost_services, services
from budgets.models import Actual, Budget, OverageAlert, PurchaseOrder
from tests.conftest import api_as

from .factories import first_account, simple_budget

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 24)


def record(budget, account, amount, **fields):
    return cost_services.actual_record(budget=budget, account=account, vendor="V",
                                       amount=amount, date=DAY, **fields)


def status(po) -> str:
    return PurchaseOrder.objects.get(pk=po.pk).status


def test_po_status_follows_its_actuals_until_someone_closes_it(production):
    budget = simple_budget(production)
    account = first_account(budget)
    po = cost_services.po_create(budget=budget, account=account, number="PO-1", vendor="V",
                                 amount="500", date=DAY)
    assert status(po) == "open"
    actual = record(budget, account, "200", purchase_order=po)
    assert status(po) == "partly_paid"
    cost_services.actual_delete(actual=Actual.objects.get(pk=actual.pk))
    assert status(po) == "open"  # nothing paid against it any more
    record(budget, account, "200", purchase_order=po)
    cost_services.po_close(po=PurchaseOrder.objects.get(pk=po.pk))
    assert status(po) == "closed"
    # Reopening: the status follows the actuals, whatever the caller asked for.
    cost_services.po_update(po=PurchaseOrder.objects.get(pk=po.pk), status="open")
    assert status(po) == "partly_paid"


def test_an_import_marks_its_pos_partly_paid(production):
    budget = simple_budget(production)
    account = first_account(budget)
    po = cost_services.po_create(budget=budget, account=account, number="PO-9", vendor="V",
                                 amount="500", date=DAY)
    cost_services.actuals_import(budget=budget, rows=[
        (2, {"account": "2001", "vendor": "V", "date": "2026-11-24", "amount": "100",
             "po": "PO-9", "reference": "GL-1"})])
    assert status(po) == "partly_paid"


def test_closed_books_refuse_every_cost_and_edit_with_a_clear_message(production):
    budget = simple_budget(production)
    account = first_account(budget)
    po = cost_services.po_create(budget=budget, account=account, number="PO-1", vendor="V",
                                 amount="500", date=DAY)
    services.budget_set_status(budget=budget, status="closed")
    closed = "This budget's books are closed: reopen it before changing it or recording " \
             "costs against it."
    attempts = [
        lambda: record(budget, account, "10"),
        lambda: cost_services.po_create(budget=budget, account=account, number="PO-2",
                                        vendor="V", amount="5", date=DAY),
        lambda: cost_services.po_close(po=po),
        lambda: cost_services.etc_set(account=account, etc="100"),
        lambda: cost_services.alert_threshold_set(budget=budget, threshold="80"),
        lambda: cost_services.actuals_import(budget=budget, rows=[
            (2, {"account": "2001", "vendor": "V", "date": "2026-11-24", "amount": "1"})]),
        lambda: services.line_create(budget=budget, account=account, description="Late"),
        lambda: services.budget_delete(budget=budget),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.messages == [closed]
    assert not Actual.objects.exists() and budget.lines.count() == 2
    # Reopened as locked: spending goes on again (the approved budget is tracked).
    services.budget_set_status(budget=budget, status="locked")
    assert record(budget, account, "10").base_amount == D("10.00")


def test_close_and_reopen_the_books_from_the_pages_and_the_api(client, producer, accountant,
                                                              production):
    budget = simple_budget(production)
    client.force_login(accountant)
    costs = reverse("budgets:costs", args=[production.pk, budget.pk])
    assert "Close the books" in client.get(costs).content.decode()
    client.post(reverse("budgets:status", args=[production.pk, budget.pk]),
                {"status": "closed"})
    assert Budget.objects.get(pk=budget.pk).status == "closed"
    html = client.get(costs).content.decode()
    assert 'data-testid="books-closed"' in html and "Close the books" not in html
    account_page = client.get(reverse("budgets:account_costs",
                                      args=[production.pk, first_account(budget).pk]))
    assert 'data-testid="actual-form"' not in account_page.content.decode()
    refused = client.post(reverse("budgets:actual_create",
                                  args=[production.pk, first_account(budget).pk]),
                          {"vendor": "V", "date": "2026-11-24", "amount": "10",
                           "currency": "USD"})
    assert "The books of this budget are closed" in refused.content.decode()
    assert not Actual.objects.exists()
    top = client.get(reverse("budgets:topsheet", args=[production.pk, budget.pk]))
    assert "Reopen (locked)" in top.content.decode()
    path = f"/api/v1/productions/{production.pk}/budgets/{budget.pk}/"
    api = api_as(producer)
    assert api.post(path + "lock/", {}, format="json").json()["status"] == "locked"
    assert api.post(path + "close/", {}, format="json").json()["status"] == "closed"
    response = api.post(f"/api/v1/productions/{production.pk}/budget-actuals/", {
        "budget": budget.pk, "account": first_account(budget).pk, "vendor": "V",
        "date": "2026-11-24", "amount": "10.00"}, format="json")
    assert response.status_code == 400 and "books are closed" in response.content.decode()


def test_a_closed_budgets_alerts_leave_the_overview(client, producer, production):
    budget = simple_budget(production)
    record(budget, first_account(budget), "27000.00")
    overview = reverse("productions:overview", args=[production.pk])
    client.force_login(producer)
    assert 'data-testid="overview-overage-alerts"' in client.get(overview).content.decode()
    services.budget_set_status(budget=budget, status="closed")
    assert 'data-testid="overview-overage-alerts"' not in client.get(overview).content.decode()


def test_deleting_a_credit_checks_the_account_again(production):
    budget = simple_budget(production)  # 26,530.00
    account = first_account(budget)
    credit = record(budget, account, "-3000.00", is_credit=True)
    record(budget, account, "24000.00")
    assert not OverageAlert.objects.filter(kind="threshold").exists()  # 21,000: 79%
    cost_services.actual_delete(actual=Actual.objects.get(pk=credit.pk))  # 24,000: 90.5%
    assert OverageAlert.objects.filter(kind="threshold", account=account).count() == 1
