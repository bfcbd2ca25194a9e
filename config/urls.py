"""The root URLconf: the service addresses, the sign-in pages, the admin and
every app under its prefix; the portal's own pages last, at the root. The
apps' URL modules are imported, not named in strings, so that the floors
(lint-imports) see config standing on every app."""

from django.contrib import admin
from django.urls import include, path

import bot.urls
import branches.urls
import brand.urls
import bulletins.urls
import channels.urls
import contentplan.urls
import dashboards.urls
import materials.urls
import portal.urls
import publishing.urls
import questions.urls
import surveys.urls
from portal.infrastructure import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", include(bot.urls)),  # /telegram/webhook/ and /accounts/telegram/
    path("accounts/", include(portal.urls.account_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pages/", include(branches.urls)),
    path("library/", include(bulletins.urls)),
    path("ask/", include(questions.urls)),
    path("plan/", include(contentplan.urls)),
    path("dashboard/", include(dashboards.urls)),
    path("submissions/", include(materials.urls)),
    path("brand/", include(brand.urls)),
    path("connections/", include(channels.urls)),
    path("publishing/", include(publishing.urls)),
    path("surveys/", include(surveys.urls)),
    path("", include(portal.urls)),
]
