"""The distribution page while the workers prepare the copies: it says so, and keeps
itself live until every copy has its message."""

import pytest
from django.test import Client
from django.urls import reverse

from callsheets import services
from tests.callsheets.factories import distribute, ready_sheet

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_polls_while_copies_are_prepared_then_stops(production, producer):
    sheet = ready_sheet(production)
    version = services.callsheet_publish(callsheet=sheet)
    url = reverse("callsheets:distribution", args=[production.pk, sheet.pk])
    client = client_for(producer)

    page = client.get(url).content.decode()
    assert 'data-testid="preparing"' in page and "5 copies being prepared" in page
    assert 'data-testid="distribution-preparing"' in page and 'hx-trigger="every 2s"' in page
    assert page.count('cs-status--preparing"') == 5

    distribute(version)
    page = client.get(url).content.decode()
    assert 'data-testid="distribution-preparing"' not in page
    assert "being prepared" not in page and 'data-testid="preparing"' not in page
    assert page.count('cs-status--queued"') == 5
    assert "message-progress" in page  # the delivery card takes over the live updates
