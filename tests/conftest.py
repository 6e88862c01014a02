"""Named fixtures shared by every test: a producer, a crew member, an outsider.

The producer and the crew member work on `production`; the outsider belongs
only to `other_production`, whose data they must never see.
"""

import os

import pytest
from rest_framework.test import APIClient

from productions.roles import Role
from tests.productions.factories import (
    LocationFactory,
    UserFactory,
    cast,
    crew,
    member,
    production_for,
)

IN_CI = os.environ.get("CI") == "true"


def need(service: str, available: bool, why: str = "") -> None:
    """Skip locally when a real service is missing; in CI, fail instead."""
    if available:
        return
    message = f"{service} is not available{': ' + why if why else ''}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: required services must run)")
    pytest.skip(message)


@pytest.fixture
def producer(db):
    return UserFactory(username="producer@example.com", first_name="Paula", last_name="Reyes")


@pytest.fixture
def production(producer):
    return production_for(producer, title="Harbour Lights")


@pytest.fixture
def crew_user(production):
    return member(production, Role.CREW, username="grip@example.com")


@pytest.fixture
def accountant(production):
    return member(production, Role.ACCOUNTANT, username="accounts@example.com")


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider@example.com")


@pytest.fixture
def other_production(outsider):
    other = production_for(outsider, title="Secret Other Show")
    crew(other, position="Secret Gaffer", rate="9999.00", name="Other Person")
    cast(other, character="SECRET CHARACTER", fee="77777.00")
    LocationFactory(production=other, name="Secret Bunker")
    return other


@pytest.fixture
def populated(production):
    """The production with some crew, cast and a location."""
    crew(production, position="Gaffer", rate="650.00")
    crew(production, position="Key Grip", department="Grip", rate="600.00")
    cast(production, character="ANNA", fee="1500.00")
    LocationFactory(production=production, name="Harbour Pier")
    return production


@pytest.fixture
def api():
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
