"""Benchmark of the workstation on a large realistic ledger: sync, open, lookups, incremental sync, memory.

The ledger is ``bench/scale_ledger.py``'s: the demo ledger's shape scaled to N
entries (signed once and kept under ``~/.cache``). A node serving it runs in its
own process (the test log server of ``tests/helpers/log_server.py``, real HTTP on
loopback); the workstation side runs here, through the same calls the
application makes (``workstation.session``, the lookup runner the services call).

Figures (``--json`` prints them as one object):

* ``sync_s``: first sync of N entries into a new encrypted profile (proofs checked,
  entries stored with their trade records and keys, checkpoint trusted); ``index_s``:
  what is left to index after it (nothing: the sync indexes what it stores);
* ``raw_verify_s``: the in-run baseline, N raw Ed25519 verifies (of 64-byte
  messages, the size of eddsa-jcs-2022's hash data) spread over all cores;
* ``open_s``: profile opened to ready for the first lookup (``open_window_s``:
  to a usable window, before the trade view is made); ``open_records_decoded``: the
  trade records read to get there (none: opening reads nothing in proportion to the ledger);
* ``lookup_p95_ms`` (and ``lookup_first_ms``, ``lookup_tenth_ms``): per lookup kind,
  through the lookup runner (input parsing, rules, audit line);
* ``incremental_s``: a sync adding 1% more entries, index included;
* ``supplier_vs_own_pass``: a supplier history's rule beside one pass reading and decoding
  that supplier's own stored records (goal <= 15x);
* ``peak_rss_mb``: this process's peak resident memory (``peak_rss_children_mb``: the
  largest child, i.e. a proof-checking worker or the node);
* ``cache_bytes_per_entry`` beside ``raw_entry_bytes`` (mean size of an entry).

``--only sync`` stops after the first sync (its figures: ``sync_s``, ``raw_verify_s``,
``sync_vs_raw``, the peak RSS of this process and of the largest proof-checking
worker, the cache size), for a million entries and more.

Run: ``.venv/bin/python bench/scale.py --entries 100000 [--json] [--only sync]``
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

import nacl.signing

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scale_ledger
from ledger_client import cache
from ledger_client.transport import HttpTransport
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import T0, SignedLog
from trade import suppliers
from trade.demo.keys import DemoKeys
from trade.demo.parties import SUPPLIERS
from workstation import profiles, session
from workstation.lookups.queries import LicenceQuery, OriginByEntry, ProductQuery, SupplierQuery
from workstation.store import record_codec, trade_tables

PASSPHRASE = "bench scale passphrase"
AS_OF = date(2025, 6, 30)
SAMPLES = 40
SHIPMENT: dict[str, object] = {
    "shipment": "S-1", "shipper": "Hilos del Valle", "facility": "F-SV-013", "mark": "LARKSPUR", "goods": "hoodies",
    "hs": "6110.30", "making_country": "SV", "ship_date": "2025-03-01", "market": "US",
}  # fmt: skip
OBSERVATION: dict[str, object] = {
    "entry": "E-2201", "date": "2025-05-07", "importer": "Harborline", "profile": "LS-STR-01", "season": "SS25",
    "colourway": "SLV", "serial": "LS25S700001", "factory": "F-MX-017",
    "features": {"quarter_panel_spi": 7, "upper_material": "recycled polyester knit"},
}  # fmt: skip


# ---------------------------------------------------------------------------- the node, in its own process


def _node(total: int, first: int, pipe: Connection) -> None:
    """Serve the first ``first`` entries; on "more", publish all ``total``; on "stop", end."""
    ledger = scale_ledger.build(total, quiet=True)  # signed already by the parent (a daemon has no pool)
    raw_bytes = sum(len(e) for e in ledger.entries[:first]) / first
    served = ServedLog(keys=SignedLog(), entries=ledger.entries)
    served.publish(first)
    with serve(served) as url:
        pipe.send((url, ledger.cbp_issuer, raw_bytes))
        while (command := pipe.recv()) != "stop":
            assert command == "more"
            served.publish(total)
            pipe.send("published")


# ---------------------------------------------------------------------------- the raw baseline


def _raw_verifies(count: int) -> float:
    key = nacl.signing.SigningKey(os.urandom(32))
    message = os.urandom(64)
    signed = key.sign(message)
    verify = key.verify_key.verify
    start = time.perf_counter()
    for _ in range(count):
        verify(signed)
    return time.perf_counter() - start


def raw_verify_seconds(n: int) -> float:
    """Wall time of N raw Ed25519 verifies spread over every core (the floor of a sync's proof checks)."""
    workers = os.cpu_count() or 1
    shares = [n // workers + (1 if i < n % workers else 0) for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # Every worker started before the clock does (a pool starts one per task submitted while none is idle).
        for started in [pool.submit(_raw_verifies, 1) for _ in range(workers)]:
            started.result()
        start = time.perf_counter()
        list(pool.map(_raw_verifies, shares))
        return time.perf_counter() - start


# ---------------------------------------------------------------------------- the workstation side


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _slice_inputs(number: int) -> tuple[dict[str, object], dict[str, object], str, str]:
    """A shipment, an observation, a supplier and an entry line id of slice ``number``."""
    keys = DemoKeys(scale_ledger._SEED)
    renames = scale_ledger._renames(scale_ledger._demo_drafts(), number, keys)
    shipment = dict(SHIPMENT, shipper=scale_ledger.copied_name("Hilos del Valle", number))
    observation = scale_ledger._renamed(OBSERVATION, renames)
    assert isinstance(observation, dict)
    observation["importer"] = scale_ledger.copied_name("Harborline", number)
    party = random.Random(number).choice(SUPPLIERS).party_id  # an exporter or producer: it has a history
    return shipment, observation, scale_ledger.copied_id(party, number), renames.get("E-1031", "E-1031")


def _own_rows(source: trade_tables.TradeTables, party: str) -> list[tuple[int, int]]:
    """Where a supplier's own records are stored: its certifications, their statuses and claims, its verifications."""
    certs = list(source.certifications_of_party(party))
    statuses = [s for c in certs for s in source.statuses_of(c.certification_id)]
    lines = [e for c in certs for e in source.lines_citing(c.certification_id)]
    verifications = list(source.verifications_of_party(party))
    return [(r.provenance.log_index, r.provenance.item or 0) for r in (*certs, *statuses, *lines, *verifications)]


def _one_pass(opened: session.Session, rows: list[tuple[int, int]]) -> int:
    """Read and decode each of these stored records once (the least a history over them must do)."""
    total = 0
    for log_index, position in rows:
        found = opened.connection.execute(
            "SELECT record FROM trade_records WHERE log_index = ? AND position = ?", (log_index, position)
        ).fetchone()
        assert found is not None
        total += isinstance(record_codec.decode(cache.as_bytes(found[0])), suppliers.CertificationOfOrigin)
    return total


def own_pass_ms(opened: session.Session, slices: int) -> tuple[float, float]:
    """A supplier history's rule alone, and its baseline: one pass over that supplier's own stored records.

    Medians over suppliers of several slices, in milliseconds. The rule is
    ``trade.suppliers.supplier_history`` (no input parsing, no audit line) on the
    trade tables with no record decoded yet; the pass reads each of the supplier's
    own records from ``trade_records`` by its key and decodes it, once.
    """
    source = opened.trade_view().source()
    rule, passes = [], []
    for number in range(min(slices, SAMPLES)):
        party = _slice_inputs(number)[2]
        own = _own_rows(source, party)
        source.forget()
        start = time.perf_counter()
        _one_pass(opened, own)
        passes.append((time.perf_counter() - start) * 1e3)
        source.forget()
        start = time.perf_counter()
        suppliers.supplier_history(party, source, as_of=AS_OF)
        rule.append((time.perf_counter() - start) * 1e3)
    return statistics.median(rule), statistics.median(passes)


def lookups(opened: session.Session, slices: int) -> dict[str, dict[str, float]]:
    """Latency of each lookup kind through the runner, over inputs spread across the ledger's slices."""
    rng = random.Random(7)
    runner = opened.lookups()
    numbers = [0, *(rng.randrange(slices) for _ in range(SAMPLES - 1))]
    inputs = [_slice_inputs(k) for k in numbers]
    kinds: dict[str, Callable[[int], object]] = {  # each query parsed as the form and the command line parse it
        "origin": lambda i: runner.run(OriginByEntry(inputs[i][3]), AS_OF),
        "licence": lambda i: runner.run(LicenceQuery.from_json(dict(inputs[i][0])), AS_OF),
        "product": lambda i: runner.run(ProductQuery.from_json(dict(inputs[i][1]))),
        "supplier": lambda i: runner.run(SupplierQuery(inputs[i][2]), AS_OF),
    }
    figures: dict[str, dict[str, float]] = {}
    for kind, lookup in kinds.items():
        times = [_timed(functools.partial(lookup, i)) * 1e3 for i in range(len(inputs))]
        ordered = sorted(times)
        figures[kind] = {
            "first": times[0],
            "tenth": times[9],
            "p50": statistics.median(times),
            "p95": ordered[int(len(ordered) * 0.95) - 1],
        }
    return figures


def _first_sync(
    url: str, cbp: str, say: Callable[[str], None], raw_verify: float, n: int
) -> tuple[session.Session, float]:
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": cbp}
    profile = profiles.Profile.named("bench")
    opened = session.open_session(
        profile, PASSPHRASE, new_settings=profiles.ProfileSettings(url, trust, 0), clock=lambda: T0 + 10
    )
    sync_s = _timed(opened.client(HttpTransport(url)).sync)
    say(f"  sync: {sync_s:.1f} s ({n / sync_s:,.0f} entries/s; {sync_s / raw_verify:.1f}x the raw verifies)")
    say(
        f"  peak RSS so far {_rss_mb(resource.RUSAGE_SELF):.0f} MB "
        f"(largest proof-checking worker {_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB)"
    )
    return opened, sync_s


def _index(opened: session.Session, say: Callable[[str], None]) -> float:
    index_s = _timed(opened.trade_view().source)
    say(f"  trade index left to build after the sync: {index_s:.2f} s")
    return index_s


def _reopen(say: Callable[[str], None]) -> tuple[session.Session, float, float, int]:
    start = time.perf_counter()
    opened = session.open_session(profiles.Profile.named("bench"), PASSPHRASE, clock=lambda: T0 + 10)
    open_window = time.perf_counter() - start
    opened.prepare_lookups()  # what the window runs at open, before the first lookup
    source = opened.trade_view().source()
    open_s = time.perf_counter() - start
    say(
        f"  profile open: {open_window:.2f} s to a usable window, {open_s:.2f} s to the first lookup "
        f"({source.decoded_count} trade records decoded)"
    )
    return opened, open_window, open_s, source.decoded_count


def _cache_bytes() -> int:
    folder_of_profile = profiles.Profile.named("bench").folder
    return sum(f.stat().st_size for f in folder_of_profile.iterdir() if f.is_file())


def _sync_only(
    opened: session.Session, n: int, sync_s: float, raw_verify: float, raw_bytes: float
) -> dict[str, object]:
    """The figures of ``--only sync``: the first sync, its baseline and the memory it took."""
    opened.close()
    return {
        "entries": n,
        "sync_s": round(sync_s, 3),
        "raw_verify_s": round(raw_verify, 3),
        "sync_vs_raw": round(sync_s / raw_verify, 2),
        "peak_rss_mb": round(_rss_mb(resource.RUSAGE_SELF), 1),
        "peak_rss_children_mb": round(_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "cache_bytes_per_entry": round(_cache_bytes() / n),
        "raw_entry_bytes": round(raw_bytes),
    }


def run(n: int, *, echo: bool, only_sync: bool = False) -> dict[str, object]:
    def say(text: str) -> None:
        if echo:
            print(text, flush=True)

    extra = max(n // 100, 1)
    scale_ledger.ensure(n + extra, quiet=not echo)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    node = context.Process(target=_node, args=(n + extra, n, theirs), daemon=True)
    node.start()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    os.environ["XDG_DATA_HOME"] = str(folder)
    try:
        if not ours.poll(3600):
            raise SystemExit("the node did not start")
        url, cbp, raw_bytes = ours.recv()
        slices = -(-n // scale_ledger.demo_size())
        say(f"bench/scale.py: {n:,} entries ({slices} demo-shaped slices), node at {url}")
        raw_verify = raw_verify_seconds(n)
        say(f"  raw Ed25519 verifies of {n:,} entries on {os.cpu_count()} cores: {raw_verify:.1f} s (baseline)")

        opened, sync_s = _first_sync(url, cbp, say, raw_verify, n)
        if only_sync:
            return _sync_only(opened, n, sync_s, raw_verify, raw_bytes)
        index_s = _index(opened, say)
        opened.close()
        opened, open_window, open_s, open_decoded = _reopen(say)
        whole = max(1, n // scale_ledger.demo_size())  # the slices that are complete (the last may be cut short)
        figures = lookups(opened, whole)
        for kind, f in figures.items():
            say(
                f"  lookup {kind:<8} p50 {f['p50']:7.1f} ms  p95 {f['p95']:7.1f} ms  "
                f"first {f['first']:7.1f} ms  tenth {f['tenth']:7.1f} ms"
            )

        rule_ms, own_pass = own_pass_ms(opened, whole)
        say(
            f"  supplier history rule {rule_ms:.3f} ms beside one pass over the supplier's own "
            f"records {own_pass:.4f} ms: {rule_ms / own_pass:.0f}x (goal <= 15x)"
        )
        ours.send("more")
        ours.recv()
        client = opened.client(HttpTransport(url))
        start = time.perf_counter()
        client.sync()
        opened.trade_view().source()
        incremental = time.perf_counter() - start
        say(f"  incremental sync of {extra:,} more entries, index included: {incremental:.2f} s")
        opened.close()

        cache = _cache_bytes()
        result: dict[str, object] = {
            "entries": n,
            "sync_s": round(sync_s, 3),
            "raw_verify_s": round(raw_verify, 3),
            "index_s": round(index_s, 3),
            "open_window_s": round(open_window, 3),
            "open_s": round(open_s, 3),
            "open_records_decoded": open_decoded,
            "lookup_p95_ms": {k: round(f["p95"], 2) for k, f in figures.items()},
            "lookup_first_ms": {k: round(f["first"], 2) for k, f in figures.items()},
            "lookup_tenth_ms": {k: round(f["tenth"], 2) for k, f in figures.items()},
            "supplier_rule_ms": round(rule_ms, 4),
            "supplier_own_pass_ms": round(own_pass, 4),
            "supplier_vs_own_pass": round(rule_ms / own_pass, 1),
            "incremental_entries": extra,
            "incremental_s": round(incremental, 3),
            "peak_rss_mb": round(_rss_mb(resource.RUSAGE_SELF), 1),
            "peak_rss_children_mb": round(_rss_mb(resource.RUSAGE_CHILDREN), 1),
            "cache_bytes_per_entry": round(cache / (n + extra)),
            "raw_entry_bytes": round(raw_bytes),
        }
        say(
            f"  peak RSS {result['peak_rss_mb']} MB (largest child {result['peak_rss_children_mb']} MB); "
            f"cache {result['cache_bytes_per_entry']} bytes per entry beside {result['raw_entry_bytes']} raw"
        )
        return result
    finally:
        ours.send("stop")
        node.join(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description="The workstation on a large realistic ledger.")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object (for comparing runs)")
    parser.add_argument(
        "--only", choices=["sync"], help="sync: only the first sync, its raw-verify baseline and peak memory"
    )
    args = parser.parse_args()
    result = run(args.entries, echo=not args.json, only_sync=args.only == "sync")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
