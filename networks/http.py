"""One way to call a network: time-outs, retries with back-off, rate limits.

- Every call times out after ``CHANNELS_TIMEOUT_SECONDS`` (10 s).
- A time-out, a refused or broken connection or a 5xx answer is tried again
  ``CHANNELS_RETRIES`` times (3), waiting ``CHANNELS_BACKOFF_SECONDS`` and
  then twice as long each time.
- When the network asks to slow down (HTTP 429 with ``Retry-After``, or what
  the caller's `interpret` recognises: Graph error codes, Telegram's
  ``retry_after``) the call waits as long as asked and tries again, as many
  times; a wait longer than ``CHANNELS_MAX_WAIT_SECONDS`` is not waited out
  here but left to the next run (``rate_limited``).
- A run (a collection, a minute's publishing) passes one `Limits` to its
  calls: a limit not waited out is held there for its scope (the app on a
  network, or one token) until its window passes, and a later call in that
  scope raises ``rate_limited`` at once, without calling the network (which
  would only refuse it again).

This is the only module of the portal that speaks HTTP to a network
(`.importlinter` and `networks/tests/test_one_home.py` hold it so).

URLs carry tokens (Telegram puts the token in the path, the Graph API in the
query), so no URL is ever logged or put into an error.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import logging
import math
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from .errors import NetworkError, RetryAfter

log = logging.getLogger(__name__)

MAX_BODY = 5 * 1024 * 1024  # no answer we read is larger
USER_AGENT = "Profinfo (connected pages)"


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """The body as JSON, or `malformed`."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise NetworkError("malformed") from None

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def sleep(seconds: float) -> None:
    """Wait; a module function so that tests could look at the waits."""
    time.sleep(seconds)


def scope_key(network: str, token: str) -> str:
    """The key of one token's limits on a network; a digest, so a key that
    ends up in a log or a repr never shows the token."""
    return f"{network}:{hashlib.sha256(token.encode()).hexdigest()[:16]}"


class Limits:
    """The rate limits a network named during one run, by scope key.

    A limit is held until its window passes (a Graph limit that names no time
    for an hour, its counting window), so a call in its scope made before
    that is refused here instead of by the network. One run, one `Limits`:
    the next run starts afresh and calls again.
    """

    def __init__(self):
        self._held: dict[str, tuple[float, bool]] = {}  # key → (until, time named)
        self._pauses: dict[str, float] = {}  # key → seconds to wait before its next call

    def pause(self, key: str, seconds: float) -> None:
        """Ask the next call in this scope to wait first (a network's usage near its
        limit: better slow than cut off)."""
        self._pauses[key] = max(seconds, self._pauses.get(key, 0.0))

    def take_pause(self, key: str) -> float:
        return self._pauses.pop(key, 0.0)

    def hold(self, key: str, wait: RetryAfter) -> None:
        until = time.monotonic() + wait.seconds
        held_until, _named = self._held.get(key, (0.0, True))
        if until > held_until:
            self._held[key] = (until, wait.named)

    def holding(self) -> bool:
        """Whether any limit still holds (a run asks before looking closer)."""
        now = time.monotonic()
        return any(until > now for until, _named in self._held.values())

    def holds(self, scopes: dict[str, str]) -> bool:
        """Whether a limit of one of these scope keys still holds."""
        now = time.monotonic()
        return any(self._held.get(key, (0.0, True))[0] > now for key in scopes.values())

    def check(self, scopes: dict[str, str], network: str) -> None:
        """Raise `rate_limited` if a limit of one of these scope keys still holds."""
        now = time.monotonic()
        for key in scopes.values():
            until, named = self._held.get(key, (0.0, True))
            if until > now:
                log.info("%s: a limit of this run still holds, not called", network)
                seconds = round(until - now) if named else None
                raise NetworkError("rate_limited", seconds=seconds)


class SharedLimits(Limits):
    """A run's limits shared by its parts, which run as tasks in other workers:
    a limit one part meets is held for every part of the run (`run` names it,
    so the next run starts afresh). Kept in the cache; while the cache is out
    of reach each part keeps its own limits, as a run did before."""

    PREFIX = "networks:limits"

    def __init__(self, run: str):
        super().__init__()
        self._run = run

    def _key(self, key: str) -> str:
        return f"{self.PREFIX}:{self._run}:{key}"

    def hold(self, key: str, wait: RetryAfter) -> None:
        super().hold(key, wait)
        from django.core.cache import cache

        try:
            cache.set(
                self._key(key),
                (time.time() + wait.seconds, wait.named),
                timeout=max(1, math.ceil(wait.seconds)),
            )
        except Exception as error:  # the cache is a help, not a need
            log.warning("the run's limits are not shared: %s", type(error).__name__)

    def _learn(self, keys) -> None:
        """Take the limits other parts of the run hold for these scope keys."""
        from django.core.cache import cache

        try:
            found = cache.get_many([self._key(key) for key in keys])
        except Exception as error:
            log.warning("the run's limits are not read: %s", type(error).__name__)
            return
        for key in keys:
            shared = found.get(self._key(key))
            if shared is None:
                continue
            until, named = shared
            seconds = until - time.time()
            if seconds > 0:
                Limits.hold(self, key, RetryAfter(seconds, named=named))

    def holds(self, scopes: dict[str, str]) -> bool:
        self._learn(list(scopes.values()))
        return super().holds(scopes)

    def check(self, scopes: dict[str, str], network: str) -> None:
        self._learn(list(scopes.values()))
        super().check(scopes, network)


def _send(
    method: str,
    url: str,
    params: dict | None,
    data: dict | None,
    form: dict | None = None,
    max_body: int = MAX_BODY,
) -> Response:
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    body = None
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    elif form is not None:
        # A post's text goes in the body: in the address, 2,000 Cyrillic
        # letters would already make 12 KB, more than servers take.
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310  (http(s) only: the settings' addresses)
            request, timeout=settings.CHANNELS_TIMEOUT_SECONDS
        ) as answer:
            return Response(
                status=answer.status,
                headers={k.lower(): v for k, v in answer.headers.items()},
                body=answer.read(max_body),
            )
    except urllib.error.HTTPError as error:
        with error:
            return Response(
                status=error.code,
                headers={k.lower(): v for k, v in (error.headers or {}).items()},
                body=error.read(MAX_BODY),
            )


def retry_after_seconds(value: str) -> float | None:
    """The `Retry-After` header: seconds, or an HTTP date."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit() and len(value) <= 9:
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _read(response: Response, interpret: Callable[[Response], Any]) -> Any:
    """`interpret`'s reading of the answer; a 429 with ``Retry-After`` is always a
    wait of that long, in the scope `interpret` names for it (the token's if none)."""
    asked = None
    if response.status == 429:
        asked = retry_after_seconds(response.header("retry-after"))
    if asked is None:
        return interpret(response)
    try:
        interpret(response)
    except RetryAfter as wait:
        raise RetryAfter(asked, scope=wait.scope) from None
    except Exception:  # noqa: S110  (a refusal of a 429: the header decides)
        pass
    raise RetryAfter(asked)


def request(
    method: str,
    url: str,
    *,
    interpret: Callable[[Response], Any],
    params: dict | None = None,
    data: dict | None = None,
    form: dict | None = None,
    network: str = "",
    retries: int | None = None,
    limits: Limits | None = None,
    scopes: dict[str, str] | None = None,
    max_body: int = MAX_BODY,
) -> Any:
    """Call the network and return what `interpret` makes of the answer.

    `data` is sent as JSON, `form` as a form (the Graph API's POST).
    `interpret` raises `NetworkError` for a refusal and `RetryAfter` when the
    network asks to wait. `retries` (default ``CHANNELS_RETRIES``) of 0 makes
    exactly one call: a call that creates something (a post) must not be
    repeated blindly, its caller decides. `scopes` names this call's scope
    keys in `limits` (``{"app": …, "token": …}``): a limit still held for one
    of them makes no call, and one not waited out is held for the scope the
    `RetryAfter` names (or the token's, when that scope is not among them).
    `max_body` bounds the answer read (a file downloaded from the Bot API is
    larger than any answer of an API call).
    """
    retries = settings.CHANNELS_RETRIES if retries is None else retries
    scopes = scopes or {}
    if limits is not None:
        limits.check(scopes, network)
    failures = 0  # time-outs and 5xx so far
    waits = 0  # rate-limit waits so far
    while True:
        response = _attempt(method, url, params, data, form, max_body, tries=failures + 1)
        if isinstance(response, NetworkError):
            _back_off(response, failures=failures, retries=retries, network=network)
            failures += 1
            continue
        try:
            return _answer(response, interpret, waits=waits)
        except RetryAfter as wait:
            _wait_out(
                wait, waits=waits, retries=retries, network=network, limits=limits, scopes=scopes
            )
            waits += 1


def _attempt(method, url, params, data, form, max_body, *, tries: int) -> Response | NetworkError:
    """One call: the network's answer, or the failure on the way there and back
    (a 5xx answer counts as one), to be tried again."""
    try:
        response = _send(method, url, params, data, form, max_body)
    except urllib.error.URLError as error:
        # urllib wraps what fails while connecting and sending: the request
        # never arrived whole, so nothing was done.
        timed_out = isinstance(error.reason, TimeoutError)
        return NetworkError("timeout" if timed_out else "unreachable", tries=tries)
    except TimeoutError:
        # The request went out and the answer did not come in time.
        return NetworkError("timeout", tries=tries)
    except (OSError, http.client.HTTPException):
        # The request went out and the connection broke before the whole
        # answer came (reset, closed, cut short): it may have been done.
        return NetworkError("dropped", tries=tries)
    except ValueError:
        return NetworkError("unreachable", tries=tries)
    if response.status >= 500:
        return NetworkError("server_error", status=response.status, tries=tries)
    return response


def _back_off(problem: NetworkError, *, failures: int, retries: int, network: str) -> None:
    """Wait twice as long as the last time before trying again, or raise the
    failure when the tries are spent."""
    if failures >= retries:
        log.warning("%s: %s after %s tries", network, problem.code, failures + 1)
        raise problem
    pause = settings.CHANNELS_BACKOFF_SECONDS * 2**failures
    log.info("%s: %s, trying again in %.1f s", network, problem.code, pause)
    sleep(pause)


def _answer(response: Response, interpret: Callable[[Response], Any], *, waits: int) -> Any:
    """What `interpret` makes of an answer; a 429 nothing explained is a wait
    twice as long as the last."""
    result = _read(response, interpret)
    if response.status == 429:  # nothing told us how long: back off
        raise RetryAfter(settings.CHANNELS_BACKOFF_SECONDS * 2**waits)
    return result


def _wait_out(
    wait: RetryAfter,
    *,
    waits: int,
    retries: int,
    network: str,
    limits: Limits | None,
    scopes: dict[str, str],
) -> None:
    """Wait as long as the network asked, or, when that is too long or the
    waits are spent, hold the limit for the run and raise `rate_limited`."""
    if waits >= retries or wait.seconds > settings.CHANNELS_MAX_WAIT_SECONDS:
        log.warning("%s: rate limited, asked to wait %.0f s", network, wait.seconds)
        key = scopes.get(wait.scope) or scopes.get("token")
        if limits is not None and key:
            limits.hold(key, wait)
        seconds = round(wait.seconds) if wait.named else None
        raise NetworkError("rate_limited", seconds=seconds) from None
    log.info("%s: rate limited, waiting %.1f s as asked", network, wait.seconds)
    sleep(wait.seconds)
