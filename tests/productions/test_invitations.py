"""Invitations: one-time, expiring, unguessable; the email goes through the outbox."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Message
from productions import services
from productions.models import Invitation, Membership
from productions.roles import Role
from tests.productions.factories import member

pytestmark = pytest.mark.django_db
User = get_user_model()


def producer_membership(production, producer):
    return Membership.objects.get(production=production, user=producer)


def invite(production, producer, email="new@example.com", role=Role.CREW):
    return services.invitation_create(production=production, email=email, role=role,
                                      by=producer_membership(production, producer))


def test_inviting_from_the_team_page_queues_one_email_with_the_link(client, producer,
                                                                     production):
    client.force_login(producer)
    response = client.post(reverse("productions:team", args=[production.pk]),
                           {"email": "gaffer@example.com", "role": "crew"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    message = Message.objects.get(template="invitation")
    assert message.dedupe_key == f"invitation:{invitation.pk}"
    assert message.address == "gaffer@example.com"
    path = re.search(r"(/invitations/[\w-]+/)", message.body_text).group(1)
    assert client.get(path).status_code == 200


def test_accepting_creates_the_account_and_membership_once(client, producer, production):
    issued = invite(production, producer)
    response = client.post(issued.path, {"name": "Rosa Alvarez", "password1": "lantern-keeper-9",
                                         "password2": "lantern-keeper-9"})
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.get_full_name() == "Rosa Alvarez"
    assert Membership.objects.get(user=user, production=production).role == Role.CREW
    assert user.person.name == "Rosa Alvarez"
    # The same link again: spent.
    client.logout()
    again = client.post(issued.path, {"name": "Mallory", "password1": "lantern-keeper-9",
                                      "password2": "lantern-keeper-9"})
    assert again.status_code == 404
    assert User.objects.filter(email="new@example.com").count() == 1


def test_expired_link_is_refused(client, producer, production):
    issued = invite(production, producer)
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(issued.path).status_code == 404
    with pytest.raises(ValidationError):
        services.invitation_accept(token=issued.token, name="X", password="lantern-keeper-9")
    assert not Membership.objects.filter(production=production, role=Role.CREW).exists()


def test_guessed_link_is_refused(client, production):
    assert client.get(reverse("invitation_accept", args=["not-a-real-token"])).status_code == 404


def test_revoked_link_is_refused(client, producer, production):
    issued = invite(production, producer)
    services.invitation_revoke(invitation=issued.invitation)
    assert client.get(issued.path).status_code == 404


def test_only_the_token_hash_is_stored(producer, production):
    issued = invite(production, producer)
    assert issued.token not in issued.invitation.token_hash
    assert len(issued.invitation.token_hash) == 64


def test_weak_password_shows_a_field_error_and_creates_nothing(client, producer, production):
    issued = invite(production, producer)
    response = client.post(issued.path, {"name": "Rosa", "password1": "123",
                                         "password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="new@example.com").exists()


def test_logged_in_user_with_the_invited_email_just_joins(client, producer, production,
                                                          outsider, other_production):
    issued = invite(production, producer, email=outsider.email)
    client.force_login(outsider)
    response = client.post(issued.path)
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider, production=production).role == Role.CREW


def test_coordinator_cannot_invite_a_producer(production):
    coordinator = member(production, Role.COORDINATOR)
    by = Membership.objects.get(user=coordinator, production=production)
    with pytest.raises(PermissionDenied):
        services.invitation_create(production=production, email="boss@example.com",
                                   role=Role.PRODUCER, by=by)
    assert not Invitation.objects.exists()


def test_crew_cannot_invite_through_the_page(client, crew_user, production):
    client.force_login(crew_user)
    response = client.post(reverse("productions:team", args=[production.pk]),
                           {"email": "friend@example.com", "role": "crew"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_the_last_producer_cannot_leave(producer, production):
    membership = producer_membership(production, producer)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, by=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_password_reset_goes_through_the_outbox(client, producer):
    response = client.post(reverse("password_reset"), {"email": producer.email})
    assert response.status_code == 302
    message = Message.objects.get(template="password_reset")
    assert message.address == producer.email
    path = re.search(r"http://127\.0\.0\.1:8000(/account/reset/\S+/)", message.body_text).group(1)
    # Django redirects the token URL to a session-bound one, then shows the form.
    follow = client.get(path, follow=True)
    assert follow.status_code == 200
    assert follow.context["validlink"] is True


def test_password_reset_for_unknown_email_sends_nothing(client, db):
    client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert not Message.objects.exists()
