"""Cost report pages: drill-down, account costs with its forms, exports, PDF, import."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import cost_services
from budgets.models import Actual

from .factories import budget_for, first_account, simple_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_producer(client, producer):
    client.force_login(producer)
    return client


def test_cost_report_drills_down_from_top_sheet_to_actuals(as_producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    cost_services.actual_record(budget=budget, account=account, vendor="Panavision Lenses",
                                amount="1234.50", date=date(2026, 11, 24), reference="INV-77")
    costs = reverse("budgets:costs", args=[production.pk, budget.pk])
    html = as_producer.get(costs, {"as_of": "2026-11-25"}).content.decode()
    assert "Crew" in html and "26,530.00" in html and "1,234.50" in html
    assert "Camera crew" not in html  # accounts show once the category is opened
    assert 'data-testid="burn-chart"' in html
    opened = as_producer.get(costs, {"as_of": "2026-11-25", "category": account.category_id}
                             ).content.decode()
    account_url = reverse("budgets:account_costs", args=[production.pk, account.pk])
    assert account_url in opened
    detail = as_producer.get(account_url, {"as_of": "2026-11-25"}).content.decode()
    assert "Panavision Lenses" in detail and "INV-77" in detail and "1,234.50" in detail


def test_record_an_actual_from_the_account_page(as_producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    post = reverse("budgets:actual_create", args=[production.pk, account.pk])
    refused = as_producer.post(post, {"vendor": "V", "date": "2026-11-24", "amount": "-10",
                                      "currency": "USD"})
    assert refused.status_code == 200
    assert "A negative amount must be marked as a credit." in refused.content.decode()
    assert not Actual.objects.exists()
    ok = as_producer.post(post, {"vendor": "V", "date": "2026-11-24", "amount": "10",
                                 "currency": "EUR", "exchange_rate": "1.5",
                                 "document": SimpleUploadedFile("r.pdf", b"%PDF receipt")})
    assert ok.status_code == 302
    actual = Actual.objects.get()
    assert actual.base_amount == 15 and actual.document


def test_alerts_show_on_the_cost_report_and_top_sheet(as_producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    cost_services.actual_record(budget=budget, account=account, vendor="V",
                                amount="26600.00", date=date(2026, 11, 24))
    for name in ("costs", "topsheet"):
        html = as_producer.get(reverse(f"budgets:{name}", args=[production.pk, budget.pk])
                               ).content.decode()
        assert 'data-testid="overage-alerts"' in html, name
        assert "estimated final cost over budget" in html
        assert "actuals reached 90% of budget" in html


def test_crew_gets_no_cost_pages(client, crew_user, production):
    budget = simple_budget(production)
    client.force_login(crew_user)
    for name in ("costs", "cost_export", "cost_pdf", "actuals_import"):
        assert client.get(reverse(f"budgets:{name}", args=[production.pk, budget.pk])
                          ).status_code == 403


def test_import_page_refuses_a_bad_file_and_imports_a_good_one(as_producer, production):
    budget = simple_budget(production)
    page = reverse("budgets:actuals_import", args=[production.pk, budget.pk])
    bad = as_producer.post(page, {"file": SimpleUploadedFile(
        "gl.csv", b"Account,Vendor,Date,Amount\n2001,V,2026-11-24,5\n2002,V,2026-11-24,5\n")})
    assert "Row 3: Account: no account “2002” in this budget." in bad.content.decode()
    assert not Actual.objects.exists()
    good = as_producer.post(page, {"file": SimpleUploadedFile(
        "gl.csv", b"Account,Vendor,Date,Amount\n2001,V,2026-11-24,5\n")})
    assert good.status_code == 302
    assert Actual.objects.count() == 1


@pytest.mark.parametrize(("name", "query"), [("costs", {}), ("cost_pdf", {}),
                                             ("cost_export", {"type": "xlsx"}),
                                             ("cost_export", {"type": "csv"})])
def test_cost_pages_query_count_does_not_grow(as_producer, production, name, query):
    budget = budget_for(production, template="short")
    accounts = list(budget.accounts.all())
    url = reverse(f"budgets:{name}", args=[production.pk, budget.pk])

    def add(n, start):
        for i in range(start, start + n):
            account = accounts[i % len(accounts)]
            po = cost_services.po_create(budget=budget, account=account, number=f"P{i}",
                                         vendor="V", amount="100", date=date(2026, 11, 2))
            cost_services.actual_record(budget=budget, account=account, purchase_order=po,
                                        vendor="V", amount="10", date=date(2026, 11, 3))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url, {**query, "as_of": "2026-11-25"}).status_code == 200
        return len(ctx.captured_queries)

    add(1, 0)
    one = queries()
    add(40, 1)
    assert queries() == one


def test_account_costs_query_count_does_not_grow(as_producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    url = reverse("budgets:account_costs", args=[production.pk, account.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n, start):
        for i in range(start, start + n):
            po = cost_services.po_create(budget=budget, account=account, number=f"P{i}",
                                         vendor="V", amount="100", date=date(2026, 11, 2))
            cost_services.actual_record(budget=budget, account=account, purchase_order=po,
                                        vendor="V", amount="10", date=date(2026, 11, 3))

    add(1, 0)
    one = queries()
    add(20, 1)
    assert queries() == one
