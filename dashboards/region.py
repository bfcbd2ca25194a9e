"""The region dashboard: every figure of one region, and any one table of it in
full for its XLSX export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from portal.models import Branch, Region

from . import permissions
from .followers import followers_by_day, followers_by_platform, own_pages
from .members import (
    LibraryFigures,
    SurveyFigures,
    campaign_table,
    library_figures,
    question_table,
    standard_share,
    submission_table,
    survey_figures,
)
from .page_audit import AuditFigures, audit_figures
from .plan import Figures, PlanFigures, featured_branches, plan_figures, rubric_grid
from .tables import Table, last_months

# --- The region dashboard ------------------------------------------------------------


@dataclass
class RegionDashboard:
    region_id: int
    today: datetime.date
    followers: Table
    followers_chart: dict
    followers_daily: Table
    followers_daily_chart: dict
    own_pages: Table
    plan: PlanFigures
    rubrics: Table
    branches: Table
    branches_chart: dict
    submissions: Table
    questions: Table | None
    standard_share: int | None
    campaigns: Table
    library: LibraryFigures
    audit: AuditFigures
    surveys: SurveyFigures
    # The region's totals, from its branches' stored ones (portal.totals): kept
    # with the figures rather than counted by subqueries on every visit.
    branch_count: int
    organisation_count: int
    member_count: int | None  # None: no branch yet

    @property
    def followers_now(self) -> int:
        return sum(self.followers.column("now"))

    @property
    def tables(self) -> dict[str, Table]:
        tables = [
            self.followers,
            self.followers_daily,
            self.own_pages,
            self.plan.plan,
            self.plan.channels,
            self.rubrics,
            self.branches,
            self.campaigns,
            self.submissions,
            self.questions,
            self.library.table,
            self.audit.table,
            self.surveys.months,
            self.surveys.channels,
        ]
        return {table.key: table for table in tables if table is not None}


def region_dashboard(*, user, region: Region, today: datetime.date) -> RegionDashboard:
    followers = followers_by_platform(region=region, today=today)
    followers_daily, followers_daily_chart = followers_by_day(region=region, today=today)
    months = last_months(today)
    figures = Figures(region, months)
    branch_list = list(Branch.objects.filter(region=region))
    plan = plan_figures(region=region, today=today, figures=figures)
    branches = featured_branches(
        region=region, months=months, figures=figures, branches=branch_list
    )
    return RegionDashboard(
        region_id=region.pk,
        today=today,
        followers=followers,
        followers_chart={
            "labels": followers.column("platform"),
            "series": [
                {"label": str(_("90 days ago")), "data": followers.column("d90")},
                {"label": str(_("30 days ago")), "data": followers.column("d30")},
                {"label": str(_("now")), "data": followers.column("now")},
            ],
        },
        followers_daily=followers_daily,
        followers_daily_chart=followers_daily_chart,
        own_pages=own_pages(region=region),
        plan=plan,
        rubrics=rubric_grid(region=region, months=months, figures=figures),
        branches=branches,
        branches_chart={
            "labels": branches.column("branch"),
            "horizontal": True,
            "series": [
                {"label": str(_("Planned (not missed)")), "data": branches.column("featured")},
                {"label": str(_("Published")), "data": branches.column("published")},
            ],
        },
        submissions=submission_table(
            region=region, months=months, today=today, figures=figures, branches=branch_list
        ),
        questions=question_table(region=region, months=months, today=today),
        standard_share=standard_share(region=region, months=months, today=today),
        library=library_figures(region=region),
        audit=audit_figures(user=user, region=region),
        campaigns=campaign_table(region=region, months=months),
        surveys=survey_figures(region=region, months=months),
        branch_count=len(branch_list),
        organisation_count=sum(branch.organisations_total for branch in branch_list),
        member_count=sum(branch.members_total for branch in branch_list) if branch_list else None,
    )


def region_table(*, user, region: Region, key: str, today: datetime.date) -> Table | None:
    """One table of the region dashboard in full, for its XLSX export."""
    months = last_months(today)
    if key == "followers":
        return followers_by_platform(region=region, today=today)
    if key == "own_pages":
        return own_pages(region=region)
    if key == "followers_daily":
        return followers_by_day(region=region, today=today)[0]
    if key in ("plan", "channels"):
        plan = plan_figures(region=region, today=today)
        return plan.plan if key == "plan" else plan.channels
    if key == "rubrics":
        return rubric_grid(region=region, months=months)
    if key == "branches":
        return featured_branches(region=region, months=months)
    if key == "campaigns":
        return campaign_table(region=region, months=months)
    if key == "submissions":
        return submission_table(region=region, months=months, today=today)
    if key == "questions":
        return question_table(region=region, months=months, today=today)
    if key == "library":
        return library_figures(region=region, top=None).table
    if key == "audit":
        return audit_figures(user=user, region=region, limit=None).table
    if key in ("surveys", "survey_channels"):
        found = survey_figures(region=region, months=months)
        return found.months if key == "surveys" else found.channels
    return None


# --- Scope ----------------------------------------------------------------------------


def dashboard_region(*, user, pk: int) -> Region:
    """The region, or 404 outside the user's dashboard scope. Its totals are
    the dashboard's figures (RegionDashboard), not counted here."""
    return get_object_or_404(permissions.dashboard_regions_for(user), pk=pk)
