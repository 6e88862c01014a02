"""Purchase orders, actuals, ETC overrides and overage alerts, through the services."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from budgets import cost_selectors, cost_services, services
from budgets.models import Actual, OverageAlert, PurchaseOrder
from notifications.models import Message
from productions.roles import Role
from tests.productions.factories import member

from .factories import first_account, simple_budget

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 25)


def record(budget, account, amount, **fields):
    fields.setdefault("vendor", "Panavision")
    fields.setdefault("date", DAY)
    return cost_services.actual_record(budget=budget, account=account, amount=amount, **fields)


def report(budget, as_of=DAY, period="week"):
    return cost_selectors.cost_report_data(budget=budget, as_of=as_of, period=period)


def alert_emails():
    return sorted(Message.objects.filter(template="overage").values_list("address", "dedupe_key"))


def test_actuals_and_pos_make_the_cost_report(production):
    budget = simple_budget(production)  # account 2001: 20 x 1,000 + FICA 1,530 + 5,000
    account = first_account(budget)
    po = cost_services.po_create(budget=budget, account=account, number="PO-1",
                                 vendor="Panavision", amount=D("4000.00"), date=DAY)
    record(budget, account, "1500.00", purchase_order=po, reference="INV-1")
    record(budget, account, "1000.00", currency="EUR", exchange_rate="1.08235",
           reference="INV-2", date=date(2026, 11, 20))
    figures = report(budget).report.accounts[account.pk]
    assert figures.budget == D("26530.00")
    assert figures.this_period == D("1500.00")          # INV-2 is last week
    assert figures.actual_to_date == D("2582.35")       # 1,500 + 1,082.35
    assert figures.commitments == D("2500.00")          # PO 4,000 - 1,500
    assert figures.etc == D("21447.65")
    assert figures.efc == D("26530.00")
    po.refresh_from_db()
    assert po.status == PurchaseOrder.Status.PARTLY_PAID
    converted = Actual.objects.get(reference="INV-2")
    assert (converted.amount, converted.currency, converted.exchange_rate,
            converted.base_amount) == (D("1000.00"), "EUR", D("1.08235"), D("1082.35"))


def test_hot_cost_counts_only_the_day(production):
    budget = simple_budget(production)
    account = first_account(budget)
    record(budget, account, "100.00", date=date(2026, 11, 24))
    record(budget, account, "40.00")
    assert report(budget, period="day").report.total.this_period == D("40.00")
    assert report(budget).report.total.this_period == D("140.00")
    assert report(budget, as_of=date(2026, 11, 24)).report.total.actual_to_date == D("100.00")


@pytest.mark.parametrize(("fields", "message"), [
    ({"amount": "-10.00"}, "A negative amount must be marked as a credit."),
    ({"amount": "10.00", "is_credit": True}, "A credit is entered as a negative amount."),
    ({"amount": "10.00", "currency": "EUR"}, "An actual in EUR needs the exchange rate to USD."),
    ({"amount": "10.00", "currency": "EUR", "exchange_rate": "0"},
     "The exchange rate must be a number above zero."),
    ({"amount": "ten"}, "“ten” is not an amount."),
    ({"amount": "10.00", "currency": "XXX"}, "Unknown currency “XXX”."),
    ({"amount": "10.00", "exchange_rate": "abc"},
     "An actual in the budget's currency has a rate of 1."),
    ({"amount": "10.00", "currency": "EUR", "exchange_rate": "abc"},
     "The exchange rate must be a number above zero."),
    ({"amount": "10.005"}, "Ensure that there are no more than 2 decimal places."),
])
def test_bad_actuals_are_refused_and_nothing_is_recorded(production, fields, message):
    budget = simple_budget(production)
    with pytest.raises(ValidationError) as exc:
        record(budget, first_account(budget), **fields)
    assert message in exc.value.messages
    assert not Actual.objects.exists()


def test_an_account_from_another_budget_is_refused(production):
    budget = simple_budget(production)
    other = simple_budget(production, name="Other")
    with pytest.raises(ValidationError) as exc:
        record(budget, first_account(other), "10.00")
    assert exc.value.messages == ["This account belongs to another budget."]
    assert not Actual.objects.exists()


def test_a_closed_po_takes_no_more_actuals(production):
    budget = simple_budget(production)
    account = first_account(budget)
    po = cost_services.po_create(budget=budget, account=account, number="7", vendor="V",
                                 amount=D("100.00"), date=DAY)
    cost_services.po_close(po=po)
    with pytest.raises(ValidationError) as exc:
        record(budget, account, "10.00", purchase_order=po)
    assert exc.value.messages == ["PO 7 is closed."]
    assert report(budget).report.accounts[account.pk].commitments == D("0")


def test_a_credit_reduces_actuals(production):
    budget = simple_budget(production)
    account = first_account(budget)
    record(budget, account, "500.00")
    record(budget, account, "-120.00", is_credit=True, reference="CR-1")
    assert report(budget).report.accounts[account.pk].actual_to_date == D("380.00")


def test_spending_goes_on_against_a_locked_budget(production):
    budget = simple_budget(production)
    services.budget_set_status(budget=budget, status="locked")
    budget.refresh_from_db()
    version = budget.version
    record(budget, first_account(budget), "10.00")
    budget.refresh_from_db()
    assert budget.version == version  # an actual does not make open editors stale


def test_a_duplicate_reference_is_refused(production):
    budget = simple_budget(production)
    record(budget, first_account(budget), "10.00", reference="INV-9")
    with pytest.raises(ValidationError):
        record(budget, first_account(budget), "20.00", reference="INV-9")
    assert Actual.objects.count() == 1


def test_etc_override_and_back_to_default(production):
    budget = simple_budget(production)
    account = first_account(budget)
    cost_services.etc_set(account=account, etc="30000")
    assert report(budget).report.accounts[account.pk].efc == D("30000.00")
    with pytest.raises(ValidationError):
        cost_services.etc_set(account=account, etc="-1")
    cost_services.etc_set(account=account, etc="")
    assert report(budget).report.accounts[account.pk].efc == D("26530.00")


def test_one_alert_per_recipient_per_account_and_kind(production, producer):
    accountant = member(production, Role.ACCOUNTANT, username="accounts@example.com")
    member(production, Role.CREW, username="grip@example.com")
    member(production, Role.ASSOCIATE_PRODUCER, username="ap@example.com")
    budget = simple_budget(production)
    account = first_account(budget)  # budget 26,530.00; 90% = 23,877.00
    record(budget, account, "20000.00")
    assert alert_emails() == []
    record(budget, account, "3877.00")   # exactly 90%
    record(budget, account, "100.00")
    record(budget, account, "100.00")
    assert alert_emails() == [
        (accountant.email, f"overage:{budget.pk}:{account.pk}:90pct:{accountant.pk}"),
        (producer.email, f"overage:{budget.pk}:{account.pk}:90pct:{producer.pk}"),
    ]
    record(budget, account, "3000.00")   # 27,077 > 26,530: EFC over budget
    record(budget, account, "10.00")
    cost_services.etc_set(account=account, etc="5")
    keys = [k for _, k in alert_emails()]
    assert len(keys) == 4
    assert sum(":efc:" in k for k in keys) == 2
    assert OverageAlert.objects.filter(account=account).count() == 2
    body = Message.objects.filter(template="overage", dedupe_key__contains=":efc:").first()
    assert "27,077.00" in body.body_text and "547.00" in body.body_text


def test_an_etc_override_alone_can_raise_the_efc_alert(production, producer):
    budget = simple_budget(production)
    account = first_account(budget)
    cost_services.etc_set(account=account, etc="26530.01")
    assert [k for _, k in alert_emails()] == [
        f"overage:{budget.pk}:{account.pk}:efc:{producer.pk}"]


@pytest.mark.parametrize("amount", ["0", "-5.00", "abc"])
def test_a_po_needs_an_amount_above_zero(production, amount):
    budget = simple_budget(production)
    with pytest.raises(ValidationError) as exc:
        cost_services.po_create(budget=budget, account=first_account(budget), number="1",
                                vendor="V", amount=amount, date=DAY)
    assert "amount" in exc.value.message_dict
    assert not PurchaseOrder.objects.exists()


def test_a_document_over_10_mb_is_refused(production):
    from django.core.files.uploadedfile import SimpleUploadedFile

    budget = simple_budget(production)
    big = SimpleUploadedFile("scan.pdf", b"x" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as exc:
        record(budget, first_account(budget), "10.00", document=big)
    assert exc.value.messages == ["The document is larger than 10 MB."]
    assert not Actual.objects.exists()


def test_lowering_the_threshold_alerts_accounts_already_past_it(production, producer):
    budget = simple_budget(production)
    account = first_account(budget)
    record(budget, account, "21224.00")  # 80% of 26,530.00
    assert alert_emails() == []
    cost_services.alert_threshold_set(budget=budget, threshold="80")
    assert [k for _, k in alert_emails()] == [
        f"overage:{budget.pk}:{account.pk}:80pct:{producer.pk}"]
    with pytest.raises(ValidationError):
        cost_services.alert_threshold_set(budget=budget, threshold="0")


@pytest.mark.django_db(transaction=True)
def test_concurrent_actuals_raise_one_alert(production, producer):
    """Two entries recorded at the same moment, each pushing the account over: the budget
    row lock serialises the checks, so there is one alert and one email per recipient."""
    import threading

    from django.db import connection

    budget = simple_budget(production)
    account = first_account(budget)
    record(budget, account, "23000.00")
    barrier = threading.Barrier(4)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            record(budget, account, "2000.00", reference=f"C-{n}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Actual.objects.filter(account=account).count() == 5
    assert sorted(OverageAlert.objects.filter(account=account).values_list("kind", flat=True)
                  ) == ["efc", "threshold"]
    assert len(alert_emails()) == 2  # the producer only: no accountant on this production
