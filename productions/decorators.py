from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .roles import Capability
from .selectors import membership_for


def production_view(capability: Capability):
    """Resolve <production_id> to the user's membership (404 for outsiders) and
    require `capability` (403). The view receives the production; the
    membership is on request.membership for templates and permissions."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, production_id, *args, **kwargs):
            membership = membership_for(user=request.user, production_id=production_id)
            if not membership.can(capability):
                raise PermissionDenied("Your role on this production does not allow this.")
            request.membership = membership
            request.production = membership.production
            return view(request, membership.production, *args, **kwargs)

        # Read by the isolation harness to know which routes are money routes.
        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator
