"""Real parts for integration tests: Redis, a Celery worker process, an SMTP server.

No eager mode: the worker is `celery -A apcrew worker` in its own process,
reading the test's PostgreSQL database over a real connection, and email goes
over SMTP to an aiosmtpd server that records what arrives.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from apcrew.celery import app as celery_app
from tests.conftest import need

# Integration runs that share a Redis server (several engineers on one machine) must not
# share a database: the fixture flushes it and a stranger's worker would take our tasks.
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "9"))
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 60, interval: float = 0.1, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message or predicate}")


# --- Redis and the test process's broker ------------------------------------------


def _redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def point_celery_at(url: str) -> None:
    """Make this process publish to `url` (the app caches its connection pools)."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"socket_connect_timeout": 1,
                                                "socket_timeout": 2}
    # kombu keeps pools per URL: dropping our references is enough.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_url():
    url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    need("Redis", _redis_available(url), "start it with redis-server (see README)")
    import redis

    redis.Redis.from_url(url).flushdb()
    point_celery_at(url)
    yield url
    point_celery_at(settings.CELERY_BROKER_URL)


@pytest.fixture
def postgres(transactional_db):
    need("PostgreSQL", connection.vendor == "postgresql",
         "integration tests share the database with a worker process; set DATABASE_URL")


# --- SMTP ----------------------------------------------------------------------------------


class RecordingHandler:
    """An SMTP server's handler that keeps what arrives and can misbehave on cue."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.reject_recipients: dict[str, str] = {}
        self.defer_next = 0  # answer the next N DATA commands with a 451
        self.on_data = None  # called before accepting; return an SMTP reply to refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject_recipients:
            return self.reject_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.defer_next > 0:
                self.defer_next -= 1
                return "451 4.3.0 Try again later"
        if self.on_data is not None:
            reply = self.on_data(envelope)
            if reply:
                return reply
        parsed = BytesParser(policy=policy.default).parsebytes(envelope.content)
        with self.lock:
            self.messages.append({"to": list(envelope.rcpt_tos), "email": parsed})
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def by_header(self, name: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self.lock:
            for item in self.messages:
                key = item["email"][name]
                counts[key] = counts.get(key, 0) + 1
        return counts


class SmtpServer:
    def __init__(self, port: int | None = None):
        from aiosmtpd.controller import Controller

        self.handler = RecordingHandler()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


# --- The Celery worker process -----------------------------------------------------------


class Worker:
    def __init__(self, env: dict, log: Path, beat: bool, concurrency: int,
                 queues: str = "celery,outbox"):
        self.env = env
        self.queues = queues
        self.log = log
        self.beat = beat
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        args = [
            str(Path(sys.executable).parent / "celery"), "-A", "apcrew", "worker",
            "-Q", self.queues,
            "--loglevel", "INFO", "--pool", "prefork", "--concurrency", str(self.concurrency),
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--hostname", f"test-{time.monotonic_ns()}@%h",
        ]
        if self.beat:
            args += ["-B", "--schedule", str(self.log.parent / "beat-schedule")]
        handle = self.log.open("ab")
        offset = self.log.stat().st_size
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: b" ready." in self.log.read_bytes()[offset:] or self._died(),
                 timeout=60, message="the Celery worker to be ready")
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        return self

    def _died(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool children)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_factory(postgres, redis_url, tmp_path):
    """Start real Celery workers against the test database and Redis."""
    started: list[Worker] = []
    db = connection.settings_dict

    def start(*, smtp_port: int | None = None, beat: bool = True, concurrency: int = 2,
              queues: str = "celery,outbox", **overrides) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "apcrew.settings",
            "DEBUG": "true",
            "SECRET_KEY": "integration-tests",
            "DATABASE_URL": (
                f"postgresql://{db['USER'] or 'postgres'}:{db['PASSWORD'] or ''}"
                f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "CELERY_BROKER_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port or 1),
            "EMAIL_TIMEOUT": "5",
            "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
            # Short enough for the kill test to finish quickly, long enough
            # that a send on a loaded CI machine never outlives its lease.
            "NOTIFICATIONS_LEASE_SECONDS": "10",
            "NOTIFICATIONS_SWEEP_SECONDS": "1",
            "NOTIFICATIONS_MAX_ATTEMPTS": "5",
            "WEBHOOK_TIMEOUT": "3",
            "APCREW_VAR_DIR": str(tmp_path / "var"),
            "PYTHONUNBUFFERED": "1",
        }
        env.update({key: str(value) for key, value in overrides.items()})
        worker = Worker(env, tmp_path / "worker.log", beat, concurrency, queues).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def receiver():
    """A local webhook endpoint: its URL and the list of POSTs it received."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"headers": self.headers, "body": body})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/apcrew", received
    server.shutdown()
