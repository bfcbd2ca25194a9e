"""`manage.py bench_collection` measures a collection end to end (issue 33): its
own database, the stand-in with its limits, a real worker; and says plainly
when the configuration cannot measure it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from conftest import redis_url, require

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def test_without_postgresql_it_measures_nothing_and_says_why():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    done = subprocess.run(
        [sys.executable, MANAGE, "bench_collection"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "not measured" in done.stdout and "PostgreSQL" in done.stdout


@pytest.mark.celery_worker
def test_a_small_union_is_collected_and_the_figures_printed():
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: the bench needs production's configuration",
    )
    redis_url()
    done = subprocess.run(
        [
            sys.executable,
            MANAGE,
            "bench_collection",
            "--regions=1",
            "--pages=4",
            "--calls=1",
            "--window=120",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = re.search(
        r"measured (\d+), waiting for a limit (\d+), failed (\d+), "
        r"posts' reach waiting for a limit (\d+), posts' reach not measured (\d+)[^;]*; "
        r"(\d+) calls, (\d+) limited",
        done.stdout,
    )
    assert figures, done.stdout
    measured, waiting, failed, reach_waiting, reach_left, calls, limited = map(
        int, figures.groups()
    )
    # One call per token in two minutes, however slow the machine: every page
    # meets the limit and waits for it (the snapshot's calls or the posts'
    # insights after it), none fails.
    assert (measured + waiting, failed) == (4, 0)
    assert limited > 0 and waiting + reach_waiting + reach_left > 0 and calls > 4
    print(done.stdout)
    assert "not met" in done.stdout
