"""Benchmark of the verified mirror (issue 7): sync N entries from a loopback node, then look things up.

Prints, with baselines measured in the same run:
  * sync throughput (entries/s) and wall time (goal for 1M entries: < 3 min on 2 cores);
  * where the time goes: credential proof checks, hashing, SQLCipher writes, each beside
    raw Ed25519 verify, raw SHA-256 and raw SQLCipher insert rates;
  * lookup latency p50/p95 on the mirror (goal p95 < 50 ms) and cache size on disk per entry.

The node is the test log server of ``tests/helpers/log_server.py`` (real HTTP on loopback)
serving signed test credentials; generating them is slow, so they are kept in
``bench/.cache/`` between runs.

Run: ``.venv/bin/python bench/mirror.py [--entries 1000000]``
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import multiprocessing
import pickle
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

from bench import timing
from ledger_client import logged_records, merkle, mirror, sqlcipher_store, sync
from ledger_client.transport import HttpTransport
from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import T0, SignedLog

CACHE = Path(__file__).resolve().parent / ".cache"
PARTIES = 50


def _sign_batch(args: tuple[int, int]) -> list[bytes]:
    start, count = args
    log = CredentialLog()
    for p in range(PARTIES):
        log.register(f"P-{p:03d}")
    log.entries.clear()
    out = []
    for i in range(start, start + count):
        party = f"P-{i % PARTIES:03d}"
        out.append(
            log.sign(
                log.parties[party],
                "CertificationOfOrigin",
                {"id": f"C-{i:07d}", "hs": f"{7300 + i % 90}.{i % 100:02d}", "blanket": ["2025-01-01", "2025-12-31"],
                 "producer": party, "importer": "P-BLUEGILL", "criterion": "B"},
                id=f"urn:bench:C-{i:07d}",
            )
        )
    return out


def entries(n: int) -> tuple[list[bytes], str]:
    """N entries: 50 registrations, then certifications; generated in parallel once and cached."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"entries-{n}.pickle"
    log = CredentialLog()
    for p in range(PARTIES):
        log.register(f"P-{p:03d}")
    if path.exists():
        return pickle.loads(path.read_bytes()), log.cbp.did
    start = time.perf_counter()
    body = n - PARTIES
    step = 20_000
    jobs = [(i, min(step, body - i)) for i in range(0, body, step)]
    with concurrent.futures.ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn")) as pool:
        signed = [e for batch in pool.map(_sign_batch, jobs) for e in batch]
    result = list(log.entries) + signed
    path.write_bytes(pickle.dumps(result))
    print(f"  (signed {n} test credentials in {time.perf_counter() - start:.0f} s; cached in {path})")
    return result, log.cbp.did


def _serve_in_child(n: int, urls: Queue[str], stop: EventType) -> None:
    """The node runs in its own process, as a real node would: it does not share the client's GIL."""
    all_entries, _cbp = entries(n)
    served = ServedLog(keys=SignedLog(), entries=all_entries)
    served.publish()
    with serve(served) as url:
        urls.put(url)
        stop.wait()


def bench_sync(n: int) -> tuple[mirror.Mirror, Path]:
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
    assert result.new_entries == n and result.rejected == 0
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
    ids = [f"urn:bench:C-{rng.randrange(0, n - PARTIES):07d}" for _ in range(300)]
    latencies = []
    for cid in ids:
        start = time.perf_counter()
        found = store.by_credential_id(cid)
        by_index = store.entry(rng.randrange(n))
        latencies.append(time.perf_counter() - start)
        assert len(found) == 1 and by_index is not None
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
    sample = [e.entry for e in store.entries(start=PARTIES) if e.index < PARTIES + 2000]
    bench_parts(sample)
    bench_lookups(store, path, args.entries)


if __name__ == "__main__":
    main()
