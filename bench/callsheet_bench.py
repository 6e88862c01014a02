"""Call-sheet distribution: 300 recipients end to end through real Celery workers to aiosmtpd.

From "Send" (`callsheet_publish` and its commit) to the last message accepted by the SMTP
server: total seconds, time to the first email, the publish request itself, worker CPU per
recipient, full renders of the sheet per distribution (counted inside the workers), PDF
sizes. The publish commits the version and its recipients; one worker task renders the sheet,
then tasks of CALLSHEETS_BATCH_SIZE recipients stamp and queue their emails, which the same
worker processes deliver (`-Q celery,outbox`). One unmeasured distribution warms the workers
first, as long-running workers would be. Needs PostgreSQL and Redis on 127.0.0.1.
Run: `.venv/bin/python bench/callsheet_bench.py` (BENCH_RECIPIENTS, BENCH_RUNS,
BENCH_WORKER_PROCESSES, BENCH_BATCH).
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
BATCH = int(os.environ.get("BENCH_BATCH", 25))
DOMAIN = b"@bench.test"
RENDERS_KEY = "bench:callsheet:renders"

os.environ.update({
    "DJANGO_SETTINGS_MODULE": "apcrew.settings", "DEBUG": "false", "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "localhost", "DATABASE_CONN_MAX_AGE": "60",
    "DATABASE_URL": DB_URL, "CELERY_BROKER_URL": BROKER, "LOG_LEVEL": "WARNING",
    "CALLSHEETS_BATCH_SIZE": str(BATCH),
})


def run_worker() -> None:
    """The Celery worker, with the sheet's full render counted in Redis (the pool's
    processes fork after the patch, so they count too)."""
    import django

    django.setup()
    import redis

    from apcrew.celery import app
    from callsheets import pdf

    counter = redis.Redis.from_url(BROKER)
    full_render = pdf.callsheet_pdf

    def counted(**kwargs):
        counter.incr(RENDERS_KEY)
        return full_render(**kwargs)

    pdf.callsheet_pdf = counted
    app.worker_main(["worker", "-Q", "celery,outbox", "--loglevel", "WARNING",
                     "--without-gossip", "--without-mingle", "--without-heartbeat",
                     "--pool", "prefork", "--concurrency", str(WORKERS)])


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
        self.first = 0.0

    async def handle_DATA(self, server, session, envelope):
        if any(a.encode().endswith(DOMAIN) for a in envelope.rcpt_tos):
            with self.lock:
                if not self.count:
                    self.first = time.perf_counter()
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


def personal_copy(version) -> tuple[int, bool]:
    """Size of one attached personal PDF, and whether its banner reads back as text."""
    import io

    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    recipient = version.recipients.select_related("message").exclude(message=None).first()
    with default_storage.open(recipient.message.attachments[0]["path"], "rb") as handle:
        data = handle.read()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    return len(data), f"YOUR CALL {recipient.call_label}" in text


def main() -> None:
    recreate_database()
    import redis

    counter = redis.Redis.from_url(BROKER)
    counter.flushdb()
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from callsheets import services
    from productions.models import CrewMember, Person
    from productions.services import production_create
    from tests.callsheets.factories import scheduled

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
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "bench-callsheet-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen([sys.executable, __file__, "worker"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    results = []
    try:
        time.sleep(8)  # worker start-up, and any set-up mail, are not what we measure
        for run in range(RUNS + 1):  # run 0 warms the workers up and is not counted
            sheet = services.callsheet_create_for_day(production=production, day=1,
                                                      unit=f"Unit {run}")
            services.callsheet_update(callsheet=sheet, general_call=datetime.time(6, 30),
                                      shooting_call=datetime.time(7, 30),
                                      estimated_wrap=datetime.time(18, 0))
            handler.count, handler.sizes, handler.first = 0, [], 0.0
            handler.done.clear()
            counter.set(RENDERS_KEY, 0)
            load_before = os.getloadavg()[0]
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
            first = handler.first - start
            time.sleep(1)
            worker_cpu = tree_cpu(worker.pid) - cpu_before
            version.refresh_from_db()
            copy_size, text_ok = personal_copy(version)
            result = {
                "total": total, "first": first, "publish": published,
                "render_ms": version.render_ms, "stamp_ms": version.stamp_ms,
                "publish_cpu": publish_cpu, "worker_cpu": worker_cpu,
                "renders": int(counter.get(RENDERS_KEY) or 0), "pdf": version.pdf_size,
                "copy": copy_size, "text": text_ok, "email": statistics.median(handler.sizes),
                "load": (load_before + os.getloadavg()[0]) / 2,
            }
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label}: {total:.2f} s to the last of {N} accepted, first at {first:.2f} s "
                  f"(publish request {published * 1000:.0f} ms; render {version.render_ms} ms; "
                  f"banners + stamps + storing {version.stamp_ms} ms summed over batches; "
                  f"worker CPU {worker_cpu:.2f} s; full renders {result['renders']}; shared PDF "
                  f"{version.pdf_size / 1024:.0f} kB, personal {copy_size / 1024:.0f} kB, "
                  f"banner text {'ok' if text_ok else 'MISSING'}; median email "
                  f"{result['email'] / 1024:.0f} kB; load {result['load']:.1f})", flush=True)
            if run:
                results.append(result)
    finally:
        worker.terminate()
        worker.wait(30)
        controller.stop()

    def med(key):
        return statistics.median(r[key] for r in results)

    per = (med("worker_cpu") + med("publish_cpu")) / N * 1000
    totals = ", ".join(f"{r['total']:.2f}" for r in results)
    print(f"median of {RUNS}: {med('total'):.2f} s for {N} recipients (target <= 10 s; runs "
          f"{totals}); first email at "
          f"{med('first'):.2f} s; publish request {med('publish') * 1000:.0f} ms; render "
          f"{med('render_ms'):.0f} ms; banners + stamps {med('stamp_ms') / N:.1f} ms per "
          f"recipient; CPU per recipient {per:.1f} ms (worker {med('worker_cpu') / N * 1000:.1f} "
          f"+ publish {med('publish_cpu') / N * 1000:.1f}; target <= 30 ms); full renders per "
          f"distribution {', '.join(str(r['renders']) for r in results)}; PDF "
          f"{med('pdf') / 1024:.0f} kB shared, {med('copy') / 1024:.0f} kB personal, email "
          f"{med('email') / 1024:.0f} kB; load average {med('load'):.1f} on "
          f"{os.cpu_count()} CPUs")


if __name__ == "__main__":
    if sys.argv[1:] == ["worker"]:
        run_worker()
    else:
        main()
