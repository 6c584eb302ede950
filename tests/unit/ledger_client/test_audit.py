"""``ledger-client audit``: a whole log checked against its signed root, and a flipped byte found where it is.

On real material: the log Tessera's POSIX driver wrote (``tests/assets/tessera_log``,
source in its README), every one of its 16 checkpoints. On a three-level log
written here to a directory the same way (:class:`TileLog`), to reach full tiles,
edge tiles at every level and entries far from the edge.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from ledger_client import audit, audit_source, merkle, tiles
from ledger_client.cli import main
from tests.helpers import assets
from tests.helpers.signed_log import SignedLog
from tests.helpers.tile_log import TileLog, leaf_entries

Cap = pytest.CaptureFixture[str]
TESSERA = assets.ASSETS / "tessera_log" / "log"
TESSERA_TRUST = {
    "log_vkey": "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx",
    "expected_origin": "example.com/log/testdata",
    "witness_vkeys": [],
    "witness_quorum": 0,
}
TESSERA_WORDS = [
    *("one", "two", "three", "four", "five", "six", "seven", "eit"),
    *("nain", "ten", "ileven", "twelf", "threeten", "fourten", "fivten"),
]


def run(capsys: Cap, *argv: str) -> tuple[int, dict[str, object]]:
    code = main.main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def tessera(tmp_path: Path) -> Path:
    copy = tmp_path / "tessera"
    shutil.copytree(TESSERA, copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


@pytest.fixture
def trust_path(tmp_path: Path) -> str:
    path = tmp_path / "trust.json"
    path.write_text(json.dumps(TESSERA_TRUST))
    return str(path)


def flip(path: Path, offset: int) -> bytes:
    """Flip the low bit of one byte; returns the file's new bytes."""
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    return bytes(data)


def disagreement(out: dict[str, object]) -> dict[str, object]:
    report = out["audit"]
    assert isinstance(report, dict)
    found = report["disagreement"]
    assert isinstance(found, dict)
    return found


# ---------------------------------------------------------------------------- the Tessera-written log


@pytest.mark.parametrize("size", range(16))
def test_every_tessera_checkpoint_is_audited_valid_with_its_entries(
    capsys: Cap, tessera: Path, trust_path: str, size: int
) -> None:
    cp = str(tessera / f"checkpoint.{size}")
    code, out = run(capsys, "audit", str(tessera), "--trust", trust_path, "--checkpoint", cp, "--entries", "--quiet")
    assert (code, out["verdict"], out["size"], out["witness_policy"]) == (0, "valid", size, "none")
    assert out["audit"] == {
        "tiles_checked": 1 if size else 0,
        "bundles_checked": 1 if size else 0,
        "entries_checked": size,
        "entries": True,
        "disagreement": None,
    }


@pytest.mark.parametrize("old", range(16))
def test_latest_tessera_checkpoint_extends_every_earlier_one(
    capsys: Cap, tessera: Path, trust_path: str, old: int
) -> None:
    since = str(tessera / f"checkpoint.{old}")
    code, out = run(capsys, "audit", str(tessera), "--trust", trust_path, "--since", since, "--quiet")
    assert (code, out["verdict"], out["size"]) == (0, "valid", 15)
    assert out["since"] == {"verdict": "valid", "size": old, "root": out["since"]["root"], "consistent": True}  # type: ignore[index]


def test_a_later_checkpoint_given_as_since_is_a_rollback(capsys: Cap, tessera: Path, trust_path: str) -> None:
    args = ["audit", str(tessera), "--trust", trust_path, "--quiet", "--checkpoint", str(tessera / "checkpoint.4")]
    code, out = run(capsys, *args, "--since", str(tessera / "checkpoint.9"))
    assert (code, out["verdict"]) == (1, "invalid")
    assert "rollback" in str(out["reason"])


@pytest.mark.parametrize("size", range(1, 16))
@pytest.mark.parametrize("hash_index", [0, -1])
def test_flipped_byte_in_any_tessera_tile_is_reported_at_its_position(
    capsys: Cap, tessera: Path, trust_path: str, size: int, hash_index: int
) -> None:
    position = hash_index % size
    tile = tessera / "tile" / "0" / "000.p" / str(size)
    flipped = flip(tile, position * 32 + 17)
    args = [
        "audit",
        str(tessera),
        "--trust",
        trust_path,
        "--quiet",
        "--checkpoint",
        str(tessera / f"checkpoint.{size}"),
    ]
    code, out = run(capsys, *args, "--entries")
    found = disagreement(out)
    assert (code, out["verdict"], found["kind"], found["path"]) == (1, "invalid", "edge_tile", f"tile/0/000.p/{size}")
    assert (found["level"], found["tile_index"], found["position"], found["entry_index"]) == (0, 0, position, position)
    assert found["found_hash"] == base64.b64encode(flipped[position * 32 : position * 32 + 32]).decode()
    leaf = merkle.leaf_hash(TESSERA_WORDS[position].encode())
    assert found["expected_hash"] == base64.b64encode(leaf).decode()
    # Without the entries, the tile is still named: it alone fails to reproduce the signed root.
    code, out = run(capsys, *args)
    found = disagreement(out)
    assert (code, found["kind"], found["path"], found["position"]) == (1, "root", f"tile/0/000.p/{size}", None)


@pytest.mark.parametrize("size", range(1, 16))
def test_flipped_byte_in_any_tessera_bundle_is_reported_at_its_entry(
    capsys: Cap, tessera: Path, trust_path: str, size: int
) -> None:
    last = size - 1
    bundle = tessera / "tile" / "entries" / "000.p" / str(size)
    offset = sum(2 + len(w) for w in TESSERA_WORDS[:last]) + 2  # first byte of the last entry's data
    flip(bundle, offset)
    args = [
        "audit",
        str(tessera),
        "--trust",
        trust_path,
        "--quiet",
        "--checkpoint",
        str(tessera / f"checkpoint.{size}"),
    ]
    code, out = run(capsys, *args, "--entries")
    found = disagreement(out)
    assert (code, found["kind"], found["path"]) == (1, "entry", f"tile/entries/000.p/{size}")
    assert (found["position"], found["entry_index"], found["checked_against"]) == (
        last, last, f"tile/0/000.p/{size} position {last}"
    )  # fmt: skip
    assert found["expected_hash"] == base64.b64encode(merkle.leaf_hash(TESSERA_WORDS[last].encode())).decode()
    # The hash tiles alone are intact: without --entries the audit is valid.
    assert run(capsys, *args)[0] == 0


def test_flipped_length_prefix_makes_the_bundle_malformed(capsys: Cap, tessera: Path, trust_path: str) -> None:
    flip(tessera / "tile" / "entries" / "000.p" / "15", 1)
    code, out = run(capsys, "audit", str(tessera), "--trust", trust_path, "--quiet", "--entries")
    found = disagreement(out)
    assert (code, found["kind"], found["path"], found["level"]) == (1, "malformed", "tile/entries/000.p/15", -1)


def test_missing_tile_is_reported(capsys: Cap, tessera: Path, trust_path: str) -> None:
    (tessera / "tile" / "0" / "000.p" / "15").unlink()
    code, out = run(capsys, "audit", str(tessera), "--trust", trust_path, "--quiet")
    found = disagreement(out)
    assert (code, found["kind"], found["path"]) == (1, "missing", "tile/0/000.p/15")


def test_checkpoint_that_does_not_verify_is_invalid_before_any_tile_is_read(
    capsys: Cap, tessera: Path, tmp_path: Path
) -> None:
    other = {**TESSERA_TRUST, "log_vkey": SignedLog().log_key.verifier().to_vkey()}
    (tmp_path / "other.json").write_text(json.dumps(other))
    code, out = run(capsys, "audit", str(tessera), "--trust", str(tmp_path / "other.json"), "--quiet")
    assert (code, out["verdict"], out["audit"]) == (1, "invalid", None)


def test_unreadable_target_is_a_usage_error(capsys: Cap, tmp_path: Path, trust_path: str) -> None:
    code, out = run(capsys, "audit", str(tmp_path / "nowhere"), "--trust", trust_path)
    assert (code, out["error"]) == (2, "usage")


def test_progress_goes_to_standard_error(capsys: Cap, tessera: Path, trust_path: str) -> None:
    assert main.main(["audit", str(tessera), "--trust", trust_path, "--entries"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["verdict"] == "valid"
    assert "entry bundles checked" in captured.err


# ---------------------------------------------------------------------------- a three-level log on disk

# 259 level-0 tiles (the last partial), level 1 = one full tile and 001.p/3, level 2 = 000.p/1.
SIZE = 256 * 259 + 17


@pytest.fixture(scope="module")
def big_log() -> TileLog:
    return TileLog.from_entries(leaf_entries(SIZE))


@pytest.fixture
def big(tmp_path: Path, big_log: TileLog) -> tuple[Path, str]:
    """The log written as files, with its checkpoint and an unwitnessed trust file."""
    keys = SignedLog()
    root = tmp_path / "big"
    for tile, data in big_log.published_tiles(SIZE).items():
        (root / tile.path()).parent.mkdir(parents=True, exist_ok=True)
        (root / tile.path()).write_bytes(data)
    for bundle, data in big_log.published_bundles(SIZE).items():
        (root / bundle.path()).parent.mkdir(parents=True, exist_ok=True)
        (root / bundle.path()).write_bytes(data)
    (root / "checkpoint").write_bytes(keys.sign(keys.body(SIZE, big_log.root(SIZE)), cosigners=[]))
    trust = tmp_path / "big-trust.json"
    trust.write_text(json.dumps({**keys.trust_json(), "witness_vkeys": [], "witness_quorum": 0}))
    return root, str(trust)


def test_big_log_is_valid_and_every_tile_is_read_once(capsys: Cap, big: tuple[Path, str]) -> None:
    root, trust = big
    code, out = run(capsys, "audit", str(root), "--trust", trust, "--entries", "--quiet")
    assert (code, out["verdict"], out["size"]) == (0, "valid", SIZE)
    assert out["audit"] == {
        "tiles_checked": len(tiles.tiles_for_size(SIZE)),
        "bundles_checked": len(tiles.bundles_for_size(SIZE)),
        "entries_checked": SIZE,
        "entries": True,
        "disagreement": None,
    }


@pytest.mark.parametrize(
    ("path", "offset", "kind", "against"),
    [
        ("tile/0/005", 32 * 77 + 3, "hash_tile", "tile/1/000 position 5"),
        ("tile/0/257", 32 * 200, "hash_tile", "tile/1/001.p/3 position 1"),
        ("tile/1/000", 32 * 9 + 31, "hash_tile", "tile/2/000.p/1 position 0"),
        ("tile/1/001.p/3", 32 * 2 + 5, "edge_tile", "tile/0/258"),
        ("tile/2/000.p/1", 0, "edge_tile", "tile/1/000"),
    ],
)
def test_flipped_byte_in_a_big_log_tile_is_reported_where_it_is(
    capsys: Cap, big: tuple[Path, str], path: str, offset: int, kind: str, against: str
) -> None:
    root, trust = big
    flip(root / path, offset)
    code, out = run(capsys, "audit", str(root), "--trust", trust, "--entries", "--quiet")
    found = disagreement(out)
    assert (code, found["kind"], found["path"], found["checked_against"]) == (1, kind, path, against)
    expected_position = offset // 32 if path.startswith("tile/0/") or kind == "edge_tile" else None
    assert found["position"] == expected_position


def test_flipped_byte_in_the_level0_edge_of_a_big_log(capsys: Cap, big: tuple[Path, str]) -> None:
    root, trust = big
    flip(root / "tile/0/259.p/17", 32 * 16 + 8)
    code, out = run(capsys, "audit", str(root), "--trust", trust, "--entries", "--quiet")
    found = disagreement(out)
    assert (code, found["kind"], found["path"], found["position"], found["entry_index"]) == (
        1, "edge_tile", "tile/0/259.p/17", 16, 259 * 256 + 16
    )  # fmt: skip


def test_flipped_entry_far_from_the_edge_is_reported_at_its_index(capsys: Cap, big: tuple[Path, str]) -> None:
    root, trust = big
    bundle = root / "tile/entries/100"
    entries = leaf_entries(256, 100 * 256)
    flip(bundle, sum(2 + len(e) for e in entries[:41]) + 2 + 3)
    code, out = run(capsys, "audit", str(root), "--trust", trust, "--entries", "--quiet")
    found = disagreement(out)
    assert (code, found["kind"], found["path"], found["entry_index"]) == (
        1,
        "entry",
        "tile/entries/100",
        100 * 256 + 41,
    )


def test_since_on_a_big_log_reads_the_old_root_from_the_new_tiles(
    capsys: Cap, big: tuple[Path, str], big_log: TileLog, tmp_path: Path
) -> None:
    root, trust = big
    keys = SignedLog()
    old = tmp_path / "old"
    old.write_bytes(keys.sign(keys.body(70_000 - 4321, big_log.root(70_000 - 4321)), cosigners=[]))
    code, out = run(capsys, "audit", str(root), "--trust", trust, "--since", str(old), "--quiet")
    assert (code, out["verdict"], out["since"]["consistent"]) == (0, "valid", True)  # type: ignore[index]
    forked = tmp_path / "forked"
    forked.write_bytes(keys.sign(keys.body(1000, bytes(32)), cosigners=[]))
    code, out = run(capsys, "audit", str(root), "--trust", trust, "--since", str(forked), "--quiet")
    assert (code, out["verdict"], out["since"]["consistent"]) == (1, "invalid", False)  # type: ignore[index]
    assert "fork" in str(out["reason"])


def test_audit_tree_is_usable_as_a_library(big: tuple[Path, str], big_log: TileLog) -> None:
    root, _trust = big
    seen: list[tuple[int, int, int]] = []
    result = audit.audit_tree(
        SIZE, big_log.root(SIZE), audit_source.DirectorySource(root), progress=lambda *a: seen.append(a)
    )
    assert result.ok and result.bundles_checked == 0
    assert seen[-1] == (len(tiles.tiles_for_size(SIZE)), 0, 260)
