import csv
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import services
from budgets.models import LineItem
from budgets.selectors import budget_calculate

from .factories import budget_for, first_account, simple_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_producer(client, producer):
    client.force_login(producer)
    return client


def test_budget_pages_are_for_money_roles_only(client, crew_user, outsider, production):
    budget = simple_budget(production)
    client.force_login(crew_user)
    assert client.get(reverse("budgets:list", args=[production.pk])).status_code == 403
    assert client.get(reverse("budgets:topsheet", args=[production.pk, budget.pk])
                      ).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("budgets:topsheet", args=[production.pk, budget.pk])
                      ).status_code == 404


def test_the_nav_links_to_budgets_and_lights_up(as_producer, production):
    budget = simple_budget(production)
    page = as_producer.get(reverse("budgets:topsheet", args=[production.pk, budget.pk]))
    html = page.content.decode()
    link = reverse("budgets:list", args=[production.pk])
    assert f'nav__item is-active" href="{link}"' in html


def test_create_a_budget_from_a_chart(as_producer, production):
    response = as_producer.post(reverse("budgets:list", args=[production.pk]),
                                {"name": "Main", "template": "commercial", "currency": "EUR"})
    budget = production.budgets.get()
    assert response.status_code == 302
    assert (budget.currency, budget.categories.count()) == ("EUR", 15)


def test_the_top_sheet_shows_levels_fringes_charges_and_the_chart(as_producer, production):
    budget = simple_budget(production)
    services.charge_create(budget=budget, name="Contingency", percent="10")
    html = as_producer.get(reverse("budgets:topsheet", args=[production.pk, budget.pk])
                           ).content.decode()
    for text in ["Above the line", "Below the line", "Camera crew", "25,000.00", "1,530.00",
                 "Contingency", "2,653.00", "29,183.00", "Where the money goes"]:
        assert text in html, text


def test_an_inline_edit_answers_the_row_and_every_total_it_moved(as_producer, production):
    budget = simple_budget(production)
    dp = budget.lines.get(description="DP")
    response = as_producer.post(
        reverse("budgets:line_edit", args=[production.pk, dp.pk]),
        {"description": "DP", "amount": "SHOOT_DAYS", "unit": "days", "multiplier": "1",
         "rate": "1100", "fringes": "fica", "budget_version": budget.version},
        HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    # 22,000.00 + FICA 1,683.00 + package 5,000.00
    assert f'id="line-{dp.pk}"' in html
    assert ('<strong id="account-total" data-testid="account-total" hx-swap-oob="true">'
            '28,683.00</strong>') in html
    assert ('<span id="grand-total" data-testid="grand-total" hx-swap-oob="true">28,683.00'
            '</span>') in html
    assert f'value="{budget.version + 1}" hx-swap-oob="true"' in html
    assert budget_calculate(budget=budget).result.grand_total == D("28683.00")


def test_a_stale_or_invalid_inline_edit_says_why_and_changes_nothing(as_producer, production):
    budget = simple_budget(production)
    dp = budget.lines.get(description="DP")
    before = list(LineItem.objects.order_by("pk").values())
    url = reverse("budgets:line_edit", args=[production.pk, dp.pk])
    row = {"description": "DP", "amount": "SHOOT_DAYS", "unit": "days", "multiplier": "1",
           "fringes": "FICA"}
    stale = as_producer.post(url, {**row, "rate": "5", "budget_version": budget.version - 1})
    assert "Someone else changed this budget" in stale.content.decode()
    bad = as_producer.post(url, {**row, "rate": "5 +", "budget_version": budget.version})
    assert "The formula ends too early." in bad.content.decode()
    assert 'value="5 +"' in bad.content.decode()  # what they typed stays in the cell
    unknown = as_producer.post(url, {**row, "fringes": "NOPE", "rate": "5"})
    assert "No fringe NOPE in this budget." in unknown.content.decode()
    assert list(LineItem.objects.order_by("pk").values()) == before


def test_a_locked_budget_shows_no_editor(as_producer, production):
    budget = simple_budget(production)
    services.budget_set_status(budget=budget, status="locked")
    html = as_producer.get(reverse("budgets:account", args=[production.pk,
                                                            first_account(budget).pk])
                           ).content.decode()
    assert "cell-input" not in html
    assert "Locked" in html


@pytest.mark.parametrize("name", ["topsheet", "account", "setup", "list", "versions"])
def test_page_query_count_does_not_grow_with_lines(as_producer, production, name):
    budget = budget_for(production, template="short")
    account = first_account(budget)
    args = {"topsheet": [production.pk, budget.pk], "account": [production.pk, account.pk],
            "setup": [production.pk, budget.pk], "list": [production.pk],
            "versions": [production.pk, budget.pk]}[name]
    url = reverse(f"budgets:{name}", args=args)

    def add(n):
        for i in range(n):
            services.line_create(budget=budget, account=account, description=f"L{i}",
                                 rate="10", fringes=budget.fringes.all())

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    one = queries()
    add(40)
    assert queries() == one


def _hostile(production):
    budget = simple_budget(production)
    services.line_create(budget=budget, account=first_account(budget),
                         description="=HYPERLINK(\"http://evil\")", notes="@SUM(A1)", rate="1")
    return budget


def test_xlsx_export_has_three_sheets_numbers_and_no_formulas(as_producer, production):
    from openpyxl import load_workbook

    budget = _hostile(production)
    response = as_producer.get(reverse("budgets:export", args=[production.pk, budget.pk]),
                               {"type": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Top sheet", "Accounts", "Detail lines"]
    details = list(workbook["Detail lines"].iter_rows(values_only=True))
    assert details[0][:6] == ("Account", "Description", "Amount", "Unit", "X", "Rate")
    hostile = next(row for row in details if "HYPERLINK" in str(row[1]))
    assert hostile[1] == "'=HYPERLINK(\"http://evil\")"
    assert hostile[-1] == "'@SUM(A1)"
    dp = next(row for row in details if row[1] == "DP")
    assert dp[2] == "SHOOT_DAYS" and dp[-2] == 21530
    assert workbook["Top sheet"].cell(row=1, column=1).value == "Level"


def test_csv_export_neutralises_formulas(as_producer, production):
    budget = _hostile(production)
    response = as_producer.get(reverse("budgets:export", args=[production.pk, budget.pk]),
                               {"type": "csv", "part": "details"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[3][:2] == ["2001", "'=HYPERLINK(\"http://evil\")"]
    assert rows[3][-1] == "'@SUM(A1)"
    top = as_producer.get(reverse("budgets:export", args=[production.pk, budget.pk]),
                          {"type": "csv", "part": "topsheet"}).content.decode("utf-8-sig")
    assert "Grand total" in top


def test_top_sheet_pdf(as_producer, production):
    budget = simple_budget(production)
    response = as_producer.get(reverse("budgets:pdf", args=[production.pk, budget.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _upload(rows, name="lines.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def test_import_adds_every_line_or_none(as_producer, production):
    budget = simple_budget(production)
    url = reverse("budgets:import", args=[production.pk, budget.pk])
    header = ["Account", "Description", "Amount", "Unit", "X", "Rate", "Fringes", "Notes"]
    bad = as_producer.post(url, {"file": _upload([
        header,
        ["2001", "Focus puller", "SHOOT_DAYS", "days", "1", "450", "FICA", ""],
        ["9999", "Nowhere", "1", "days", "1", "1", "", ""],
        ["2001", "Typo", "1", "fortnights", "1", "abc", "XYZ", ""],
    ])})
    html = bad.content.decode()
    assert "Nothing was imported" in html
    assert "Row 3: Account: no account “9999” in this budget." in html
    assert "Row 4: Unit: “fortnights” is not one of" in html
    assert "Row 4: Fringes: no fringe XYZ in this budget." in html
    assert "Row 4: Rate: Unknown name “abc”: define it as a global." in html
    assert budget.lines.count() == 2
    good = as_producer.post(url, {"file": _upload([
        header,
        ["2001", "Focus puller", "SHOOT_DAYS", "days", "1", "450", "FICA", ""],
        ["2001", "Loader", "SHOOT_DAYS", "days", "1", "350", "", "'=not a formula"],
    ])})
    assert good.status_code == 302
    assert budget.lines.count() == 4
    loader = budget.lines.get(description="Loader")
    assert loader.notes == "=not a formula"
    assert budget.lines.get(description="Focus puller").fringes.get().code == "FICA"


def test_an_export_imports_back(as_producer, production):
    budget = simple_budget(production)
    export = as_producer.get(reverse("budgets:export", args=[production.pk, budget.pk]),
                             {"type": "xlsx"})
    other = simple_budget(production, name="Copy")
    LineItem.objects.filter(budget=other).delete()
    upload = SimpleUploadedFile("budget.xlsx", export.content)
    response = as_producer.post(reverse("budgets:import", args=[production.pk, other.pk]),
                                {"file": upload})
    assert response.status_code == 302, response.content.decode()
    assert budget_calculate(budget=other).result.grand_total == D("26530.00")


def test_versions_compare_page_and_export(as_producer, production, producer):
    budget = simple_budget(production)
    original = services.version_create(budget=budget, name="Original", by=producer, locked=True)
    services.line_update(line=budget.lines.get(description="Camera package"), rate="4000")
    url = reverse("budgets:compare", args=[production.pk, budget.pk])
    html = as_producer.get(url, {"v": [original.pk, "current"]}).content.decode()
    assert "Original vs" not in html and "Current vs Original" in html
    assert "-1,000.00" in html
    export = as_producer.get(url, {"v": [original.pk, "current"], "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["Account", "Name", "Original", "Current", "Current vs Original"]
    assert rows[1] == ["2001", "Camera crew", "26530.00", "25530.00", "-1000.00"]


def test_schedule_changes_are_shown_on_the_top_sheet_until_reviewed(as_producer, production):
    budget = simple_budget(production)
    services.globals_apply_schedule(budget=budget, values={"SHOOT_DAYS": D("22")})
    url = reverse("budgets:topsheet", args=[production.pk, budget.pk])
    html = as_producer.get(url).content.decode()
    # 2 more days at 1,000.00 plus FICA 7.65%
    assert "The schedule changed this budget by +2,153.00 USD." in html
    assert "+2,153.00 by schedule" in html
    account_html = as_producer.get(reverse("budgets:account", args=[
        production.pk, first_account(budget).pk])).content.decode()
    assert "is-schedule-changed" in account_html
    as_producer.post(reverse("budgets:schedule_reviewed", args=[production.pk, budget.pk]))
    assert "The schedule changed" not in as_producer.get(url).content.decode()


def test_a_new_line_can_take_a_crew_members_rate(as_producer, populated):
    production = populated
    budget = simple_budget(production)
    gaffer = production.crew.get(position="Gaffer")
    as_producer.post(reverse("budgets:line_create", args=[production.pk,
                                                          first_account(budget).pk]),
                     {"description": "Gaffer", "amount": "SHOOT_DAYS", "unit": "days",
                      "multiplier": "1", "rate": "", "person": f"crew:{gaffer.pk}"})
    line = budget.lines.get(description="Gaffer")
    assert (line.crew_member, line.rate, line.subtotal) == (gaffer, "650.00", D("13000.00"))
    html = as_producer.get(reverse("budgets:account", args=[production.pk,
                                                            first_account(budget).pk]))
    assert f"{gaffer.person.name} · Gaffer" in html.content.decode()


@pytest.mark.parametrize(("name", "query"), [("pdf", {}), ("export", {"type": "xlsx"}),
                                             ("export", {"type": "csv", "part": "details"})])
def test_export_query_count_does_not_grow_with_lines(as_producer, production, name, query):
    budget = budget_for(production, template="short")
    account = first_account(budget)
    url = reverse(f"budgets:{name}", args=[production.pk, budget.pk])

    def add(n):
        for i in range(n):
            services.line_create(budget=budget, account=account, description=f"L{i}",
                                 rate="10", fringes=budget.fringes.all())

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert as_producer.get(url, query).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    one = queries()
    add(40)
    assert queries() == one


def test_setup_edits_fringes_categories_and_charges(as_producer, production):
    budget = simple_budget(production)
    charge = services.charge_create(budget=budget, name="Bond", percent="2")
    fica = budget.fringes.get()
    category = budget.categories.get()
    setup = reverse("budgets:setup", args=[production.pk, budget.pk])
    as_producer.post(reverse("budgets:fringe_edit", args=[production.pk, fica.pk]),
                     {"code": "FICA", "name": "Social Security", "kind": "percent",
                      "rate": "6.2", "cutoff": "10000"})
    # DP: 6.2% of 20,000.00 capped at 10,000.00 = 620.00
    assert budget_calculate(budget=budget).result.fringe_total == D("620.00")
    assert budget.lines.get(description="DP").fringe_total == D("620.00")
    bad = as_producer.post(reverse("budgets:fringe_edit", args=[production.pk, fica.pk]),
                           {"code": "FICA", "name": "S", "kind": "percent", "rate": "101"},
                           follow=True)
    assert "A percentage fringe is at most 100%." in bad.content.decode()
    as_producer.post(reverse("budgets:category_edit", args=[production.pk, category.pk]),
                     {"number": "2100", "name": "Camera", "level": "btl"})
    category.refresh_from_db()
    assert (category.number, category.name) == ("2100", "Camera")
    refused = as_producer.post(reverse("budgets:category_delete",
                                       args=[production.pk, category.pk]), follow=True)
    assert "detail lines first." in refused.content.decode()
    assert budget.categories.filter(pk=category.pk).exists()
    as_producer.post(reverse("budgets:charge_delete", args=[production.pk, charge.pk]))
    assert not budget.charges.exists()
    html = as_producer.get(setup).content.decode()
    assert "value=\"2100\"" in html and "Bond deleted." in html and "Bond</td>" not in html
