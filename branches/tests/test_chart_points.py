"""A page measured once shows its point; counts get whole ticks on the axis."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in

from .factories import SnapshotFactory, SocialPageFactory

pytestmark = pytest.mark.browser


def test_one_measurement_is_a_visible_point_on_whole_ticks(page, demo):
    branch = demo.branches.get(name="г. Усть-Каменогорск")
    social = SocialPageFactory(branch=branch, region=demo)
    measured = timezone.localdate() - datetime.timedelta(days=2)
    SnapshotFactory(
        page=social, measured_on=measured, followers=3, posts_30d=3, own_posts=2, reposts=1
    )
    log_in(page, "press")
    page.goto(social.get_absolute_url())
    expect(page.get_by_test_id("single-measurement")).to_be_visible()
    canvas = page.locator("canvas[data-chart]")
    expect(canvas).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
    )
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector("canvas[data-chart]"));
            const ticks = Object.values(chart.scales)
                .filter((scale) => scale.axis === "y")
                .flatMap((scale) => scale.ticks.map((tick) => tick.value));
            const radii = chart.data.datasets.map((set) => set.pointRadius);
            const x = chart.scales.x;
            return {ticks, radii, offset: x.options.offset};
        }"""
    )
    assert chart["ticks"] and all(float(value).is_integer() for value in chart["ticks"])
    assert all(radius and radius >= 5 for radius in chart["radii"])
    assert chart["offset"] is True
