from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from budgets import services
from budgets.charts import CHARTS
from budgets.models import Budget, BudgetVersion, Global, LineItem
from budgets.selectors import budget_calculate

from .factories import budget_for, first_account, simple_budget

pytestmark = pytest.mark.django_db


def snapshot(budget):
    budget.refresh_from_db()
    return (budget.version, budget.status,
            list(LineItem.objects.filter(budget=budget).order_by("pk").values()),
            list(Global.objects.filter(budget=budget).order_by("pk").values()))


@pytest.mark.parametrize("template", sorted(CHARTS))
def test_every_chart_of_accounts_makes_a_working_budget(production, template):
    budget = budget_for(production, template=template)
    chart = CHARTS[template]
    assert budget.categories.count() == len(chart.categories)
    assert budget.accounts.count() == sum(len(c[3]) for c in chart.categories)
    assert budget.fringes.count() == len(chart.fringes)
    assert budget.charges.count() == len(chart.charges)
    assert {c.level for c in budget.categories.all()} == {"atl", "btl", "post", "other"}
    result = budget_calculate(budget=budget).result
    assert result.global_errors == {}
    assert result.grand_total == D("0")


def test_feature_chart_numbers_and_schedule_globals(production):
    budget = budget_for(production, template="feature")
    assert budget.accounts.get(number="1101").name == "Rights purchase"
    assert budget.categories.get(number="1400").name == "Cast"
    shoot = budget.globals.get(name="SHOOT_DAYS")
    assert (shoot.source, shoot.schedule_key) == ("schedule", "SHOOT_DAYS")
    contingency = budget.charges.get(name="Contingency")
    assert {a.number for a in contingency.excluded_accounts.all()} == {"6701", "6702"}


def test_totals_through_the_database(production):
    budget = simple_budget(production)
    result = budget_calculate(budget=budget).result
    # DP: 20 x 1 x 1,000 = 20,000.00 + FICA 1,530.00; package 5,000.00
    assert result.subtotal == D("25000.00")
    assert result.fringe_total == D("1530.00")
    assert result.grand_total == D("26530.00")


def test_every_write_bumps_the_version(production):
    budget = simple_budget(production)
    version = budget.version
    line = budget.lines.first()
    services.line_update(line=line, rate="1100", expected_version=version)
    budget.refresh_from_db()
    assert budget.version == version + 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(production):
    budget = simple_budget(production)
    line = budget.lines.first()
    services.line_update(line=line, rate="1100", expected_version=budget.version)
    before = snapshot(budget)
    with pytest.raises(services.BudgetConflict) as caught:
        services.line_update(line=line, rate="1", expected_version=before[0] - 1)
    assert caught.value.current_version == before[0]
    assert snapshot(budget) == before


def test_a_locked_budget_refuses_edits(production):
    budget = simple_budget(production)
    services.budget_set_status(budget=budget, status="locked")
    before = snapshot(budget)
    line = budget.lines.first()
    with pytest.raises(ValidationError, match="locked"):
        services.line_update(line=line, rate="1")
    with pytest.raises(ValidationError, match="locked"):
        services.global_create(budget=budget, name="X", expression="1")
    assert snapshot(budget) == before
    services.budget_set_status(budget=budget, status="draft")
    services.line_update(line=line, rate="1")


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"rate": "abc"}, {"rate": ["Unknown name “abc”: define it as a global."]}),
        ({"rate": "12..5"}, {"rate": ["Unexpected “.5”."]}),
        ({"amount": "SHOOT_DAYS *"}, {"amount": ["The formula ends too early."]}),
        ({"rate": "-5"}, {"rate": ["A rate cannot be negative."]}),
        ({"rate": "99999999999"}, {"rate": ["This value is out of range."]}),
        ({"amount": "900000000", "rate": "900000"},
         {"rate": ["The line's subtotal is out of range."]}),
        ({"multiplier": "1/0"}, {"multiplier": ["Division by zero."]}),
    ],
)
def test_bad_line_values_are_refused_and_change_nothing(production, fields, errors):
    budget = simple_budget(production)
    before = snapshot(budget)
    with pytest.raises(ValidationError) as caught:
        services.line_update(line=budget.lines.first(), **fields)
    assert caught.value.message_dict == errors
    assert snapshot(budget) == before


def test_a_line_in_another_budgets_account_is_refused(production):
    budget = simple_budget(production)
    other = simple_budget(production, name="Other")
    before = snapshot(budget)
    with pytest.raises(ValidationError, match="another budget"):
        services.line_create(budget=budget, account=first_account(other), description="X")
    with pytest.raises(ValidationError, match="another budget"):
        services.line_update(line=budget.lines.first(), account=first_account(other))
    with pytest.raises(ValidationError, match="another budget"):
        services.line_update(line=budget.lines.first(), fringes=other.fringes.all())
    assert snapshot(budget) == before


def test_a_crew_member_of_another_production_cannot_be_linked(production, other_production):
    budget = simple_budget(production)
    with pytest.raises(ValidationError, match="another production"):
        services.line_update(line=budget.lines.first(),
                             crew_member=other_production.crew.first())


def test_global_cycles_and_breaking_lines_are_refused(production):
    budget = simple_budget(production)
    services.global_create(budget=budget, name="A", expression="SHOOT_DAYS + 1")
    before = snapshot(budget)
    with pytest.raises(ValidationError) as caught:
        services.global_update(item=budget.globals.get(name="SHOOT_DAYS"), expression="A * 2")
    assert caught.value.message_dict == {
        "expression": ["A: Circular reference: A -> SHOOT_DAYS -> A."]}
    with pytest.raises(ValidationError, match="Unknown name “NOPE”"):
        services.global_create(budget=budget, name="B", expression="NOPE + 1")
    assert snapshot(budget) == before


def test_deleting_a_global_a_line_uses_is_refused(production):
    budget = simple_budget(production)
    before = snapshot(budget)
    with pytest.raises(ValidationError) as caught:
        services.global_delete(item=budget.globals.get(name="SHOOT_DAYS"))
    assert caught.value.message_dict == {"expression": [
        "The line “DP” would break: Unknown name “SHOOT_DAYS”: define it as a global."]}
    assert snapshot(budget) == before


def test_the_schedule_moves_globals_and_marks_lines(production):
    budget = simple_budget(production)
    dp = budget.lines.get(description="DP")
    summary = services.globals_apply_schedule(budget=budget, values={"SHOOT_DAYS": D("25"),
                                                                    "PREP_DAYS": D("9")})
    # 5 more days at 1,000 plus FICA 7.65% = 5,382.50
    assert summary["globals"] == {"SHOOT_DAYS": {"from": "20", "to": "25"}}
    assert summary["lines"] == {dp.pk: D("5382.50")}
    assert summary["grand_total_change"] == D("5382.50")
    dp.refresh_from_db()
    assert dp.schedule_change == D("5382.50")
    assert budget.lines.get(description="Camera package").schedule_change is None
    # Again with the same values: nothing moves.
    assert services.globals_apply_schedule(budget=budget,
                                           values={"SHOOT_DAYS": D("25")})["lines"] == {}
    services.globals_apply_schedule(budget=budget, values={"SHOOT_DAYS": D("24")})
    dp.refresh_from_db()
    assert dp.schedule_change == D("4306.00")
    services.line_update(line=dp, description="DP (reviewed)")
    dp.refresh_from_db()
    assert dp.schedule_change is None


def test_manual_globals_ignore_the_schedule(production):
    budget = simple_budget(production)
    services.global_update(item=budget.globals.get(name="SHOOT_DAYS"), source="manual",
                           schedule_key="")
    summary = services.globals_apply_schedule(budget=budget, values={"SHOOT_DAYS": D("99")})
    assert summary["globals"] == {}


def test_versions_snapshot_totals_and_the_original_is_locked(production, producer):
    budget = simple_budget(production)
    original = services.version_create(budget=budget, name="Original", by=producer, locked=True)
    assert original.grand_total == D("26530.00")
    assert original.snapshot["accounts"][0]["total"] == "26530.00"
    services.line_update(line=budget.lines.get(description="DP"), rate="2000")
    assert budget_calculate(budget=budget).result.grand_total > original.grand_total
    original.refresh_from_db()
    assert original.grand_total == D("26530.00")
    with pytest.raises(ValidationError, match="original"):
        services.version_delete(version=original)
    with pytest.raises(ValidationError, match="locked"):
        services.version_update(version=original, name="Renamed")
    assert BudgetVersion.objects.get(pk=original.pk).name == "Original"


def test_budget_names_are_unique_per_production(production):
    budget_for(production, name="Main")
    with pytest.raises(ValidationError):
        budget_for(production, name="Main")
    assert Budget.objects.filter(production=production).count() == 1


def _consistent(budget):
    """Stored line figures and the aggregate roll-up agree with a full engine run."""
    from budgets.selectors import budget_rollup

    budget.refresh_from_db()
    result = budget_calculate(budget=budget).result
    for pk, subtotal, fringe_total in budget.lines.values_list("id", "subtotal", "fringe_total"):
        assert (subtotal, fringe_total) == (result.lines[pk].subtotal,
                                            result.lines[pk].fringe_total), pk
    rolled = budget_rollup(budget=budget).totals
    assert rolled.accounts == result.accounts
    assert rolled.categories == result.categories
    assert rolled.charges == result.charges
    assert rolled.grand_total == result.grand_total
    return result.grand_total


def test_stored_figures_follow_every_kind_of_write(production):
    budget = budget_for(production, template="feature")
    account = budget.accounts.get(number="3201")
    fica, medi = budget.fringes.get(code="FICA"), budget.fringes.get(code="MEDI")
    services.line_create(budget=budget, account=account, description="DP",
                         amount="SHOOT_DAYS", rate="1234.56", fringes=[fica, medi])
    line = services.line_create(budget=budget, account=budget.accounts.get(number="1101"),
                                description="Rights", amount="1", unit="flat", rate="50000")
    totals = [_consistent(budget)]
    services.line_update(line=line, rate="60000.01", fringes=[medi])
    totals.append(_consistent(budget))
    services.global_update(item=budget.globals.get(name="SHOOT_DAYS"), expression="33")
    totals.append(_consistent(budget))
    services.fringe_update(fringe=fica, rate="7", cutoff="20000")
    totals.append(_consistent(budget))
    services.fringe_delete(fringe=medi)
    totals.append(_consistent(budget))
    services.globals_apply_schedule(budget=budget, values={"SHOOT_DAYS": D("40")})
    totals.append(_consistent(budget))
    services.lines_import(budget=budget, rows=[
        (2, {"account": "3201", "description": "AC", "amount": "SHOOT_WEEKS", "unit": "weeks",
             "rate": "2100.10", "fringes": "FICA SUI"})])
    totals.append(_consistent(budget))
    services.budget_update(budget=budget, currency="JPY")
    totals.append(_consistent(budget))
    assert len(set(totals)) == len(totals)  # each write moved the total


def test_cast_work_and_hold_days_from_the_schedule_reprice_every_draft_budget(production):
    draft = simple_budget(production)
    locked = simple_budget(production, name="Locked")
    for budget in (draft, locked):
        services.global_create(budget=budget, name="ANNA_WORK", expression="10",
                               source="schedule", schedule_key="CAST_WORK_DAYS:1")
        services.global_create(budget=budget, name="ANNA_HOLD", expression="0",
                               source="schedule", schedule_key="CAST_HOLD_DAYS:1")
        services.line_create(budget=budget, account=first_account(budget),
                             description="Anna", amount="ANNA_WORK + ANNA_HOLD", rate="900")
    services.budget_set_status(budget=locked, status="locked")
    summaries = services.production_schedule_changed(
        production=production,
        values={"CAST_WORK_DAYS:1": D("12"), "CAST_HOLD_DAYS:1": D("2"), "SHOOT_DAYS": D("20")})
    assert set(summaries) == {draft.pk}
    anna = draft.lines.get(description="Anna")
    # 10 -> 14 paid days at 900.00
    assert summaries[draft.pk]["lines"] == {anna.pk: D("3600.00")}
    assert summaries[draft.pk]["globals"] == {"ANNA_WORK": {"from": "10", "to": "12"},
                                              "ANNA_HOLD": {"from": "0", "to": "2"}}
    assert locked.lines.get(description="Anna").schedule_change is None


def test_the_schedule_hook_reprices_budgets(production):
    hooks = pytest.importorskip("scheduling.hooks")
    budget = simple_budget(production)
    hooks.schedule_changed.send(production=production, values={"SHOOT_DAYS": D("21")})
    assert budget.lines.get(description="DP").schedule_change == D("1076.50")
