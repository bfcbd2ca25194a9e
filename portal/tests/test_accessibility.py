"""Every page of every role passes axe-core with no critical or serious violation.

The pages are those of the role × URL matrix that answer a role's GET with an
HTML page (200). Each role logs in once; Debian's Chromium renders every page
and axe-core (bundled by `axe-playwright-python`, nothing fetched at run time)
checks it.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from .test_url_matrix import ALL_CASES

# The matrix's roles; chair2 sees the same pages as chair.
ROLES = ("anonymous", "chair", "press", "central")
BLOCKING = {"critical", "serious"}


def _pages_for(role: str, world, client: Client) -> list[str]:
    """The addresses of the matrix that answer this role's GET with an HTML page:
    one per URL pattern (its other cases are the same template with other data)."""
    addresses, patterns = [], set()
    for case in ALL_CASES:
        if case.method != "get" or case.expect[role] != 200 or case.name in patterns:
            continue
        address = case.url(world)
        response = client.get(address)
        # Whole pages only: the fragments that scripts fetch into a page are
        # checked inside the page that shows them.
        if (
            response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and b"<html" in response.content[:1000]
        ):
            addresses.append(address)
            patterns.add(case.name)
    return addresses


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


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(role, transactional_db, world, page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role], backend="portal.backends.ScopedModelBackend")
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    addresses = _pages_for(role, world, client)
    assert len(addresses) > 5, f"too few pages for {role}: {addresses}"
    axe = Axe()
    failures = []
    for address in addresses:
        response = page.goto(address)
        assert response is not None and response.status == 200, f"{address}: {response}"
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
        if blocking:
            failures.append(f"{address}\n    " + "\n    ".join(map(_describe, blocking)))
    assert not failures, f"{role}: {len(failures)} of {len(addresses)} pages fail axe:\n" + (
        "\n".join(failures)
    )
