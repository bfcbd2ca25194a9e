from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from contentplan import extensions
        from portal.infrastructure import metrics

        from . import media, selectors, services

        extensions.register(
            extensions.PostExtension(
                name="publishing",
                # The post's panel shows its publication (text, previews, states, links).
                panel_template="publishing/includes/panel_slot.html",
                # The calendar's chips mark each channel sent, failed or waiting.
                channel_states=selectors.states_for_posts,
                # The plan's page lists the posts' warnings before it is approved.
                post_warnings=selectors.warnings_for_posts,
                # Deleting a post from the plan asks about its copies on the networks.
                find_copies=selectors.copies_of_posts,
                before_delete=services.posts_leaving,
                # The post form writes the text that goes out (its common version).
                post_texts=selectors.texts_of_posts,
                save_text=services.text_from_post_form,
            )
        )
        # A deleted post's Instagram squares go with it.
        media.connect()
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
