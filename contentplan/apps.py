from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentplanConfig(AppConfig):
    name = "contentplan"
    verbose_name = _("Content plan")

    def ready(self) -> None:
        from portal.navigation import NavItem, has_role, register

        register(NavItem("contentplan:current", _("Content plan"), "calendar3", has_role, 20))

        from portal import freshness

        from . import signals

        # Posts changed by `update()` (bulk actions, missed posts, a post the
        # portal published) send no model signal: what caches them (the
        # calendar's board) learns of it by this one.
        def posts_updated(sender, region_id, **kwargs) -> None:
            freshness.changed(region_id)

        signals.posts_updated.connect(
            posts_updated, weak=False, dispatch_uid="contentplan.freshness.posts_updated"
        )
