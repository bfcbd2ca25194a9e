"""Every page of every role passes axe-core, in Russian, Kazakh and English,
with the demo loaded: no critical or serious violation.

The pages are those of the role × URL matrix that answer a role's GET with an
HTML page (200), over the demo's data: the report's region (its plan with
rubric chips, its audit's badges, its figures) and one region of `load_demo`
as the other region. axe runs once per page shape and language rather than
per URL and role: pages that render the same set of templates are one shape
(a second post, or another role's copy of a list, is the same markup with
other words), and the first role that reaches a shape stands for the rest.
Each role logs in once; Debian's Chromium renders every page and axe-core
(bundled by `axe-playwright-python`, nothing fetched at run time) checks it.
"""

from __future__ import annotations

import random

from django.test import Client

from conftest import World

from .test_url_matrix import ALL_CASES

# The matrix's roles; chair2 sees the same pages as chair.
ROLES = ("anonymous", "chair", "press", "central")
LANGUAGES = ("ru", "kk", "en")
BLOCKING = {"critical", "serious"}
# The region of `load_demo` that stands for «another region».
OTHER_REGION = "Павлодарская область"


def _demo_world() -> World:
    """The demo as the matrix's world: the report's region with its people,
    and one generated demo region beside it."""
    from django.core.management import call_command
    from django.utils import timezone

    from dashboards.management.commands import load_demo
    from portal.models import Region, User
    from portal.seed import load_demo_users

    call_command("load_seed", verbosity=0)
    region = Region.objects.get(is_demo=False)
    load_demo_users(region=region)
    # One region of the demo, made by the command's own generator (all twenty
    # would take minutes and add no page shape).
    command = load_demo.Command()
    index = load_demo.REGIONS.index(OTHER_REGION)
    command._region(
        OTHER_REGION,
        scale=1,
        years=load_demo.YEARS,
        today=timezone.localdate(),
        rng=random.Random(2025 * 100 + index),
    )
    other_region = Region.objects.get(is_demo=True)
    # Demo accounts cannot log in with DEBUG off: here they stand for real ones.
    User.objects.update(is_demo=False)
    users = {user.username: user for user in User.objects.filter(username__in=(*ROLES, "chair2"))}
    users["other_press"] = User.objects.create(
        username="other_press", role=User.Role.PRESS, region=other_region
    )
    other_branch = other_region.branches.order_by("pk").first()
    return World(
        region=region,
        other_region=other_region,
        branch=users["chair"].branch,
        branch2=users["chair2"].branch,
        other_branch=other_branch,
        organisation=users["chair"].branch.organisations.order_by("pk").first(),
        organisation2=users["chair2"].branch.organisations.order_by("pk").first(),
        other_organisation=other_branch.organisations.order_by("pk").first(),
        users=users,
    )


def _shapes(world: World, clients: dict[str, Client]) -> dict[frozenset, tuple[str, str]]:
    """One (role, address) for every page shape the roles reach."""
    shapes: dict[frozenset, tuple[str, str]] = {}
    for role in ROLES:
        for case in ALL_CASES:
            if case.method != "get" or case.expect[role] != 200:
                continue
            address = case.url(world)
            response = clients[role].get(address)
            # Whole pages only: the fragments that scripts fetch into a page are
            # checked inside the page that shows them.
            if (
                response.status_code != 200
                or not response.get("Content-Type", "").startswith("text/html")
                or b"<html" not in response.content[:1000]
            ):
                continue
            shape = frozenset(template.name for template in response.templates)
            shapes.setdefault(shape, (role, address))
    return shapes


def _node(node: dict) -> str:
    """Where, and for contrast the colours axe measured."""
    where = " ".join(map(str, node["target"]))
    data = next((check.get("data") for check in node.get("any", []) if check.get("data")), None)
    if isinstance(data, dict) and "contrastRatio" in data:
        where += f" [{data.get('fgColor')} on {data.get('bgColor')}: {data.get('contrastRatio')}]"
    return where


def _describe(violation: dict) -> str:
    nodes = "; ".join(_node(node) for node in violation["nodes"][:30])
    return f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): {nodes}"


def test_every_page_shape_passes_axe_in_every_language(
    transactional_db, settings, browser, live_server
):
    from axe_playwright_python.sync_playwright import Axe

    settings.DEBUG = True  # the demo's people exist only in the embedded default
    world = _demo_world()
    settings.DEBUG = False  # the pages as production serves them
    clients = {role: Client() for role in ROLES}
    for role in ROLES:
        if role != "anonymous":
            clients[role].force_login(
                world.users[role], backend="portal.backends.ScopedModelBackend"
            )
    shapes = _shapes(world, clients)
    reached = {role for role, _address in shapes.values()}
    assert len(shapes) > 40 and reached >= {"anonymous", "chair", "press", "central"}, shapes

    axe = Axe()
    failures, checked = [], 0
    served = dict.fromkeys(LANGUAGES, 0)
    for language in LANGUAGES:
        for role in ROLES:
            addresses = [address for who, address in shapes.values() if who == role]
            context = browser.new_context(base_url=live_server.url)
            context.set_default_timeout(15_000)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
            if role != "anonymous":
                session = clients[role].cookies[settings.SESSION_COOKIE_NAME].value
                cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session})
            context.add_cookies([{**cookie, "url": live_server.url} for cookie in cookies])
            page = context.new_page()
            for address in addresses:
                response = page.goto(address)
                assert response is not None and response.status == 200, f"{address}: {response}"
                # The public survey pages speak Russian and Kazakh only.
                served[language] += page.locator("html").get_attribute("lang") == language
                results = axe.run(page)
                checked += 1
                blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
                if blocking:
                    failures.append(
                        f"{language} {role} {address}\n    "
                        + "\n    ".join(map(_describe, blocking))
                    )
            context.close()
    print(f"axe: {len(shapes)} page shapes × {len(LANGUAGES)} languages, served {served}")
    assert min(served.values()) >= len(shapes) - 3, served
    assert not failures, f"{len(failures)} of {checked} pages fail axe:\n" + "\n".join(failures)
