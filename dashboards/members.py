"""What comes from the members and for them: materials from branches,
campaigns, questions, the page standard, surveys and the library."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from brand.selectors import standard_figures
from bulletins.models import Bulletin, Collection
from contentplan.models import Campaign, PlannedPost
from portal.models import Branch, Region
from questions.selectors import question_figures
from surveys import selectors as survey_selectors

from .models import MonthFigure
from .plan import Figures
from .tables import Cell, Column, Period, Table, percent

PUBLISHED = PlannedPost.Status.PUBLISHED
MISSED = PlannedPost.Status.MISSED

# --- Submissions from branches ----------------------------------------------------------


def submission_table(
    *,
    region: Region,
    months: list[datetime.date],
    today: datetime.date,
    figures: Figures | None = None,
    branches: list[Branch] | None = None,
) -> Table:
    """Materials from each branch with acceptance and the median review time, from
    the stored figures. Two queries, none when `figures` and `branches` are given."""
    figures = figures or Figures(region, months)
    if branches is None:
        branches = list(Branch.objects.filter(region=region))
    per_branch = {
        branch.pk: {"name": branch.name, "submitted": 0, "accepted": 0, "returned": 0,
                    "rejected": 0, "days": []}
        for branch in branches
    }  # fmt: skip
    for row in figures.of_kind(MonthFigure.Kind.BRANCH):
        entry = per_branch.get(row.key)
        if entry is None:
            continue
        entry["submitted"] += row.submitted
        entry["accepted"] += row.accepted
        entry["returned"] += row.returned
        entry["rejected"] += row.rejected
        entry["days"] += row.review_days
    for entry in per_branch.values():
        entry["median"] = round(statistics.median(entry["days"]), 1) if entry["days"] else None
    table = _submission_columns()
    for entry in sorted(per_branch.values(), key=lambda e: (-e["submitted"], e["name"])):
        decided = entry["accepted"] + entry["returned"] + entry["rejected"]
        table.add(
            {
                "branch": entry["name"],
                "submitted": entry["submitted"],
                "accepted": entry["accepted"],
                "returned": entry["returned"],
                "rejected": entry["rejected"],
                "acceptance": percent(entry["accepted"], decided),
                "median_days": entry["median"],
            }
        )
    return table


# --- Members' questions and the page standard ------------------------------------------


def _submission_columns() -> Table:
    return Table(
        key="submissions",
        title=_("Materials from branches"),
        columns=[
            Column("branch", _("Branch")),
            Column("submitted", _("Submitted")),
            Column("accepted", _("Accepted")),
            Column("returned", _("Returned")),
            Column("rejected", _("Rejected")),
            Column("acceptance", _("Accepted of decided, %")),
            Column("median_days", _("Median review time, days")),
        ],
        caption=_(
            "The last 12 months. The review time is the median of days from sending "
            "to the first decision over the materials decided in these months."
        ),
    )


def campaign_table(*, region: Region, months: list[datetime.date]) -> Table:
    """The region's campaigns running in the months shown (or later), with
    their posts counted: planned (not missed), published, missed (one query)."""
    campaigns = (
        Campaign.objects.filter(region=region, ends__gte=months[0])
        .annotate(
            planned=Count("posts", filter=~Q(posts__status=MISSED), distinct=True),
            published=Count("posts", filter=Q(posts__status=PUBLISHED), distinct=True),
            missed=Count("posts", filter=Q(posts__status=MISSED), distinct=True),
        )
        .order_by("starts", "name")
    )
    table = Table(
        key="campaigns",
        title=_("Campaigns"),
        columns=[
            Column("campaign", _("Campaign")),
            Column("dates", _("Dates")),
            Column("planned", _("Planned (not missed)")),
            Column("published", _("Published")),
            Column("missed", _("Missed")),
        ],
        caption=_("The region's campaigns of these months and their posts."),
    )
    for campaign in campaigns:
        table.add(
            {
                "campaign": campaign.name,
                "dates": Period(campaign.starts, campaign.ends),
                "planned": campaign.planned,
                "published": campaign.published,
                "missed": campaign.missed,
            }
        )
    return table


def question_table(*, region: Region, months: list[datetime.date], today) -> Table | None:
    """Members' questions per month and topic with the median days to an answer
    (one query)."""
    figures = question_figures(region, months[0], today)
    topics = figures["topics"]
    table = Table(
        key="questions",
        title=_("Members' questions by month and topic"),
        columns=[
            Column("month", _("Month")),
            *[Column(_topic_key(code), str(label)) for code, label in topics],
            Column("all", _("All")),
            Column("median_days", _("Median days to an answer")),
        ],
        caption=_(
            "Questions received in each month (spam left out); the median counts "
            "the answered ones from receiving to answering."
        ),
    )
    for month in figures["months"]:
        counts = figures["counts"][month]
        table.add(
            {
                "month": f"{month:%m.%Y}",
                **{_topic_key(code): counts[code] for code, _label in topics},
                "all": figures["per_month"][month],
                "median_days": figures["median_days_per_month"][month],
            }
        )
    table.add(
        {
            "month": Cell(_("12 months"), css="fw-semibold"),
            **{_topic_key(code): figures["per_topic"][code] for code, _label in topics},
            "all": figures["total"],
            "median_days": figures["median_days"],
        }
    )
    return table


def _topic_key(code: str) -> str:
    return f"topic-{code}"


def standard_share(*, region: Region, months: list[datetime.date], today) -> int | None:
    """The share of checked posts that met the page standard in their latest
    check, in per cent (one query), or None (nothing checked)."""
    figures = standard_figures(region, months[0], today)
    return percent(figures.passed, figures.checked)


# --- Members' surveys ------------------------------------------------------------------


@dataclass
class SurveyFigures:
    surveys: int
    months: Table
    channels: Table

    @property
    def chart(self) -> dict:
        return {
            "labels": self.channels.column("channel"),
            "horizontal": True,
            "series": [
                {"label": str(_("Members who named it")), "data": self.channels.column("n")}
            ],
        }


def survey_figures(*, region: Region, months: list[datetime.date]) -> SurveyFigures:
    """Surveys run, answers per month, and «where do you read union news» by
    channel (three queries)."""
    figures = survey_selectors.region_figures(region=region, start=months[0], months=months)
    per_month = Table(
        key="surveys",
        title=_("Members' surveys: answers per month"),
        columns=[Column("month", _("Month")), Column("answers", _("Answers to surveys"))],
    )
    for month, count in figures.per_month.items():
        per_month.add({"month": f"{month:%m.%Y}", "answers": count})
    channels = Table(
        key="survey_channels",
        title=_("Where members read union news"),
        columns=[Column("channel", _("Channel")), Column("n", _("Members who named it"))],
    )
    for name, count in figures.channels:
        channels.add({"channel": name, "n": count})
    return SurveyFigures(surveys=figures.surveys, months=per_month, channels=channels)


# --- The library ---------------------------------------------------------------------


@dataclass
class LibraryFigures:
    bulletins: int
    scans: int
    downloads: int
    table: Table


def library_figures(*, region: Region, top: int | None = 10) -> LibraryFigures:
    """Scans and downloads of the region's bulletins and folders. Three queries."""
    totals = Bulletin.objects.filter(region=region).aggregate(
        n=Count("pk"), scans=Sum("scans"), downloads=Sum("downloads")
    )
    bulletins = Bulletin.objects.filter(region=region).order_by("-scans", "-downloads", "number")
    if top is not None:
        bulletins = bulletins[:top]
    collections = (
        Collection.objects.filter(region=region)
        .annotate(item_downloads=Sum("sections__items__downloads"))
        .order_by("-scans", "title")
    )
    table = Table(
        key="library",
        title=_("Library: QR scans and downloads"),
        columns=[
            Column("material", _("Material")),
            Column("scans", _("QR code scans")),
            Column("downloads", _("Downloads")),
        ],
        caption=_("Folders, then the most scanned bulletins."),
    )
    scans, downloads = totals["scans"] or 0, totals["downloads"] or 0
    for collection in collections:
        scans += collection.scans
        downloads += collection.item_downloads or 0
        table.add(
            {
                "material": collection.title,
                "scans": collection.scans,
                "downloads": collection.item_downloads or 0,
            }
        )
    for bulletin in bulletins:
        table.add(
            {"material": str(bulletin), "scans": bulletin.scans, "downloads": bulletin.downloads}
        )
    return LibraryFigures(bulletins=totals["n"], scans=scans, downloads=downloads, table=table)
