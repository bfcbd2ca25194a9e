from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = _("Reach")

    def ready(self) -> None:
        from contentplan import extensions

        from . import plan, posts

        extensions.register(
            extensions.PostExtension(
                name="reach",
                # After the publication's own section: whom each copy reached.
                panel_template="reach/includes/post_reach_slot.html",
                panel_position=110,
                # The calendar's chips and day view: the post's reach.
                post_reach=posts.reach_of_posts,
                # The post form: the rubric's best hours; the balance: its median.
                rubric_hours=plan.best_hours,
                rubric_medians=plan.rubric_medians,
            )
        )
