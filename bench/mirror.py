"""Benchmark of the verified mirror: sync N entries from a loopback node, then look things up.

Prints, with baselines measured in the same run:
  * sync throughput (entries/s) and wall time (goal for 1M entries: < 3 min on 2 cores);
  * where the time goes: credential proof checks, hashing, SQLCipher writes, each beside
    raw Ed25519 verify, raw SHA-256 and raw SQLCipher insert rates;
  * lookup latency p50/p95 on the mirror (goal p95 < 50 ms) and cache size on disk per entry.

The node is the test log server of ``tests/helpers/log_server.py`` (real HTTP on loopback)
serving the realistic scaled demo ledger of ``bench/scale_ledger.py`` (registrations,
certifications and their statuses, entry lines, licences, profiles, sightings...),
signed once and kept under ``~/.cache/customs-workstation-bench``.

Run: ``.venv/bin/python bench/mirror.py [--entries 1000000]``
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import nacl.signing

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scale_ledger, timing
from ledger_client import logged_records, merkle, mirror, sqlcipher_store, sync
from ledger_client.transport import HttpTransport
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import T0, SignedLog


def entries(n: int) -> tuple[list[bytes], str]:
    """N entries of the realistic scaled demo ledger (``bench/scale_ledger.py``; signed once and cached)."""
    ledger = scale_ledger.build(n)
    return ledger.entries, ledger.cbp_issuer


def _serve_in_child(n: int, urls: Queue[str], stop: EventType) -> None:
    """The node runs in its own process, as a real node would: it does not share the client's GIL."""
    all_entries, _cbp = entries(n)
    served = ServedLog(keys=SignedLog(), entries=all_entries)
    served.publish()
    with serve(served) as url:
        urls.put(url)
        stop.wait()


def bench_sync(n: int) -> tuple[mirror.Mirror, Path]:
    scale_ledger.ensure(n)  # signed here: the node's process is a daemon and may not start a pool
    _entries, cbp = entries(n)
    del _entries
    context = multiprocessing.get_context("spawn")
    urls: Queue[str] = context.Queue()
    stop = context.Event()
    node = context.Process(target=_serve_in_child, args=(n, urls, stop), daemon=True)
    node.start()
    folder = Path(tempfile.mkdtemp(prefix="bench-mirror-"))
    path = folder / "cache.db"
    conn = sqlcipher_store.create(path, "bench passphrase", origin=SignedLog().origin)
    store = mirror.Mirror(conn, path)
    try:
        url = urls.get(timeout=600)
        client = sync.LedgerClient(HttpTransport(url), SignedLog().trust(quorum=2), (cbp,), store, clock=lambda: T0)
        start = time.perf_counter()
        result = client.sync()
        wall = time.perf_counter() - start
    finally:
        stop.set()
        node.join(timeout=30)
    slices = -(-n // scale_ledger.demo_size())
    assert result.new_entries == n and result.rejected <= slices  # the demo's one altered record per slice
    print(f"  sync of {n:,} entries: {wall:.1f} s wall, {n / wall:,.0f} entries/s  (goal for 1M: < 180 s)")
    return store, path


def bench_parts(sample: list[bytes]) -> None:
    """Per-entry costs of the three kinds of work, each beside its raw baseline."""
    key = nacl.signing.SigningKey(bytes(32))
    signed = key.sign(b"x" * 64)
    vk = key.verify_key
    per_proof = timing.per_call(lambda: logged_records.examine_many(sample), number=1, repeat=3) / len(sample)
    raw_verify = timing.per_call(lambda: vk.verify(signed), number=2000)
    timing.row("credential proof check per entry (1 process)", per_proof, raw_verify)
    leaf_in = sample[0]
    per_hash = timing.per_call(lambda: merkle.leaf_hash(leaf_in), number=20000)
    raw_hash = timing.per_call(lambda: hashlib.sha256(leaf_in).digest(), number=20000)
    timing.row("leaf hash per entry", per_hash, raw_hash)
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlcipher_store.create(Path(tmp) / "c.db", "p", origin="o")
        store = mirror.Mirror(conn, Path(tmp) / "c.db")
        rows = [
            logged_records.RejectedEntry(i, bytes(32), e, logged_records.RecordFailure.BAD_SIGNATURE, "bench")
            for i, e in enumerate(sample)
        ]
        start = time.perf_counter()
        store.store(rows)
        per_write = (time.perf_counter() - start) / len(rows)
        conn.execute("CREATE TABLE raw (a INTEGER, b BLOB)")
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO raw VALUES (?, ?)", [(i, e) for i, e in enumerate(sample)])
        conn.execute("COMMIT")
        raw_write = (time.perf_counter() - start) / len(sample)
    timing.row("SQLCipher mirror write per entry", per_write, raw_write)


def bench_lookups(store: mirror.Mirror, path: Path, n: int) -> None:
    rng = random.Random(7)
    picked = [store.entry(rng.randrange(n)) for _ in range(300)]
    ids = [e.credential_id for e in picked if e is not None and e.credential_id]
    latencies = []
    for cid in ids:
        start = time.perf_counter()
        found = store.by_credential_id(cid)
        by_index = store.entry(rng.randrange(n))
        latencies.append(time.perf_counter() - start)
        assert len(found) >= 1 and by_index is not None
    latencies.sort()
    p50, p95 = statistics.median(latencies), latencies[int(len(latencies) * 0.95)]
    print(f"  lookup by credential id + by index: p50 {p50 * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms  (goal p95 < 50 ms)")
    size = sum(f.stat().st_size for f in path.parent.iterdir() if f.is_file())
    print(f"  cache on disk: {size / 1e6:.1f} MB, {size / n:.0f} bytes per entry")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"bench/mirror.py: sync and lookups, {args.entries:,} entries")
    store, path = bench_sync(args.entries)
    n = args.entries
    sample = [e.entry for e in store.entries(start=0, end=min(n, 2000))]
    bench_parts(sample)
    bench_lookups(store, path, args.entries)


if __name__ == "__main__":
    main()
