"""The demo of the union: the report's region with a year of activity, and
demo regions beside it, all dated relative to the day it runs.

`make run` calls it on every start (unless DEMO=0); it refuses without DEBUG,
as the demo users do, so production never gets it. What it loads:

- the East Kazakhstan organisation of `load_seed` gets a year of plans, posts,
  branches' materials, members' questions with their answers and
  measurements of its pages, up to today. The measurements start from the
  report's own figures (which keep their date, 05.12.2025, and their source
  «from the report») and go on after them; the pages are audited as of today;
- ``--regions N`` demo regions (six by default, up to the nineteen other
  regional organisations of Kazakhstan), each with a year (``--years``) of
  the same, and its members, branches, pages, library and a survey.

Every generated row is deterministic (``random.Random``), flagged ``is_demo``
where the model has the flag, and named with «(демо)». Each part (a region,
the report region's year) commits in one transaction together with its row
of `DemoPart`: a run that was interrupted resumes with the parts that are
missing, and a later run finds them all and loads nothing. ``--today``
dates everything to another day (tests fix it).

The structure of a demo region is realistic and the same at every scale: 8
to 20 branches (East Kazakhstan has 13), a regional Facebook, Instagram and
Aitu page, one or two pages per branch, four newspapers. What ``--scale N``
multiplies is the volume that grows with the years: at 1× a branch has 40
primary organisations, a region plans about 30 posts a month, each branch
sends one material a month, members ask 10 questions a month, the library
holds 13 bulletins and a folder of 5 materials, and every page is measured
weekly, and daily over the last 90 days (the dashboards' daily chart). At
N×: 40·N organisations per branch, 30·N posts a month, N materials per
branch and month, 10·N questions a month, 13·N bulletins and 5·N folder
materials, and about N times as many measurements per page — taken every
⌊7/N⌋ days (daily from 7×) and reaching back as far as it takes (at least
``--years``; at 10× about 1.4 times as far). `bench` loads
``--regions 19 --years 3``.

``--reset`` first deletes every demo region with all it holds (the report
region's year stays).
"""

from __future__ import annotations

import argparse
import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from branches import rules
from branches.models import MediaOutlet, PageAudit, PageSnapshot, SocialPage, WebsiteMaterials
from branches.seed import REPORT_DATE
from bulletins.models import Bulletin, Collection, FileKind, Item, Section, Topic
from contentplan.models import Channel, MonthlyPlan, PlannedPost, Rubric
from contentplan.seed import DEMO_POSTS, LIVE_STREAM, load_rubrics
from dashboards import figures
from dashboards.followers import DAYS_CHARTED
from dashboards.models import DemoPart
from materials.models import Submission, SubmissionEvent
from portal import dates, totals
from portal.models import Branch, PrimaryOrganisation, Region, User
from portal.seed import REGION_NAME
from publishing.models import Publication
from questions.models import Question, days_between
from reach import demo as reach_demo
from surveys.models import Response, Survey
from surveys.seed import load_demo_survey

# The six of the first run come first: the two cities of republican
# significance and four regions of different sizes and parts of the country.
REGIONS = [
    "Карагандинская область",
    "город Алматы",
    "Туркестанская область",
    "Павлодарская область",
    "Костанайская область",
    "город Астана",
    "Абайская область",
    "Акмолинская область",
    "Актюбинская область",
    "Алматинская область",
    "Атырауская область",
    "Западно-Казахстанская область",
    "Жамбылская область",
    "Жетысуская область",
    "Кызылординская область",
    "Мангистауская область",
    "Северо-Казахстанская область",
    "Улытауская область",
    "город Шымкент",
]
FIRST_RUN_REGIONS = 6
DEMO = " (демо)"
BRANCHES = (8, 20)  # branches per region, whatever the scale
ORGANISATIONS_PER_BRANCH = 40
POSTS_PER_MONTH = 30
SUBMISSIONS_PER_BRANCH_MONTH = 1
QUESTIONS_PER_MONTH = 10
BULLETINS_PER_UNIT = 13
YEARS = 3  # the history of the generators when called alone (as tests do)
BATCH = 2000
REPORT_PART = "report-region"
# The plan's believable topics: the demo plan's of `load_seed` and its live stream.
TITLES = [row[3] for row in DEMO_POSTS] + [LIVE_STREAM]
P = SocialPage.Platform
Status = PlannedPost.Status
REFUSAL = (
    "Демо-данные загружаются только во встроенном режиме разработки (DEBUG включён); "
    "в рабочей установке их не бывает."
)


def _months(today: datetime.date, years: int = YEARS) -> list[datetime.date]:
    """The years' months up to this one, and the next month, planned ahead."""
    return [dates.add_months(today, n) for n in range(-(years * 12 - 1), 2)]


def _measurement_days(today: datetime.date, *, scale: int, years: int) -> list[datetime.date]:
    """Every ⌊7/scale⌋ days over the years (further back at a high scale, so
    that the scale multiplies the measurements), and daily over the days the
    dashboards chart day by day."""
    step = max(1, 7 // scale)
    count = max(years * 52 * scale, years * 365 // step)
    days = {today - datetime.timedelta(days=step * n) for n in range(count + 1)}
    days |= {today - datetime.timedelta(days=n) for n in range(DAYS_CHARTED)}
    return sorted(days)


def _growing(start: int, weekly_growth: float, days: list[datetime.date]) -> list[int]:
    """Followers growing (or shrinking) by a weekly rate, kept unrounded
    between days so that a small page measured daily still moves."""
    exact, previous, path = float(start), days[0], []
    for day in days:
        exact *= (1 + weekly_growth) ** ((day - previous).days / 7)
        previous = day
        path.append(max(0, round(exact)))
    return path


def _wandering(base: int, days: list[datetime.date], rng: random.Random) -> list[int]:
    """Followers that wander around `base` (about 1 % a week) and end at it:
    a random walk with its drift taken out (a Brownian bridge)."""
    walk, position, previous = [], 0.0, days[0] - datetime.timedelta(days=7)
    for day in days:
        position += rng.gauss(0, 0.01 * base * ((day - previous).days / 7) ** 0.5)
        previous = day
        walk.append(position)
    total = len(days)
    return [
        max(0, round(base + value - walk[-1] * (n + 1) / total)) for n, value in enumerate(walk)
    ]


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"дата в виде ГГГГ-ММ-ДД, а не «{value}»") from None


def region_part(name: str) -> str:
    return f"region:{name}"


class Command(BaseCommand):
    help = (
        "Load the demo of the union (DEBUG only): a year of activity dated to today for the "
        "report's region and six demo regions; a later run loads nothing. --regions up to 19, "
        "--years and --scale N multiply the history (bench: --regions 19 --years 3)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the volume of history (not the number of branches or pages) by N.",
        )
        parser.add_argument(
            "--regions",
            type=int,
            default=FIRST_RUN_REGIONS,
            help=f"Demo regions beside the report's (0-{len(REGIONS)}).",
        )
        parser.add_argument("--years", type=int, default=1, help="Years of history.")
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Date the demo to this day (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--reset", action="store_true", help="Delete the demo regions first.")

    def handle(
        self, *args, scale: int, regions: int, years: int, today, seed: int, reset: bool, **options
    ):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        if scale < 1 or years < 1:
            raise CommandError("--scale и --years: 1 или больше.")
        if not 0 <= regions <= len(REGIONS):
            raise CommandError(f"--regions: от 0 до {len(REGIONS)}.")
        report_region = Region.objects.filter(name=REGION_NAME).first()
        if report_region is None:
            raise CommandError("Сначала загрузите данные справки: python manage.py load_seed")
        started = time.monotonic()
        today = today or timezone.localdate()
        if reset:
            self._reset()
        if not Rubric.objects.exists():
            load_rubrics()
        done = set(DemoPart.objects.values_list("part", flat=True))
        # Demo regions loaded by hand before the parts were recorded stay as they are.
        present = set(Region.objects.filter(is_demo=True).values_list("short_name", flat=True))
        loaded = 0
        for index, name in enumerate(REGIONS[:regions]):
            if region_part(name) in done:
                continue
            if f"{name}{DEMO}" in present:
                DemoPart.objects.create(part=region_part(name), dated_to=today)
                continue
            with transaction.atomic():
                rng = random.Random(seed * 100 + index)
                self._region(name, scale=scale, years=years, today=today, rng=rng)
                DemoPart.objects.create(part=region_part(name), dated_to=today)
            loaded += 1
            self.stdout.write(f"  {name}{DEMO}")
        if REPORT_PART not in done:
            with transaction.atomic():
                self._report_region(
                    report_region, scale=scale, years=years, today=today, rng=random.Random(seed)
                )
                DemoPart.objects.create(part=REPORT_PART, dated_to=today)
            loaded += 1
            self.stdout.write(f"  {report_region.short_name}: год работы (демо)")
        if not loaded:
            self.stdout.write("Демо-данные уже загружены: ничего не добавлено.")
            return
        self.stdout.write(
            f"Демо-данные на {today:%d.%m.%Y} загружены за {time.monotonic() - started:.0f} с."
        )

    @transaction.atomic
    def _reset(self) -> None:
        # Whole regions go, through the ORM with every listener connected: the
        # stored figures, totals and cards of a deleted region simply go with it.
        self._delete_demo_regions()
        DemoPart.objects.filter(part__in=[region_part(name) for name in REGIONS]).delete()

    def _delete_demo_regions(self) -> None:
        regions = Region.objects.filter(is_demo=True)
        Submission.objects.filter(branch__region__in=regions).delete()
        Question.objects.filter(region__in=regions).delete()
        Response.objects.filter(region__in=regions).delete()
        Survey.objects.filter(region__in=regions).delete()
        # The reach's demo publications (`reach.demo`): a publication keeps its region.
        Publication.objects.filter(region__in=regions).delete()
        PlannedPost.objects.filter(plan__region__in=regions).delete()
        MonthlyPlan.objects.filter(region__in=regions).delete()
        SocialPage.objects.filter(region__in=regions).delete()
        MediaOutlet.objects.filter(region__in=regions).delete()
        WebsiteMaterials.objects.filter(region__in=regions).delete()
        Item.objects.filter(section__collection__region__in=regions).delete()
        Collection.objects.filter(region__in=regions).delete()
        Bulletin.objects.filter(region__in=regions).delete()
        PrimaryOrganisation.objects.filter(branch__region__in=regions).delete()
        User.objects.filter(region__in=regions).delete()
        User.objects.filter(branch__region__in=regions).delete()
        Branch.objects.filter(region__in=regions).delete()
        regions.delete()

    def _region(self, name: str, *, scale: int, years: int, today, rng: random.Random) -> None:
        region = Region.objects.create(
            name=f"ОО «Профсоюз работников образования и науки: {name}»{DEMO}",
            short_name=f"{name}{DEMO}",
            is_demo=True,
            info_officer="специалист аппарата (демо), на общественных началах",
        )
        branches = self._branches(region, scale=scale, rng=rng)
        totals.refresh_region(region.pk)
        self._pages(region, branches, scale=scale, years=years, today=today, rng=rng)
        self._plans(region, branches, scale=scale, years=years, today=today, rng=rng)
        reach_demo.load_demo(region=region, today=today, rng=random.Random(region.short_name))
        self._submissions(branches, scale=scale, years=years, today=today, rng=rng)
        self._questions(region, branches, scale=scale, years=years, today=today, rng=rng)
        self._library(region, scale=scale, today=today, rng=rng)
        load_demo_survey(region=region, branches=branches, scale=scale, today=today, rng=rng)
        # Posts and submissions went in with bulk_create: no signals counted them.
        figures.rebuild_region(region.pk)
        self._outlets(region, years=years, today=today, rng=rng)

    def _branches(self, region, *, scale: int, rng: random.Random) -> list:
        """The region's branches, each with its schools, kindergartens and colleges."""
        branches = Branch.objects.bulk_create(
            Branch(
                region=region,
                name=f"Район № {n + 1}{DEMO}",
                kind=Branch.Kind.CITY if n % 7 == 0 else Branch.Kind.DISTRICT,
                is_demo=True,
            )
            for n in range(rng.randint(*BRANCHES))
        )
        if not branches[0].pk:  # SQLite before 3.35 gives no ids back
            branches = list(region.branches.order_by("pk"))
        kinds = PrimaryOrganisation.Kind
        PrimaryOrganisation.objects.bulk_create(
            (
                PrimaryOrganisation(
                    branch=branch,
                    name=f"Школа № {n + 1}{DEMO}",
                    kind=rng.choice(
                        [kinds.SCHOOL] * 6 + [kinds.KINDERGARTEN] * 3 + [kinds.COLLEGE]
                    ),
                    members=rng.randint(15, 120),
                    is_demo=True,
                )
                for branch in branches
                for n in range(ORGANISATIONS_PER_BRANCH * scale)
            ),
            batch_size=BATCH,
        )
        return branches

    def _outlets(self, region, *, years: int, today, rng: random.Random) -> None:
        """The district newspapers, and the materials on the union's website by year."""
        MediaOutlet.objects.bulk_create(
            MediaOutlet(
                region=region,
                name=f"Газета № {n + 1}{DEMO}",
                level=MediaOutlet.Level.DISTRICT,
                language=MediaOutlet.Language.BOTH,
            )
            for n in range(4)
        )
        WebsiteMaterials.objects.bulk_create(
            WebsiteMaterials(
                region=region,
                year=today.year - n,
                count=rng.randint(40, 200),
                months=today.month if n == 0 else 12,
            )
            for n in range(years)
        )

    def _report_region(self, region, *, scale: int, years: int, today, rng) -> None:
        """The report region's year: its own pages measured on from the report's
        figures, plans for the months that have none, materials, questions."""
        branches = list(region.branches.order_by("pk"))
        self._measure_report_pages(region, scale=scale, years=years, today=today, rng=rng)
        self._plans(region, branches, scale=scale, years=years, today=today, rng=rng)
        self._submissions(branches, scale=scale, years=years, today=today, rng=rng)
        self._questions(region, branches, scale=scale, years=years, today=today, rng=rng)
        figures.rebuild_region(region.pk)

    def _pages(self, region, branches, *, scale, years, today, rng) -> None:
        days = _measurement_days(today, scale=scale, years=years)
        specs = [(None, P.FACEBOOK_PAGE), (None, P.INSTAGRAM), (None, P.AITU)]
        for n, branch in enumerate(branches):
            specs.append((branch, rng.choice([P.FACEBOOK_PAGE, P.FACEBOOK_GROUP])))
            if n % 3 == 0:
                specs.append((branch, P.INSTAGRAM))
        pages = SocialPage.objects.bulk_create(
            SocialPage(
                region=region,
                branch=branch,
                platform=platform,
                url=f"https://demo.example.kz/{region.pk}/{n}",
                official=True,
                created_on=days[0] - datetime.timedelta(days=30),
            )
            for n, (branch, platform) in enumerate(specs)
        )
        if not pages[0].pk:
            pages = list(region.pages.order_by("pk"))
        series = {}
        for page in pages:
            # Each page has a character: growing and active, or fading away.
            liveliness = 1.0 if page.branch_id is None else rng.random()
            followers = rng.randint(300, 5000) if page.branch_id is None else rng.randint(5, 600)
            growth = rng.uniform(0.001, 0.01) if liveliness > 0.4 else rng.uniform(-0.004, 0.001)
            series[page] = self._series(
                page,
                days=days,
                followers=None if page.platform == P.AITU else _growing(followers, growth, days),
                liveliness=liveliness,
                last_own=None,
                rng=rng,
            )
        self._save_measurements(series, today=today, region=region)

    def _measure_report_pages(self, region, *, scale, years, today, rng) -> None:
        """Each page the report describes goes on from its report figures, as
        lively as the report found it. Its followers wander and come back to
        the report's count by today, the count the networks' sandbox of
        `make run` answers for these pages: its measurement of today then
        continues the line instead of breaking it. The report's measurement
        keeps its date; the demo's come after it."""
        days = [
            day for day in _measurement_days(today, scale=scale, years=years) if day > REPORT_DATE
        ]
        series = {}
        for page in region.pages.exclude(lifecycle=SocialPage.Lifecycle.CLOSED).order_by("pk"):
            last = page.snapshots.order_by("-measured_on").first()
            if last is None:
                continue  # a page added since (the sandbox's): nothing to go on from
            page_days = [day for day in days if day > last.measured_on]
            if not page_days:
                continue
            liveliness = min(1.0, (last.posts_30d or 0) / 30)
            base = last.followers
            series[page] = self._series(
                page,
                days=page_days,
                followers=None if base is None else _wandering(base, page_days, rng),
                liveliness=liveliness,
                last_own=last.last_own_post,
                rng=rng,
                visual_quality=last.visual_quality,
            )
        self._save_measurements(series, today=today, region=region)

    def _series(
        self,
        page,
        *,
        days,
        followers,
        liveliness,
        last_own,
        rng,
        visual_quality=None,
    ) -> list[PageSnapshot]:
        """A page's measurements on the given days, with the followers of each
        day (or None where the network shows no count)."""
        snapshots = []
        previous_day = None
        for index, day in enumerate(days):
            gap = 7 if previous_day is None else (day - previous_day).days
            previous_day = day
            posts = round(rng.uniform(0, 30) * liveliness)
            own = round(posts * rng.uniform(0.2, 1.0))
            reposts = rng.randint(0, posts - own)
            if own:
                posted = day - datetime.timedelta(days=rng.randint(0, min(6, gap - 1)))
                last_own = posted if last_own is None else max(last_own, posted)
            snapshots.append(
                PageSnapshot(
                    page=page,
                    measured_on=day,
                    followers=None if followers is None else followers[index],
                    posts_30d=posts,
                    own_posts=own,
                    reposts=reposts,
                    last_own_post=last_own,
                    visual_quality=visual_quality or rng.randint(1, 5),
                    source=PageSnapshot.Source.DEMO,
                )
            )
        return snapshots

    def _save_measurements(self, series: dict, *, today, region) -> None:
        """Store the measurements and audit each page as of today, from its
        last two, as the nightly audit would (without its notifications)."""
        PageSnapshot.objects.bulk_create(
            [snapshot for snapshots in series.values() for snapshot in snapshots],
            batch_size=BATCH,
        )
        audits = []
        for page, snapshots in series.items():
            snapshot = snapshots[-1]
            if not snapshot.pk:
                break  # no ids back from bulk_create: audit through the service
            previous = snapshots[-2] if len(snapshots) > 1 else None
            result = rules.evaluate(
                snapshot, previous=previous, is_branch_page=page.branch_id is not None,
                audit_date=today,
            )  # fmt: skip
            audits.append(
                PageAudit(
                    page=page,
                    as_of=snapshot.measured_on,
                    snapshot=snapshot,
                    verdict=result.verdict,
                    reasons=result.reasons,
                    recommendation=result.recommendation,
                    needs_measurement=result.needs_measurement,
                )
            )
        else:
            # A page audited today already (the nightly audit ran) keeps that audit.
            PageAudit.objects.bulk_create(audits, batch_size=BATCH, ignore_conflicts=True)
            return
        from branches import services

        services.audit_run(as_of=today, pages=SocialPage.objects.filter(region=region))

    def _plans(self, region, branches, *, scale, today, rng, years=YEARS) -> None:
        """A plan for every month that has none (the report region has this
        month's and the next from `load_seed`); a post whose day has passed
        went out or was missed, as the plan's figures will count it."""
        rubrics = list(Rubric.objects.filter(is_active=True))
        channels = list(Channel.objects.all())
        planned = set(region.plans.values_list("month", flat=True))
        months = [month for month in _months(today, years) if month not in planned]
        if not months:
            return
        MonthlyPlan.objects.bulk_create(
            MonthlyPlan(
                region=region,
                month=month,
                status=MonthlyPlan.Status.APPROVED if month <= today else MonthlyPlan.Status.DRAFT,
                is_demo=True,
            )
            for month in months
        )
        plans = list(region.plans.filter(month__in=months).order_by("month"))
        posts = [
            self._planned_post(plan, n, rubrics=rubrics, branches=branches, today=today, rng=rng)
            for plan in plans
            for n in range(POSTS_PER_MONTH * scale)
        ]
        posts = PlannedPost.objects.bulk_create(posts, batch_size=BATCH)
        if not posts or not posts[0].pk:
            posts = list(PlannedPost.objects.filter(plan__in=plans))
        self._post_channels(posts, channels=channels, rng=rng)

    def _planned_post(self, plan, n: int, *, rubrics, branches, today, rng) -> PlannedPost:
        """The plan's `n`-th post: a day that has passed went out or was missed."""
        days = 28  # every month has them
        day = plan.month + datetime.timedelta(days=rng.randrange(days))
        if day < today:
            status = rng.choices([Status.PUBLISHED, Status.MISSED], [90, 10])[0]
        else:
            status = rng.choice([Status.IDEA, Status.IN_WORK, Status.APPROVED])
        return PlannedPost(
            plan=plan,
            date=day,
            rubric=rng.choice(rubrics),
            title=f"{rng.choice(TITLES)}{DEMO}",
            branch=rng.choice(branches) if rng.random() < 0.4 else None,
            origin=PlannedPost.Origin.OWN if rng.random() < 0.75 else PlannedPost.Origin.REPOST,
            status=status,
            published_url=(
                f"https://demo.example.kz/post/{plan.pk}/{n}" if status == Status.PUBLISHED else ""
            ),
        )

    def _post_channels(self, posts, *, channels, rng) -> None:
        """Each post goes to one or two channels."""
        through = PlannedPost.channels.through
        links = []
        for post in posts:
            for channel in rng.sample(channels, rng.randint(1, 2)):
                links.append(through(plannedpost_id=post.pk, channel_id=channel.pk))
        through.objects.bulk_create(links, batch_size=BATCH)

    def _submissions(self, branches, *, scale, today, rng, years=YEARS) -> None:
        now = timezone.now()
        items = [
            item
            for branch in branches
            for month in _months(today, years)[:-1]
            for _n in range(SUBMISSIONS_PER_BRANCH_MONTH * scale)
            if (item := self._submission(branch, month, today=today, now=now, rng=rng))
        ]
        items = Submission.objects.bulk_create(items, batch_size=BATCH)
        ids = [item.pk for item in items if item.pk]
        # created_at is set on insert; the demo dates it when it was sent.
        Submission.objects.filter(pk__in=ids).update(created_at=F("sent_at"))
        self._submission_events(items)

    def _submission(self, branch, month, *, today, now, rng) -> Submission | None:
        """A material the branch sent on a random day of `month`; None if that
        day is yet to come."""
        status_ = Submission.Status
        sent = datetime.datetime.combine(
            month + datetime.timedelta(days=rng.randrange(27)),
            datetime.time(10),
            tzinfo=timezone.get_current_timezone(),
        )
        if sent.date() >= today:
            return None
        # The press secretary decides within days: only the last
        # week's materials still wait in the queue.
        recent = sent.date() >= today - datetime.timedelta(days=7)
        status = rng.choices(
            [status_.ACCEPTED, status_.RETURNED, status_.REJECTED, status_.NEW],
            [70, 15, 5, 50 if recent else 0],
        )[0]
        reviewed = (
            None
            if status == status_.NEW
            else sent + datetime.timedelta(hours=rng.randint(4, 24 * 7))
        )
        if reviewed is not None and reviewed > now:
            # A decision cannot lie ahead: the material still waits.
            status, reviewed = status_.NEW, None
        return Submission(
            branch=branch,
            title=f"Материал филиала{DEMO}",
            text="Демонстрационный материал.",
            event_date=sent.date(),
            status=status,
            sent_at=sent,
            reviewed_at=reviewed,
            consent=True,
        )

    def _submission_events(self, items) -> None:
        """Each material's history: sent, then decided if it was."""
        status_ = Submission.Status
        events = []
        for item in items:
            events.append(
                SubmissionEvent(submission_id=item.pk, at=item.sent_at, to_status=status_.NEW)
            )
            if item.reviewed_at:
                events.append(
                    SubmissionEvent(
                        submission_id=item.pk,
                        at=item.reviewed_at,
                        from_status=status_.NEW,
                        to_status=item.status,
                    )
                )
        SubmissionEvent.objects.bulk_create(events, batch_size=BATCH)

    def _questions(self, region, branches, *, scale, today, rng, years=YEARS) -> None:
        """Members' questions: QUESTIONS_PER_MONTH·N a month, answered within days."""
        tz = timezone.get_current_timezone()
        topics = list(Question.Topic.values)
        items = []
        for month in _months(today, years)[:-1]:
            for n in range(QUESTIONS_PER_MONTH * scale):
                received = datetime.datetime.combine(
                    month + datetime.timedelta(days=rng.randrange(27)),
                    datetime.time(9 + rng.randrange(10)),
                    tzinfo=tz,
                )
                if received.date() >= today:
                    continue
                answered = received + datetime.timedelta(hours=rng.randint(2, 24 * 9))
                waiting = answered.date() >= today
                published = not waiting and rng.random() < 0.2
                items.append(
                    Question(
                        reference=f"Д-{region.pk}-{month:%Y%m}-{n:05d}",
                        region=region,
                        branch=rng.choice(branches) if rng.random() < 0.6 else None,
                        topic=rng.choice(topics),
                        text=f"Вопрос члена профсоюза{DEMO}",
                        status=Question.Status.NEW if waiting else Question.Status.CLOSED,
                        closure="" if waiting else Question.Closure.RESOLVED,
                        answer="" if waiting else f"Ответ пресс-службы{DEMO}",
                        answered_at=None if waiting else answered,
                        answer_days=None if waiting else days_between(received, answered),
                        closed_at=None if waiting else answered,
                        faq_published=published,
                        public_question=f"Вопрос члена профсоюза{DEMO}" if published else "",
                        public_answer=f"Ответ пресс-службы{DEMO}" if published else "",
                        published_at=answered if published else None,
                        received_at=received,
                        is_demo=True,
                    )
                )
        Question.objects.bulk_create(items, batch_size=BATCH)

    def _library(self, region, *, scale, today, rng) -> None:
        topics = list(Topic.values)
        Bulletin.objects.bulk_create(
            Bulletin(
                region=region,
                number=n + 1,
                title=f"Информационный бюллетень № {n + 1}{DEMO}",
                topic=topics[n % len(topics)],
                issued_on=today - datetime.timedelta(days=28 * (n % 13)),
                file=f"library/demo-{region.pk}-{n + 1}.pdf",
                file_name=f"Бюллетень № {n + 1}.pdf",
                file_kind=FileKind.PDF,
                file_size=1024,
                scans=rng.randint(0, 300),
                downloads=rng.randint(0, 200),
                is_demo=True,
            )
            for n in range(BULLETINS_PER_UNIT * scale)
        )
        folder = Collection.objects.create(
            region=region, title="В помощь профактиву", scans=rng.randint(0, 500), is_demo=True
        )
        section = Section.objects.create(collection=folder, title="Методические материалы")
        Item.objects.bulk_create(
            Item(
                section=section,
                title=f"Материал № {n + 1}{DEMO}",
                link=f"https://demo.example.kz/material/{n + 1}",
                downloads=rng.randint(0, 100),
                is_demo=True,
            )
            for n in range(5 * scale)
        )
