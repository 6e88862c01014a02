"""Cost report benchmark: a 3,000-line budget with 20,000 actuals and 600 purchase orders.

Times (median of several runs) and query counts for: the pure cost report engine;
loading the figures from the database and building the report; the cost report
through the API (JSON) and as a page. Query counts are also taken on a budget a
tenth the size, to show they do not grow with lines or actuals.

Needs PostgreSQL on 127.0.0.1 (as on the CI machine); uses its own database.
Run: `.venv/bin/python bench/cost_bench.py` (writes the "Cost report" section of RESULTS.md).
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import budget_bench  # noqa: E402  (sets the environment and builds budgets)

budget_bench.DB_NAME = DB_NAME = "apcrew_cost_bench"
os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
LINES = int(os.environ.get("BENCH_LINES", 3000))
ACTUALS = int(os.environ.get("BENCH_ACTUALS", 20000))
POS = 600
TARGET_MS = 300
AS_OF = date(2026, 11, 25)


def add_costs(budget, actuals: int, pos: int) -> float:
    """POs one by one through the service, then the actuals in 5,000-row imports; returns
    the slowest import's seconds."""
    from budgets import cost_services

    rng = random.Random(2)
    accounts = list(budget.accounts.values_list("number", "id"))
    start = AS_OF - timedelta(days=120)
    for n in range(pos):
        account_id = accounts[n % len(accounts)][1]
        cost_services.po_create(budget=budget, account=budget.accounts.get(pk=account_id),
                                number=f"PO-{n}", vendor=f"Vendor {n % 40}",
                                amount=f"{rng.randint(500, 50000)}.00",
                                date=start + timedelta(days=n % 100))
    po_account = {f"PO-{n}": accounts[n % len(accounts)][0] for n in range(pos)}
    rows = []
    for n in range(actuals):
        with_po = n % 5 == 0
        po = f"PO-{rng.randrange(pos)}" if with_po else ""
        currency, rate = ("EUR", "1.08235") if n % 7 == 0 else ("", "")
        credit = n % 97 == 0
        amount = f"{rng.randint(10, 3000)}.{rng.randint(0, 99):02d}"
        rows.append((n + 2, {
            "account": po_account[po] if po else rng.choice(accounts)[0],
            "vendor": f"Vendor {n % 40}", "date": str(start + timedelta(days=n % 121)),
            "amount": f"-{amount}" if credit else amount, "currency": currency, "rate": rate,
            "reference": f"GL-{n}", "po": po, "credit": "yes" if credit else "",
        }))
    seconds = []
    for chunk in range(0, len(rows), 5000):
        started = time.perf_counter()
        cost_services.actuals_import(budget=budget, rows=rows[chunk:chunk + 5000])
        seconds.append(time.perf_counter() - started)
    assert budget.actuals.count() == actuals
    return max(seconds)


def main() -> None:
    budget_bench.recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse
    from rest_framework.test import APIClient

    from budgets import cost_report as cr
    from budgets import cost_selectors
    from productions.services import production_create

    call_command("migrate", verbosity=0)
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench@example.com", password="x" * 12)
    production = production_create(user=user, title="Bench")
    budget = budget_bench.build(production, LINES, "Big")
    start = time.perf_counter()
    import_seconds = add_costs(budget, ACTUALS, POS)
    build_seconds = time.perf_counter() - start
    small = budget_bench.build(production, LINES // 10, "Small")
    add_costs(small, ACTUALS // 10, POS // 10)

    def count(run) -> int:
        with CaptureQueriesContext(connection) as ctx:
            run()
        return len(ctx.captured_queries)

    # 1. The pure engine over figures already loaded.
    data = cost_selectors.cost_report_data(budget=budget, as_of=AS_OF)
    budgets = cost_selectors.account_budgets(budget=budget)
    period, to_date, committed = cost_selectors.account_costs(
        budget=budget, as_of=AS_OF, start=cr.period_start(AS_OF))
    inputs = {"categories": [(c.pk, c.level) for c in data.categories],
              "accounts": [(a.pk, a.category_id) for a in data.accounts],
              "budgets": budgets, "this_period": period, "actual_to_date": to_date,
              "commitments": committed,
              "etc_overrides": {}}
    engine = budget_bench.median_ms(lambda: cr.cost_report(**inputs), 30)

    # 2. Load from the database and build the report.
    def load(b=budget):
        return cost_selectors.cost_report_data(budget=b, as_of=AS_OF)

    loaded = budget_bench.median_ms(load, 10)

    # 2b. The burn chart by shoot day (spreads 3,000 lines over the schedule).
    def burn(b=budget):
        b = type(b).objects.select_related("production").get(pk=b.pk)
        return cost_selectors.burn_data(budget=b, data=cost_selectors.cost_report_data(
            budget=b, as_of=AS_OF))

    burn_ms = budget_bench.median_ms(burn, 10)
    burn_points = len(burn().points)

    # 3. The API (JSON) and 4. the page.
    api = APIClient()
    api.force_authenticate(user)
    client = Client()
    client.force_login(user)

    def api_get(b=budget):
        response = api.get(f"/api/v1/productions/{production.pk}/budget-cost-reports/{b.pk}/",
                           {"as_of": str(AS_OF)})
        assert response.status_code == 200
        return response

    def page(b=budget):
        response = client.get(reverse("budgets:costs", args=[production.pk, b.pk]),
                              {"as_of": str(AS_OF)})
        assert response.status_code == 200

    api_get()
    page()
    api_ms = budget_bench.median_ms(api_get, 10)
    page_ms = budget_bench.median_ms(page, 10)
    total = api_get().json()["total"]

    rows = [
        ("Cost report, pure engine", engine, None, "0", "0"),
        ("Load from the database and build the report", loaded, TARGET_MS,
         str(count(load)), str(count(lambda: load(small)))),
        (f"Report + burn chart by shoot day ({burn_points} points)", burn_ms, TARGET_MS,
         str(count(burn) - 1), str(count(lambda: burn(small)) - 1)),
        ("Cost report through the API (JSON)", api_ms, TARGET_MS, str(count(api_get)),
         str(count(lambda: api_get(small)))),
        ("Cost report page with the burn chart (GET)", page_ms, TARGET_MS, str(count(page)),
         str(count(lambda: page(small)))),
    ]
    out = [
        "## Cost report",
        "",
        f"`bench/cost_bench.py`: the budget benchmark's generated {LINES:,}-line budget "
        f"({len(data.accounts)} accounts) with {ACTUALS:,} actuals (one in seven in EUR at a "
        f"stored rate, one in 97 a credit, one in five against a PO) and {POS} purchase "
        "orders, over 121 days; PostgreSQL on 127.0.0.1, DEBUG off. Recording the POs one by "
        f"one and importing the actuals in 5,000-row all-or-nothing imports took "
        f"{build_seconds:.1f} s (the slowest 5,000-row import: {import_seconds:.1f} s). "
        "The small budget has a tenth of everything. Times are "
        f"medians; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        "(shared with other test runs). Figures are aggregated in the database (one grouped "
        "query per kind), so the engine sees one row per account, not per actual. The burn "
        "chart spreads the 3,000 lines over prep, the shoot days and wrap (the bench has no "
        "board, so its days come from the budget's PREP_DAYS, SHOOT_DAYS and WRAP_DAYS on "
        "the default calendar); plain-number cells are recognised in SQL so lines alike are "
        "summed there.",
        "",
        f"| step | median ms | target ms | queries ({LINES:,} lines, {ACTUALS:,} actuals) | "
        f"queries ({LINES // 10:,} lines, {ACTUALS // 10:,} actuals) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, ms, target, q_big, q_small in rows:
        out.append(f"| {label} | {ms:.1f} | {target or '—'} | {q_big} | {q_small} |")
    out += ["", f"Totals of the big budget: budget {total['budget']}, actual to date "
                f"{total['actual_to_date']}, commitments {total['commitments']}, EFC "
                f"{total['efc']}, variance {total['variance']} USD."]
    section = "\n".join(out) + "\n"
    print(section)
    write_section(section)


def write_section(section: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    start = text.find("## Cost report")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("" if end == -1 else "\n" + text[end + 1:])
    path.write_text(text)


if __name__ == "__main__":
    main()
