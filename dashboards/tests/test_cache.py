"""The cached dashboards: built once per region, role, language and day, and
out of date the moment anything they show changes (portal.freshness)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import PageAudit, SocialPage
from branches.tests.factories import SnapshotFactory
from bulletins import services as library
from bulletins.models import Bulletin
from contentplan.models import PlannedPost
from dashboards.tests.test_dashboards import data, page_with, today  # noqa: F401  (fixture)
from portal import freshness

P = SocialPage.Platform


def visit(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response, len(queries)


@pytest.fixture
def press_view(data, client_for):  # noqa: F811
    client = client_for(data.users["press"])
    address = reverse("dashboards:region", args=[data.region.pk])
    return client, address


def test_a_second_visit_reads_the_cache(press_view):
    client, address = press_view
    _first, built = visit(client, address)
    second, cached = visit(client, address)
    # Only the session, the user, the bell, the region and the recent reports.
    assert cached < built - 8
    assert second.context["dashboard"].followers_now == 1250 + 350 + 40 + 60


def test_a_new_measurement_shows_at_once(press_view, data, django_capture_on_commit_callbacks):  # noqa: F811
    client, address = press_view
    before, _queries = visit(client, address)
    assert before.context["dashboard"].followers_now == 1700
    page = SocialPage.objects.get(region=data.region, platform=P.INSTAGRAM)
    with django_capture_on_commit_callbacks(execute=True):
        SnapshotFactory(page=page, measured_on=today(), followers=500)
    after, _queries = visit(client, address)
    assert after.context["dashboard"].followers_now == 1700 - 350 + 500
    assert "1\xa0850" in after.content.decode() or "1 850" in after.content.decode()


def test_a_published_post_shows_at_once(press_view, data, django_capture_on_commit_callbacks):  # noqa: F811
    """The stored monthly figures are recounted after the commit, and the
    cached dashboard follows that recount, not the post's save before it."""
    client, address = press_view
    before, _queries = visit(client, address)
    assert before.context["dashboard"].plan.fulfilment == 75
    missed = PlannedPost.objects.get(plan__region=data.region, status=PlannedPost.Status.MISSED)
    with django_capture_on_commit_callbacks(execute=True):
        missed.status = PlannedPost.Status.PUBLISHED
        missed.published_url = "https://facebook.com/p/2"
        missed.save()
    after, _queries = visit(client, address)
    assert after.context["dashboard"].plan.fulfilment == 100


def test_a_counter_written_by_update_shows_at_once(
    press_view,
    data,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client, address = press_view
    before, _queries = visit(client, address)
    assert before.context["dashboard"].library.scans == 13
    bulletin = Bulletin.objects.filter(region=data.region).first()
    with django_capture_on_commit_callbacks(execute=True):
        library.bulletin_scanned(bulletin=bulletin)
    after, _queries = visit(client, address)
    assert after.context["dashboard"].library.scans == 14


def test_another_regions_change_keeps_this_regions_cache(
    press_view,
    data,  # noqa: F811
    client_for,
    django_capture_on_commit_callbacks,
):
    client, address = press_view
    _first, built = visit(client, address)
    with django_capture_on_commit_callbacks(execute=True):
        page_with(
            data,
            region=data.other_region,
            platform=P.FACEBOOK_PAGE,
            history={1: 10},
            verdict=PageAudit.Verdict.ACTIVE,
        )
    _again, cached = visit(client, address)
    assert cached < built - 8
    # The central dashboard shows every region: it follows any change.
    central = client_for(data.users["central"])
    first, _queries = visit(central, reverse("dashboards:central"))
    pages = {row.region.pk: row.pages for row in first.context["dashboard"].rows}
    with django_capture_on_commit_callbacks(execute=True):
        page_with(data, region=data.other_region, platform=P.TELEGRAM, history={1: 5})
    second, _queries = visit(central, reverse("dashboards:central"))
    after = {row.region.pk: row.pages for row in second.context["dashboard"].rows}
    assert after[data.other_region.pk] == pages[data.other_region.pk] + 1


def test_each_language_has_its_own_copy(press_view, client):
    client_, address = press_view
    russian, _queries = visit(client_, address)
    client_.cookies["django_language"] = "kk"
    kazakh, _queries = visit(client_, address)
    assert russian.context["dashboard"] is not kazakh.context["dashboard"]
    title_ru = russian.context["dashboard"].followers.title
    title_kk = kazakh.context["dashboard"].followers.title
    assert title_ru != title_kk


def test_a_dead_cache_still_shows_the_dashboard(press_view, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client, address = press_view
    response, _queries = visit(client, address)
    assert response.context["dashboard"].followers_now == 1700


def test_rows_find_their_region(data):  # noqa: F811
    page = SocialPage.objects.filter(region=data.region).first()
    snapshot = SnapshotFactory(page=page, measured_on=today() - datetime.timedelta(days=2))
    assert freshness.region_of(snapshot) == data.region.pk
    fresh = type(snapshot).objects.get(pk=snapshot.pk)  # nothing loaded: one query
    with CaptureQueriesContext(connection) as queries:
        assert freshness.region_of(fresh) == data.region.pk
    assert len(queries) == 1
    assert freshness.region_of(data.branch) == data.region.pk
    assert freshness.region_of(data.region) == data.region.pk


def test_the_calendar_board_is_kept_until_a_post_changes(
    data,  # noqa: F811
    client_for,
    django_capture_on_commit_callbacks,
):
    from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory

    month = today().replace(day=1)
    plan = PlanFactory(region=data.region, month=month)
    rubric = RubricFactory(name="Кэш", monthly_minimum=1)
    client = client_for(data.users["press"])
    address = reverse("contentplan:calendar", args=[f"{month:%Y}", f"{month:%m}"])
    _first, drawn = visit(client, address)
    again, cached = visit(client, address)
    assert cached < drawn
    assert "Пост, которого не было" not in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(plan=plan, rubric=rubric, title="Пост, которого не было", date=month)
    after, _queries = visit(client, address)
    assert "Пост, которого не было" in after.content.decode()


def test_a_publication_sent_or_failed_shows_on_the_calendar_at_once(
    data,  # noqa: F811
    client_for,
    django_capture_on_commit_callbacks,
):
    """The chips' channel marks come from publishing (an app above the content
    plan): its states written by `update()` reach the cached board too."""
    from contentplan.models import Channel
    from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
    from publishing import services as publishing
    from publishing.models import Publication

    month = today().replace(day=1)
    plan = PlanFactory(region=data.region, month=month)
    post = PostFactory(plan=plan, rubric=RubricFactory(name="Кэш"), date=month)
    facebook = Channel.objects.get(code="facebook_page")
    client = client_for(data.users["press"])
    address = reverse("contentplan:calendar", args=[f"{month:%Y}", f"{month:%m}"])

    def mark() -> str:
        response, _queries = visit(client, address)
        chip = next(
            chip for week in response.context["weeks"] for day in week for chip in day.chips
        )
        assert chip.pk == post.pk
        return dict((code, state) for code, _name, state in chip.channels)["facebook_page"]

    assert mark() == ""
    with django_capture_on_commit_callbacks(execute=True):
        publication = Publication.objects.create(post=post, channel=facebook)
    assert mark() == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        publishing._set(
            Publication.objects.filter(pk=publication.pk), state=Publication.State.FAILED
        )
    assert mark() == "failed"
    assert "cp-state-failed" in visit(client, address)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publication_retry(publication=publication, user=data.users["press"])
    assert mark() == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        publishing._set(Publication.objects.filter(pk=publication.pk), state=Publication.State.SENT)
    assert mark() == "sent"


# --- What the cache keeps ---------------------------------------------------------------


def _plain(value, path="entry"):
    """Fails unless `value` is figures and names: numbers, plain strings, dates,
    lists, dicts and dataclasses of them (no drawn HTML, no model rows)."""
    import dataclasses
    import decimal

    from django.db.models import Model
    from django.utils.functional import Promise
    from django.utils.safestring import SafeData

    assert not isinstance(value, SafeData | Model | Promise), f"{path}: {type(value)}"
    if value is None or type(value) in (int, float, bool, str, decimal.Decimal):
        return
    if isinstance(value, datetime.date):
        return
    if isinstance(value, list | tuple | set | frozenset):
        for n, item in enumerate(value):
            _plain(item, f"{path}[{n}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _plain(key, f"{path} key")
            _plain(item, f"{path}[{key!r}]")
        return
    assert dataclasses.is_dataclass(value), f"{path}: {type(value)}"
    for field in dataclasses.fields(value):
        _plain(getattr(value, field.name), f"{path}.{field.name}")


def test_the_cache_keeps_figures_not_html(press_view, data, client_for):  # noqa: F811
    from django.core.cache import cache

    from dashboards import cached

    client, address = press_view
    visit(client, address)
    user = data.users["press"]
    key = freshness.entry_key(
        "dashboards.region", data.region.pk, "ru", cached._audience(user), today().isoformat()
    )
    _stamp, dashboard = cache.get(key)
    _plain(dashboard)
    assert dashboard.followers_now == 1700
    central = data.users["central"]
    visit(client_for(central), reverse("dashboards:central"))
    key = freshness.entry_key(
        "dashboards.central", "instagram", "ru", cached._audience(central), today().isoformat()
    )
    _stamp, dashboard = cache.get(key)
    _plain(dashboard)


def _tables_read(queries) -> set[str]:
    import re

    from django.apps import apps

    by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    found = set()
    for query in queries:
        for table in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"]):
            model = by_table.get(table)
            if model is not None and model._meta.auto_created:
                # A many-to-many table: its changes are its owner's.
                model = next(f.model for f in model._meta.fields if f.is_relation)
            if model is not None:
                found.add(model._meta.label_lower)
    return found


def test_a_dashboard_reads_only_what_its_key_follows(data):  # noqa: F811
    """Every table the dashboards' queries touch is a kind of data their
    entries follow (else a change of it would not show until the entry expires)."""
    from dashboards import cached, selectors

    def followed(reads):
        return {read.split(":")[0] for read in reads}

    with CaptureQueriesContext(connection) as queries:
        selectors.region_dashboard(user=data.users["press"], region=data.region, today=today())
    assert _tables_read(queries.captured_queries) - {"portal.user"} <= followed(cached.REGION_READS)
    with CaptureQueriesContext(connection) as queries:
        selectors.central_dashboard(user=data.users["central"], today=today())
    assert _tables_read(queries.captured_queries) - {"portal.user"} <= followed(
        cached.CENTRAL_READS
    )


def test_a_new_title_leaves_the_dashboard_cached(
    press_view,
    data,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Issue 33: no dashboard shows a post's title; renaming one (and the
    recount of the month's figures after it, which finds nothing new) keeps
    the cached dashboard, while a new status does not."""
    client, address = press_view
    _first, built = visit(client, address)
    post = (
        PlannedPost.objects.filter(plan__region=data.region)
        .exclude(status=PlannedPost.Status.MISSED)
        .first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Новое название поста"
        post.save()
    _again, cached = visit(client, address)
    assert cached < built - 8
    with django_capture_on_commit_callbacks(execute=True):
        post.status = PlannedPost.Status.MISSED
        post.save()
    _after, rebuilt = visit(client, address)
    assert rebuilt >= built - 2
