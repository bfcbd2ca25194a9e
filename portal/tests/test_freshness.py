"""The rule of what makes a cached page stale (portal.freshness): every model
of the project's apps declares its way to its region, and every write —
save, delete, and the writes that send no signal (`update()`,
`bulk_create()`, `bulk_update()`) — gives that region new versions."""

from __future__ import annotations

import datetime
import decimal
import itertools
import time
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from portal import freshness
from portal.models import Region
from portal.tests.factories import RegionFactory

# Publishing is being rewritten elsewhere: until its models declare their
# region, their rows count for every region (and its services say so too).
NOT_YET_DECLARED = set()

_counter = itertools.count()


def project_models():
    for model in apps.get_models():
        if freshness.project_app(model._meta.app_config) and not model._meta.auto_created:
            yield model


def region_models():
    """The models whose rows belong to one region (their `update()` is tested)."""
    return [
        model
        for model in project_models()
        if freshness.declared(model) and model.region_path not in (None, freshness.EVERY_REGION)
    ]


def _path_ends_at_a_region(model, path: str) -> bool:
    if path == "pk":
        return model is Region
    target = model
    for step in path.split("__"):
        field = target._meta.get_field(step)
        assert field.is_relation and field.concrete, f"{model}: {step} is no foreign key"
        target = field.related_model
    return target is Region


def test_every_model_of_the_project_declares_its_region():
    undeclared = {
        model._meta.label_lower for model in project_models() if not freshness.declared(model)
    }
    assert undeclared == NOT_YET_DECLARED
    for model in project_models():
        if not freshness.declared(model) or model.region_path in (None, freshness.EVERY_REGION):
            continue
        paths = (model.region_path,) if isinstance(model.region_path, str) else model.region_path
        for path in paths:
            assert _path_ends_at_a_region(model, path), (model, path)
        # Its update() and bulk writes say which regions they touched.
        manager = model._default_manager
        assert issubclass(manager._queryset_class, freshness.RegionQuerySet), model


# --- Rows of any model, built from its fields ------------------------------------------


def build(model, region: Region, **given):
    """A saved row of `model` in `region`: required fields filled, required
    foreign keys built the same way (saved without signals: only the write
    under test moves versions)."""
    if model is Region:
        return region
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.attname in values:
            continue
        if field.is_relation:
            if field.related_model is Region:
                values[field.name] = region
            elif not field.null:
                values[field.name] = build(field.related_model, region)
            continue
        if field.null or field.has_default() or getattr(field, "auto_now", False):
            continue
        if getattr(field, "auto_now_add", False):
            continue
        values[field.name] = _value(field)
    for name, value in EXTRA.get(model._meta.label_lower, {}).items():
        if name not in given:
            values[name] = value(region) if callable(value) else value
    row = model(**values)
    model._base_manager.bulk_create([row])
    if row.pk is None:  # a backend that returns no ids
        row = model._base_manager.order_by("-pk").first()
    return row


def _value(field):
    n = next(_counter)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"row{n}@example.kz"
    if isinstance(field, models.URLField):
        return f"https://example.kz/{n}"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.CharField | models.TextField | models.SlugField):
        text = f"r{n}-{uuid.uuid4().hex}"
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.FileField):
        return f"tests/{n}.txt"
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
    if isinstance(field, models.TimeField):
        return datetime.time(10, 0)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(1)
    if isinstance(field, models.IntegerField | models.FloatField):
        return n + 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b"x"
    raise AssertionError(f"no value for {field}")


def _post(region):
    from contentplan.models import PlannedPost

    return build(PlannedPost, region)


# What the models' constraints want beyond their required fields.
EXTRA = {
    "brand.standardcheck": {"post": _post},
    "portal.user": {"role": "press"},
    "branches.pagesnapshot": {"posts_30d": 10, "own_posts": 8, "reposts": 2},
    "bulletins.item": {"file": "", "link": "https://video.example.kz/profactive"},
}


def _an_unchanged_field(row):
    """Some field of the row and its value: written back as it is."""
    for field in row._meta.concrete_fields:
        if not field.primary_key and not field.is_relation:
            return {field.attname: getattr(row, field.attname)}
    raise AssertionError(row)


@pytest.fixture
def regions(db):
    return RegionFactory(), RegionFactory()


@pytest.mark.parametrize("model", region_models(), ids=lambda model: model._meta.label_lower)
def test_an_update_of_any_model_marks_its_region_stale(model, regions):
    """No writer has to remember to say so: the model's queryset does."""
    here, elsewhere = regions
    row = build(model, here)
    before = freshness.versions(here.pk), freshness.versions(elsewhere.pk)
    updated = model.objects.filter(pk=row.pk).update(**_an_unchanged_field(row))
    assert updated == 1
    assert freshness.versions(here.pk) != before[0]
    assert freshness.versions(elsewhere.pk) == before[1]


@pytest.mark.parametrize("model", region_models(), ids=lambda model: model._meta.label_lower)
def test_a_bulk_update_and_a_delete_mark_the_region_stale(model, regions):
    row = build(model, regions[0])
    before = freshness.versions(regions[0].pk)
    model.objects.bulk_update([row], list(_an_unchanged_field(row)))
    assert freshness.versions(regions[0].pk) != before
    before = freshness.versions(regions[0].pk), freshness.versions(regions[1].pk)
    model.objects.filter(pk=row.pk).delete()
    assert freshness.versions(regions[0].pk) != before[0]
    if model is not Region:
        assert freshness.versions(regions[1].pk) == before[1]


def test_an_update_that_moves_rows_to_another_region_marks_that_region_too(regions):
    from portal.models import Branch

    here, elsewhere = regions
    branch = build(Branch, here)
    before = freshness.versions(elsewhere.pk)
    Branch.objects.filter(pk=branch.pk).update(region=elsewhere)
    assert freshness.versions(elsewhere.pk) != before


def test_a_change_of_a_row_of_every_region_marks_every_region(regions):
    from contentplan.models import Rubric

    rubric = build(Rubric, regions[0])
    before = [freshness.versions(region.pk) for region in regions]
    Rubric.objects.filter(pk=rubric.pk).update(name="Другое название")
    assert all(freshness.versions(r.pk) != v for r, v in zip(regions, before, strict=True))


def test_rows_no_page_shows_move_nothing(regions):
    from portal.models import LoginFailure

    before = freshness.versions(), freshness.versions(regions[0].pk)
    LoginFailure.objects.create(client_hash="x" * 64)
    assert (freshness.versions(), freshness.versions(regions[0].pk)) == before


def test_a_log_in_moves_nothing(regions):
    from portal.tests.factories import UserFactory

    user = UserFactory(region=regions[0], role="press")
    before = freshness.versions(regions[0].pk)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert freshness.versions(regions[0].pk) == before
    user.first_name = "Айгерим"
    user.save()
    assert freshness.versions(regions[0].pk) != before


@pytest.mark.django_db(transaction=True)
def test_one_transaction_moves_its_regions_once_more_on_commit():
    """New versions at once (the transaction's own reads) and again on commit
    (what another request cached in between from the rows before it)."""
    from bulletins.models import Bulletin

    region = RegionFactory()
    bulletin = build(Bulletin, region)
    with transaction.atomic():
        Bulletin.objects.filter(pk=bulletin.pk).update(scans=5)
        first = freshness.versions(region.pk)
        Bulletin.objects.filter(pk=bulletin.pk).update(scans=6)
        during = freshness.versions(region.pk)
        assert during != first
        own = [hook for _s, hook, _r in transaction.get_connection().run_on_commit]
        assert len([hook for hook in own if freshness.is_own_hook(hook)]) == 1
    assert freshness.versions(region.pk) != during


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_keeps_the_rest_of_the_transaction():
    from bulletins.models import Bulletin

    here, there = RegionFactory(), RegionFactory()
    first, second = build(Bulletin, here), build(Bulletin, there)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Bulletin.objects.filter(pk=first.pk).update(scans=5)
                raise RuntimeError
        except RuntimeError:
            pass
        Bulletin.objects.filter(pk=second.pk).update(scans=6)
        during = freshness.versions(there.pk)
    assert freshness.versions(there.pk) != during


# --- The code's version ------------------------------------------------------------------


def test_the_code_version_follows_every_source_file(tmp_path):
    """Not a hand-picked list: a change to `dashboards/figures.py` (which the
    dashboards' old list missed), or a new template, gives a new version."""
    import shutil

    root = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR / "dashboards",
        root / "dashboards",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    before = freshness.code_digest(root)
    figures = root / "dashboards" / "figures.py"
    figures.write_text(figures.read_text() + "\n# a change\n")
    after = freshness.code_digest(root)
    assert after != before
    (root / "dashboards" / "templates" / "dashboards" / "new.html").write_text("{{ x }}")
    assert freshness.code_digest(root) != after
    # The running code's version reads every file of the project, once.
    files = set(freshness._code_files(settings.BASE_DIR))
    assert settings.BASE_DIR / "dashboards" / "figures.py" in files
    assert settings.BASE_DIR / "dashboards" / "templates" / "dashboards" / "region.html" in files
    assert not any(".venv" in path.parts for path in files)
    assert freshness.code_version() == freshness.code_version()


# --- One rebuild of a stale entry ---------------------------------------------------------


def _race(reads, region_id, count: int, build_waits_for_others: bool):
    """`count` threads ask for one entry at once; the one that builds it waits
    until the others have been answered (when they can be without it)."""
    import threading

    built, answers = [], []
    others_done = threading.Event()
    start = threading.Barrier(count)

    def compute():
        built.append(threading.get_ident())
        if build_waits_for_others:
            assert others_done.wait(10), "the others waited for this build"
        return {"figures": len(built)}

    def visit():
        start.wait(10)
        answers.append(
            freshness.fresh("tests.race", 1, compute=compute, region_id=region_id, reads=reads)
        )

    threads = [threading.Thread(target=visit) for _ in range(count)]
    for thread in threads:
        thread.start()
    if build_waits_for_others:
        deadline = time.monotonic() + 10
        while len(answers) < count - 1 and time.monotonic() < deadline:
            time.sleep(0.01)  # polling the answers, not synchronising on time
        others_done.set()
    for thread in threads:
        thread.join(15)
    return built, answers


def test_a_stale_entry_is_rebuilt_once_while_the_others_get_the_previous(regions):
    here = regions[0].pk
    reads = ["bulletins.bulletin"]
    assert freshness.fresh(
        "tests.race", 1, compute=lambda: {"figures": 0}, region_id=here, reads=reads
    ) == {"figures": 0}
    freshness.changed(here, topics=reads)
    built, answers = _race(reads, here, count=8, build_waits_for_others=True)
    assert len(built) == 1
    assert sorted(answer["figures"] for answer in answers) == [0] * 7 + [1]
    # Afterwards everyone reads the new one, nobody builds.
    assert freshness.fresh(
        "tests.race", 1, compute=lambda: {"figures": -1}, region_id=here, reads=reads
    ) == {"figures": 1}


def test_with_no_entry_yet_the_others_wait_for_the_first_build(regions):
    built, answers = _race(
        ["bulletins.bulletin"], regions[0].pk, count=6, build_waits_for_others=False
    )
    assert len(built) == 1
    assert answers == [{"figures": 1}] * 6


def test_a_change_of_what_a_page_does_not_read_keeps_its_entry(regions):
    here = regions[0].pk
    kept = freshness.fresh(
        "tests.reads", compute=lambda: "first", region_id=here, reads=["bulletins.bulletin"]
    )
    post_title = [freshness.topic(apps.get_model("contentplan", "PlannedPost"))]
    freshness.changed(here, topics=post_title)
    again = freshness.fresh(
        "tests.reads", compute=lambda: "second", region_id=here, reads=["bulletins.bulletin"]
    )
    assert kept == again == "first"
    freshness.changed(here, topics=["bulletins.bulletin"])
    assert (
        freshness.fresh(
            "tests.reads", compute=lambda: "third", region_id=here, reads=["bulletins.bulletin"]
        )
        == "third"
    )


def test_a_post_title_moves_the_posts_but_not_their_figures(regions):
    from contentplan.models import PlannedPost

    post = PlannedPost.objects.get(pk=build(PlannedPost, regions[0]).pk)
    here = regions[0].pk
    figures = [freshness.figures_topic(PlannedPost)]
    everything = [freshness.topic(PlannedPost)]
    before = freshness.versions(here, figures), freshness.versions(here, everything)
    post.title = "Новое название"
    post.save()
    PlannedPost.objects.filter(pk=post.pk).update(title="Ещё одно")
    assert freshness.versions(here, figures) == before[0]
    assert freshness.versions(here, everything) != before[1]
    post.status = PlannedPost.Status.MISSED
    post.save()
    assert freshness.versions(here, figures) != before[0]


def test_the_redraw_after_a_change_never_takes_the_stale_entry(regions, monkeypatch):
    """While another request rebuilds a stale entry, a visitor gets the previous
    one; the redraw after a person's own change (`latest`) waits for the new."""
    from django.core.cache import cache

    here, reads = regions[0].pk, ["bulletins.bulletin"]
    assert freshness.fresh("tests.latest", 1, compute=lambda: "old", region_id=here, reads=reads)
    freshness.changed(here, topics=reads)
    # Another request is rebuilding it (and, here, never finishes).
    cache.add(freshness.entry_key("tests.latest", 1) + ":building", 1, 30)
    monkeypatch.setattr(freshness, "WAIT", 0.3)
    visit = freshness.fresh("tests.latest", 1, compute=lambda: "new", region_id=here, reads=reads)
    assert visit == "old"
    redraw = freshness.fresh(
        "tests.latest", 1, compute=lambda: "new", region_id=here, reads=reads, latest=True
    )
    assert redraw == "new"
