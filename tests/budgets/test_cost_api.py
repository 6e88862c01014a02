"""The cost tracking API: POs, actuals, ETC, the cost report, exports and import."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import cost_services
from budgets.models import Actual, PurchaseOrder
from tests.conftest import api_as

from .factories import budget_for, first_account, simple_budget

pytestmark = pytest.mark.django_db


def url(production, resource, pk=None, action=None):
    base = f"/api/v1/productions/{production.pk}/{resource}/"
    if pk is not None:
        base += f"{pk}/"
    if action:
        base += f"{action}/"
    return base


def test_record_a_po_and_actuals_and_read_the_cost_report(producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    client = api_as(producer)
    po = client.post(url(production, "budget-purchase-orders"),
                     {"budget": budget.pk, "account": account.pk, "number": "PO-7",
                      "vendor": "Panavision", "amount": "4000.00", "date": "2026-11-23"},
                     format="json")
    assert po.status_code == 201, po.json()
    assert (po.json()["status"], po.json()["remaining"]) == ("open", "4000.00")
    actual = client.post(url(production, "budget-actuals"),
                         {"budget": budget.pk, "account": account.pk,
                          "purchase_order": po.json()["id"], "vendor": "Panavision",
                          "amount": "1000.00", "currency": "EUR", "exchange_rate": "1.08235",
                          "date": "2026-11-24", "reference": "INV-1"}, format="json")
    assert actual.status_code == 201, actual.json()
    assert actual.json()["base_amount"] == "1082.35"
    assert actual.json()["document_url"] is None
    listed = client.get(url(production, "budget-purchase-orders", po.json()["id"])).json()
    assert (listed["status"], listed["spent"], listed["remaining"]) == (
        "partly_paid", "1082.35", "2917.65")
    report = client.get(url(production, "budget-cost-reports", budget.pk),
                        {"as_of": "2026-11-25"}).json()
    row = report["accounts"][0]
    assert row == {
        "id": account.pk, "number": "2001", "name": "Camera crew", "category": account.category_id,
        "etc_override": False, "budget": "26530.00", "this_period": "1082.35",
        "actual_to_date": "1082.35", "commitments": "2917.65", "cost_to_date": "4000.00",
        "etc": "22530.00", "efc": "26530.00", "variance": "0.00", "percent_spent": "4.1"}
    assert report["total"]["efc"] == "26530.00"
    assert report["period_start"] == "2026-11-23"
    assert report["levels"][1]["categories"][0]["actual_to_date"] == "1082.35"


def test_bad_actuals_are_400_with_the_field_and_nothing_is_stored(producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    other = simple_budget(production, name="Other")
    client = api_as(producer)
    base = {"budget": budget.pk, "vendor": "V", "date": "2026-11-24"}
    cases = [
        ({"account": account.pk, "amount": "-5.00"}, "amount"),
        ({"account": account.pk, "amount": "5.00", "currency": "GBP"}, "exchange_rate"),
        ({"account": first_account(other).pk, "amount": "5.00"}, "account"),
    ]
    for payload, field in cases:
        response = client.post(url(production, "budget-actuals"), {**base, **payload},
                               format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), response.json()
    assert not Actual.objects.exists()


def test_a_credit_is_accepted_when_marked(producer, production):
    budget = simple_budget(production)
    response = api_as(producer).post(url(production, "budget-actuals"), {
        "budget": budget.pk, "account": first_account(budget).pk, "vendor": "Rental house",
        "amount": "-250.00", "is_credit": True, "date": "2026-11-24"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["base_amount"] == "-250.00"


def test_a_document_is_attached_and_served_to_money_roles_only(producer, crew_user,
                                                               production, client):
    budget = simple_budget(production)
    upload = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 invoice", "application/pdf")
    response = api_as(producer).post(url(production, "budget-actuals"), {
        "budget": budget.pk, "account": first_account(budget).pk, "vendor": "V",
        "amount": "10.00", "date": "2026-11-24", "document": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    link = response.json()["document_url"]
    client.force_login(producer)
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 invoice"
    client.force_login(crew_user)
    assert client.get(link).status_code == 403


def test_etc_override_through_the_api(producer, production):
    budget = simple_budget(production)
    account = first_account(budget)
    client = api_as(producer)
    response = client.post(url(production, "budget-estimates"),
                           {"account": account.pk, "etc": "30000.00"}, format="json")
    assert response.status_code == 201, response.json()
    report = client.get(url(production, "budget-cost-reports", budget.pk)).json()
    assert (report["accounts"][0]["efc"], report["accounts"][0]["etc_override"]) == (
        "30000.00", True)
    assert report["alerts"][0]["kind"] == "efc"
    cleared = client.post(url(production, "budget-estimates"),
                          {"account": account.pk, "etc": None}, format="json")
    assert cleared.status_code == 204
    assert client.post(url(production, "budget-estimates"), {"account": account.pk,
                       "etc": "-1"}, format="json").status_code == 400


def test_crew_and_accountant(crew_user, accountant, production):
    budget = simple_budget(production)
    assert api_as(crew_user).get(url(production, "budget-actuals")).status_code == 403
    assert api_as(crew_user).get(url(production, "budget-cost-reports", budget.pk)
                                 ).status_code == 403
    assert api_as(accountant).get(url(production, "budget-cost-reports", budget.pk)
                                  ).status_code == 200


def test_bad_report_arguments_are_400(producer, production):
    budget = simple_budget(production)
    client = api_as(producer)
    assert client.get(url(production, "budget-cost-reports", budget.pk),
                      {"period": "month"}).status_code == 400
    assert client.get(url(production, "budget-cost-reports", budget.pk),
                      {"as_of": "2026-13-40"}).status_code == 400


def test_cost_report_export_csv(producer, production):
    budget = simple_budget(production)
    cost_services.actual_record(budget=budget, account=first_account(budget), vendor="=cmd()",
                                amount="100.00", date=date(2026, 11, 24))
    response = api_as(producer).get(url(production, "budget-cost-reports", budget.pk, "export"),
                                    {"type": "csv", "as_of": "2026-11-25"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "2001,Camera crew,26530.00,100.00,100.00,0.00,100.00,26430.00,26530.00,0.00,0.4" in text
    xlsx = api_as(producer).get(url(production, "budget-cost-reports", budget.pk, "export"),
                                {"as_of": "2026-11-25"})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Cost report", "Actuals", "Burn by shoot day"]
    assert book["Actuals"]["C2"].value == "'=cmd()"


def test_import_actuals_all_or_nothing(producer, production):
    budget = simple_budget(production)
    client = api_as(producer)
    good = ("Account,Vendor,Date,Amount,Currency,Rate,Reference\n"
            "2001,Panavision,2026-11-24,100.00,,,A-1\n"
            "2001,Arri,2026-11-24,50.00,EUR,1.1,A-2\n")
    response = client.post(url(production, "budget-cost-reports", budget.pk, "import-actuals"),
                           {"file": SimpleUploadedFile("gl.csv", good.encode())},
                           format="multipart")
    assert response.json() == {"imported": 2}
    bad = ("Account,Vendor,Date,Amount,Currency,Rate,Reference\n"
           "2001,Panavision,2026-11-25,10.00,,,A-3\n"
           "9999,Nobody,2026-11-25,10.00,,,A-4\n"
           "2001,Arri,2026-11-25,-5.00,,,A-5\n"
           "2001,Arri,2026-11-25,5.00,GBP,,A-6\n"
           "2001,Arri,2026-11-25,5.00,,,A-1\n"
           "2001,Arri,2026-11-25,5.00,,,A-3\n")
    response = client.post(url(production, "budget-cost-reports", budget.pk, "import-actuals"),
                           {"file": SimpleUploadedFile("gl.csv", bad.encode())},
                           format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == [
        "Row 3: Account: no account “9999” in this budget.",
        "Row 4: Amount: A negative amount must be marked as a credit.",
        "Row 5: Exchange rate: An actual in GBP needs the exchange rate to USD.",
        "Row 6: Reference: “A-1” is already recorded (duplicate).",
        "Row 7: Reference: “A-3” is also on row 2 (duplicate).",
    ]
    assert Actual.objects.count() == 2


@pytest.mark.parametrize("resource", ["budget-actuals", "budget-purchase-orders",
                                      "budget-estimates"])
def test_list_query_count_does_not_grow_with_rows(producer, production, resource):
    budget = budget_for(production, template="short")
    accounts = list(budget.accounts.all()[:5])
    client = api_as(producer)

    def add(n, start):
        for i in range(start, start + n):
            account = accounts[i % len(accounts)]
            po = cost_services.po_create(budget=budget, account=account, number=f"P{i}",
                                         vendor="V", amount="100", date=date(2026, 11, 2))
            cost_services.actual_record(budget=budget, account=account, purchase_order=po,
                                        vendor="V", amount="10", date=date(2026, 11, 3))
            if i < len(accounts):
                cost_services.etc_set(account=account, etc="5")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(production, resource)).status_code == 200
        return len(ctx.captured_queries)

    add(1, 0)
    one = queries()
    add(30, 1)
    assert queries() == one


def test_cost_report_query_count_does_not_grow(producer, production):
    budget = budget_for(production, template="short")
    accounts = list(budget.accounts.all())
    client = api_as(producer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(production, "budget-cost-reports", budget.pk)).status_code == 200
        return len(ctx.captured_queries)

    cost_services.actual_record(budget=budget, account=accounts[0], vendor="V", amount="1",
                                date=date(2026, 11, 3))
    one = queries()
    for i, account in enumerate(accounts * 3):
        po = cost_services.po_create(budget=budget, account=account, number=f"Q{i}", vendor="V",
                                     amount="100", date=date(2026, 11, 2))
        cost_services.actual_record(budget=budget, account=account, purchase_order=po,
                                    vendor="V", amount="10", date=date(2026, 11, 3))
    assert queries() == one
    assert PurchaseOrder.objects.count() == len(accounts) * 3


def test_po_lifecycle_and_alert_threshold(producer, accountant, production):
    budget = simple_budget(production)
    account = first_account(budget)
    client = api_as(accountant)
    po = client.post(url(production, "budget-purchase-orders"),
                     {"budget": budget.pk, "account": account.pk, "number": "PO-9",
                      "vendor": "Arri", "amount": "0", "date": "2026-11-23"}, format="json")
    assert po.status_code == 400 and "amount" in po.json()
    po = client.post(url(production, "budget-purchase-orders"),
                     {"budget": budget.pk, "account": account.pk, "number": "PO-9",
                      "vendor": "Arri", "amount": "900.00", "date": "2026-11-23"},
                     format="json").json()
    cost_services.actual_record(budget=budget, account=account, vendor="Arri", amount="100.00",
                                date=date(2026, 11, 24), purchase_order=PurchaseOrder.objects
                                .get(pk=po["id"]))
    refused = client.delete(url(production, "budget-purchase-orders", po["id"]))
    assert refused.status_code == 400
    closed = client.patch(url(production, "budget-purchase-orders", po["id"]),
                          {"status": "closed"}, format="json")
    assert (closed.json()["status"], closed.json()["remaining"]) == ("closed", "0.00")
    report = client.get(url(production, "budget-cost-reports", budget.pk)).json()
    assert report["accounts"][0]["commitments"] == "0.00"
    threshold = client.post(url(production, "budget-cost-reports", budget.pk, "alert-threshold"),
                            {"alert_threshold": "75"}, format="json")
    assert threshold.json() == {"alert_threshold": "75.00"}
    assert client.post(url(production, "budget-cost-reports", budget.pk, "alert-threshold"),
                       {"alert_threshold": "0"}, format="json").status_code == 400


def test_import_actuals_from_xlsx_with_date_cells(producer, production):
    from openpyxl import Workbook

    budget = simple_budget(production)
    book = Workbook()
    sheet = book.active
    sheet.title = "GL export"
    sheet.append(["Acct", "Payee", "Date", "Amount", "Invoice", "Credit"])
    sheet.append(["2001", "Panavision", date(2026, 11, 24), 1200.5, "X-1", ""])
    sheet.append(["2001", "Panavision", date(2026, 11, 25), -200, "X-2", "yes"])
    sheet.append(["2001", "Panavision", "31/11/2026", 5, "X-3", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    client = api_as(producer)

    def upload(content):
        return client.post(url(production, "budget-cost-reports", budget.pk, "import-actuals"),
                           {"file": SimpleUploadedFile("gl.xlsx", content)}, format="multipart")

    bad = upload(buffer.getvalue())
    assert bad.json()["file"] == ["Row 4: Date: Give the date (YYYY-MM-DD)."]
    sheet.delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(buffer.getvalue()).json() == {"imported": 2}
    assert sorted(Actual.objects.values_list("base_amount", "is_credit")) == [
        (D("-200.00"), True), (D("1200.50"), False)]
