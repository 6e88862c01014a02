"""Call-sheet distribution: 300 recipients end to end through real Celery workers to aiosmtpd.

From "Send" (`callsheet_publish` and its commit) to the last message accepted by the SMTP
server: total seconds, the publish step (one full render, one banner document for all
recipients, the stamps), worker CPU per recipient, PDF sizes. Needs PostgreSQL and Redis on
127.0.0.1. Run: `.venv/bin/python bench/callsheet_bench.py` (BENCH_RECIPIENTS, BENCH_RUNS).
"""

import datetime
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "apcrew_bench_calls"
DB_URL = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
BROKER = "redis://127.0.0.1:6379/7"
N = int(os.environ.get("BENCH_RECIPIENTS", 300))
RUNS = int(os.environ.get("BENCH_RUNS", 3))
WORKERS = int(os.environ.get("BENCH_WORKER_PROCESSES", 2))
DOMAIN = b"@bench.test"

os.environ.update({
    "DJANGO_SETTINGS_MODULE": "apcrew.settings", "DEBUG": "false", "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "localhost", "DATABASE_CONN_MAX_AGE": "60",
    "DATABASE_URL": DB_URL, "CELERY_BROKER_URL": BROKER, "LOG_LEVEL": "WARNING",
})


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


class Counter:
    """Counts the bench's call sheets (other mail, e.g. schedule changes, is ignored)."""

    def __init__(self):
        self.count, self.target = 0, N
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.sizes: list[int] = []

    async def handle_DATA(self, server, session, envelope):
        if any(a.encode().endswith(DOMAIN) for a in envelope.rcpt_tos):
            with self.lock:
                self.count += 1
                self.sizes.append(len(envelope.content))
                if self.count >= self.target:
                    self.done.set()
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_cpu(root: int) -> float:
    """User + system CPU seconds of a process and its children (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root or ppid == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def main() -> None:
    recreate_database()
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    import django

    django.setup()
    import weasyprint
    from aiosmtpd.controller import Controller
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from callsheets import services
    from productions.models import CrewMember, Person
    from productions.services import production_create
    from tests.callsheets.factories import scheduled

    renders = {"n": 0}
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        renders["n"] += 1
        return write_pdf(self, *args, **kwargs)

    weasyprint.HTML.write_pdf = counted

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench@example.com", "bench@example.com", "x")
    production = production_create(user=user, title="Bench Pictures",
                                   time_zone="Europe/London")
    scheduled(production, crew_count=0)
    departments = list(production.departments.all())
    people = Person.objects.bulk_create(
        [Person(name=f"Crew Member {n:03d}", email=f"crew{n:03d}@bench.test") for n in range(N)])
    CrewMember.objects.bulk_create([
        CrewMember(production=production, person=p, department=departments[n % len(departments)],
                   position=f"Position {n % 17}", rate="500.00") for n, p in enumerate(people)])

    handler = Counter()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    log = open(ROOT / "var" / "bench-callsheet-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "apcrew", "worker", "-Q", "outbox",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--pool", "prefork", "--concurrency", str(WORKERS)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    results = []
    try:
        time.sleep(8)  # worker start-up, and any set-up mail, are not what we measure
        for run in range(RUNS):
            sheet = services.callsheet_create_for_day(production=production, day=1,
                                                      unit=f"Unit {run}")
            services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 30),
                                      shooting_call=datetime.time(7, 30),
                                      estimated_wrap=datetime.time(18, 0))
            handler.count, handler.sizes = 0, []
            handler.done.clear()
            renders["n"] = 0
            cpu_before = tree_cpu(worker.pid)
            start = time.perf_counter()
            publish_cpu = time.process_time()
            with transaction.atomic():
                version = services.callsheet_publish(callsheet=sheet, override=True)
            publish_cpu = time.process_time() - publish_cpu
            published = time.perf_counter() - start
            if not handler.done.wait(300):
                raise SystemExit(f"only {handler.count} of {N} arrived")
            total = time.perf_counter() - start
            time.sleep(1)
            worker_cpu = tree_cpu(worker.pid) - cpu_before
            results.append({
                "total": total, "publish": published, "render_ms": version.render_ms,
                "stamp_ms": version.stamp_ms, "publish_cpu": publish_cpu,
                "worker_cpu": worker_cpu, "renders": renders["n"],
                "pdf": version.pdf_size, "email": statistics.median(handler.sizes),
            })
            print(f"run {run + 1}: {total:.2f} s to the last of {N} accepted "
                  f"(publish {published:.2f} s: render {version.render_ms} ms, banners + "
                  f"stamps {version.stamp_ms} ms; publish CPU {publish_cpu:.2f} s; worker CPU "
                  f"{worker_cpu:.2f} s; WeasyPrint documents {renders['n']}; shared PDF "
                  f"{version.pdf_size / 1024:.0f} kB; median email "
                  f"{results[-1]['email'] / 1024:.0f} kB)")
    finally:
        worker.terminate()
        worker.wait(30)
        controller.stop()

    def med(key):
        return statistics.median(r[key] for r in results)

    per = (med("worker_cpu") + med("publish_cpu")) / N * 1000
    print(f"median of {RUNS}: {med('total'):.2f} s for {N} recipients (target <= 10 s); "
          f"publish {med('publish'):.2f} s (render {med('render_ms'):.0f} ms, banners + stamps "
          f"{med('stamp_ms'):.0f} ms = {med('stamp_ms') / N:.1f} ms per recipient); CPU per "
          f"recipient {per:.1f} ms (worker {med('worker_cpu') / N * 1000:.1f} + publish "
          f"{med('publish_cpu') / N * 1000:.1f}; target <= 30 ms); full renders 1 per "
          f"distribution ({med('renders'):.0f} WeasyPrint documents: the sheet and one banner "
          f"document); PDF {med('pdf') / 1024:.0f} kB shared, email {med('email') / 1024:.0f} kB")


if __name__ == "__main__":
    main()
