"""The bench's load generator (`_serve.hammer`) against a real loopback server:
what it counts as answered, as refused, and as an editor's edits."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dashboards.management.commands import _serve


class Answers(BaseHTTPRequestHandler):
    """200 on /ok, 503 on anything else."""

    def do_GET(self):  # the name http.server calls
        self.send_response(200 if self.path == "/ok" else 503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass  # the test's output stays quiet


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_answers_with_200_are_counted_per_second_and_the_others_apart(port):
    served = _serve.hammer(port, "/ok", "", clients=2, seconds=0.5)
    assert served["rps"] > 0
    assert served["other"] == 0
    refused = _serve.hammer(port, "/busy", "", clients=2, seconds=0.5)
    assert refused["rps"] == 0
    assert refused["other"] > 0


def test_the_editor_takes_one_client_and_its_answers_are_counted_apart(port):
    calls = []

    def editor():
        calls.append(1)
        return 200 if len(calls) % 2 else 403  # every other edit is refused

    measured = _serve.hammer(port, "/ok", "", clients=2, seconds=0.5, editor=editor)
    assert measured["edits"] == len(calls) > 0
    assert measured["edits_refused"] == len(calls) // 2
    assert measured["rps"] > 0 and measured["other"] == 0


def test_a_server_that_is_gone_counts_as_not_answered():
    port = _serve.free_port()  # nothing listens there
    gone = _serve.hammer(port, "/ok", "", clients=1, seconds=0.2)
    assert gone["rps"] == 0 and gone["other"] > 0
