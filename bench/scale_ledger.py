"""A realistic large ledger for the benchmarks: the demo ledger's shape, scaled to N entries.

The demo ledger (``trade.demo``) is one port's year in miniature: party
registrations, certifications of origin with their status records, entry lines
citing them, origin verifications, trademark recordations, licences and their
events, product profiles and serial sightings, with a few records that fail on
purpose. This module repeats that shape: slice 0 is the demo ledger itself (so
its documented lookups still answer), and each further slice is a copy with its
own parties (own keys, registered by CBP), its own record ids, entry numbers
and serials, and the references between its records renamed to match. Marks
and their recordations stay the port's six: slices license the same brands.

Signing is the slow part (one Ed25519 signature per entry), so a ledger is
signed once, on every core, and kept under ``~/.cache/customs-workstation-bench``
(never in the repository) as a simple length-prefixed file.

Run: ``.venv/bin/python -m bench.scale_ledger --entries 100000`` (builds the file if missing).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import hashlib
import json
import math
import multiprocessing
import os
import re
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rfc8785

from ledger_client.credentials import JsonValue
from trade import identifiers
from trade.demo import generator
from trade.demo.documents import Draft, registration
from trade.demo.keys import DemoKeys
from trade.demo.parties import ALL_PARTIES
from trade.record_types import RecordType

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "customs-workstation-bench"
_MAGIC = b"CWSCALE1"
_SEED = generator.DEFAULT_SEED
_NOT_COPIED = {RecordType.TRADEMARK_RECORDATION}
_TRAILING_DIGITS = re.compile(r"(\d+)$")


@dataclass(frozen=True, slots=True)
class ScaleLedger:
    """N entries of the scaled demo ledger.

    Attributes:
        entries: the log entries in order (JCS bytes of secured credentials).
        cbp_issuer: CBP's did:key, to pin.
        slices: how many demo-shaped slices the entries span (the last may be cut short).
    """

    entries: list[bytes]
    cbp_issuer: str
    slices: int

    @property
    def slice_size(self) -> int:
        return demo_size()


def _demo_drafts() -> list[Draft]:
    keys = DemoKeys(_SEED)
    plan = generator.plan(_SEED)
    registrations = [registration(p, keys.party(p.party_id).did) for p in ALL_PARTIES]
    others = sorted(
        generator._drafts(plan, keys),
        key=lambda d: (d.issued, generator._TYPE_ORDER[d.record_type], d.record_id),
    )
    return [*registrations, *others]


def demo_size() -> int:
    """Entries per slice (the demo ledger's size)."""
    return len(_demo_drafts())


def copy_size() -> int:
    """Entries per slice after the first (the demo less the records that are not copied)."""
    return sum(1 for d in _demo_drafts() if d.record_type not in _NOT_COPIED)


def slices_for(entries: int) -> int:
    """How many slices hold the first ``entries`` entries (slice 0 is the whole demo, the others are copies)."""
    return 1 + max(0, math.ceil((entries - demo_size()) / copy_size()))


def copied_id(record_id: str, number: int) -> str:
    """The id a record of the demo has in slice ``number`` (slice 0 keeps the demo's ids)."""
    return record_id if number == 0 else f"{record_id}-S{number}"


def copied_name(name: str, number: int) -> str:
    """A party's legal name in slice ``number`` (a prefix, so that the demo's names stay unique prefixes)."""
    return name if number == 0 else f"S{number} {name}"


def _renames(drafts: list[Draft], number: int, keys: DemoKeys) -> dict[str, str]:
    """Exact string replacements that turn the demo into slice ``number``."""
    renames: dict[str, str] = {}
    for party in ALL_PARTIES:
        renames[party.party_id] = copied_id(party.party_id, number)
        renames[party.legal_name] = copied_name(party.legal_name, number)
        renames[keys.party(party.party_id).did] = keys.party(copied_id(party.party_id, number)).did
    for draft in drafts:
        if draft.record_type not in _NOT_COPIED:
            renames[draft.record_id] = copied_id(draft.record_id, number)
        subject = draft.subject
        entry_number = subject.get("entryNumber")
        if isinstance(entry_number, str):
            parsed = identifiers.EntryNumber.parse(entry_number)
            transaction = f"{(int(parsed.transaction) + number * 2000) % 10**7:07d}"
            renames[entry_number] = identifiers.EntryNumber.build(parsed.filer_code, transaction).text
        serial = subject.get("serial")
        if isinstance(serial, str) and (found := _TRAILING_DIGITS.search(serial)):
            width = len(found.group(1))
            renames[serial] = serial[: found.start()] + f"{(int(found.group(1)) + number * 37) % 10**width:0{width}d}"
    renames.pop("CBP", None)
    return renames


def _renamed(value: JsonValue, renames: dict[str, str]) -> JsonValue:
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, list):
        return [_renamed(item, renames) for item in value]
    if isinstance(value, dict):
        return {name: _renamed(item, renames) for name, item in value.items()}
    return value


def _slice(number: int) -> list[bytes]:
    """The signed entries of slice ``number`` (runs in a worker process)."""
    keys = DemoKeys(_SEED)
    drafts = _demo_drafts()
    if number == 0:
        return [rfc8785.dumps(generator._secure(d, keys, _SEED)) for d in drafts]
    renames = _renames(drafts, number, keys)
    out: list[bytes] = []
    for draft in drafts:
        if draft.record_type in _NOT_COPIED:
            continue
        subject = _renamed(draft.subject, renames)
        assert isinstance(subject, dict)
        copy = Draft(
            draft.record_type,
            renames.get(draft.record_id, draft.record_id),
            renames.get(draft.signer, draft.signer),
            draft.issued,
            subject,
            draft.tamper,
        )
        out.append(rfc8785.dumps(generator._secure(copy, keys, _SEED)))
    return out


@functools.cache
def _demo_digest() -> str:
    """Names the demo's content, so that a changed demo never reuses a ledger signed from the old one."""
    drafts = [(d.record_type.value, d.record_id, d.signer, str(d.issued), d.subject) for d in _demo_drafts()]
    return hashlib.sha256(json.dumps(drafts, sort_keys=True, default=str).encode()).hexdigest()[:12]


def path_for(entries: int) -> Path:
    return CACHE_DIR / f"scale-{_SEED}-{_demo_digest()}-{entries}.entries"


def _write(path: Path, chunks: Iterator[list[bytes]], total: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    written = 0
    with partial.open("wb") as out:
        out.write(_MAGIC)
        for chunk in chunks:
            for entry in chunk[: total - written]:
                out.write(struct.pack(">I", len(entry)))
                out.write(entry)
                written += 1
            if written >= total:
                break
    assert written == total, f"wrote {written} of {total} entries"
    partial.rename(path)


def read(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path} is not a scale ledger file")
    entries: list[bytes] = []
    at = len(_MAGIC)
    while at < len(data):
        (length,) = struct.unpack_from(">I", data, at)
        entries.append(data[at + 4 : at + 4 + length])
        at += 4 + length
    return entries


def _larger_cached(entries: int) -> Path | None:
    """A complete cache file of more than ``entries`` entries of the same ledger (its prefix is ours)."""
    stem = path_for(entries).name.rsplit("-", 1)[0]
    sizes = []
    for found in CACHE_DIR.glob(f"{stem}-*.entries"):
        count = found.name.removeprefix(f"{stem}-").removesuffix(".entries")
        if count.isdigit() and int(count) > entries:
            sizes.append((int(count), found))
    return min(sizes)[1] if sizes else None


def _prefix(source: Path, entries: int) -> Iterator[list[bytes]]:
    """The first ``entries`` entries of a larger cache file, streamed (signatures are deterministic)."""
    with source.open("rb") as data:
        if data.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(f"{source} is not a scale ledger file")
        for _ in range(entries):
            (length,) = struct.unpack(">I", data.read(4))
            yield [data.read(length)]


def ensure(entries: int, *, workers: int | None = None, quiet: bool = False) -> Path:
    """The cache file of the first ``entries`` entries, signed now (on every core) if it is missing.

    Entries are signed deterministically (Ed25519, fixed keys and dates), so a
    smaller ledger is cut from a larger cached one when there is one.
    """
    path = path_for(entries)
    if not path.exists() and (larger := _larger_cached(entries)) is not None:
        _write(path, _prefix(larger, entries), entries)
    if not path.exists():
        start = time.perf_counter()
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            _write(path, pool.map(_slice, range(slices_for(entries))), entries)
        if not quiet:
            print(f"  (signed {entries:,} entries in {time.perf_counter() - start:.0f} s; kept in {path})", flush=True)
    return path


def build(entries: int, *, workers: int | None = None, quiet: bool = False) -> ScaleLedger:
    """The first ``entries`` entries of the scaled ledger (signed once, then read from the cache file)."""
    found = read(ensure(entries, workers=workers, quiet=quiet))
    assert len(found) == entries
    return ScaleLedger(found, DemoKeys(_SEED).cbp.did, slices_for(entries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    ledger = build(args.entries)
    print(f"{len(ledger.entries):,} entries in {ledger.slices} slices; CBP {ledger.cbp_issuer}")


if __name__ == "__main__":
    main()
