"""The region and central dashboards: figures against data built here, scope,
exports, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from branches.models import PageAudit, PageSnapshot, SocialPage
from branches.tests.factories import SnapshotFactory, SocialPageFactory
from bulletins.tests.factories import BulletinFactory, CollectionFactory
from contentplan.models import Campaign, Channel, PlannedPost
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from dashboards import selectors
from portal import dates
from portal.tests.factories import BranchFactory, OrganisationFactory

P = SocialPage.Platform
Status = PlannedPost.Status


def today() -> datetime.date:
    return timezone.localdate()


def month_start(n_back: int) -> datetime.date:
    return dates.add_months(today().replace(day=1), -n_back)


def page_with(world, *, region, branch=None, platform, history, verdict=None, url=None):
    """A page with measurements {days ago: followers} and, optionally, an audit."""
    page = SocialPageFactory(
        region=region, branch=branch, platform=platform, **({"url": url} if url else {})
    )
    latest = None
    for days_ago, followers in sorted(history.items(), reverse=True):
        latest = SnapshotFactory(
            page=page, measured_on=today() - datetime.timedelta(days=days_ago), followers=followers
        )
    if verdict:
        PageAudit.objects.create(
            page=page,
            as_of=latest.measured_on,
            snapshot=latest,
            verdict=verdict,
            recommendation=PageAudit.Recommendation.KEEP,
        )
    return page


@pytest.fixture
def data(world, django_capture_on_commit_callbacks):
    """One region's pages, plan, library; and another region to stay out of the
    figures. Built as if committed, so the stored monthly figures are counted."""
    with django_capture_on_commit_callbacks(execute=True):
        return _build(world)


def _build(world):
    region = world.region
    page_with(
        world,
        region=region,
        platform=P.FACEBOOK_PAGE,
        history={100: 1000, 40: 1100, 1: 1250},
        verdict=PageAudit.Verdict.ACTIVE,
    )
    page_with(
        world,
        region=region,
        platform=P.INSTAGRAM,
        history={95: 300, 10: 350},
        verdict=PageAudit.Verdict.ACTIVE,
    )
    page_with(
        world,
        region=region,
        branch=world.branch,
        platform=P.FACEBOOK_GROUP,
        history={5: 40},
        verdict=PageAudit.Verdict.ABANDONED,
    )
    page_with(
        world,
        region=region,
        branch=world.branch2,
        platform=P.FACEBOOK_PROFILE,
        history={5: 60},
        verdict=PageAudit.Verdict.DORMANT,
    )
    page_with(
        world,
        region=world.other_region,
        platform=P.INSTAGRAM,
        history={3: 900},
        verdict=PageAudit.Verdict.ABANDONED,
    )
    rubric = RubricFactory(name="Освещение мероприятий", monthly_minimum=2)
    facebook = Channel.objects.get(code="facebook_page")
    instagram = Channel.objects.get(code="instagram")
    last = PlanFactory(region=region, month=month_start(1))
    # Last month: 4 planned, 3 published (2 on Facebook and Instagram, 1 on Facebook), 1 missed.
    for channels, status, branch in [
        ([facebook, instagram], Status.PUBLISHED, world.branch),
        ([facebook, instagram], Status.PUBLISHED, world.branch),
        ([facebook], Status.PUBLISHED, None),
        ([facebook], Status.MISSED, world.branch2),
    ]:
        PostFactory(
            plan=last,
            rubric=rubric,
            channels=channels,
            status=status,
            branch=branch,
            date=last.month.replace(day=5),
            published_url="https://facebook.com/p/1" if status == Status.PUBLISHED else "",
        )
    other = PlanFactory(region=world.other_region, month=month_start(1))
    PostFactory(plan=other, rubric=rubric, date=other.month.replace(day=5))
    BulletinFactory(region=region, scans=7, downloads=3)
    BulletinFactory(region=region, scans=2, downloads=5)
    CollectionFactory(region=region, scans=4)
    BulletinFactory(region=world.other_region, scans=100)
    OrganisationFactory(branch=world.branch2, name="Детский сад № 2", members=40)
    return world


def test_followers_by_platform_now_and_before(data):
    table = selectors.followers_by_platform(region=data.region, today=today())
    rows = {row[0]: row for row in table.plain_rows()}
    # platform, pages, now, 30 days ago, change, 90 days ago, change
    assert rows[str(P.FACEBOOK_PAGE.label)][1:] == [1, 1250, 1100, 150, 1000, 250]
    assert rows["Instagram"][1:] == [1, 350, 300, 50, 300, 50]
    assert rows[str(P.FACEBOOK_GROUP.label)][1:] == [1, 40, None, None, None, None]


def test_plan_fulfilment_channels_rubrics_and_branches(data):
    plan = selectors.plan_figures(region=data.region, today=today())
    last = f"{month_start(1):%m.%Y}"
    by_month = {row[0]: row for row in plan.plan.plain_rows()}
    assert by_month[last] == [last, 4, 3, 1, 75]
    assert plan.fulfilment == 75
    channels = dict(zip(plan.channels.header, _row(plan.channels, last), strict=True))
    assert channels["Facebook (страница области)"] == 3
    assert channels["Instagram"] == 2
    assert channels["Aitu"] == 0
    grid = selectors.rubric_grid(region=data.region, months=plan.months)
    row = next(r for r in grid.rows if r["rubric"] == "Освещение мероприятий")
    cell = row[selectors.month_key(month_start(1))]
    assert (cell.value, cell.css) == (3, "cov-ok")  # minimum 2, the missed one does not count
    this_month = row[selectors.month_key(month_start(0))]
    assert (this_month.value, this_month.css) == (0, "cov-none")
    branches = {
        r[0]: r[1:]
        for r in selectors.featured_branches(region=data.region, months=plan.months).plain_rows()
    }
    assert branches == {"г. Усть-Каменогорск": [2, 2], "г. Риддер": [0, 0]}


def _row(table, first):
    return next(row for row in table.plain_rows() if row[0] == first)


def test_library_and_audit(data, world):
    library = selectors.library_figures(region=data.region)
    assert (library.bulletins, library.scans, library.downloads) == (2, 13, 8)
    audit = selectors.audit_figures(user=world.users["press"], region=data.region)
    assert audit.counts == {"active": 2, "abandoned": 1, "dormant": 1}
    keys = [column.key for column in audit.table.columns]
    rows = [dict(zip(keys, row, strict=True)) for row in audit.table.plain_rows()]
    verdicts = [row["verdict"] for row in rows]
    assert verdicts == ["abandoned", "dormant", "active", "active"]  # the worst first
    # Each page's newest measurement: its date and where it came from.
    assert [row["measured_on"] for row in rows] == [
        today() - datetime.timedelta(days=days) for days in (5, 5, 1, 10)
    ]
    assert {row["source"] for row in rows} == {str(PageSnapshot.Source.MANUAL.label)}


def test_the_audit_and_central_tables_tell_a_measured_page(data, world):
    from branches import services as page_services

    manual = str(PageSnapshot.Source.MANUAL.label)

    instagram = SocialPage.objects.get(region=world.region, platform=P.INSTAGRAM)
    page_services.snapshot_measured(
        page=instagram,
        measured_on=today(),
        figures={
            "followers": 361,
            "posts_30d": 9,
            "own_posts": 9,
            "reposts": 0,
            "last_own_post": today(),
        },
    )
    audit = selectors.audit_figures(user=world.users["press"], region=data.region)
    keys = [column.key for column in audit.table.columns]
    rows = [dict(zip(keys, row, strict=True)) for row in audit.table.plain_rows()]
    measured = [row for row in rows if row["platform"] == "Instagram"]
    assert [(row["measured_on"], row["source"]) for row in measured] == [
        (today(), str(PageSnapshot.Source.API.label))
    ]
    own = {
        row["platform"]: (row["followers"], row["measured_on"], str(row["source"].value))
        for row in selectors.own_pages(region=data.region).rows
    }
    assert own == {
        "Страница Facebook": (1250, today() - datetime.timedelta(days=1), manual),
        "Instagram": (361, today(), str(PageSnapshot.Source.API.label)),
    }
    central = selectors.central_dashboard(user=world.users["central"], today=today())
    counts = {row.region.pk: row.measured for row in central.rows}
    assert counts == {world.region.pk: 1, world.other_region.pk: 0}


def test_followers_by_day_carry_each_page_forward(data, world):
    page_with(world, region=data.region, platform=P.WEBSITE, history={3: None})
    table, chart = selectors.followers_by_day(region=data.region, today=today(), days=90)
    assert len(table.rows) == len(chart["labels"]) == 90
    by_day = {row["day"]: row for row in table.rows}
    first, last = by_day[today() - datetime.timedelta(days=89)], by_day[today()]
    # 90 days back: Facebook's measurement of 100 days ago (1000); Instagram's of
    # 95 days ago (300); the branch pages were not measured yet.
    assert (first["facebook_page"], first["instagram"], first["total"]) == (1000, 300, 1300)
    assert first["facebook_group"] is None
    # Today: the newest of each page, as «Followers now» counts them.
    followers_now = sum(
        selectors.followers_by_platform(region=data.region, today=today()).column("now")
    )
    assert last["total"] == followers_now == 1250 + 350 + 40 + 60
    # A page measured on a day adds its point that day.
    assert by_day[today() - datetime.timedelta(days=2)]["facebook_page"] == 1100
    assert by_day[today() - datetime.timedelta(days=1)]["facebook_page"] == 1250
    series = {s["label"]: s["data"] for s in chart["series"]}
    assert series["Страница Facebook"][-1] == 1250 and len(series["Страница Facebook"]) == 90
    # A site has no followers: it draws no line and has no column.
    assert "website" not in {column.key for column in table.columns}
    assert len(chart["series"]) == 4
    # Another region's page is not counted.
    assert all(row["total"] != 900 for row in table.rows)


def test_central_dashboard_ranks_regions(data, world):
    dashboard = selectors.central_dashboard(user=world.users["central"], today=today())
    rows = {row.region.pk: row for row in dashboard.rows}
    mine, other = rows[world.region.pk], rows[world.other_region.pk]
    assert (other.instagram, other.instagram_rank) == (900, 1)
    assert (mine.instagram, mine.instagram_rank) == (350, 2)
    assert mine.followers == 1250 + 350 + 40 + 60
    assert (mine.abandoned, mine.dormant, mine.pages) == (1, 1, 4)
    assert (mine.planned, mine.published, mine.fulfilment) == (4, 3, 75)
    assert (mine.scans, other.scans) == (13, 100)
    assert mine.members == 120 + 60 + 40
    assert [row.region.pk for row in dashboard.rows] == [world.other_region.pk, world.region.pk]
    by_scans = selectors.central_dashboard(
        user=world.users["central"], today=today(), sort="abandoned"
    )
    assert by_scans.rows[0].abandoned == 1
    assert [r.region.pk for r in dashboard.abandoned_regions] == [
        world.other_region.pk,
        world.region.pk,
    ]


def test_the_region_page_shows_the_figures(data, client_for):
    response = client_for(data.users["press"]).get(
        reverse("dashboards:region", args=[data.region.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="members"' in html
    assert response.context["dashboard"].followers_now == 1700
    assert response.context["dashboard"].member_count == 220
    for key in ("followers", "plan", "channels", "rubrics", "branches", "library", "audit"):
        assert f'data-testid="table-{key}"' in html
    assert 'id="plan-chart-data"' in html and "<script>" not in html.replace(
        'type="application/json"', ""
    )


def test_home_sends_each_role_to_its_dashboard(world, client_for):
    press = client_for(world.users["press"]).get(reverse("dashboards:home"))
    assert press.url == reverse("dashboards:region", args=[world.region.pk])
    central = client_for(world.users["central"]).get(reverse("dashboards:home"))
    assert central.url == reverse("dashboards:central")
    assert client_for(world.users["chair"]).get(reverse("dashboards:home")).status_code == 404


def test_scope_press_sees_only_its_region_and_chairs_nothing(world, client_for):
    own = reverse("dashboards:region", args=[world.region.pk])
    other = reverse("dashboards:region", args=[world.other_region.pk])
    press = client_for(world.users["press"])
    assert press.get(own).status_code == 200
    assert press.get(other).status_code == 404
    assert press.get(reverse("dashboards:central")).status_code == 404
    assert press.get(other + "export/audit.xlsx").status_code == 404
    chair = client_for(world.users["chair"])
    assert chair.get(own).status_code == 404
    central = client_for(world.users["central"])
    assert central.get(other).status_code == 200


@pytest.mark.parametrize(
    "table",
    [
        "followers",
        "followers_daily",
        "own_pages",
        "plan",
        "channels",
        "rubrics",
        "branches",
        "submissions",
        "library",
        "audit",
    ],
)
def test_every_region_table_exports_as_xlsx(data, client_for, table):
    address = reverse("dashboards:region_export", args=[data.region.pk, table])
    response = client_for(data.users["press"]).get(address)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = selectors.region_table(
        user=data.users["press"], region=data.region, key=table, today=today()
    )
    assert list(rows[0]) == expected.header
    assert len(rows) - 1 == len(expected.rows)


def test_the_central_table_exports_and_an_unknown_table_is_404(data, client_for):
    client = client_for(data.users["central"])
    response = client.get(reverse("dashboards:central_export", args=["regions"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [data.other_region.short_name, data.region.short_name]
    assert client.get(reverse("dashboards:central_export", args=["nope"])).status_code == 404
    address = reverse("dashboards:region_export", args=[data.region.pk, "nope"])
    assert client.get(address).status_code == 404


# --- Query counts -------------------------------------------------------------------


def grow(world, times: int) -> None:
    """`times` units of data in both regions: branches, pages with history, posts, bulletins."""
    rubric = RubricFactory(name="Полезные советы", monthly_minimum=1)
    for n in range(times):
        for region in (world.region, world.other_region):
            branch = BranchFactory(region=region)
            OrganisationFactory.create_batch(3, branch=branch)
            for platform in (P.FACEBOOK_GROUP, P.INSTAGRAM):
                page_with(
                    world,
                    region=region,
                    branch=branch,
                    platform=platform,
                    history={100: 10 + n, 50: 20, 2: 30},
                    verdict=PageAudit.Verdict.IRREGULAR,
                )
            campaign = Campaign.objects.create(
                region=region,
                name=f"Кампания {Campaign.objects.count()}",
                starts=month_start(2),
                ends=month_start(0),
            )
            for back in range(3):
                plan = PlanFactory(region=region, month=month_start(back))
                PostFactory.create_batch(
                    2,
                    plan=plan,
                    rubric=rubric,
                    branch=branch,
                    date=plan.month.replace(day=3),
                    campaign=campaign,
                )
            BulletinFactory(region=region, scans=n)


def test_the_campaigns_posts_are_counted_on_the_region_dashboard(data, client_for):
    campaign = Campaign.objects.create(
        region=data.region,
        name="Месячник охраны труда",
        starts=month_start(0),
        ends=month_start(0).replace(day=20),
    )
    plan = PlanFactory(region=data.region, month=month_start(0))
    PostFactory.create_batch(3, plan=plan, campaign=campaign)
    PostFactory(
        plan=plan, campaign=campaign, status="published", published_url="https://example.org/"
    )
    PostFactory(plan=plan, campaign=campaign, status="missed")
    other = Campaign.objects.create(
        region=data.other_region, name="Чужая", starts=month_start(0), ends=month_start(0)
    )
    PostFactory(plan=PlanFactory(region=data.other_region, month=month_start(0)), campaign=other)
    table = selectors.region_dashboard(
        user=data.users["press"], region=data.region, today=today()
    ).campaigns
    assert table.rows == [
        {
            "campaign": "Месячник охраны труда",
            # Dates, not text: the page draws them in its language's short format.
            "dates": selectors.Period(campaign.starts, campaign.ends),
            "planned": 4,
            "published": 1,
            "missed": 1,
        }
    ]
    client = client_for(data.users["press"])
    page = client.get(reverse("dashboards:region", args=[data.region.pk]))
    assert "Месячник охраны труда" in page.content.decode()
    assert f"{campaign.starts:%d.%m.%Y} – {campaign.ends:%d.%m.%Y}" in page.content.decode()
    assert "Чужая" not in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("dashboards:region", args=[data.region.pk]))
    # English writes the day before the month, as the rest of the portal does
    # (portal/formats/en: «1 Dec 2026»).
    period = (
        f"{campaign.starts.day} {campaign.starts:%b %Y} – {campaign.ends.day} {campaign.ends:%b %Y}"
    )
    assert period in english.content.decode()
    export = client.get(reverse("dashboards:region_export", args=[data.region.pk, "campaigns"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(row=2, column=2).value == period


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# Every page pays 6 for the session, the user and the bell (see
# portal/tests/test_query_counts.py). The region dashboard then reads: the
# region with its totals; followers by platform; followers by day (one query
# for the 90 days); the region's own pages with their newest measurement;
# the stored monthly figures
# (plan, channels, rubrics, branches, submissions, days: one query); the
# channels; the rubrics; the branches; members' questions (counts, days
# to an answer); the page standard's share; the campaigns with their posts
# counted; the library (bulletin totals, collections, top bulletins); the
# audit (verdict counts, worst pages, their audits, their measurements);
# members' surveys (run, answers per month, channels named); the recent
# reports. The central dashboard: regions with totals, pages per region, plan
# of the last month, bulletin and folder scans. An export skips the bell.
PAGES = [
    ("press", "dashboards:region", "region", 29),
    ("central", "dashboards:region", "other_region", 29),
    ("central", "dashboards:central", None, 11),
    ("press", "dashboards:region_export", "region:audit", 10),
    ("central", "dashboards:central_export", "regions", 10),
]


@pytest.mark.parametrize(("role", "name", "arg", "pinned"), PAGES)
def test_dashboard_query_counts_do_not_grow_with_data(
    data, client_for, django_capture_on_commit_callbacks, role, name, arg, pinned
):
    world = data
    client = client_for(world.users[role])
    if arg is None:
        args = []
    elif arg == "regions":
        args = ["regions"]
    elif ":" in arg:
        attr, table = arg.split(":")
        args = [getattr(world, attr).pk, table]
    else:
        args = [getattr(world, arg).pk]
    address = reverse(name, args=args)
    with django_capture_on_commit_callbacks(execute=True):
        grow(world, 1)
    at_1x = count_queries(client, address)
    with django_capture_on_commit_callbacks(execute=True):
        grow(world, 9)
    at_10x = count_queries(client, address)
    assert (at_1x, at_10x) == (pinned, pinned)


def test_table_cells_are_escaped_grouped_and_dashed():
    from django.template.loader import render_to_string
    from django.utils import translation

    from dashboards.selectors import Cell, Column, Table

    table = Table(
        key="t",
        title="t",
        columns=[Column("a", "a"), Column("b", "b"), Column("c", "c"), Column("d", "d")],
    )
    table.add(
        {
            "a": '<script>alert("x")</script>',
            "b": 31208,
            "c": None,
            "d": Cell(5, css='x" onclick="y', text="<b>"),
        }
    )
    with translation.override("ru"):
        html = render_to_string("dashboards/includes/table.html", {"table": table})
    body = html.split("<tbody>")[1].split("</tbody>")[0].strip()
    assert body == (
        '<tr><td class="">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>'
        '<td class="text-end">31\xa0208</td>'
        '<td class="text-end">—</td>'
        '<td class="text-end x&quot; onclick=&quot;y">&lt;b&gt;</td></tr>'
    )


def test_a_row_must_fill_every_column_of_its_table():
    from dashboards.selectors import Column, Table

    table = Table(key="t", title="t", columns=[Column("a", "a"), Column("b", "b")])
    with pytest.raises(ValueError, match="'t'"):
        table.add({"a": 1})
    table.add({"b": 2, "a": 1})
    assert (table.plain_rows(), table.column("b")) == ([[1, 2]], [2])


def test_questions_and_the_page_standard_on_the_region_dashboard(world, client_for):
    from brand.seed import load_standard
    from brand.services import standard_check_save
    from questions.models import Question
    from questions.tests.conftest import ask

    month = today().replace(day=1)
    tz = timezone.get_current_timezone()
    noon = datetime.datetime.combine(month, datetime.time(12), tzinfo=tz)
    for topic, days in (("pay", 2), ("pay", 4), ("leave", None)):
        question = ask(world, topic=topic)
        fields = {"received_at": noon}
        if days is not None:
            fields |= {
                "answered_at": noon + datetime.timedelta(days=days),
                "answer_days": days,
                "status": "answered",
            }
        Question.objects.filter(pk=question.pk).update(**fields)
    ask(world, topic="pay", region=world.other_region)
    items = load_standard()
    plan = PlanFactory(region=world.region, month=month)
    for passed in (True, True, False):
        post = PostFactory(plan=plan, date=month)
        standard_check_save(
            user=world.users["press"], post=post, answers={item.pk: passed for item in items}
        )
    table = selectors.question_table(region=world.region, months=selectors.last_months(today()),
                                     today=today())  # fmt: skip
    header = [str(cell) for cell in table.header]
    rows = {row[0]: row for row in table.plain_rows()}
    this_month = rows[f"{month:%m.%Y}"]
    pay = header.index(str(Question.Topic.PAY.label))
    leave = header.index(str(Question.Topic.LEAVE.label))
    assert (this_month[pay], this_month[leave], this_month[-2], this_month[-1]) == (2, 1, 3, 3.0)
    assert (
        selectors.standard_share(
            region=world.region, months=selectors.last_months(today()), today=today()
        )
        == 67
    )
    response = client_for(world.users["press"]).get(
        reverse("dashboards:region", args=[world.region.pk])
    )
    page = response.content.decode()
    assert 'data-figure="standard"' in page and "67%" in page
    assert 'id="questions-heading"' in page
    export = client_for(world.users["press"]).get(
        reverse("dashboards:region_export", args=[world.region.pk, "questions"])
    )
    assert export.status_code == 200
