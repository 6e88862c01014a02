"""Budget benchmark: a generated 3,000-line budget with 12 fringes and 20 globals.

Times (median of several runs) and query counts for: a full recalculation in the
pure engine; loading and recalculating from the database; the top sheet page;
one line edit through the API with the totals it changed. Query counts are also
taken at 300 lines to show they do not grow with lines.

Needs PostgreSQL on 127.0.0.1 (as on the CI machine); uses its own database.
Run: `.venv/bin/python bench/budget_bench.py` (writes our section of RESULTS.md).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "apcrew_budget_bench"
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "apcrew.settings", "DEBUG": "false", "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "testserver,localhost", "LOG_LEVEL": "WARNING",
    "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}",
    "SECURE_SSL_REDIRECT": "false",
})
LINES = int(os.environ.get("BENCH_LINES", 3000))
TARGETS = {"engine": 50, "page": 300, "edit": 100}  # milliseconds


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(production, lines: int, name: str):
    from budgets import services

    budget = services.budget_create(production=production, name=name, template="feature")
    # The feature chart brings 9 fringes and 6 globals; make it 12 and 20.
    for code, rate in (("CA_ETT", "0.1"), ("PAYROLL_FEE", "0.5"), ("VAC", "4")):
        services.fringe_create(budget=budget, code=code, name=code, rate=rate)
    for index in range(14):
        services.global_create(budget=budget, name=f"G{index}",
                               expression=f"SHOOT_DAYS / {index + 2} + {index}")
    accounts = list(budget.accounts.values_list("number", flat=True))
    codes = list(budget.fringes.values_list("code", flat=True))
    rng = random.Random(1)
    formulas = ["SHOOT_DAYS", "PREP_WEEKS + 1", "SHOOT_DAYS * 1.1", "G3 + 2", "5", "WRAP_DAYS"]
    rows = [(n + 2, {
        "account": rng.choice(accounts), "description": f"Line {n}",
        "amount": rng.choice(formulas), "unit": rng.choice(["days", "weeks", "flat", "allow"]),
        "multiplier": rng.choice(["1", "1", "1.5", "2"]),
        "rate": f"{rng.randint(50, 5000)}.{rng.randint(0, 99):02d}",
        "fringes": " ".join(rng.sample(codes, rng.randint(0, 4))),
    }) for n in range(lines)]
    services.lines_import(budget=budget, rows=rows)
    budget.refresh_from_db()
    assert budget.lines.count() == lines
    assert budget.fringes.count() == 12 and budget.globals.count() == 20
    return budget


def main() -> None:
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from rest_framework.test import APIClient

    from budgets import calculations as calc
    from budgets import selectors
    from productions.services import production_create

    call_command("migrate", verbosity=0)
    # Plain static storage: the manifest needs collectstatic, which the page timing does not.
    from django.test.utils import override_settings

    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench@example.com", password="x" * 12)
    production = production_create(user=user, title="Bench")
    start = time.perf_counter()
    budget = build(production, LINES, "Big")
    build_seconds = time.perf_counter() - start
    small = build(production, LINES // 10, "Small")

    # 1. The pure engine over inputs already in memory.
    data = selectors.budget_calculate(budget=budget)
    lines = [calc.LineIn(pk, a, amount, x, rate, data.line_fringes.get(pk, ()))
             for pk, a, amount, x, rate in budget.lines.values_list(
                 "id", "account_id", "amount", "multiplier", "rate")]
    inputs = {
        "categories": [calc.CategoryIn(c.pk, c.level) for c in data.categories],
        "accounts": [calc.AccountIn(a.pk, a.category_id) for a in data.accounts],
        "lines": lines,
        "fringes": [calc.FringeIn(f.pk, f.kind, f.rate, f.cutoff) for f in data.fringes],
        "globals": {g.name: g.expression for g in data.globals},
        "charges": [calc.ChargeIn(r["charge"].pk, r["charge"].percent,
                                  frozenset(r["categories"]), frozenset(r["accounts"]),
                                  frozenset(r["excluded_accounts"])) for r in data.charges],
    }
    result = calc.calculate(**inputs)
    assert result.grand_total == data.result.grand_total and not result.errors
    engine = median_ms(lambda: calc.calculate(**inputs), 30)
    loaded = median_ms(lambda: selectors.budget_calculate(budget=budget), 10)

    def count(run) -> int:
        with CaptureQueriesContext(connection) as ctx:
            run()
        return len(ctx.captured_queries)

    load_queries = count(lambda: selectors.budget_calculate(budget=budget))

    # 2. The top sheet page.
    client = Client()
    client.force_login(user)
    pages = {b.pk: reverse("budgets:topsheet", args=[production.pk, b.pk]) for b in (budget,
                                                                                     small)}

    def page(b=budget):
        response = client.get(pages[b.pk])
        assert response.status_code == 200

    page()
    page_ms = median_ms(page, 10)
    page_queries = count(page)
    page_queries_small = count(lambda: page(small))

    # 3. One line edit through the API, answered with the totals it moved.
    api = APIClient()
    api.force_authenticate(user)
    line = budget.lines.order_by("id").first()
    url = f"/api/v1/productions/{production.pk}/budget-lines/{line.pk}/"
    rates = iter(range(100, 100000))

    def edit(target=budget, target_url=url):
        target.refresh_from_db(fields=["version"])
        response = api.patch(target_url, {"rate": f"{next(rates)}.25",
                                          "budget_version": target.version}, format="json")
        assert response.status_code == 200, response.content
        assert "grand_total" in response.json()["totals"]

    edit()
    edit_ms = median_ms(edit, 20)
    edit_queries = count(edit)
    small_line = small.lines.order_by("id").first()
    small_url = f"/api/v1/productions/{production.pk}/budget-lines/{small_line.pk}/"
    edit_queries_small = count(lambda: edit(small, small_url))

    # 4. The same edit from the account page's inline editor (htmx row + totals out of band).
    inline_url = reverse("budgets:line_edit", args=[production.pk, line.pk])

    def inline(target=budget, target_url=inline_url):
        target.refresh_from_db(fields=["version"])
        response = client.post(target_url, {
            "description": "Line 0", "amount": "5", "unit": "days", "multiplier": "1",
            "rate": f"{next(rates)}.75", "fringes": "FICA", "budget_version": target.version,
        }, HTTP_HX_REQUEST="true")
        assert b'id="grand-total"' in response.content and b"row--failed" not in response.content

    inline()
    inline_ms = median_ms(inline, 20)
    inline_queries = count(inline)
    small_inline = reverse("budgets:line_edit", args=[production.pk, small_line.pk])
    inline(small, small_inline)  # first save sets its fringes to FICA: not a steady edit
    inline_queries_small = count(lambda: inline(small, small_inline))

    rows = [
        ("Full recalculation, pure engine", engine, TARGETS["engine"], "0", "0"),
        ("Load from the database and recalculate", loaded, None, str(load_queries),
         str(load_queries)),
        ("Top sheet page (GET)", page_ms, TARGETS["page"], str(page_queries),
         str(page_queries_small)),
        ("One line edit through the API, with totals", edit_ms, TARGETS["edit"],
         str(edit_queries), str(edit_queries_small)),
        ("The same edit inline on the account page (htmx)", inline_ms, TARGETS["edit"],
         str(inline_queries), str(inline_queries_small)),
    ]
    lines_out = [
        "## Budgets",
        "",
        f"`bench/budget_bench.py`: a generated {LINES:,}-line budget (feature chart: "
        f"{len(data.categories)} categories, {len(data.accounts)} accounts) with 12 fringes, "
        "20 globals (formulas over each other) and 2 contractual charges; PostgreSQL on "
        f"127.0.0.1, DEBUG off. Building it (3,000 lines through the all-or-nothing import "
        f"service) took {build_seconds:.1f} s. Times are medians; machine: "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (shared with other "
        "test runs). A line edit recomputes only its line (figures are stored per line) and "
        "answers with every total from one aggregate query; the page runs the full engine.",
        "",
        f"| step | median ms | target ms | queries at {LINES:,} lines | "
        f"queries at {LINES // 10:,} lines |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, ms, target, q_big, q_small in rows:
        lines_out.append(f"| {label} | {ms:.1f} | {target or '—'} | {q_big} | {q_small} |")
    lines_out.append("")
    lines_out.append(f"Grand total of the generated budget: {result.grand_total:,} USD "
                     f"(engine and database path agree).")
    section = "\n".join(lines_out) + "\n"
    print(section)
    write_section(section)


def write_section(section: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    start = text.find("## Budgets")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("" if end == -1 else "\n" + text[end + 1:])
    path.write_text(text)


if __name__ == "__main__":
    main()
