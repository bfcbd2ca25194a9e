from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ScopedModelBackend(ModelBackend):
    """Django's backend, loading the user's region and branch with the user.

    Every page shows them in the menu and the permissions module reads them,
    so one query instead of three.
    """

    def get_user(self, user_id):
        user = (
            self.user_model_class._default_manager.select_related("region", "branch__region")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        # A demo account's password is public: with DEBUG off it neither logs
        # in nor keeps a session it opened while DEBUG was on.
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)

    @property
    def user_model_class(self):
        from django.contrib.auth import get_user_model

        return get_user_model()
