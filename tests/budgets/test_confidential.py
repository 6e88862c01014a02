"""A role that may see budgets but not rates sees totals and never a rate.

No standard role is like that today (the money roles hold both), so the test
grants a department head `view_budget` alone, as a production might configure.
"""

import csv
import io

import pytest
from django.urls import reverse

from productions import roles
from productions.roles import Capability, Role
from tests.conftest import api_as
from tests.productions.factories import member

from .factories import first_account, simple_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget_viewer(production, monkeypatch):
    monkeypatch.setitem(roles.CAPABILITIES, Role.DEPARTMENT_HEAD,
                        frozenset({Capability.VIEW_PRODUCTION, Capability.VIEW_BUDGET}))
    return member(production, Role.DEPARTMENT_HEAD, username="hod@example.com")


def test_no_rates_in_the_api(budget_viewer, production):
    budget = simple_budget(production)
    rows = api_as(budget_viewer).get(
        f"/api/v1/productions/{production.pk}/budget-lines/?budget={budget.pk}").json()
    assert rows["count"] == 2
    for row in rows["results"]:
        assert "rate" not in row
        assert "rate" not in row["values"]
    assert "1000" not in str(rows)


def test_no_rates_on_pages_or_in_exports(client, budget_viewer, production):
    budget = simple_budget(production)
    client.force_login(budget_viewer)
    page = client.get(reverse("budgets:account", args=[production.pk, first_account(budget).pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert ">Rate<" not in html and "1000" not in html
    assert "cell-input" not in html  # no edit_budget: no editor either
    export = client.get(reverse("budgets:export", args=[production.pk, budget.pk]),
                        {"type": "csv", "part": "details"})
    header = next(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert "Rate" not in header
    assert "1000" not in export.content.decode()
    assert client.post(reverse("budgets:line_edit", args=[
        production.pk, budget.lines.first().pk]), {"rate": "1"}).status_code == 403
