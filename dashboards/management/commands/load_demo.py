"""Demo volume for trying the dashboards and measuring them: nineteen more regions.

Together with the seeded East Kazakhstan organisation they make the twenty
regional organisations of Kazakhstan. Every row is generated
deterministically (``random.Random``), flagged ``is_demo`` where the model
has the flag, and region and branch names carry «(демо)».

The structure of a region is realistic and the same at every scale: 8 to 20
branches (East Kazakhstan has 13), a regional Facebook, Instagram and Aitu
page, one or two pages per branch, four newspapers. What ``--scale N``
multiplies is the volume that grows with the years: at 1× a branch has 40
primary organisations, a region plans about 30 posts a month over three
years, each branch sends one material a month, members ask 10 questions a
month, the library holds 13 bulletins and a folder of 5 materials, and every
page is measured weekly for three years. At N×: 40·N organisations per
branch, 30·N posts a month, N materials per branch and month, 10·N questions
a month, 13·N bulletins and 5·N folder materials, and about N
times as many measurements per page — taken every ⌊7/N⌋ days (daily from 7×)
and reaching back as far as it takes (at least three years; at 10× about
4.3 years of daily measurements).

The command refuses to run twice: with demo regions present it stops unless
``--reset`` is given, which first deletes every demo region with all it holds.
"""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from branches import rules
from branches.models import MediaOutlet, PageAudit, PageSnapshot, SocialPage, WebsiteMaterials
from bulletins.models import Bulletin, Collection, FileKind, Item, Section, Topic
from contentplan.models import Channel, MonthlyPlan, PlannedPost, Rubric
from contentplan.seed import load_rubrics
from dashboards import figures
from materials.models import Submission, SubmissionEvent
from portal import dates, totals
from portal.models import Branch, PrimaryOrganisation, Region, User
from publishing.models import Publication
from questions.models import Question, days_between
from reach import demo as reach_demo
from surveys.models import Response, Survey
from surveys.seed import load_demo_survey

REGIONS = [
    "Абайская область",
    "Акмолинская область",
    "Актюбинская область",
    "Алматинская область",
    "Атырауская область",
    "Западно-Казахстанская область",
    "Жамбылская область",
    "Жетысуская область",
    "Карагандинская область",
    "Костанайская область",
    "Кызылординская область",
    "Мангистауская область",
    "Павлодарская область",
    "Северо-Казахстанская область",
    "Туркестанская область",
    "Улытауская область",
    "город Астана",
    "город Алматы",
    "город Шымкент",
]
DEMO = " (демо)"
BRANCHES = (8, 20)  # branches per region, whatever the scale
ORGANISATIONS_PER_BRANCH = 40
POSTS_PER_MONTH = 30
SUBMISSIONS_PER_BRANCH_MONTH = 1
QUESTIONS_PER_MONTH = 10
BULLETINS_PER_UNIT = 13
YEARS = 3
BATCH = 2000
P = SocialPage.Platform
Status = PlannedPost.Status


def _months(today: datetime.date) -> list[datetime.date]:
    """Three years of months up to this one, and the next month, planned ahead."""
    return [dates.add_months(today, n) for n in range(-(YEARS * 12 - 1), 2)]


class Command(BaseCommand):
    help = (
        "Load 19 demo regions for the dashboards. Each region has 8-20 branches and "
        "their pages at every scale; --scale N multiplies the history: primary "
        "organisations, planned posts per month, submissions, library bulletins and "
        "materials, and page measurements (every 7//N days, at least three years back)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the volume of history (not the number of branches or pages) by N.",
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--reset", action="store_true", help="Delete the demo regions first.")

    def handle(self, *args, scale: int, seed: int, reset: bool, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        started = time.monotonic()
        if Region.objects.filter(is_demo=True).exists():
            if not reset:
                raise CommandError(
                    "Demo regions are already loaded; run with --reset to replace them."
                )
            self._reset()
        if not Rubric.objects.exists():
            load_rubrics()
        today = timezone.localdate()
        for index, name in enumerate(REGIONS):
            with transaction.atomic():
                self._region(name, scale=scale, today=today, rng=random.Random(seed * 100 + index))
            self.stdout.write(f"  {name}{DEMO}")
        self.stdout.write(
            f"{len(REGIONS)} demo regions at scale {scale} in {time.monotonic() - started:.0f} s."
        )

    @transaction.atomic
    def _reset(self) -> None:
        # Whole regions go, through the ORM with every listener connected: the
        # stored figures, totals and cards of a deleted region simply go with it.
        self._delete_demo_regions()

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

    def _region(self, name: str, *, scale: int, today, rng: random.Random) -> None:
        region = Region.objects.create(
            name=f"ОО «Профсоюз работников образования и науки: {name}»{DEMO}",
            short_name=f"{name}{DEMO}",
            is_demo=True,
            info_officer="специалист аппарата (демо), на общественных началах",
        )
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
        totals.refresh_region(region.pk)
        self._pages(region, branches, scale=scale, today=today, rng=rng)
        self._plans(region, branches, scale=scale, today=today, rng=rng)
        reach_demo.load_demo(region=region, today=today, rng=random.Random(region.short_name))
        self._submissions(branches, scale=scale, today=today, rng=rng)
        self._questions(region, branches, scale=scale, today=today, rng=rng)
        self._library(region, scale=scale, rng=rng)
        load_demo_survey(region=region, branches=branches, scale=scale, today=today, rng=rng)
        # Posts and submissions went in with bulk_create: no signals counted them.
        figures.rebuild_region(region.pk)
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
            for n in range(YEARS)
        )

    def _pages(self, region, branches, *, scale, today, rng) -> None:
        # N times the measurements of 1× (weekly for three years): more often, and
        # further back once daily measurements do not fill three years.
        step = max(1, 7 // scale)
        count = max(YEARS * 52 * scale, YEARS * 365 // step)
        span = count * step
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
                created_on=today - datetime.timedelta(days=max(span, YEARS * 365)),
            )
            for n, (branch, platform) in enumerate(specs)
        )
        if not pages[0].pk:
            pages = list(region.pages.order_by("pk"))
        snapshots = []
        latest: dict[int, tuple] = {}
        for page in pages:
            # Each page has a character: growing and active, or fading away.
            liveliness = 1.0 if page.branch_id is None else rng.random()
            followers = rng.randint(300, 5000) if page.branch_id is None else rng.randint(5, 600)
            growth = rng.uniform(0.001, 0.01) if liveliness > 0.4 else rng.uniform(-0.004, 0.001)
            growth = (1 + growth) ** (step / 7) - 1  # the same weekly growth
            last_own = today - datetime.timedelta(days=span + 30)
            previous = None
            for n in range(count, -1, -1):
                day = today - datetime.timedelta(days=step * n)
                followers = max(0, round(followers * (1 + growth)))
                posts = round(rng.uniform(0, 30) * liveliness)
                own = round(posts * rng.uniform(0.2, 1.0))
                reposts = rng.randint(0, posts - own)
                if own:
                    last_own = day - datetime.timedelta(days=rng.randint(0, 6))
                snapshot = PageSnapshot(
                    page=page,
                    measured_on=day,
                    followers=followers if page.platform != P.AITU else None,
                    posts_30d=posts,
                    own_posts=own,
                    reposts=reposts,
                    last_own_post=last_own
                    if last_own > day - datetime.timedelta(days=span)
                    else None,
                    visual_quality=rng.randint(1, 5),
                    source=PageSnapshot.Source.DEMO,
                )
                snapshots.append(snapshot)
                latest[page.pk] = (snapshot, previous)
                previous = snapshot
        PageSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
        audits = []
        for page in pages:
            snapshot, previous = latest[page.pk]
            if not snapshot.pk:
                continue
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
        if not audits:  # no ids back from bulk_create: audit through the service
            from branches import services

            services.audit_run(as_of=today, pages=SocialPage.objects.filter(region=region))
            return
        PageAudit.objects.bulk_create(audits, batch_size=BATCH)

    def _plans(self, region, branches, *, scale, today, rng) -> None:
        rubrics = list(Rubric.objects.filter(is_active=True))
        channels = list(Channel.objects.all())
        plans = MonthlyPlan.objects.bulk_create(
            MonthlyPlan(
                region=region,
                month=month,
                status=MonthlyPlan.Status.APPROVED if month <= today else MonthlyPlan.Status.DRAFT,
                is_demo=True,
            )
            for month in _months(today)
        )
        if not plans[0].pk:
            plans = list(region.plans.order_by("month"))
        posts = []
        for plan in plans:
            days = 28  # every month has them
            for n in range(POSTS_PER_MONTH * scale):
                day = plan.month + datetime.timedelta(days=rng.randrange(days))
                if day < today:
                    status = rng.choices(
                        [Status.PUBLISHED, Status.MISSED, Status.APPROVED], [85, 10, 5]
                    )[0]
                else:
                    status = rng.choice([Status.IDEA, Status.IN_WORK, Status.APPROVED])
                posts.append(
                    PlannedPost(
                        plan=plan,
                        date=day,
                        rubric=rng.choice(rubrics),
                        title=f"Публикация № {n + 1}{DEMO}",
                        branch=rng.choice(branches) if rng.random() < 0.4 else None,
                        origin=PlannedPost.Origin.OWN
                        if rng.random() < 0.75
                        else PlannedPost.Origin.REPOST,
                        status=status,
                        published_url=(
                            f"https://demo.example.kz/post/{plan.pk}/{n}"
                            if status == Status.PUBLISHED
                            else ""
                        ),
                    )
                )
        posts = PlannedPost.objects.bulk_create(posts, batch_size=BATCH)
        if not posts or not posts[0].pk:
            posts = list(PlannedPost.objects.filter(plan__region=region))
        through = PlannedPost.channels.through
        links = []
        for post in posts:
            for channel in rng.sample(channels, rng.randint(1, 2)):
                links.append(through(plannedpost_id=post.pk, channel_id=channel.pk))
        through.objects.bulk_create(links, batch_size=BATCH)

    def _submissions(self, branches, *, scale, today, rng) -> None:
        status_ = Submission.Status
        tz = timezone.get_current_timezone()
        now = timezone.now()
        items = []
        for branch in branches:
            for month in _months(today)[:-1]:
                for _n in range(SUBMISSIONS_PER_BRANCH_MONTH * scale):
                    sent = datetime.datetime.combine(
                        month + datetime.timedelta(days=rng.randrange(27)),
                        datetime.time(10),
                        tzinfo=tz,
                    )
                    if sent.date() >= today:
                        continue
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
                    items.append(
                        Submission(
                            branch=branch,
                            title=f"Материал филиала{DEMO}",
                            text="Демонстрационный материал.",
                            event_date=sent.date(),
                            status=status,
                            sent_at=sent,
                            reviewed_at=reviewed,
                            consent=True,
                        )
                    )
        items = Submission.objects.bulk_create(items, batch_size=BATCH)
        ids = [item.pk for item in items if item.pk]
        # created_at is set on insert; the demo dates it when it was sent.
        Submission.objects.filter(pk__in=ids).update(created_at=F("sent_at"))
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

    def _questions(self, region, branches, *, scale, today, rng) -> None:
        """Members' questions: QUESTIONS_PER_MONTH·N a month, answered within days."""
        tz = timezone.get_current_timezone()
        topics = list(Question.Topic.values)
        items = []
        for month in _months(today)[:-1]:
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

    def _library(self, region, *, scale, rng) -> None:
        topics = list(Topic.values)
        Bulletin.objects.bulk_create(
            Bulletin(
                region=region,
                number=n + 1,
                title=f"Информационный бюллетень № {n + 1}{DEMO}",
                topic=topics[n % len(topics)],
                issued_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * (n % 24)),
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
