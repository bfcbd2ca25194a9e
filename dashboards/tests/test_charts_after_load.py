"""Chart.js (210 KB) never holds up a page's load event (issue 33, slow link):
it is asked for only after the load event, and the charts are still drawn."""

import pytest

from conftest import log_in

from .test_browser import CHARTS_DRAWN

pytestmark = pytest.mark.browser

# When the load event began, and when the browser asked for Chart.js, both on
# the page's own clock (performance.now()).
TIMES = """() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const chartjs = performance.getEntriesByType('resource')
        .find((entry) => entry.name.includes('chart.umd'));
    return {load: navigation.loadEventStart, chartjs: chartjs ? chartjs.startTime : null};
}"""


@pytest.fixture
def demo(demo):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    return demo


def test_the_region_dashboard_asks_for_chartjs_after_its_load_event(page, demo):
    log_in(page, "central")
    page.goto(f"/dashboard/region/{demo.pk}/", wait_until="load")
    page.wait_for_function(CHARTS_DRAWN)
    times = page.evaluate(TIMES)
    assert times["chartjs"] is not None
    assert times["chartjs"] >= times["load"] > 0, times
