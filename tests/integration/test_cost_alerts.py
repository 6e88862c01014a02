"""Overage alerts end to end: actuals recorded through the API, a real worker, a real SMTP
server. However many entries push an account over, each recipient gets one email per
account and alert."""

import time
from collections import Counter

import pytest

from budgets import services
from notifications.models import Message, Status
from productions.roles import Role
from tests.conftest import api_as
from tests.integration.conftest import wait_for
from tests.productions.factories import member

pytestmark = pytest.mark.integration


def record(client, production, budget, account, amount, n):
    response = client.post(f"/api/v1/productions/{production.pk}/budget-actuals/", {
        "budget": budget.pk, "account": account.pk, "vendor": "Panavision",
        "amount": amount, "date": "2026-11-24", "reference": f"INV-{n}"}, format="json")
    assert response.status_code == 201, response.content


def test_several_actuals_over_budget_send_one_email_per_recipient(production, producer, smtp,
                                                                  worker_factory):
    accountant = member(production, Role.ACCOUNTANT, username="accounts@example.com")
    ap = member(production, Role.ASSOCIATE_PRODUCER, username="ap@example.com")
    member(production, Role.CREW, username="grip@example.com")
    budget = services.budget_create(production=production, name="Shooting budget")
    category = services.category_create(budget=budget, number="2000", name="Crew")
    account = services.account_create(budget=budget, category=category, number="2001",
                                       name="Camera")
    services.line_create(budget=budget, account=account, description="Camera package",
                         amount="1", unit="flat", rate="10000")
    worker_factory(smtp_port=smtp.port)
    client = api_as(ap)  # the AP records the costs; producer and accountant are told

    # 8,000 then 1,000 (90% reached), 500, 400: no new alert until EFC passes 10,000.
    for n, amount in enumerate(["8000.00", "1000.00", "500.00", "400.00"]):
        record(client, production, budget, account, amount, n)
    wait_for(lambda: smtp.handler.count() >= 2, message="the 90% alerts")
    # Over budget, three times over.
    for n, amount in enumerate(["200.00", "300.00", "50.00"], start=10):
        record(client, production, budget, account, amount, n)
    wait_for(lambda: smtp.handler.count() >= 4, message="the over-budget alerts")
    wait_for(lambda: Message.objects.filter(template="overage", status=Status.SENT).count() == 4,
             message="all alerts marked sent")
    time.sleep(3)  # long enough for a duplicate from a retry or the sweep to show up

    received = Counter((m["to"][0], m["email"]["Subject"]) for m in smtp.handler.messages)
    assert received == {
        (producer.email, "Harbour Lights: 2001 Camera has spent 90% of its budget"): 1,
        (accountant.email, "Harbour Lights: 2001 Camera has spent 90% of its budget"): 1,
        (producer.email, "Harbour Lights: 2001 Camera is heading over budget"): 1,
        (accountant.email, "Harbour Lights: 2001 Camera is heading over budget"): 1,
    }
    over = next(m["email"] for m in smtp.handler.messages
                if "over budget" in m["email"]["Subject"])
    text = over.get_body(preferencelist=("plain",)).get_content()
    # The alert carries the figures at the moment it fired: 10,100.00, 100.00 over.
    assert "10,100.00 USD" in text and "Variance:               100.00 USD" in text
