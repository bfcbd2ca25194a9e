"""The role × URL matrix of the social pages, audit and media."""

from datetime import date

from django.urls import reverse

from portal.tests.url_cases import Case, logged_in


def page_of(world, owner: str):
    """A page of the chair's branch, the region itself, or the other region."""
    from branches.models import PageSnapshot, SocialPage

    region = world.other_region if owner == "other" else world.region
    branch = world.branch if owner == "branch" else None
    page, _created = SocialPage.objects.get_or_create(
        region=region, branch=branch, platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    PageSnapshot.objects.get_or_create(
        page=page,
        measured_on=date(2025, 12, 5),
        defaults={"posts_30d": 5, "own_posts": 5, "reposts": 0, "followers": 100},
    )
    return page


def page_url(name: str, owner: str):
    return lambda world: reverse(name, args=[page_of(world, owner).pk])


def outlet_of(world):
    from branches.models import MediaOutlet

    outlet, _created = MediaOutlet.objects.get_or_create(
        region=world.region, name="Достық", defaults={"level": "regional", "language": "both"}
    )
    return outlet


def publication_data(world):
    return {"outlet": outlet_of(world).pk, "published_on": "2025-11-20", "title": "Статья"}


def simple(name: str):
    return lambda world: reverse(name)


CASES = [
    Case("branches:page_list", simple("branches:page_list"), logged_in()),
    Case("branches:page_create", simple("branches:page_create"), logged_in(404, press=200)),
    Case("branches:audit_table", simple("branches:audit_table"), logged_in()),
    Case("branches:audit_export", simple("branches:audit_export"), logged_in()),
    Case("branches:snapshot_import", simple("branches:snapshot_import"), logged_in(404, press=200)),
    Case(
        "branches:snapshot_import_confirm",
        simple("branches:snapshot_import_confirm"),
        logged_in(404, press=302),  # press without a preview goes back to the upload
        method="post",
    ),
    Case("branches:media", simple("branches:media"), logged_in(404, press=200, central=200)),
    Case(
        "branches:media",
        simple("branches:media"),
        logged_in(404, press=200),  # the form re-rendered with its errors
        method="post",
        label="POST an empty form",
    ),
    Case(
        "branches:page_detail",
        page_url("branches:page_detail", "branch"),
        logged_in(chair2=404),
        label="chair's branch",
    ),
    Case(
        "branches:page_detail",
        page_url("branches:page_detail", "region"),
        logged_in(404, press=200, central=200),
        label="the region's own page",
    ),
    Case(
        "branches:page_detail",
        page_url("branches:page_detail", "other"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "branches:page_edit",
        page_url("branches:page_edit", "branch"),
        logged_in(404, press=200),
    ),
    Case(
        "branches:page_edit",
        page_url("branches:page_edit", "other"),
        logged_in(404),
        label="other region",
    ),
    Case(
        "branches:snapshot_create",
        page_url("branches:snapshot_create", "branch"),
        logged_in(404, press=400),  # an empty measurement is refused with its errors
        method="post",
    ),
    Case(
        "branches:snapshot_create",
        page_url("branches:snapshot_create", "other"),
        logged_in(404),
        method="post",
        label="other region",
    ),
    Case(
        "branches:page_lifecycle",
        page_url("branches:page_lifecycle", "branch"),
        logged_in(404, press=302),
        method="post",
        data={"lifecycle": "to_close"},
    ),
    Case(
        "branches:page_lifecycle",
        page_url("branches:page_lifecycle", "other"),
        logged_in(404),
        method="post",
        data={"lifecycle": "to_close"},
        label="other region",
    ),
]
