"""The report names a branch's page «Глубоковский район — Instagram:», with a dash and
the network's own spelling."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from dashboards.report.blocks import plain_text
from dashboards.report.regional import build_report
from dashboards.report.words import page_kind
from portal.models import Region
from portal.seed import REGION_NAME


@pytest.fixture
def seeded(db):
    call_command("load_seed", stdout=io.StringIO())
    return Region.objects.get(name=REGION_NAME)


def test_branch_pages_read_with_a_dash_and_the_platforms_proper_name(seeded):
    with translation.override("ru"):
        blocks = build_report(
            region=seeded, start=datetime.date(2023, 1, 1), end=datetime.date(2025, 12, 31)
        )
    text = plain_text(blocks)
    assert "Глубоковский район — Instagram:" in text
    assert " - instagram" not in text
    assert " - facebook" not in text.lower()
    labels = {block["label"] for block in blocks if block["kind"] == "page"}
    assert labels <= {"Facebook", "Facebook-группа", "Instagram", "Aitu", "Telegram", "YouTube"}


@pytest.mark.parametrize(
    ("platform", "name"),
    [("instagram", "Instagram"), ("facebook_group", "Facebook-группа"), ("youtube", "YouTube")],
)
def test_page_kind_keeps_the_networks_spelling(platform, name):
    assert page_kind(platform) == name
