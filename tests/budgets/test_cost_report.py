"""The cost report engine, worked by hand."""

from datetime import date
from decimal import Decimal as D

from budgets import cost_report as cr


def test_etc_defaults_to_budget_minus_cost_to_date():
    # budget 10,000; actuals 3,000; open PO remainder 2,500 -> cost to date 5,500
    figures = cr.account_figures(budget=D("10000.00"), actual_to_date=D("3000.00"),
                                 commitments=D("2500.00"))
    assert figures.cost_to_date == D("5500.00")
    assert figures.etc == D("4500.00")
    assert figures.efc == D("10000.00")
    assert figures.variance == D("0.00")
    assert figures.percent_spent == D("30.0")


def test_etc_is_never_below_zero_so_an_overspent_account_shows_its_overage():
    figures = cr.account_figures(budget=D("1000.00"), actual_to_date=D("1200.50"))
    assert figures.etc == D("0")
    assert figures.efc == D("1200.50")
    assert figures.variance == D("200.50")
    assert figures.percent_spent == D("120.1")  # 120.05 rounds half up
    assert figures.over


def test_an_etc_override_replaces_the_default():
    figures = cr.account_figures(budget=D("10000.00"), actual_to_date=D("3000.00"),
                                 etc_override=D("9000.00"))
    assert figures.etc == D("9000.00") and figures.etc_override
    assert figures.efc == D("12000.00")
    assert figures.variance == D("2000.00")


def test_a_zero_override_is_an_override():
    figures = cr.account_figures(budget=D("500.00"), actual_to_date=D("100.00"),
                                 etc_override=D("0.00"))
    assert figures.efc == D("100.00")
    assert figures.variance == D("-400.00")


def test_percent_spent_is_none_without_a_budget():
    assert cr.account_figures(budget=D("0"), actual_to_date=D("5.00")).percent_spent is None


def test_currency_conversion_rounds_once_half_up():
    # 1,234.57 EUR at 1.08235 USD/EUR = 1,336.2359... -> 1,336.24
    assert cr.convert(D("1234.57"), D("1.08235"), "USD") == D("1336.24")
    # 0.005 exactly rounds up
    assert cr.convert(D("0.01"), D("0.5"), "USD") == D("0.01")
    # yen have no minor unit: 100 USD at 151.235 JPY/USD = 15,123.5 -> 15,124
    assert cr.convert(D("100.00"), D("151.235"), "JPY") == D("15124")
    assert cr.convert(D("-50.00"), D("1.1"), "USD") == D("-55.00")


def test_commitments_are_open_po_remainders_never_below_zero():
    pos = [cr.PurchaseOrderIn(1, "a", D("1000.00"), False),
           cr.PurchaseOrderIn(2, "a", D("500.00"), False),
           cr.PurchaseOrderIn(3, "a", D("800.00"), True),
           cr.PurchaseOrderIn(4, "b", D("300.00"), False)]
    spent = {1: D("400.00"), 2: D("650.00"), 3: D("100.00")}
    assert cr.commitments(pos, spent) == {"a": D("600.00"), "b": D("300.00")}


def test_periods_start_on_monday_or_on_the_day():
    wednesday = date(2026, 11, 25)
    assert cr.period_start(wednesday) == date(2026, 11, 23)
    assert cr.period_start(wednesday, "day") == wednesday


def test_a_report_rolls_accounts_up_to_categories_levels_and_the_top_sheet():
    report = cr.cost_report(
        categories=[("c1", "atl"), ("c2", "btl")],
        accounts=[("a1", "c1"), ("a2", "c2"), ("a3", "c2")],
        budgets={"a1": D("5000.00"), "a2": D("2000.00"), "a3": D("1000.00")},
        this_period={"a2": D("300.00")},
        actual_to_date={"a1": D("1000.00"), "a2": D("2100.00"), "a3": D("250.00")},
        commitments={"a3": D("100.00")},
        etc_overrides={"a1": D("4500.00")},
    )
    # a1: ctd 1000, etc 4500 (override) efc 5500 var +500
    # a2: ctd 2100, etc 0 efc 2100 var +100
    # a3: ctd 350, etc 650 efc 1000 var 0
    assert report.accounts["a1"].variance == D("500.00")
    assert report.accounts["a2"].efc == D("2100.00")
    assert report.accounts["a3"].etc == D("650.00")
    c2 = report.categories["c2"]
    assert (c2.budget, c2.this_period, c2.actual_to_date, c2.commitments, c2.etc, c2.efc,
            c2.variance) == (D("3000.00"), D("300.00"), D("2350.00"), D("100.00"),
                             D("650.00"), D("3100.00"), D("100.00"))
    assert report.levels["atl"].efc == D("5500.00")
    assert report.levels["post"].efc == D("0")
    assert report.levels["post"].as_strings()["efc"] == "0.00"  # printed in cents
    assert report.accounts["a2"].as_strings()["etc"] == "0.00"
    total = report.total
    assert (total.budget, total.efc, total.variance) == (D("8000.00"), D("8600.00"),
                                                         D("600.00"))
    assert total.percent_spent == D("41.9")  # 3350 / 8000 = 41.875%
    assert total.as_strings()["variance"] == "600.00"


def test_figures_print_in_the_currency_minor_unit():
    report = cr.cost_report(categories=[("c", "btl")], accounts=[("a", "c")],
                            budgets={"a": D("1000")}, this_period={}, actual_to_date={},
                            commitments={}, etc_overrides={}, currency="JPY")
    assert report.accounts["a"].as_strings()["commitments"] == "0"
    assert report.total.as_strings()["efc"] == "1000"
