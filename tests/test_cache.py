"""ResponseCache: keys, modes, corrupt entries, and many processes writing at once."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path
from typing import Any, Callable

import pytest

from pytest_ticketbench.copilots.base import Reply, Usage
from pytest_ticketbench.runner.cache import CacheStats, ResponseCache


def parts(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "adapter": "openai",
        "model": "gpt-4.1-mini",
        "base_url_host": "api.example.test",
        "system": "You are a helpful support agent.",
        "params": {"temperature": 0.0, "max_tokens": 400},
        "messages": [{"role": "user", "content": "Где мой заказ?"}],
        "sample": 0,
    }
    base.update(changes)
    return base


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_round_trip_of_a_reply(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    reply = Reply(text="Ваш заказ в пути.", usage=Usage(120, 30), latency_s=1.25, meta={"model": "gpt-4.1-mini"})
    key = ResponseCache.key(parts())
    assert cache.get(key) is None
    cache.put(key, reply.to_dict())
    stored = cache.get(key)
    assert stored is not None
    assert Reply.from_dict(stored) == reply
    assert cache.stats == CacheStats(hits=1, misses=1, writes=1, corrupt=0)
    # The documented layout: root/<2 hex>/<key>.json holding format, key, created, value.
    path = tmp_path / "cache" / key[:2] / f"{key}.json"
    assert all_files(tmp_path / "cache") == [path]
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert entry["format"] == 1 and entry["key"] == key and entry["value"] == reply.to_dict()
    assert entry["created"].endswith("+00:00")
    # A second cache object (another run, another worker) reads the same entry.
    assert ResponseCache(tmp_path / "cache", "read").get(key) == reply.to_dict()


def test_key_is_sha256_of_canonical_json() -> None:
    assert ResponseCache.key({"b": "é", "a": 1}) == hashlib.sha256('{"a":1,"b":"é"}'.encode()).hexdigest()


def test_key_ignores_dict_order_at_every_level() -> None:
    reordered = dict(reversed(list(parts().items())))
    reordered["params"] = {"max_tokens": 400, "temperature": 0.0}
    reordered["messages"] = [{"content": "Где мой заказ?", "role": "user"}]
    assert list(reordered) != list(parts())
    assert ResponseCache.key(reordered) == ResponseCache.key(parts())


@pytest.mark.parametrize(
    "change",
    [
        {"messages": [{"role": "user", "content": "Где мой заказ?!"}]},
        {"messages": [{"role": "system", "content": "Где мой заказ?"}]},
        {"messages": [{"role": "user", "content": "Где мой заказ?"}, {"role": "assistant", "content": "Минуту."}]},
        {"params": {"temperature": 0.7, "max_tokens": 400}},
        {"params": {"temperature": 0.0, "max_tokens": 400, "seed": 1}},
        {"sample": 1},
        {"model": "gpt-4.1"},
        {"base_url_host": "localhost:8000"},
        {"system": "You are a terse support agent."},
        {"adapter": "builtin"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_any_change_makes_another_key(change: dict[str, Any]) -> None:
    assert ResponseCache.key(parts(**change)) != ResponseCache.key(parts())


def test_key_refuses_values_that_are_not_json() -> None:
    with pytest.raises(TypeError, match="plain JSON"):
        ResponseCache.key({"path": Path("x")})
    with pytest.raises(TypeError, match="plain JSON"):
        ResponseCache.key({"t": float("nan")})


def test_a_key_that_is_not_hex_is_refused(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    with pytest.raises(ValueError, match="not a cache key"):
        cache.get("../../etc/passwd")
    with pytest.raises(ValueError, match="not a cache key"):
        cache.put("ab", {"text": "x"})


def test_mode_off_neither_reads_nor_writes(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    key = ResponseCache.key(parts())
    ResponseCache(root).put(key, {"text": "stored earlier"})
    off = ResponseCache(root, "off")
    assert off.get(key) is None
    off.put(ResponseCache.key(parts(sample=1)), {"text": "new"})
    assert len(all_files(root)) == 1
    assert off.stats == CacheStats()


def test_mode_read_reuses_but_never_writes(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    old, new = ResponseCache.key(parts()), ResponseCache.key(parts(sample=1))
    ResponseCache(root).put(old, {"text": "stored earlier"})
    read = ResponseCache(root, "read")
    assert read.get(old) == {"text": "stored earlier"}
    read.put(new, {"text": "new"})
    assert read.get(new) is None
    assert len(all_files(root)) == 1
    assert read.stats == CacheStats(hits=1, misses=1, writes=0, corrupt=0)


def test_mode_readwrite_creates_the_directory_only_on_first_put(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = ResponseCache(root)
    assert cache.get(ResponseCache.key(parts())) is None
    assert not root.exists()
    cache.put(ResponseCache.key(parts()), {"text": "hello"})
    assert root.is_dir()
    assert cache.get(ResponseCache.key(parts())) == {"text": "hello"}


def test_unknown_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="readwrite"):
        ResponseCache(tmp_path, "write")  # type: ignore[arg-type]


CORRUPTIONS: dict[str, Callable[[str], bytes]] = {
    "truncated": lambda key: json.dumps({"format": 1, "key": key, "created": "x", "value": {"text": "hi"}})[:-7].encode(),
    "wrong-key": lambda key: json.dumps({"format": 1, "key": "0" * 64, "created": "x", "value": {"text": "hi"}}).encode(),
    "wrong-format": lambda key: json.dumps({"format": 2, "key": key, "created": "x", "value": {"text": "hi"}}).encode(),
    "not-an-object": lambda key: b'["format", 1]',
    "value-not-a-dict": lambda key: json.dumps({"format": 1, "key": key, "created": "x", "value": "hi"}).encode(),
    "binary": lambda key: bytes(range(256)) * 4,
    "empty": lambda key: b"",
}


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_corrupt_entry_is_ignored_counted_removed_and_rewritten(tmp_path: Path, how: str) -> None:
    cache = ResponseCache(tmp_path)
    key = ResponseCache.key(parts())
    cache.put(key, {"text": "good"})
    path = cache.path(key)
    path.write_bytes(CORRUPTIONS[how](key))

    assert cache.get(key) is None
    assert cache.stats.corrupt == 1 and cache.stats.misses == 1 and cache.stats.hits == 0
    assert not path.exists()

    cache.put(key, {"text": "rewritten"})
    assert cache.get(key) == {"text": "rewritten"}
    assert cache.stats.corrupt == 1 and cache.stats.hits == 1


def test_read_mode_counts_a_corrupt_entry_but_leaves_it(tmp_path: Path) -> None:
    key = ResponseCache.key(parts())
    ResponseCache(tmp_path).put(key, {"text": "good"})
    path = ResponseCache(tmp_path).path(key)
    path.write_bytes(b"{not json")
    read = ResponseCache(tmp_path, "read")
    assert read.get(key) is None
    assert read.stats.corrupt == 1
    assert path.read_bytes() == b"{not json"


def test_size_and_clear(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = ResponseCache(root)
    assert cache.size() == (0, 0)
    assert cache.clear() == 0
    keys = [ResponseCache.key(parts(sample=i)) for i in range(5)]
    for key in keys:
        cache.put(key, {"text": "x" * 100})
    stray_tmp = cache.path(keys[0]).parent / f".{keys[0]}.123.abcd.tmp"
    stray_tmp.write_text("half")
    foreign = root / "README.txt"
    foreign.write_text("not ours")

    entries, size = cache.size()
    assert entries == 5
    assert size == sum(cache.path(k).stat().st_size for k in keys)

    assert cache.clear() == 5
    assert cache.size() == (0, 0)
    assert all(cache.get(k) is None for k in keys)
    assert all_files(root) == [foreign]  # only the cache's own files go


def test_a_value_that_cannot_be_stored_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    with pytest.raises(ValueError):
        cache.put(ResponseCache.key(parts()), {"latency_s": float("nan")})
    with pytest.raises(TypeError):
        cache.put(ResponseCache.key(parts()), {"when": object()})
    assert all_files(tmp_path) == []
    assert cache.stats.writes == 0


# --- many processes at once -------------------------------------------------------------

SHARED = 4
OWN = 6
ROUNDS = 15
WORKERS = 6
PAYLOAD = 200_000  # big enough that a non-atomic write would be seen half done


def _hammer(root: str, worker: int, barrier: Any, results: Any) -> None:
    """One process: write the shared keys (its own payload) and its own keys, reading as it goes."""
    cache = ResponseCache(Path(root))
    shared = [ResponseCache.key({"shared": i}) for i in range(SHARED)]
    torn = 0
    barrier.wait(timeout=60)
    try:
        for round_ in range(ROUNDS):
            for key in shared:
                cache.put(key, {"writer": worker, "text": str(worker) * PAYLOAD})
                got = cache.get(key)
                # A whole entry, from one writer, or none at all.
                if got is None or got["text"] != str(got["writer"]) * PAYLOAD:
                    torn += 1
            if round_ < OWN:
                cache.put(ResponseCache.key({"worker": worker, "n": round_}), {"writer": worker, "n": round_})
    except BaseException as exc:  # report it, or the test would wait out its timeout
        results.put((worker, -1, {"error": repr(exc)}))
        raise
    results.put((worker, torn, cache.stats.to_dict()))


def test_concurrent_writers_never_leave_a_partial_file(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(str(tmp_path), w, barrier, results)) for w in range(WORKERS)]
    for proc in procs:
        proc.start()
    reports = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0

    assert sorted(w for w, _, _ in reports) == list(range(WORKERS))
    assert [(torn, stats.get("error")) for _, torn, stats in reports] == [(0, None)] * WORKERS
    assert all(stats["corrupt"] == 0 for _, _, stats in reports)

    files = all_files(tmp_path)
    assert not [p for p in files if not p.name.endswith(".json")], "temporary files were left behind"
    assert len(files) == SHARED + WORKERS * OWN
    reader = ResponseCache(tmp_path, "read")
    for path in files:
        entry = json.loads(path.read_bytes())
        assert entry["key"] == path.stem
        value = reader.get(path.stem)
        assert value is not None
        if "text" in value:
            assert value["text"] == str(value["writer"]) * PAYLOAD
    for w in range(WORKERS):
        for n in range(OWN):
            assert reader.get(ResponseCache.key({"worker": w, "n": n})) == {"writer": w, "n": n}
    assert reader.stats.corrupt == 0


def test_stats_merge_and_round_trip() -> None:
    a = CacheStats(hits=1, misses=2, writes=3, corrupt=0)
    a.merge(CacheStats.from_dict({"hits": 10, "misses": 0, "writes": 1, "corrupt": 2}))
    assert a == CacheStats(hits=11, misses=2, writes=4, corrupt=2)
    assert CacheStats.from_dict(a.to_dict()) == a
