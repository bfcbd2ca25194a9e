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
        # Lazy: counted only when the template shows the bell.
        "unread_notifications": lambda: (
            user.notifications.filter(read_at__isnull=True).count() if user.is_authenticated else 0
        ),
    }
