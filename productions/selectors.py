"""Every non-trivial read, scoped to what the user may see."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .models import (
    ApiToken,
    CastMember,
    CrewMember,
    Department,
    Invitation,
    Location,
    Membership,
    Person,
    Production,
    ProductionQuerySet,
)


def membership_for(*, user, production_id) -> Membership:
    """The user's membership of a production, with the production; 404 for outsiders.

    An outsider learns nothing, not even that the production exists.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        return Membership.objects.select_related("production").get(
            user=user, production_id=int(production_id)
        )
    except (Membership.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such production.") from exc


def production_list(*, user) -> ProductionQuerySet:
    """The user's productions, each annotated with `my_role`."""
    memberships = Membership.objects.filter(user=user, production=OuterRef("pk"))
    return (
        Production.objects.for_user(user)
        .annotate(my_role=memberships.values("role")[:1])
        .order_by("title", "id")
    )


def department_list(*, production: Production) -> QuerySet[Department]:
    return production.departments.all()


def crew_list(*, production: Production) -> QuerySet[CrewMember]:
    return production.crew.select_related("person", "department")


def cast_list(*, production: Production) -> QuerySet[CastMember]:
    return production.cast.select_related("person")


def location_list(*, production: Production) -> QuerySet[Location]:
    return production.locations.all()


def member_list(*, production: Production) -> QuerySet[Membership]:
    return production.memberships.select_related("user", "user__person").order_by(
        "role", "user__first_name", "user__username"
    )


def invitation_list(*, production: Production) -> QuerySet[Invitation]:
    return production.invitations.select_related("invited_by", "person")


def people_visible(*, user) -> QuerySet[Person]:
    """People who work on, or belong to, one of the user's productions."""
    mine = Production.objects.for_user(user).values("pk")
    return Person.objects.filter(
        Exists(CrewMember.objects.filter(person=OuterRef("pk"), production__in=mine))
        | Exists(CastMember.objects.filter(person=OuterRef("pk"), production__in=mine))
        | Exists(Membership.objects.filter(user=OuterRef("user"), production__in=mine))
    )


def people_search(*, user, query: str) -> QuerySet[Person]:
    people = people_visible(user=user)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return people


def api_token_list(*, user) -> QuerySet[ApiToken]:
    return user.api_tokens.all()


def production_counts(*, production: Production) -> dict[str, int]:
    return {
        "crew": production.crew.count(),
        "cast": production.cast.count(),
        "locations": production.locations.count(),
        "members": production.memberships.count(),
    }
