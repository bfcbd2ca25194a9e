from . import navigation as nav
from . import permissions


def navigation(request):
    """The menu and the role, for the base template."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": nav.items_for(user, request.path),
        "user_role": permissions.role_of(user),
    }
