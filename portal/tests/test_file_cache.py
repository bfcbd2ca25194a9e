"""The development file cache's `add` is one caller's, as Redis' SET NX is:
portal.freshness takes its rebuild lock with it."""

import threading

from portal.infrastructure.cache import FileBasedCache

THREADS, KEYS = 8, 60


def _winners(cache) -> list[int]:
    """How many of THREADS callers, started together, added each of KEYS keys."""
    won = [0] * KEYS
    counting = threading.Lock()
    start = threading.Barrier(THREADS)

    def race():
        start.wait(10)
        for number in range(KEYS):
            if cache.add(f"lock-{number}", 1, 30):
                with counting:
                    won[number] += 1

    threads = [threading.Thread(target=race) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return won


def test_only_one_caller_adds_a_key(tmp_path):
    assert _winners(FileBasedCache(str(tmp_path / "ours"), {})) == [1] * KEYS


def test_an_expired_key_can_be_added_again(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    assert cache.add("lock", 1, 30)
    assert not cache.add("lock", 2, 30)
    cache.set("lock", 1, -1)  # expired
    assert cache.add("lock", 3, 30)
    assert cache.get("lock") == 3
