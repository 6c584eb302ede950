"""Strict parsing of hash tiles and entry bundles received from a log (c2sp.org/tlog-tiles).

Spec: C2SP ``tlog-tiles.md`` at commit 5ba5ee83 (docs/protocol.md §3.1, §3.4). A hash
tile is its hashes concatenated, 32 bytes each (RFC 9162 SHA-256), with no
header. An entry bundle is ``uint16 big-endian length || entry`` records
concatenated, with no count and no trailer.

The bytes come from outside, so every function here raises only
:class:`~ledger_client.errors.MalformedResponseError` and returns tuples of
``bytes``. Nothing here checks hashes against a tree: that is
:mod:`ledger_client.tile_proofs`.

>>> parse_entry_bundle(bytes.fromhex("00036f6e65000374776f"), tiles.BundleId(0, 2))
(b'one', b'two')
"""

from __future__ import annotations

from ledger_client import merkle, tiles
from ledger_client.errors import MalformedResponseError

HASH_SIZE = merkle.HASH_SIZE
#: A full hash tile: 256 hashes.
MAX_TILE_BYTES = HASH_SIZE * tiles.TILE_WIDTH
#: Largest possible entry (the length prefix is a uint16).
MAX_ENTRY_BYTES = 0xFFFF
#: A full bundle of 256 maximal entries, each with its 2-byte prefix.
MAX_BUNDLE_BYTES = tiles.TILE_WIDTH * (2 + MAX_ENTRY_BYTES)


def parse_hash_tile(data: bytes, tile: tiles.TileId) -> tuple[bytes, ...]:
    """Split a hash tile into its ``tile.width`` hashes.

    Raises:
        MalformedResponseError: the body is not exactly ``32 × tile.width`` bytes.
    """
    expected = HASH_SIZE * tile.width
    if len(data) != expected:
        raise MalformedResponseError(
            f"hash tile {tile.path()} is {len(data)} bytes, not {expected}",
            what="hash tile",
            received=data,
        )
    view = bytes(data)
    return tuple(view[i : i + HASH_SIZE] for i in range(0, expected, HASH_SIZE))


def parse_entry_bundle(data: bytes, bundle: tiles.BundleId) -> tuple[bytes, ...]:
    """Split an entry bundle into exactly ``bundle.width`` entries.

    Raises:
        MalformedResponseError: over :data:`MAX_BUNDLE_BYTES`, a truncated length
            prefix, a length that runs past the end, fewer or more records than
            ``bundle.width``, or bytes after the last record.
    """

    def fail(why: str) -> MalformedResponseError:
        return MalformedResponseError(f"entry bundle {bundle.path()}: {why}", what="entry bundle", received=data)

    if len(data) > MAX_BUNDLE_BYTES:
        raise fail(f"{len(data)} bytes is over the limit of {MAX_BUNDLE_BYTES}")
    view = bytes(data)
    entries: list[bytes] = []
    pos = 0
    while pos < len(view):
        if len(entries) == bundle.width:
            raise fail(f"{len(view) - pos} bytes follow the last of {bundle.width} records")
        if pos + 2 > len(view):
            raise fail(f"record {len(entries)} has a truncated length prefix")
        length = int.from_bytes(view[pos : pos + 2], "big")
        pos += 2
        if pos + length > len(view):
            raise fail(f"record {len(entries)} claims {length} bytes, past the end of the bundle")
        entries.append(view[pos : pos + length])
        pos += length
    if len(entries) != bundle.width:
        raise fail(f"holds {len(entries)} records, not {bundle.width}")
    return tuple(entries)
