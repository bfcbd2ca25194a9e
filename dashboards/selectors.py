"""The figures of the dashboards, for one region and for all regions side by side.

Each concern has its module; this one keeps the names other code imports:

- `tables`: a dashboard's `Table` (with `Cell`, `Column`) and the months shown;
- `followers`: the pages' followers, by network and by day, and the own pages;
- `plan`: the content plan's figures, its rubrics and featured branches;
- `members`: what the members sent, the campaigns, questions, surveys, library;
- `page_audit`: the audit of the pages;
- `region`: the region dashboard and its tables for export;
- `central`: every region side by side.

Every function costs a fixed number of SQL queries however much data there
is: the counting is done by the database (GROUP BY, subqueries for the latest
measurement or audit of each page), and Python only arranges the rows. The
selectors return figures and names (numbers, strings, dates): `dashboards.cells`
and the templates draw them.
"""

from __future__ import annotations

from .central import (
    SORTS,
    CentralDashboard,
    RegionName,
    RegionRow,
    central_dashboard,
    instagram_followers_by_region,
)
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
from .page_audit import WORST_PAGES_SHOWN, AuditFigures, audit_figures
from .plan import Figures, PlanFigures, featured_branches, plan_figures, rubric_grid
from .region import RegionDashboard, dashboard_region, region_dashboard, region_table
from .tables import MONTHS_SHOWN, Cell, Column, Period, Table, last_months, month_key, percent

__all__ = [
    "MONTHS_SHOWN",
    "SORTS",
    "WORST_PAGES_SHOWN",
    "AuditFigures",
    "Cell",
    "CentralDashboard",
    "Column",
    "Figures",
    "LibraryFigures",
    "Period",
    "PlanFigures",
    "RegionDashboard",
    "RegionName",
    "RegionRow",
    "SurveyFigures",
    "Table",
    "audit_figures",
    "campaign_table",
    "central_dashboard",
    "dashboard_region",
    "featured_branches",
    "followers_by_day",
    "followers_by_platform",
    "instagram_followers_by_region",
    "last_months",
    "library_figures",
    "month_key",
    "own_pages",
    "percent",
    "plan_figures",
    "question_table",
    "region_dashboard",
    "region_table",
    "rubric_grid",
    "standard_share",
    "submission_table",
    "survey_figures",
]
