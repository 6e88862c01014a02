"""Test settings: only what tests need to differ from apcrew.settings."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from apcrew.settings import *  # noqa: F403
from apcrew.settings import VAR_DIR

# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Unit tests never reach a broker: on_commit callbacks do not fire inside test
# transactions, and integration tests point Celery at Redis themselves.
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}


def _postgres_url() -> str | None:
    """PostgreSQL when the environment says so, or when one answers locally.

    CI sets DATABASE_URL; a developer machine with PostgreSQL on 127.0.0.1
    gets it too, so integration tests (a Celery worker in another process
    must see the test database) run there as well. Otherwise SQLite.
    """
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url if url.startswith(("postgres://", "postgresql://")) else None
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=1).close()
    except Exception:
        return None
    return "postgresql://postgres@127.0.0.1:5432/apcrew"


_pg = _postgres_url()
if _pg:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(_pg)}
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_apcrew")}
elif os.environ.get("DATABASE_URL", "").startswith("sqlite") or not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
