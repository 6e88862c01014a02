"""docker-compose.yml, checked by parsing (no Docker engine runs here)."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services_a_deployment_needs(compose):
    assert set(compose["services"]) == {"migrate", "web", "worker", "mailer", "beat", "db",
                                        "redis", "mail"}


def test_app_services_share_one_image_and_the_environment(compose):
    services = compose["services"]
    for name in ("migrate", "web", "worker", "mailer", "beat"):
        env = services[name]["environment"]
        assert services[name]["image"] == "apcrew:latest"
        assert env["DATABASE_URL"].startswith("postgres://apcrew:")
        assert env["DATABASE_URL"].endswith("@db:5432/apcrew")
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert env["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
        assert env["DEBUG"] == "false"
        assert "SECRET_KEY" in env and "ALLOWED_HOSTS" in env and "SITE_URL" in env


def test_commands_run_gunicorn_celery_and_one_beat(compose):
    services = compose["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert services["web"]["command"][1] == "apcrew.wsgi:application"
    assert services["worker"]["command"][:6] == ["celery", "-A", "apcrew", "worker", "-Q", "celery"]
    assert services["mailer"]["command"][:6] == ["celery", "-A", "apcrew", "worker", "-Q", "outbox"]
    assert services["mailer"]["command"][6:8] == ["--pool", "threads"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "apcrew", "beat"]
    assert "replicas" not in services["beat"].get("deploy", {})
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]


def test_web_waits_for_healthy_database_redis_and_migrations(compose):
    depends = compose["services"]["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_compose_variables_are_documented_in_the_readme(compose):
    readme = (ROOT / "README.md").read_text()
    env = compose["services"]["web"]["environment"]
    for name in env:
        assert f"`{name}`" in readme or name in readme, name


def test_settings_variables_are_documented_in_the_readme():
    import re

    settings = (ROOT / "apcrew" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    names = set(re.findall(r'env_(?:bool|int|list)\("(\w+)"', settings))
    names |= set(re.findall(r'os\.environ\.get\("(\w+)"', settings))
    missing = sorted(name for name in names if name not in readme)
    assert missing == []


def test_every_beat_entry_names_a_registered_task(settings):
    from apcrew.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
