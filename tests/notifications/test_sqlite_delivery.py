"""The outbox on the embedded defaults `make run` uses: SQLite and mail written to files.

The suite runs on PostgreSQL, so this runs the real commands in a subprocess against a
fresh SQLite file: a delivery that works on one database and fails on the other (as the
raw "mark sent" once did on SQLite) would otherwise pass unnoticed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ENQUEUE_AND_DELIVER = """
import json
from notifications.delivery import messages_deliver
from notifications.models import Message
from notifications.services import email_enqueue

message = email_enqueue(
    template="invitation", address="gaffer@example.com", dedupe_key="sqlite-check",
    context={"production_title": "Night Ferry", "role": "Gaffer", "inviter": "Ana",
             "url": "http://127.0.0.1:8000/invite/x", "expires_at": "2026-12-31T00:00:00+00:00",
             "ttl_days": 14},
)
outcome = messages_deliver(message_ids=[message.pk])
message.refresh_from_db()
print(json.dumps({"outcome": outcome, "status": message.status,
                  "claimed": message.claim_token is not None}))
"""


def _manage(*args: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_an_email_is_delivered_once_and_marked_sent_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE", "TEST_DATABASE", "DJANGO_SETTINGS", "EMAIL"))}
    env.update(DEBUG="true", APCREW_VAR_DIR=str(tmp_path), CELERY_BROKER_URL="memory://",
               DJANGO_SETTINGS_MODULE="apcrew.settings")
    _manage("migrate", "--noinput", env=env)

    result = json.loads(_manage("shell", "-c", ENQUEUE_AND_DELIVER, env=env).splitlines()[-1])

    assert result["status"] == "sent", result
    assert not result["claimed"]
    mails = list((tmp_path / "mail").glob("*.eml"))
    assert len(mails) == 1
    assert "gaffer@example.com" in mails[0].read_text()
