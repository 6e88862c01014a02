import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import services
from budgets.models import LineItem
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


def lines_state(budget):
    budget.refresh_from_db()
    return budget.version, list(LineItem.objects.filter(budget=budget).order_by("pk").values())


def test_create_a_budget_from_a_chart_and_read_its_totals(producer, production):
    client = api_as(producer)
    response = client.post(url(production, "budgets"),
                           {"name": "Feature v1", "template": "feature"}, format="json")
    assert response.status_code == 201, response.json()
    budget_id = response.json()["id"]
    assert response.json()["currency"] == "USD"
    totals = client.get(url(production, "budgets", budget_id, "totals")).json()
    assert totals["grand_total"] == "0.00" or totals["grand_total"] == "0"
    assert [level["level"] for level in totals["levels"]] == ["atl", "btl", "post", "other"]
    assert totals["globals"]["SHOOT_WEEKS"] == "6"


def test_money_is_strings_and_totals_are_exact(producer, production):
    budget = simple_budget(production)
    totals = api_as(producer).get(url(production, "budgets", budget.pk, "totals")).json()
    assert totals["subtotal"] == "25000.00"
    assert totals["fringes"] == [{"id": budget.fringes.get().pk, "code": "FICA",
                                  "name": "Social Security", "total": "1530.00"}]
    assert totals["grand_total"] == "26530.00"


def test_a_line_edit_answers_with_the_totals_it_changed(producer, production):
    budget = simple_budget(production)
    line = budget.lines.get(description="DP")
    response = api_as(producer).patch(url(production, "budget-lines", line.pk),
                                      {"rate": "1100.50", "budget_version": budget.version},
                                      format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["rate"] == "1100.50"
    # 20 x 1,100.50 = 22,010.00; FICA 7.65% = 1,683.765 -> 1,683.77
    assert data["values"]["subtotal"] == "22010.00"
    assert data["values"]["fringes"] == "1683.77"
    assert data["totals"]["account"]["total"] == "28693.77"
    assert data["totals"]["grand_total"] == "28693.77"
    assert data["budget_version"] == budget.version + 1


def test_a_stale_edit_is_a_409_and_changes_nothing(producer, production):
    budget = simple_budget(production)
    line = budget.lines.get(description="DP")
    client = api_as(producer)
    stale = budget.version
    assert client.patch(url(production, "budget-lines", line.pk),
                        {"rate": "1", "budget_version": stale}, format="json").status_code == 200
    before = lines_state(budget)
    response = client.patch(url(production, "budget-lines", line.pk),
                            {"rate": "2", "budget_version": stale}, format="json")
    assert response.status_code == 409
    assert "Someone else changed this budget" in response.json()["detail"]
    assert lines_state(budget) == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"rate": "ten"}, "rate", "Unknown name “ten”: define it as a global."),
        ({"rate": "10 +"}, "rate", "The formula ends too early."),
        ({"amount": "SHOOT_DAYS ** 2"}, "amount", "Unexpected “*”."),
        ({"rate": "1000000000000"}, "rate", "This value is out of range."),
        ({"unit": "parsecs"}, "unit", "“parsecs” is not a valid choice."),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(producer, production, payload, field, message):
    budget = simple_budget(production)
    before = lines_state(budget)
    response = api_as(producer).patch(url(production, "budget-lines",
                                          budget.lines.first().pk), payload, format="json")
    assert response.status_code == 400
    assert message.replace("“", '"').replace("”", '"') in str(response.json()[field]).replace(
        "“", '"').replace("”", '"')
    assert lines_state(budget) == before


def test_a_locked_budget_refuses_edits_through_the_api(producer, production):
    budget = simple_budget(production)
    client = api_as(producer)
    assert client.post(url(production, "budgets", budget.pk, "lock"), {},
                       format="json").json()["status"] == "locked"
    before = lines_state(budget)
    response = client.patch(url(production, "budget-lines", budget.lines.first().pk),
                            {"rate": "5"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        "This budget is locked: unlock it before changing it."]}
    assert lines_state(budget) == before


def test_lines_cannot_go_into_another_productions_account(producer, production,
                                                          other_production):
    budget = simple_budget(production)
    foreign = simple_budget(other_production)
    response = api_as(producer).post(url(production, "budget-lines"), {
        "account": first_account(foreign).pk, "description": "Sneaky", "rate": "1"},
        format="json")
    assert response.status_code == 400
    assert "account" in response.json()
    assert budget.lines.count() == 2


def test_crew_get_403_and_accountants_see_budgets(crew_user, accountant, production):
    budget = simple_budget(production)
    assert api_as(crew_user).get(url(production, "budgets")).status_code == 403
    assert api_as(crew_user).get(url(production, "budget-lines")).status_code == 403
    response = api_as(accountant).get(url(production, "budget-lines") + f"?budget={budget.pk}")
    assert response.status_code == 200
    assert {row["rate"] for row in response.json()["results"]} == {"1000", "5000"}


def test_schedule_values_move_globals_through_the_api(producer, production):
    budget = simple_budget(production)
    response = api_as(producer).post(url(production, "budgets", budget.pk, "apply-schedule"),
                                     {"values": {"SHOOT_DAYS": "21"}}, format="json")
    assert response.status_code == 200
    dp = budget.lines.get(description="DP")
    assert response.json()["lines"] == {str(dp.pk): "1076.50"}
    line = api_as(producer).get(url(production, "budget-lines", dp.pk)).json()
    assert line["schedule_change"] == "1076.50"


def test_versions_and_comparison(producer, production):
    budget = simple_budget(production)
    client = api_as(producer)
    first = client.post(url(production, "budget-versions"),
                        {"budget": budget.pk, "name": "Original", "locked": True}, format="json")
    assert first.status_code == 201, first.json()
    services.line_update(line=budget.lines.get(description="Camera package"), rate="6000")
    response = client.get(url(production, "budget-versions") + "compare/",
                          {"versions": f"{first.json()['id']},current"})
    assert response.status_code == 200, response.json()
    table = response.json()
    assert table["columns"] == ["Original", "Current"]
    assert table["rows"] == [{"number": "2001", "name": "Camera crew",
                              "amounts": ["26530.00", "27530.00"], "variances": ["1000.00"]}]
    assert table["totals"][-1] == {"label": "Grand total",
                                   "amounts": ["26530.00", "27530.00"], "variances": ["1000.00"]}
    bad = client.get(url(production, "budget-versions") + "compare/", {"versions": "current"})
    assert bad.status_code == 400
    assert client.delete(url(production, "budget-versions", first.json()["id"])).status_code == 400


@pytest.mark.parametrize("resource", ["budget-lines", "budget-accounts", "budgets",
                                      "budget-globals", "budget-charges", "budget-fringes"])
def test_list_query_count_does_not_grow_with_lines(producer, production, resource):
    budget = budget_for(production, template="short")
    account = first_account(budget)
    client = api_as(producer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(production, resource)).status_code == 200
        return len(ctx.captured_queries)

    services.line_create(budget=budget, account=account, description="Line 0", rate="10",
                         fringes=budget.fringes.all())
    one = queries()
    for n in range(30):
        services.line_create(budget=budget, account=account, description=f"Line {n}",
                             rate="10", fringes=budget.fringes.all())
    assert queries() == one


@pytest.mark.parametrize(
    ("resource", "payload", "field"),
    [
        ("budget-fringes", {"code": "X", "name": "X", "rate": "abc"}, "rate"),
        ("budget-fringes", {"code": "X", "name": "X", "rate": "150"}, "rate"),
        ("budget-fringes", {"code": "X", "name": "X", "rate": "5", "cutoff": "-1"}, "cutoff"),
        ("budget-fringes", {"code": "bad code", "name": "X", "rate": "5"}, "code"),
        ("budget-charges", {"name": "Bond", "percent": "101"}, "percent"),
        ("budget-globals", {"name": "1ST", "expression": "1"}, "name"),
        ("budget-globals", {"name": "LOOP", "expression": "LOOP + 1"}, "expression"),
    ],
)
def test_bad_setup_input_is_refused(producer, production, resource, payload, field):
    budget = simple_budget(production)
    version = budget.version
    response = api_as(producer).post(url(production, resource), {"budget": budget.pk, **payload},
                                     format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    budget.refresh_from_db()
    assert budget.version == version
