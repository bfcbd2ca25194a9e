from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from materials import selectors as materials_selectors
        from portal.infrastructure import metrics
        from portal.navigation import NavItem, register

        from . import figures, jobs, permissions

        # The stored monthly figures follow every change of posts and materials,
        # and the materials' statistics read them.
        figures.connect()
        materials_selectors.register_stored_figures(figures.branch_figures)
        register(
            NavItem(
                "dashboards:home",
                _("Dashboard"),
                "speedometer2",
                permissions.may_see_dashboards,
                50,
            )
        )
        metrics.register(
            metrics.Gauge(
                "profinfo_report_job_oldest_waiting_seconds",
                "Seconds the oldest queued report job has waited (0: none).",
                jobs.oldest_waiting_age,
            )
        )
