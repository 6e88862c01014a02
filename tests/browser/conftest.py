"""Browser tests: Playwright driving Debian's Chromium against `live_server`.

Never `playwright install`: the browser is Debian's /usr/bin/chromium.
"""

import os
from pathlib import Path

# Playwright's sync API runs an event loop in the test thread; without this every
# ORM call in a test raises SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.contrib.auth import get_user_model

from productions import services
from productions.models import Membership
from productions.roles import Role

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config):
    # pytest-playwright's `base_url` fixture trips a pytest 9 deprecation whose
    # message is multi-line, so pyproject's ".*base_url.*" filter misses it.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods"
        ":pytest.PytestRemovedIn10Warning",
    )


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    """Without Chromium: skip locally, fail in CI (where .ci/run installs it).

    Session-scoped and autouse, so it runs before pytest-playwright launches a browser.
    """
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI=true, so browser tests must run")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def make_user(transactional_db):
    def make(email: str, first_name: str = "", last_name: str = ""):
        return get_user_model().objects.create_user(
            username=email, email=email, password=PASSWORD,
            first_name=first_name, last_name=last_name,
        )

    return make


@pytest.fixture
def add_member():
    def add(production, user, role: Role):
        services.person_for_user(user=user)
        return Membership.objects.create(user=user, production=production, role=role)

    return add


@pytest.fixture
def log_in(live_server):
    """Log in through the real login form."""

    def do(page, user):
        page.goto(f"{live_server.url}/account/login/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return do


@pytest.fixture
def shoot(tmp_path):
    """Save a full-page screenshot under the test's temp dir; returns its path."""

    def take(page, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
