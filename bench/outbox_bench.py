"""Outbox delivery throughput: 1,000 emails through real Celery workers to aiosmtpd.

Compares with a bare smtplib loop sending the same 1,000 messages over one
connection in the same run (the practical ceiling). Needs PostgreSQL and Redis
on 127.0.0.1 (as on the CI machine). Run: `.venv/bin/python bench/outbox_bench.py`.
"""

import os
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "apcrew_bench"
DB_URL = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
BROKER = "redis://127.0.0.1:6379/8"
N = int(os.environ.get("BENCH_MESSAGES", 1000))
WORKERS = int(os.environ.get("BENCH_WORKER_PROCESSES", 2))
THREADS = int(os.environ.get("BENCH_THREADS_PER_PROCESS", 0))

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
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.target = N
        self.first = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            if self.first is None:
                self.first = time.perf_counter()
            if self.count >= self.target:
                self.done.set()
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    recreate_database()
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from notifications.channels.email import build_email
    from notifications.models import Message, Status
    from notifications.services import email_message, messages_enqueue
    from productions.services import production_create

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench@example.com", "bench@example.com", "x")
    production = production_create(user=user, title="Bench")

    handler = Counter()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    log = open(ROOT / "var" / "bench-worker.log", "w")  # noqa: SIM115
    celery = [str(Path(sys.executable).parent / "celery"), "-A", "apcrew", "worker", "-Q", "outbox",
              "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
              "--without-heartbeat"]
    if THREADS:
        # WORKERS processes, each delivering THREADS batches at once.
        commands = [[*celery, "--pool", "threads", "--concurrency", str(THREADS),
                     "--hostname", f"bench{i}@%h"] for i in range(WORKERS)]
    else:
        commands = [[*celery, "--pool", "prefork", "--concurrency", str(WORKERS)]]
    workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT) for command in commands]
    try:
        time.sleep(6)  # worker start-up is not what we measure
        context = {"production_title": "Bench", "role": "Crew", "inviter": "Paula",
                   "url": "https://apcrew.test/invitations/x/", "ttl_days": 14}
        messages = [email_message(template="invitation", address=f"crew{n}@example.com",
                                  production=production, dedupe_key=f"bench:{n}",
                                  context=context) for n in range(N)]
        start = time.perf_counter()
        with transaction.atomic():
            messages_enqueue(messages=messages)
        enqueued = time.perf_counter()
        if not handler.done.wait(300):
            raise SystemExit(f"only {handler.count} of {N} arrived")
        outbox_seconds = time.perf_counter() - start
        phases = (f"enqueue + commit {enqueued - start:.2f} s, first email after "
                  f"{handler.first - start:.2f} s")
        # The last rows are marked sent a moment after the server's 250.
        deadline = time.monotonic() + 10
        while Message.objects.filter(status=Status.SENT).count() < N:
            assert time.monotonic() < deadline, "messages arrived but were not marked sent"
            time.sleep(0.05)

        # The ceiling: the same messages, one bare smtplib connection, no database.
        payloads = [
            build_email(m).message().as_bytes(linesep="\r\n") for m in Message.objects.all()
        ]
        handler.count, handler.target = 0, N
        handler.done.clear()
        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n, payload in enumerate(payloads):
                smtp.sendmail("no-reply@apcrew.localhost", [f"crew{n}@example.com"], payload)
        handler.done.wait(60)
        bare_seconds = time.perf_counter() - start
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(30)
        controller.stop()

    outbox_rate, bare_rate = N / outbox_seconds, N / bare_seconds
    print(f"outbox: {N} emails in {outbox_seconds:.2f} s = {outbox_rate:.0f} msg/s "
          f"({WORKERS} worker processes{f' x {THREADS} threads' if THREADS else ''}, "
          f"Redis, PostgreSQL; {phases})")
    print(f"bare smtplib loop: {N} emails in {bare_seconds:.2f} s = {bare_rate:.0f} msg/s")
    print(f"ratio: {outbox_rate / bare_rate:.2f} of the bare loop (target >= 0.50)")


if __name__ == "__main__":
    main()
