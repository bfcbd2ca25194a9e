"""The verdicts and recommendations of a page audit: the words the rules and
the stored audits share (a module of their own, so the rules need no model)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Verdict(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("page verdict", "active")
    IRREGULAR = "irregular", pgettext_lazy("page verdict", "irregular")
    DORMANT = "dormant", pgettext_lazy("page verdict", "dormant")
    ABANDONED = "abandoned", pgettext_lazy("page verdict", "abandoned")


class Recommendation(models.TextChoices):
    KEEP = "keep", pgettext_lazy("recommendation", "keep")
    IMPROVE_VISUALS = "improve_visuals", pgettext_lazy("recommendation", "improve visuals")
    MERGE = "merge", pgettext_lazy("recommendation", "merge into the regional page")
    CLOSE = "close", pgettext_lazy("recommendation", "close")
