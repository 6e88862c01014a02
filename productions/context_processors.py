from django.conf import settings

from .roles import Capability


def navigation(request) -> dict:
    """The production switcher and what the current role may see, for base.html."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import production_list

    membership = getattr(request, "membership", None)
    capabilities = set()
    if membership is not None:
        capabilities = {c.value for c in Capability if membership.can(c)}
    return {
        "show_dev_mail": settings.DEBUG and user.is_staff,
        # Lazy: evaluated once, only by templates that render the switcher.
        "my_productions": production_list(user=user).only("id", "title"),
        "current_production": getattr(request, "production", None),
        "membership": membership,
        "caps": capabilities,
    }
