"""Ledger node throughput on loopback: appends/s with batching, acknowledgement latency, tile reads/s.

Run: ``.venv/bin/python bench/node.py [--entries 3000] [--clients 32] [--procs 2] [--witness] [--reads]``.

With ``--compare``, appends/s are measured on fresh nodes of two configurations,
alternated (A, B, A, B) in the same run: the earlier node (h11 on asyncio, admission
in the serving process) and the current one (httptools on uvloop, admission in a
pool of worker processes).

With ``--reads``, the node also writes its read path to a ``--tiles-dir``, and the
same tile requests are timed against the node itself (uvicorn) and against nginx
serving that directory (started on loopback as in ``tests/helpers/nginx.py``).

Everything runs on this machine: one ``ledger-node serve`` process (and a
witness with ``--witness``), client processes that post pre-signed credentials
over keep-alive HTTP/1.1 connections, with ``--clients`` connections in all.
Credentials are signed before the clock starts. Printed beside the node's
figures, measured in the same run: the raw SQLite insert rate (WAL,
synchronous=FULL, the node's settings) and the per-entry cost of each
admission step in-process, which is where a Python node's time goes.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger_client import keys as note_keys
from ledger_client import merkle
from ledger_client.credentials import data_integrity, strict_json
from ledger_node import admission, registry
from tests.helpers.nginx import serve_directory
from tests.helpers.node_process import LedgerProcess, NodeParties, fixed_signing_key, running, start_node, start_witness

PARTY_COUNT = 8


def sqlite_insert_rate(directory: Path, rows: int = 20_000, batch: int = 256) -> tuple[float, float]:
    """Rows/s inserting 1 KiB entries in transactions of ``batch``, and commits/s of one row each."""
    db = sqlite3.connect(directory / "raw.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE entries (idx INTEGER PRIMARY KEY, leaf BLOB UNIQUE, data BLOB)")
    payload = bytes(1024)
    start = time.perf_counter()
    for first in range(0, rows, batch):
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?)",
            ((i, merkle.leaf_hash(b"%d" % i), payload) for i in range(first, min(first + batch, rows))),
        )
        db.execute("COMMIT")
    batched = rows / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(rows, rows + 1000):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO entries VALUES (?, ?, ?)", (i, merkle.leaf_hash(b"%d" % i), payload))
        db.execute("COMMIT")
    single = 1000 / (time.perf_counter() - start)
    db.close()
    return batched, single


def admission_costs(bodies: list[bytes], parties: NodeParties) -> dict[str, float]:
    """Seconds per entry of each admission step, in this process."""
    reg = registry.Registry(parties.cbp.did)
    for n in range(PARTY_COUNT):
        reg.register(registry.Party(f"P-{n}", (parties.party_key(f"P-{n}").did,)))
    now = datetime.now(UTC)
    sample = bodies[:500]
    steps: dict[str, float] = {}
    start = time.perf_counter()
    documents = [strict_json.parse_json_object(b.decode()) for b in sample]
    steps["parse (strict I-JSON)"] = (time.perf_counter() - start) / len(sample)
    start = time.perf_counter()
    for d in documents:
        data_integrity.verify_proof(d, at=now)
    steps["verify proof (JCS x2 + Ed25519)"] = (time.perf_counter() - start) / len(sample)
    start = time.perf_counter()
    for d in documents:
        strict_json.canonicalize(d)
    steps["canonicalise entry (JCS)"] = (time.perf_counter() - start) / len(sample)
    start = time.perf_counter()
    for b in sample:
        admission.admit(b, reg, at=now)
    steps["whole admission"] = (time.perf_counter() - start) / len(sample)
    return steps


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _client(url: str, bodies: list[bytes], connections: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(chunk: list[bytes]) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        mine = []
        for body in chunk:
            start = time.perf_counter()
            conn.request("POST", "/add-entry", body=body, headers={"Content-Type": "application/json"})
            answer = conn.getresponse()
            answer.read()
            mine.append(time.perf_counter() - start)
            if answer.status != 200:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(bodies[i::connections],)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, errors[0]))


def appends(url: str, bodies: list[bytes], clients: int, procs: int) -> tuple[float, list[float], int]:
    out: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    per_proc = max(1, clients // procs)
    workers = [
        multiprocessing.Process(target=_client, args=(url, bodies[i::procs], per_proc, out)) for i in range(procs)
    ]
    start = time.perf_counter()
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    elapsed = time.perf_counter() - start
    for w in workers:
        w.join()
    latencies = [x for lat, _ in results for x in lat]
    return len(bodies) / elapsed, latencies, sum(e for _, e in results)


def _reader(url: str, paths: list[str], out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    got = 0
    for path in paths:
        conn.request("GET", path)
        got += len(conn.getresponse().read())
    out.put(got)


def tile_reads(url: str, size: int, count: int, procs: int) -> tuple[float, float]:
    full = max(1, size // 256)
    rng = random.Random(1)
    paths = [f"/tile/0/{rng.randrange(full):03d}" if full < 1000 else "/tile/0/000" for _ in range(count)]
    out: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    workers = [multiprocessing.Process(target=_reader, args=(url, paths[i::procs], out)) for i in range(procs)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    total = sum(out.get() for _ in workers)
    elapsed = time.perf_counter() - start
    for w in workers:
        w.join()
    return count / elapsed, total / elapsed / 1e6


CONFIGURATIONS = {
    "before (h11/asyncio, admission in-process)": ["--http", "h11", "--admission-workers", "0"],
    "after (httptools/uvloop, admission pool)": [],
}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and of its live children (the admission workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def compare(tmp: Path, parties: NodeParties, bodies: list[bytes], args: argparse.Namespace) -> None:
    """Appends/s of both configurations on fresh nodes, alternated twice; prints each run and the best."""
    best: dict[str, float] = {}
    for round_ in range(2):
        for name, extra in CONFIGURATIONS.items():
            node = start_node(
                tmp, origin="bench.example/log", cbp_did=parties.cbp.did, name=f"n{round_}-{len(best)}{name[:5]}",
                extra_args=extra,
            )  # fmt: skip
            with running(node):
                for n in range(PARTY_COUNT):
                    conn = http.client.HTTPConnection(*_address(node.url))
                    conn.request("POST", "/add-entry", body=parties.registration(f"P-{n}"))
                    assert conn.getresponse().status == 200
                cpu = _cpu_seconds(node.process.pid)
                clients = resource.getrusage(resource.RUSAGE_CHILDREN)
                rate, latencies, errors = appends(node.url, bodies, args.clients, args.procs)
                cpu = _cpu_seconds(node.process.pid) - cpu
                after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the client processes were joined
                client_cpu = after.ru_utime + after.ru_stime - clients.ru_utime - clients.ru_stime
            latencies.sort()
            print(
                f"  {name:44s} {rate:8.0f} entries/s, p50 {statistics.median(latencies) * 1e3:6.1f} ms,"
                f" CPU per entry: node {cpu / len(bodies) * 1e6:4.0f} µs (workers included),"
                f" clients {client_cpu / len(bodies) * 1e6:4.0f} µs; {errors} errors"
            )
            best[name] = max(best.get(name, 0.0), rate)
    before, after = best.values()
    print(f"appends/s, best of two: before {before:8.0f}, after {after:8.0f}: {after / before:4.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=128, help="concurrent connections in all")
    parser.add_argument("--procs", type=int, default=2, help="client processes")
    parser.add_argument("--witness", action="store_true", help="with one witness (quorum 1)")
    parser.add_argument("--reads", action="store_true", help="tile reads/s from nginx (--tiles-dir) beside uvicorn")
    parser.add_argument("--compare", action="store_true", help="appends/s: earlier node vs current, alternated")
    args = parser.parse_args()
    parties = NodeParties()
    tmp = Path(tempfile.mkdtemp(prefix="bench-node-"))

    batched, single = sqlite_insert_rate(tmp)
    print(f"raw SQLite (WAL, synchronous=FULL): {batched:10.0f} rows/s in batches of 256, {single:8.0f} commits/s")
    print(f"signing {args.entries} credentials (before the clock starts) ...")
    keys_ = [parties.party_key(f"P-{n}") for n in range(PARTY_COUNT)]
    bodies = [parties.record(keys_[i % PARTY_COUNT], f"bench-{i}", note="x" * 200) for i in range(args.entries)]
    for step, seconds in admission_costs(bodies, parties).items():
        print(f"  admission step {step:34s} {seconds * 1e6:8.0f} µs/entry  (ceiling {1 / seconds:8.0f}/s per core)")

    if args.compare:
        compare(tmp, parties, bodies, args)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    witnesses: list[LedgerProcess] = []
    key = None
    if args.witness:
        key = fixed_signing_key("bench.example_log", note_keys.SignatureType.ED25519)
        witnesses = [start_witness(tmp, logs={"bench.example/log": key.verifier().to_vkey()})]
    node = start_node(
        tmp,
        origin="bench.example/log",
        cbp_did=parties.cbp.did,
        witnesses=witnesses,
        key=key,
        extra_args=["--tiles-dir", str(tmp / "tiles")] if args.reads else [],
    )
    with running(node, *witnesses):
        for n in range(PARTY_COUNT):
            conn = http.client.HTTPConnection(*_address(node.url))
            conn.request("POST", "/add-entry", body=parties.registration(f"P-{n}"))
            assert conn.getresponse().status == 200
        rate, latencies, errors = appends(node.url, bodies, args.clients, args.procs)
        latencies.sort()
        p50 = statistics.median(latencies)
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        print(
            f"appends over HTTP ({args.clients} connections, {args.procs} client processes"
            f"{', 1 witness' if args.witness else ''}): {rate:8.0f} entries/s, "
            f"ack latency p50 {p50 * 1e3:6.1f} ms, p99 {p99 * 1e3:6.1f} ms, {errors} errors"
        )
        print(
            f"  goal 5000/s: {'met' if rate >= 5000 else 'missed'}; raw SQLite batched is {batched / rate:5.1f}x faster"
        )
        reads, mbps = tile_reads(node.url, args.entries + PARTY_COUNT, 4000, args.procs)
        print(f"tile reads (full level-0 tiles, 8 KiB) from the node: {reads:8.0f} requests/s, {mbps:6.1f} MB/s")
        if args.reads:
            with serve_directory(tmp / "nginx", tmp / "tiles") as static:
                for server, url in (("nginx", static), ("the node (uvicorn)", node.url), ("nginx", static)):
                    reads, mbps = tile_reads(url, args.entries + PARTY_COUNT, 20000, args.procs)
                    print(f"  same tiles from {server:18s}: {reads:8.0f} requests/s, {mbps:6.1f} MB/s")
        metrics = http.client.HTTPConnection(*_address(node.url))
        metrics.request("GET", "/metrics")
        text = metrics.getresponse().read().decode()
        count = next(line for line in text.splitlines() if line.startswith("ledger_checkpoint_size"))
        print(f"  node reports: {count}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
