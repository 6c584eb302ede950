"""Ledger node throughput on loopback: appends/s with batching, acknowledgement latency, tile reads/s.

Run: ``.venv/bin/python bench/node.py [--entries 3000] [--clients 32] [--procs 2] [--witness] [--reads]``.

With ``--compare``, appends/s are measured on fresh nodes, alternated in the same run
(``--rounds`` times each): the earlier node, as it was at commit ``EARLIER_NODE`` (run
from ``git archive`` of that commit: uvicorn with h11 on asyncio, Starlette, admission
in the serving process), the same commit's default configuration (httptools on
uvloop, a ``ProcessPoolExecutor`` for admission), and this checkout's node. Each
row splits the CPU of one append among the node's main thread (HTTP, routing,
sequencing), its other threads (the sequencer's storage steps), its admission
workers and the client processes, from ``/proc``.

With ``--reads``, the node also writes its read path to a ``--tiles-dir``, and the
same tile requests are timed against the node itself and against nginx
serving that directory (started on loopback as in ``tests/helpers/nginx.py``).

Everything runs on this machine: one ``ledger-node serve`` process (and a
witness with ``--witness``), client processes that post pre-signed credentials
over keep-alive HTTP/1.1 connections, with ``--clients`` connections in all,
each waiting for its answer before it sends the next. A client process drives its
connections from one thread with ``selectors`` and pre-built requests, so that it
costs the shared cores little; every node configuration gets the same client load.
Credentials are signed before the clock starts. Printed beside the node's
figures, measured in the same run: the raw SQLite insert rate (WAL,
synchronous=FULL, the node's settings) and the per-entry cost of each
admission step in-process, which is where a Python node's time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import multiprocessing
import os
import random
import resource
import selectors
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nacl.signing

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger_client import keys as note_keys
from ledger_client import merkle
from ledger_client.credentials import data_integrity, strict_json
from ledger_node import admission, registry
from tests.helpers import processes
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
    signer = nacl.signing.SigningKey(bytes(32))
    signed = [signer.sign(hashlib.sha256(b).digest() * 2) for b in sample]  # eddsa-jcs-2022 signs 64 bytes
    verifier = signer.verify_key
    start = time.perf_counter()
    for message in signed:
        verifier.verify(message)
    steps["  of which Ed25519 verify alone"] = (time.perf_counter() - start) / len(sample)
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


def _request(host: str, body: bytes) -> bytes:
    head = f"POST /add-entry HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
    return head.encode() + b"Content-Length: %d\r\n\r\n" % len(body) + body


def _answer_length(buffer: bytes) -> int | None:
    """Bytes of the first whole response in ``buffer`` (head and Content-Length body), or None."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    for line in buffer[:end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            total = end + 4 + int(value)
            return total if len(buffer) >= total else None
    return end + 4


def _client(url: str, bodies: list[bytes], connections: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Closed-loop load: ``connections`` keep-alive connections, one request in flight on each."""
    host, port = _address(url)
    requests = [_request(f"{host}:{port}", b) for b in bodies]
    pending = iter(requests)
    latencies: list[float] = []
    errors = 0
    selector = selectors.DefaultSelector()
    state: dict[socket.socket, list] = {}  # type: ignore[type-arg]

    def send_next(sock: socket.socket) -> bool:
        request = next(pending, None)
        if request is None:
            return False
        state[sock] = [b"", time.perf_counter()]
        sock.sendall(request)
        return True

    for _ in range(connections):
        sock = socket.create_connection((host, port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if send_next(sock):
            selector.register(sock, selectors.EVENT_READ)
        else:
            sock.close()
    while state:
        for key, _ in selector.select():
            sock = key.fileobj  # type: ignore[assignment]
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("the node closed a connection")
            slot = state[sock]
            slot[0] += data
            size = _answer_length(slot[0])
            if size is None:
                continue
            latencies.append(time.perf_counter() - slot[1])
            errors += not slot[0].startswith(b"HTTP/1.1 200 ")
            if not send_next(sock):
                del state[sock]
                selector.unregister(sock)
                sock.close()
    out.put((latencies, errors))


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


#: The node before this module's write-path work (h11/asyncio with in-process admission, and its defaults).
EARLIER_NODE = "a6e8d4dc45513f2b04c2e7767a2190f87d2cfdb5"
CONFIGURATIONS = {
    "earlier node (h11/asyncio, in-process)": (EARLIER_NODE, ["--http", "h11", "--admission-workers", "0"]),
    "earlier node, its defaults (uvicorn/pool)": (EARLIER_NODE, []),
    "this node": (None, []),
}


def earlier_checkout(commit: str, into: Path) -> Path:
    """The node's packages as they were at ``commit`` (``git archive``), to run with PYTHONPATH."""
    root = Path(__file__).resolve().parent.parent
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", commit, "ledger_node", "ledger_client", "trade", "resources"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _cpu(pid: int) -> tuple[float, float, float]:
    """CPU seconds of ``pid``'s main thread, of its other threads, and of its child processes (the workers)."""
    tick = os.sysconf("SC_CLK_TCK")

    def seconds(stat: Path) -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    main = others = children = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            if task.name == str(pid):
                main = seconds(task / "stat")
            else:
                others += seconds(task / "stat")
    for child in processes.children(pid):
        with contextlib.suppress(OSError):
            children += seconds(Path(f"/proc/{child}/stat"))
    return main, others, children


def compare(tmp: Path, parties: NodeParties, bodies: list[bytes], args: argparse.Namespace) -> None:
    """Appends/s of every configuration on fresh nodes, alternated ``--rounds`` times; prints each run and the best."""
    earlier = earlier_checkout(EARLIER_NODE, tmp / "earlier")
    rates: dict[str, list[float]] = {name: [] for name in CONFIGURATIONS}
    costs: dict[str, list[float]] = {name: [] for name in CONFIGURATIONS}
    for round_ in range(args.rounds):
        for n, (name, (commit, extra)) in enumerate(CONFIGURATIONS.items()):
            env = {"PYTHONSAFEPATH": "1", "PYTHONPATH": str(earlier)} if commit else {}
            node = start_node(
                tmp, origin="bench.example/log", cbp_did=parties.cbp.did, name=f"r{round_}-{n}", extra_args=extra,
                env=env,
            )  # fmt: skip
            with running(node):
                for p in range(PARTY_COUNT):
                    conn = http.client.HTTPConnection(*_address(node.url))
                    conn.request("POST", "/add-entry", body=parties.registration(f"P-{p}"))
                    assert conn.getresponse().status == 200
                time.sleep(1.0)  # admission workers finish starting before the clock starts
                before = _cpu(node.process.pid)
                clients = resource.getrusage(resource.RUSAGE_CHILDREN)
                rate, latencies, errors = appends(node.url, bodies, args.clients, args.procs)
                after = _cpu(node.process.pid)
                done = resource.getrusage(resource.RUSAGE_CHILDREN)  # the client processes were joined
            client_cpu = done.ru_utime + done.ru_stime - clients.ru_utime - clients.ru_stime
            main, others, workers = (b - a for a, b in zip(before, after, strict=True))
            per = 1e6 / len(bodies)
            latencies.sort()
            print(
                f"  {name:42s} {rate:6.0f} appends/s, p50 {statistics.median(latencies) * 1e3:5.1f} ms;"
                f" CPU µs/append: node main thread {main * per:3.0f}, other threads {others * per:3.0f},"
                f" admission workers {workers * per:3.0f}, clients {client_cpu * per:3.0f}; {errors} errors"
            )
            rates[name].append(rate)
            costs[name].append((main + others + workers + client_cpu) * per)
    first, *_, last = CONFIGURATIONS
    print(f"appends/s over {args.rounds} alternations (median, best), and CPU per append in all processes:")
    for name, seen in rates.items():
        print(
            f"  {name:42s} median {statistics.median(seen):6.0f}, best {max(seen):6.0f};"
            f" {statistics.median(costs[name]):4.0f} µs CPU/append (median)"
        )
    ratio = statistics.median(rates[last]) / statistics.median(rates[first])
    best = max(rates[last]) / max(rates[first])
    print(f"this node / earlier node: {ratio:4.1f}x (medians), {best:4.1f}x (best runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=128, help="concurrent connections in all")
    parser.add_argument("--procs", type=int, default=2, help="client processes")
    parser.add_argument("--witness", action="store_true", help="with one witness (quorum 1)")
    parser.add_argument("--reads", action="store_true", help="tile reads/s from nginx (--tiles-dir) beside the node")
    parser.add_argument("--compare", action="store_true", help="appends/s: earlier node vs this one, alternated")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --compare")
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
                for server, url in (("nginx", static), ("the node", node.url), ("nginx", static)):
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
