"""A publication the network took stays sent when the month figures cannot be
rebuilt after its commit: the error is logged, the nightly recount mends."""

from __future__ import annotations

import logging

from contentplan.models import PlannedPost
from dashboards import tasks as dashboard_tasks
from dashboards.models import MonthFigure
from dashboards.tests.test_figures_concurrency import figures_refused
from publishing import services
from publishing.models import Publication

from .conftest import DAY, calls, moment, telegram_message, tg


def test_a_sent_publication_is_not_failed_by_the_figures(
    transactional_db, make_post, telegram, network, caplog
):
    post = make_post("telegram")
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())
    services.publications_create(now=moment(0))
    publication = Publication.objects.get()
    with figures_refused(), caplog.at_level(logging.ERROR, logger="dashboards.figures"):
        state = services.publication_attempt(publication_id=publication.pk, now=moment(0))
    assert state == Publication.State.SENT
    publication.refresh_from_db()
    post.refresh_from_db()
    assert (publication.state, post.status) == ("sent", PlannedPost.Status.PUBLISHED)
    assert calls(network, tg("sendMessage")) == 1
    logged = [r for r in caplog.records if r.name == "dashboards.figures"]
    assert logged and all(r.levelno == logging.ERROR and r.exc_info for r in logged)
    rubric = MonthFigure.objects.filter(
        region=post.plan.region_id, kind="rubric", key=post.rubric_id
    )
    assert rubric.get().published == 0  # stale until the night
    dashboard_tasks.month_figures_task(DAY.isoformat())
    assert rubric.get().published == 1
