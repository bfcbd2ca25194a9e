"""Page weights: what a first and a repeat visit download, and when they reach
DOMContentLoaded and the load event, in Debian's Chromium on an emulated slow
link.

The link is Chrome DevTools' own emulation (Network.emulateNetworkConditions):
400 kbit/s each way and 400 ms added to every request, a phone at the edge of
a mobile network. A first visit starts with an empty cache; a repeat visit is
the same address again in the same browser, as a person coming back to it.
"""

from __future__ import annotations

import os
import shutil
import time

from . import _serve

KBIT = 400
LATENCY_MS = 400
# Targets of issue 21: the production server, and `make run` within 1.5×.
FIRST_TARGET_S = 3.0
REPEAT_TARGET_S = 0.8
RUNSERVER_FACTOR = 1.5


def chromium() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    return path


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=chromium(),
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    )


def visits(browser, base_url: str, path: str, cookies: dict[str, str]) -> dict:
    """A first and a repeat visit of `path`: seconds to DOMContentLoaded and to
    load, bytes on the wire (encoded, headers included) and requests made."""
    context = browser.new_context(base_url=base_url)
    context.add_cookies(
        [{"name": name, "value": value, "url": base_url} for name, value in cookies.items()]
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": KBIT * 1000 / 8,
            "uploadThroughput": KBIT * 1000 / 8,
        },
    )
    received: list[float] = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    result = {}
    for visit in ("first", "repeat"):
        received.clear()
        response = page.goto(path, wait_until="load")
        if response is None or response.status != 200:
            raise SystemExit(f"{path}: {response.status if response else 'no answer'}")
        timing = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return [n.domContentLoadedEventEnd, n.loadEventEnd]; }"
        )
        time.sleep(0.5)  # the last loadingFinished events
        result[visit] = {
            "dcl_s": timing[0] / 1000,
            "load_s": timing[1] / 1000,
            "bytes": int(sum(received)),
            "requests": len(received),
        }
    context.close()
    return result


def measure(stdout, envs: dict, sessions: dict, *, port: int, workers: int) -> dict:
    """Each server in turn (gunicorn with DEBUG off; runserver as `make run`),
    the calendar and the region dashboard of a press secretary."""
    from playwright.sync_api import sync_playwright

    pages = {label: (who, path) for label, who, path in sessions["pages"]}
    chosen = ["calendar (press)", "region dashboard (press)", "central dashboard"]
    results: dict = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for kind, env in envs.items():
                chosen_port = _serve.free_port(port + 1 if port else 0)
                with _serve.server(kind, env, chosen_port, workers=workers) as base_url:
                    for label in chosen:
                        who, path = pages[label]
                        cookies = {"sessionid": sessions["cookies"][who]}
                        # Visits to warm the server (caches, every worker's templates),
                        # not the browser, as the throughput section warms it: a
                        # repeat visit answered by a worker that never drew the page
                        # measured the worker's start, not the page.
                        _serve.hammer(
                            chosen_port,
                            path,
                            f"sessionid={cookies['sessionid']}",
                            clients=workers,
                            seconds=1,
                        )
                        results.setdefault(kind, {})[label] = visits(
                            browser, base_url, path, cookies
                        )
                        stdout.write(f"weights: {kind} {label} {results[kind][label]}")
        finally:
            browser.close()
    return results


def print_weights(stdout, result: dict, scale: int) -> None:
    stdout.write("")
    stdout.write(
        f"Page weights {time.strftime('%Y-%m-%d')} ({scale}× data): Chromium, "
        f"{KBIT} kbit/s and {LATENCY_MS} ms a request (DevTools emulation); bytes on the "
        "wire of a first visit (empty cache) and a repeat visit."
    )
    stdout.write(
        "| server | page | first: DOMContentLoaded / load, s | first: KB | requests "
        "| repeat: DOMContentLoaded / load, s | repeat: KB | target (load) |"
    )
    stdout.write("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    verdicts = []
    for kind, pages in result.items():
        factor = RUNSERVER_FACTOR if kind == "runserver" else 1
        for label, visit in pages.items():
            first, repeat = visit["first"], visit["repeat"]
            # The load event, not only DOMContentLoaded: the charts drawn.
            ok = (
                first["load_s"] <= FIRST_TARGET_S * factor
                and repeat["load_s"] <= REPEAT_TARGET_S * factor
            )
            verdicts.append(ok)
            target = f"≤ {FIRST_TARGET_S * factor:.1f} / {REPEAT_TARGET_S * factor:.1f} s"
            stdout.write(
                f"| {kind} | {label} | {first['dcl_s']:.2f} / {first['load_s']:.2f} "
                f"| {first['bytes'] / 1024:.0f} | {first['requests']} "
                f"| {repeat['dcl_s']:.2f} / {repeat['load_s']:.2f} | {repeat['bytes'] / 1024:.0f} "
                f"| {target} {'met' if ok else 'NOT MET'} |"
            )
    stdout.write(
        "targets (the load event: first ≤ 3 s, repeat ≤ 0.8 s through gunicorn; "
        "runserver within 1.5×): " + ("met" if verdicts and all(verdicts) else "NOT MET")
    )
