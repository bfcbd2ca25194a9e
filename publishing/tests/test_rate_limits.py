"""A network's rate limit during the minute's run (issue 29, item 1).

The run keeps the limits a network named, as the daily collection does
(`networks.Limits`): once Graph says the app's limit is reached, nothing more
of that run calls Facebook or Instagram. The publications, deletions and
edits left are not claimed: they wait for the next run with their attempts
untouched (no retry window spent, nobody told). Telegram goes out as usual.
"""

from __future__ import annotations

import re

from publishing import services
from publishing.models import Publication

from .conftest import FB_PAGE, graph_error, moment, telegram_message, tg

S = Publication.State
APP_LIMIT = graph_error(4, "(#4) Application request limit reached")
GRAPH = re.compile(r"^/v26\.0/")


def _graph_calls(network) -> int:
    return sum(1 for request, _response in network.log if GRAPH.match(request.path))


def test_an_app_limit_holds_every_graph_call_of_the_run_and_burns_no_attempt(
    make_post, facebook, telegram, network
):
    for _n in range(3):
        make_post("facebook_page", "telegram")
    gone = make_post("facebook_page")
    deletion = Publication.objects.create(
        post=gone,
        channel=gone.channels.get(),
        connection=facebook,
        state=S.DELETING,
        network_id=f"{FB_PAGE}_99",
        next_attempt_at=moment(0),
    )
    network.expect_request(GRAPH).respond_with_json(APP_LIMIT, status=403)
    network.expect_request(tg("sendMessage"), method="POST").respond_with_json(telegram_message())

    run = services.publish_due(now=moment(0))

    assert _graph_calls(network) == 1, "called Graph again after its app limit"
    posts = Publication.objects.filter(channel__code="facebook_page").exclude(pk=deletion.pk)
    tried = posts.get(attempts=1)
    assert (tried.state, tried.error_code) == (S.WAITING, "rate_limited")
    held = posts.exclude(pk=tried.pk).filter(state=S.WAITING)
    assert held.count() == 2
    for publication in held:
        assert publication.attempts == 0 and publication.first_tried_at is None
        assert publication.error_code == "" and publication.next_attempt_at == moment(0)
    deletion.refresh_from_db()
    assert (deletion.state, deletion.attempts, deletion.error_code) == (S.DELETING, 0, "")
    # Another network's limit is not Telegram's.
    assert Publication.objects.filter(channel__code="telegram", state=S.SENT).count() == 3
    assert run.summary()["held"] == 2
    assert run.summary()["deletions"] == {"delete_held": 1}

    # The next run starts afresh: Graph is asked again, and everything goes.
    network.clear()
    network.expect_request(f"/v26.0/{FB_PAGE}/feed", method="POST").respond_with_json(
        {"id": f"{FB_PAGE}_7"}
    )
    network.expect_request(re.compile(rf"^/v26\.0/{FB_PAGE}_\d+$"), method="GET").respond_with_json(
        {}
    )
    network.expect_request(f"/v26.0/{FB_PAGE}_99", method="DELETE").respond_with_json(
        {"success": True}
    )
    run = services.publish_due(now=moment(1))
    assert posts.filter(state=S.SENT).count() == 3
    assert Publication.objects.get(pk=deletion.pk).state == S.DELETED
    assert run.summary()["held"] == 0
