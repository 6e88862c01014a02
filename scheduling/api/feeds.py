"""Calendar feed subscriptions in the API: list, make or rotate, revoke (issue 5, item 8).

The feed itself is not an API route: calendar apps fetch its secret URL with no login.
Anyone on the production manages their own; whoever may edit people, anyone's.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from productions.api.base import ProductionScopedViewSet
from productions.api.views import ERRORS
from productions.roles import Capability as C

from .. import calendar_feed, services
from ..models import CalendarFeed


class FeedStatusSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    active_since = serializers.DateTimeField(allow_null=True)


class FeedIssueSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="A person on the production's cast or crew.")


class FeedIssuedSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    url = serializers.URLField(help_text="Shown this once: only a hash of it is kept. Any "
                                         "older URL of this person stops working.")


class CalendarFeedViewSet(ProductionScopedViewSet):
    read_capability = C.VIEW_SCHEDULE
    write_capability = C.VIEW_SCHEDULE  # one's own feed; others' are checked per person
    queryset = CalendarFeed.objects.none()  # for the schema only: rows are per person

    def _can_manage(self) -> bool:
        return self.can(C.EDIT_PEOPLE)

    @extend_schema(responses={200: FeedStatusSerializer(many=True), **ERRORS})
    def list(self, request, *args, **kwargs):
        """Whose feed is on: everyone on the cast and crew for those who may edit people,
        otherwise oneself."""
        production = self.production
        if self._can_manage():
            people = {c.person_id: c.person for c in production.cast.select_related("person")}
            people.update({c.person_id: c.person
                           for c in production.crew.select_related("person")})
        else:
            own = calendar_feed.own_person(production=production, user=request.user)
            people = {own.pk: own} if own else {}
        since = dict(CalendarFeed.objects.filter(production=production)
                     .values_list("person_id", "created_at"))
        rows = sorted(({"person": p.pk, "name": p.name, "active_since": since.get(p.pk)}
                       for p in people.values()), key=lambda r: (r["name"].lower(), r["person"]))
        return Response(FeedStatusSerializer(rows, many=True).data)

    @extend_schema(request=FeedIssueSerializer, responses={201: FeedIssuedSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Make (or rotate) a person's secret feed URL."""
        data = FeedIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = calendar_feed.feed_person(production=self.production, user=request.user,
                                           can_manage=self._can_manage(),
                                           person_id=data.validated_data["person"])
        issued = services.feed_issue(production=self.production, person=person,
                                     by=request.user)
        url = request.build_absolute_uri(reverse("scheduling:feed", args=[issued.token]))
        return Response(FeedIssuedSerializer({"person": person.pk, "url": url}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH,
                                                 description="The person's id.")],
                   responses={204: None, **ERRORS})
    def destroy(self, request, *args, pk=None, **kwargs):
        """Revoke a person's feed: its URL finds nothing from now on."""
        person = calendar_feed.feed_person(production=self.production, user=request.user,
                                           can_manage=self._can_manage(), person_id=pk)
        services.feed_revoke(production=self.production, person=person)
        return Response(status=status.HTTP_204_NO_CONTENT)
