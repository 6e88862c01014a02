"""The one way an API view reaches a production: through the user's membership.

Every app's production-scoped viewset derives from ProductionScopedViewSet: the
production comes from the URL, the membership from the user (404 for outsiders),
and the capability from roles.py (403 when the role lacks it).
"""

from rest_framework import exceptions, viewsets
from rest_framework.permissions import SAFE_METHODS

from ..models import Membership, Production
from ..roles import Capability
from ..selectors import membership_for


class ProductionScopedViewSet(viewsets.GenericViewSet):
    read_capability: Capability = Capability.VIEW_PRODUCTION
    write_capability: Capability = Capability.EDIT_PRODUCTION
    # Per-action overrides, e.g. {"retry": Capability.VIEW_MESSAGES}.
    action_capabilities: dict[str, Capability] = {}

    membership: Membership
    production: Production

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.membership = membership_for(user=request.user, production_id=kwargs["production_pk"])
        self.production = self.membership.production
        capability = self.action_capabilities.get(self.action) or (
            self.read_capability if request.method in SAFE_METHODS else self.write_capability
        )
        if not self.membership.can(capability):
            raise exceptions.PermissionDenied("Your role on this production does not allow this.")

    @property
    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def can(self, capability: Capability) -> bool:
        return not self.schema_only and self.membership.can(capability)
