"""The burn chart: planned spend by shoot day against actuals, worked by hand."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import burn, cost_selectors, cost_services, services
from budgets.models import Budget
from scheduling import services as scheduling_services
from tests.scheduling.board_factories import MONDAY, board_of_days, small_breakdown

from .factories import budget_for

# --- The pure module ---------------------------------------------------------------------


def test_a_global_stands_for_the_period_it_is_defined_from():
    periods = burn.global_periods([
        burn.GlobalIn("SHOOT_DAYS", "SHOOT_DAYS", frozenset()),
        burn.GlobalIn("DAYS_ON_SET", "", frozenset({"SHOOT_DAYS"})),  # by definition
        burn.GlobalIn("PREP_WEEKS", "", frozenset({"PREP_DAYS"})),  # by its name
        burn.GlobalIn("LEAD", "CAST_WORK_DAYS:1", frozenset()),
        burn.GlobalIn("KIT_FEE", "", frozenset()),
        burn.GlobalIn("A", "", frozenset({"B"})), burn.GlobalIn("B", "", frozenset({"A"})),
    ])
    assert periods["DAYS_ON_SET"] == {"shoot"} and periods["PREP_WEEKS"] == {"prep"}
    assert periods["LEAD"] == {"shoot"}
    assert periods["KIT_FEE"] == periods["A"] == periods["B"] == frozenset()


def test_shoot_money_spreads_evenly_and_rounds_once_per_point():
    plan = burn.plan([burn.LineIn(D("100.00"), "btl", frozenset({"SHOOT_DAYS"}))],
                     {"SHOOT_DAYS": frozenset({"shoot"})}, days={"shoot": D(3)})
    points = burn.points(plan=plan, shoot_dates=[date(2026, 3, 2), date(2026, 3, 3),
                                                 date(2026, 3, 4)],
                         currency="USD", actual_by_date={}, as_of=date(2026, 3, 1))
    assert [(p.label, p.planned) for p in points] == [
        ("Day 1", D("33.33")), ("Day 2", D("66.67")), ("Day 3", D("100.00"))]
    assert [p.actual for p in points] == [D("0"), None, None]  # day 2 starts after as_of


def test_without_prep_on_the_axis_upfront_money_is_planned_on_day_one():
    plan = burn.plan([burn.LineIn(D("500.00"), "atl", frozenset())], {}, days={})
    points = burn.points(plan=plan, shoot_dates=[date(2026, 3, 2), date(2026, 3, 3)],
                         currency="USD", actual_by_date={}, as_of=date(2026, 3, 9))
    assert [(p.label, p.planned) for p in points] == [("Day 1", D("500.00")),
                                                      ("Day 2", D("500.00"))]


def test_no_shoot_day_no_chart():
    plan = burn.plan([burn.LineIn(D("1.00"), "btl", frozenset())], {}, days={})
    assert burn.points(plan=plan, shoot_dates=[], currency="USD", actual_by_date={},
                       as_of=date(2026, 3, 9)) == []


# --- Through the database: a tiny budget on a 3-day board ------------------------------


def tiny_budget(production):
    """Hand-worked: PREP_DAYS 2, SHOOT_DAYS 3, WRAP_DAYS 1.

    Rights (ATL, flat 900)            -> Prep 900
    DP (SHOOT_DAYS x 1,000)            -> 1,000 a shoot day
    Camera package (BTL, flat 600)     -> 200 a shoot day
    UPM ((PREP+SHOOT+WRAP) days x 100) -> prep 200, 100 a shoot day, wrap 100
    Editor (post, flat 500)            -> Post 500
    Planned: Prep 1,100; Day 1 2,400; Day 2 3,700; Day 3 5,000; Wrap 5,100; Post 5,600.
    """
    budget = budget_for(production)
    for name, value in (("PREP_DAYS", "2"), ("SHOOT_DAYS", "3"), ("WRAP_DAYS", "1")):
        services.global_create(budget=budget, name=name, expression=value,
                               source="schedule", schedule_key=name)
    accounts = {}
    for level, number, name in (("atl", "1100", "Story"), ("btl", "2000", "Crew"),
                                ("post", "4500", "Editorial")):
        category = services.category_create(budget=budget, number=number, name=name,
                                            level=level)
        accounts[level] = services.account_create(budget=budget, category=category,
                                                  number=str(int(number) + 1), name=name)
    for level, description, amount, unit, rate in (
            ("atl", "Rights", "1", "flat", "900"),
            ("btl", "DP", "SHOOT_DAYS", "days", "1000"),
            ("btl", "Camera package", "1", "flat", "600"),
            ("btl", "UPM", "PREP_DAYS + SHOOT_DAYS + WRAP_DAYS", "days", "100"),
            ("post", "Editor", "1", "flat", "500")):
        services.line_create(budget=budget, account=accounts[level], description=description,
                             amount=amount, unit=unit, rate=rate)
    budget.refresh_from_db()
    return budget, accounts


@pytest.fixture
def three_day_board(production):
    """Shoot days on Mon 2, Wed 4 and Thu 5 March 2026 (Tuesday 3 is a holiday)."""
    small_breakdown(production)
    scheduling_services.calendar_update(production=production, first_shoot_day=MONDAY,
                                        holidays=[date(2026, 3, 3)])
    return board_of_days(production, [["1"], ["2", "3"], ["4"]])


@pytest.mark.django_db
def test_planned_spend_by_shoot_day_worked_by_hand(production, three_day_board):
    budget, accounts = tiny_budget(production)
    for on, amount in ((date(2026, 2, 25), "500"), (date(2026, 3, 2), "1000"),
                       (date(2026, 3, 3), "50"), (date(2026, 3, 5), "1200"),
                       (date(2026, 3, 9), "999")):  # after the report date: not counted
        cost_services.actual_record(budget=budget, account=accounts["btl"], vendor="V",
                                    amount=amount, date=on)
    budget = Budget.objects.select_related("production").get(pk=budget.pk)  # as the view
    data = cost_selectors.cost_report_data(budget=budget, as_of=date(2026, 3, 5))
    with CaptureQueriesContext(connection) as queries:
        chart = cost_selectors.burn_data(budget=budget, data=data)
    assert len(queries) == 5
    assert chart.source == "the active board"
    assert [(p.label, p.start, p.end, p.planned, p.actual) for p in chart.points] == [
        ("Prep", date(2026, 2, 26), date(2026, 3, 1), D("1100.00"), D("500")),
        ("Day 1", date(2026, 3, 2), date(2026, 3, 2), D("2400.00"), D("1500")),
        ("Day 2", date(2026, 3, 3), date(2026, 3, 4), D("3700.00"), D("1550")),
        ("Day 3", date(2026, 3, 5), date(2026, 3, 5), D("5000.00"), D("2750")),
        ("Wrap", date(2026, 3, 6), date(2026, 3, 6), D("5100.00"), None),
        ("Post", date(2026, 3, 7), None, D("5600.00"), None),
    ]
    assert chart.points[-1].planned == data.report.total.budget  # ends at the budget


@pytest.mark.django_db
def test_burn_chart_on_the_page_and_in_the_exports(client, producer, production,
                                                   three_day_board):
    import csv
    import io

    budget, accounts = tiny_budget(production)
    cost_services.actual_record(budget=budget, account=accounts["btl"], vendor="V",
                                amount="1000", date=date(2026, 3, 2))
    client.force_login(producer)
    url = reverse("budgets:costs", args=[production.pk, budget.pk])
    html = client.get(url, {"as_of": "2026-03-05"}).content.decode()
    assert 'data-testid="burn-chart"' in html and 'aria-labelledby="burn-title burn-desc"' in html
    assert "shoot days from the active board" in html
    assert ">D1<" in html and ">Wrap<" in html and ">Post<" in html
    assert "Thu 5 Mar 2026" in html and "2,400.00" in html and "5,600.00" in html
    export = reverse("budgets:cost_export", args=[production.pk, budget.pk])
    response = client.get(export, {"as_of": "2026-03-05", "type": "csv", "part": "burn"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Point" and rows[2] == ["Day 1", "2026-03-02", "2026-03-02",
                                                 "2400.00", "1000.00"]
    from openpyxl import load_workbook

    xlsx = client.get(export, {"as_of": "2026-03-05"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["Burn by shoot day"]["A7"].value == "Post"
    assert client.get(export, {"type": "csv", "part": "nope"}).status_code == 400
    from pypdf import PdfReader

    pdf = client.get(reverse("budgets:cost_pdf", args=[production.pk, budget.pk]),
                     {"as_of": "2026-03-05"})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Burn: planned vs actual by shoot day" in text and "Thu 5 Mar 2026" in text
    assert "2,400.00" in text and "5,600.00" in text


@pytest.mark.django_db
def test_without_a_board_the_budget_shoot_days_are_used_or_the_page_says_why(
        client, producer, production):
    budget, _ = tiny_budget(production)
    client.force_login(producer)
    data = cost_selectors.cost_report_data(budget=budget, as_of=date(2026, 3, 5))
    chart = cost_selectors.burn_data(budget=budget, data=data)
    assert chart.source == "SHOOT_DAYS" and [p.label for p in chart.points][1:4] == [
        "Day 1", "Day 2", "Day 3"]
    services.global_update(item=budget.globals.get(name="SHOOT_DAYS"), expression="0")
    html = client.get(reverse("budgets:costs", args=[production.pk, budget.pk])
                      ).content.decode()
    assert 'data-testid="burn-empty"' in html and "No shoot days yet" in html


@pytest.mark.django_db
def test_burn_through_the_api_money_as_strings(producer, accountant, crew_user, production,
                                               three_day_board):
    from tests.conftest import api_as

    budget, _ = tiny_budget(production)
    path = f"/api/v1/productions/{production.pk}/budget-cost-reports/{budget.pk}/burn/"
    body = api_as(accountant).get(path, {"as_of": "2026-03-05"}).json()
    assert body["source"] == "the active board" and body["problem"] == ""
    assert body["points"][1] == {"key": "day", "label": "Day 1", "day": 1,
                                 "start": "2026-03-02", "end": "2026-03-02",
                                 "planned": "2400.00", "actual": "0.00"}
    assert api_as(crew_user).get(path).status_code == 403


@pytest.mark.django_db
def test_hot_cost_of_a_shoot_day_against_its_plan(client, producer, production,
                                                  three_day_board):
    budget, accounts = tiny_budget(production)
    cost_services.actual_record(budget=budget, account=accounts["btl"], vendor="V",
                                amount="1450", date=date(2026, 3, 4))
    client.force_login(producer)
    url = reverse("budgets:costs", args=[production.pk, budget.pk])
    html = client.get(url, {"as_of": "2026-03-04", "period": "day"}).content.decode()
    # Day 2 plans 1,300.00 (DP 1,000 + package 200 + UPM 100); 1,450.00 was spent.
    assert "Day 2: spent" in html
    assert 'data-testid="hot-spent">1,450.00<' in html
    assert 'data-testid="hot-planned">1,300.00<' in html
    holiday = client.get(url, {"as_of": "2026-03-03", "period": "day"}).content.decode()
    assert "Hot cost for Tue 3 Mar 2026" in holiday and "hot-planned" not in holiday


@pytest.mark.django_db
def test_an_absurd_shoot_day_count_is_said_not_drawn(production):
    budget, _ = tiny_budget(production)
    services.global_update(item=budget.globals.get(name="SHOOT_DAYS"), expression="1000000")
    services.global_update(item=budget.globals.get(name="WRAP_DAYS"), expression="-4")
    data = cost_selectors.cost_report_data(budget=budget, as_of=date(2026, 3, 5))
    chart = cost_selectors.burn_data(budget=budget, data=data)
    assert chart.points == [] and "1,000,000 shoot days" in chart.problem
