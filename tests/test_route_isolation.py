"""The isolation harness: every route, found by walking Django's URL resolver.

No hand-kept list of routes: a route added by any later issue is exercised
automatically. For each route the harness fills the URL's parameters with the
ids of objects that belong to a *victim* production, then checks that:

* an outsider (a member of another production only) gets 403/404/405 on every
  production route and every method, that no response to them carries any of
  the victim's data, and that nothing of the victim's changes;
* a crew member of the victim production never receives a rate or fee, and
  gets 403 from every money route (views that require a money capability).

A route the harness cannot fill is listed in UNEXERCISED with a reason, and the
test fails when that list no longer matches the routes found.
"""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.models import Message, WebhookEndpoint
from productions import services
from productions.models import (
    ApiToken,
    CastMember,
    CrewMember,
    Department,
    Invitation,
    Location,
    Membership,
    Person,
    Production,
)
from productions.roles import Capability, Role
from tests.productions.factories import LocationFactory, UserFactory, member

# Distinctive values that only the victim production holds.
SECRET_TITLE = "Victim Production Zanzibar"
SECRET_STRINGS = [SECRET_TITLE, "Quetzal Oyelaran", "CHARACTER MORPHEUS", "Bunker Theta-9",
                  "victim-invitee@example.com"]
MONEY_STRINGS = ["4321.77", "98765.43", "4,321.77", "98,765.43"]
MONEY_CAPABILITIES = {Capability.VIEW_RATES, Capability.VIEW_BUDGET, Capability.EDIT_BUDGET}

# Routes the harness cannot exercise, each with the reason. Keep it short.
UNEXERCISED = {
    "admin:*": "Django admin: staff only. Checked separately: a non-staff member is sent "
               "to the admin login.",
    "api_docs": "Static Swagger UI shell, no production data (its schema route is exercised).",
}

# Which victim object a `<pk>` after this URL segment means. Apps add theirs in
# tests/<app>/isolation.py (see load_app_plugins).
PK_SEGMENTS = {
    "crew": "crew", "cast": "cast", "locations": "location", "team": "membership",
    "members": "membership", "invitations": "invitation", "departments": "department",
    "messages": "message", "webhooks": "webhook", "tokens": "token", "people": "person",
    "productions": "production",
}


def load_app_plugins() -> list:
    """tests/<app>/isolation.py lets each app add victim objects to the harness.

    A plugin module may define:
      PK_SEGMENTS: {"url-segment-before-pk": "object kind"}
      SECRET_STRINGS / MONEY_STRINGS: distinctive values only the victim holds
      def victim_objects(production, producer) -> {"object kind": pk}
    """
    import importlib

    plugins = []
    for app in ("productions", "scheduling", "budgets", "callsheets", "notifications"):
        try:
            plugins.append(importlib.import_module(f"tests.{app}.isolation"))
        except ModuleNotFoundError as exc:
            if exc.name not in {f"tests.{app}", f"tests.{app}.isolation"}:
                raise
    return plugins


PLUGINS = load_app_plugins()
for _plugin in PLUGINS:
    PK_SEGMENTS.update(getattr(_plugin, "PK_SEGMENTS", {}))
    SECRET_STRINGS += getattr(_plugin, "SECRET_STRINGS", [])
    MONEY_STRINGS += getattr(_plugin, "MONEY_STRINGS", [])


@dataclass
class Route:
    name: str  # namespaced, reversible
    pattern: str
    params: list[str]
    callback: object


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            params = list(entry.pattern.regex.groupindex)
            if hasattr(entry.pattern, "converters"):
                params = list(dict.fromkeys([*params, *entry.pattern.converters]))
            # Include-level parameters (e.g. <int:production_id> in a prefix) count too.
            yield Route(
                name=f"{namespace}{entry.name}" if entry.name else "",
                pattern=pattern,
                params=params,
                callback=entry.callback,
            )


def all_params(route: Route) -> list[str]:
    """Parameter names in the full pattern, prefixes included."""
    names = re.findall(r"\(\?P<(\w+)>", route.pattern) + re.findall(r"<(?:\w+:)?(\w+)>",
                                                                     route.pattern)
    return list(dict.fromkeys(names))


def unexercised_key(route: Route) -> str | None:
    if route.name.startswith("admin:"):
        return "admin:*"
    if route.name in UNEXERCISED:
        return route.name
    return None


@pytest.fixture
def victim(db):
    producer = UserFactory(username="victim-producer@example.com")
    production = services.production_create(user=producer, title=SECRET_TITLE,
                                             time_zone="Europe/London")
    department = production.departments.get(name="Camera")
    crew = services.crew_member_create(
        production=production, department=department, position="DP",
        name="Quetzal Oyelaran", email="quetzal@example.com", rate="4321.77",
    )
    cast = services.cast_member_create(
        production=production, character="CHARACTER MORPHEUS", name="Cast Person",
        fee="98765.43",
    )
    location = LocationFactory(production=production, name="Bunker Theta-9")
    owner_membership = Membership.objects.get(user=producer, production=production)
    issued = services.invitation_create(
        production=production, email="victim-invitee@example.com", role=Role.CREW,
        by=owner_membership,
    )
    crew_user = member(production, Role.CREW, username="victim-crew@example.com")
    accountant = member(production, Role.ACCOUNTANT, username="victim-accounts@example.com")
    webhook = WebhookEndpoint.objects.create(production=production, url="https://example.com/h")
    message = Message.objects.get(dedupe_key=f"invitation:{issued.invitation.pk}")
    token, _ = services.api_token_create(user=producer, name="victim token")
    objects = {
        "production": production.pk,
        "crew": crew.pk,
        "cast": cast.pk,
        "location": location.pk,
        "membership": owner_membership.pk,
        "invitation": issued.invitation.pk,
        "department": department.pk,
        "message": message.pk,
        "webhook": webhook.pk,
        "token": token.pk,
        "person": crew.person.pk,
    }
    for plugin in PLUGINS:
        if hasattr(plugin, "victim_objects"):
            objects.update(plugin.victim_objects(production, producer))
    return {"production": production, "objects": objects, "crew_user": crew_user,
            "accountant": accountant, "producer": producer}


def url_for(route: Route, objects: dict) -> str | None:
    kwargs = {}
    segments = [s for s in route.pattern.replace("^", "").split("/") if s]
    for name in all_params(route):
        if name in {"production_id", "production_pk"}:
            kwargs[name] = objects["production"]
        elif name == "pk":
            before = None
            for index, segment in enumerate(segments):
                if re.search(r"<(?:\w+:)?pk>|\(\?P<pk>", segment):
                    before = segments[index - 1] if index else None
            kind = PK_SEGMENTS.get(before or "")
            if kind is None:
                return None
            kwargs[name] = objects[kind]
        elif name == "format":
            kwargs[name] = "json"
        elif name in {"token", "uidb64"}:
            kwargs[name] = secrets.token_urlsafe(16)
        elif name == "name":
            kwargs[name] = "nothing.eml"
        else:
            return None
    return reverse(route.name, kwargs=kwargs)


def is_object_route(route: Route) -> bool:
    """A route that names a victim object (its production, or one of its rows)."""
    return any(p in {"production_id", "production_pk", "pk"} for p in all_params(route))


def required_capability(route: Route) -> Capability | None:
    """The capability a route's view demands for GET, from the view itself."""
    callback = route.callback
    capability = getattr(callback, "required_capability", None)
    if capability is not None:
        return capability
    view_class = getattr(callback, "cls", None)
    if view_class is not None:
        actions = getattr(callback, "actions", {}) or {}
        action = actions.get("get")
        return getattr(view_class, "action_capabilities", {}).get(action) or getattr(
            view_class, "read_capability", None
        )
    return None


def victim_snapshot(production: Production) -> str:
    """A fingerprint of everything the victim production owns."""
    rows = []
    for model, field in [
        (Production, "pk"), (CrewMember, "production"), (CastMember, "production"),
        (Location, "production"), (Membership, "production"), (Invitation, "production"),
        (Department, "production"), (WebhookEndpoint, "production"),
    ]:
        qs = model.objects.filter(**{field: production.pk}).order_by("pk").values()
        rows.append(json.dumps(list(qs), default=str, sort_keys=True))
    people = Person.objects.filter(
        Q(crew_roles__production=production) | Q(cast_roles__production=production)
        | Q(user__memberships__production=production)
    ).distinct()
    rows.append(json.dumps(list(people.order_by("pk").values()), default=str))
    tokens = ApiToken.objects.filter(user__memberships__production=production)
    rows.append(json.dumps(list(tokens.order_by("pk").values()), default=str))
    return hashlib.sha256("".join(rows).encode()).hexdigest()


def body(response) -> str:
    content = getattr(response, "content", b"")
    if hasattr(response, "streaming_content"):
        content = b"".join(response.streaming_content)
    return content.decode(errors="replace")


def routes() -> list[Route]:
    return [r for r in walk() if r.name]


def test_every_route_is_named_so_the_harness_can_reach_it():
    unnamed = [r.pattern for r in walk() if not r.name and not r.pattern.startswith("admin/")]
    assert unnamed == []


def test_unexercised_list_matches_the_routes_found(victim):
    found = set()
    for route in routes():
        key = unexercised_key(route)
        if key:
            found.add(key)
        else:
            assert url_for(route, victim["objects"]) is not None, (
                f"The harness cannot fill {route.name} ({route.pattern}): teach it the "
                "parameter, or list the route in UNEXERCISED with a reason."
            )
    assert found == set(UNEXERCISED)


@pytest.mark.django_db
def test_outsider_gets_nothing_from_any_route(victim, other_production, outsider):
    client = Client()
    client.force_login(outsider)
    before = victim_snapshot(victim["production"])
    exercised = 0
    for route in routes():
        if unexercised_key(route):
            continue
        url = url_for(route, victim["objects"])
        for method in ("get", "post", "put", "patch", "delete"):
            client.force_login(outsider)  # a route may have logged us out
            if method in {"get", "delete"}:
                response = getattr(client, method)(url)
            else:
                # A plausible write: what a form or an API client would send.
                response = getattr(client, method)(
                    url, data={"name": "pwned", "title": "pwned", "role": "producer"},
                    content_type="application/json",
                )
            exercised += 1
            text = body(response)
            if is_object_route(route):
                assert response.status_code in {403, 404, 405}, (
                    f"{method.upper()} {url} gave {response.status_code} to an outsider"
                )
            else:
                assert response.status_code < 500, f"{method.upper()} {url}: 500"
            for secret in SECRET_STRINGS + MONEY_STRINGS:
                assert secret not in text, f"{method.upper()} {url} leaked {secret!r}"
    assert victim_snapshot(victim["production"]) == before
    assert exercised > 100


@pytest.mark.django_db
def test_anonymous_gets_nothing_from_any_route(victim):
    client = Client()
    for route in routes():
        if unexercised_key(route):
            continue
        url = url_for(route, victim["objects"])
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response)
        for secret in SECRET_STRINGS + MONEY_STRINGS:
            assert secret not in text, f"GET {url} leaked {secret!r} to an anonymous visitor"


@pytest.mark.django_db
def test_crew_member_never_sees_money(victim):
    client = Client()
    client.force_login(victim["crew_user"])
    money_routes = 0
    for route in routes():
        if unexercised_key(route):
            continue
        url = url_for(route, victim["objects"])
        response = client.get(url)
        assert response.status_code < 500, url
        if required_capability(route) in MONEY_CAPABILITIES:
            money_routes += 1
            assert response.status_code == 403, f"crew reached money route {url}"
        text = body(response)
        for secret in MONEY_STRINGS:
            assert secret not in text, f"GET {url} showed a rate to crew"
    assert money_routes >= 1


@pytest.mark.django_db
def test_accountant_does_see_money_so_the_check_above_means_something(victim):
    client = Client()
    client.force_login(victim["accountant"])
    production_id = victim["production"].pk
    crew_page = body(client.get(reverse("productions:crew", args=[production_id])))
    api_cast = body(client.get(reverse("castmember-list", kwargs={"production_pk": production_id})))
    assert "4321.77" in crew_page or "4,321.77" in crew_page
    assert "98765.43" in api_cast


@pytest.mark.django_db
def test_admin_turns_away_members_who_are_not_staff(victim):
    client = Client()
    client.force_login(victim["crew_user"])
    response = client.get(reverse("admin:productions_crewmember_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
