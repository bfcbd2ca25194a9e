from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from contentplan import panel
        from portal import metrics

        from . import selectors

        # The post's panel shows its publication (text, previews, states, links).
        panel.register("publishing/includes/panel_slot.html")
        metrics.register(
            metrics.Gauge(
                "profinfo_publications_failed",
                "Publications that failed and wait for «Повторить».",
                lambda: selectors.count_in_state("failed"),
            )
        )
        metrics.register(
            metrics.Gauge(
                "profinfo_publications_unknown",
                "Publications whose outcome a press secretary must confirm.",
                lambda: selectors.count_in_state("unknown"),
            )
        )
