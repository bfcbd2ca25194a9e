"""The root URLconf: the service addresses, the sign-in pages, the admin and
every app under its prefix; the portal's own pages last, at the root."""

from django.contrib import admin
from django.urls import include, path

from portal import health, metrics
from portal.urls import account_patterns

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("accounts/", include(account_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pages/", include("branches.urls")),
    path("library/", include("bulletins.urls")),
    path("ask/", include("questions.urls")),
    path("plan/", include("contentplan.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("submissions/", include("materials.urls")),
    path("brand/", include("brand.urls")),
    path("connections/", include("channels.urls")),
    path("publishing/", include("publishing.urls")),
    path("surveys/", include("surveys.urls")),
    path("", include("portal.urls")),
]
