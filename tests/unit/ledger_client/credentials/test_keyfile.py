"""Key files: written 0600, refused when others can read them, DEMO keys the one labelled exception."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ledger_client.credentials import SigningKey, keyfile
from ledger_client.errors import KeyFileError
from tests.unit.ledger_client.credentials.factory import TEST_KEY

REPO = Path(__file__).resolve().parents[4]
DEMO_KEY = REPO / "resources" / "demo_keys" / "DEMO_credential_issuer.key.json"

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")


def _write(path: Path, content: object, mode: int = 0o600) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    path.chmod(mode)
    return path


def test_written_key_file_round_trips_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "issuer.key.json"
    keyfile.write_key_file(path, TEST_KEY, name="Chamber of Commerce")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = keyfile.load_key_file(path)
    assert (loaded.key, loaded.name, loaded.demo) == (TEST_KEY, "Chamber of Commerce", False)
    content = json.loads(path.read_text())
    assert content["did"] == TEST_KEY.did
    assert SigningKey.from_secret_key_multibase(content["secretKeyMultibase"]).seed == TEST_KEY.seed


@posix_only
def test_mode_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        keyfile.write_key_file(tmp_path / "k.json", TEST_KEY, name="k")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "k.json").stat().st_mode) == 0o600


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text("precious")
    with pytest.raises(KeyFileError, match="already exists") as info:
        keyfile.write_key_file(path, TEST_KEY, name="k")
    assert info.value.problem == "exists"
    assert path.read_text() == "precious"


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o601])
def test_key_file_others_can_access_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "k.json"
    keyfile.write_key_file(path, TEST_KEY, name="k")
    path.chmod(mode)
    with pytest.raises(KeyFileError, match="accessible by group or others") as info:
        keyfile.load_key_file(path)
    assert info.value.problem == "permissions"


@posix_only
def test_demo_key_loads_when_world_readable_and_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path / "demo.json", keyfile.key_file_json(TEST_KEY, name="test", demo=True), 0o644)
    loaded = keyfile.load_key_file(path)
    assert loaded.demo is True
    assert loaded.name.startswith("DEMO")


def test_shipped_demo_key_is_marked_demo_and_loads() -> None:
    content = json.loads(DEMO_KEY.read_text(encoding="utf-8"))
    assert content["demo"] is True
    assert "DEMO" in content["warning"]
    assert content["name"].startswith("DEMO")
    loaded = keyfile.load_key_file(DEMO_KEY)
    assert loaded.demo is True
    assert loaded.key.did == content["did"]


def test_demo_flag_without_demo_name_is_refused(tmp_path: Path) -> None:
    content = keyfile.key_file_json(TEST_KEY, name="x", demo=True) | {"name": "production"}
    with pytest.raises(KeyFileError, match="named DEMO"):
        keyfile.load_key_file(_write(tmp_path / "k.json", content))


@pytest.mark.parametrize(
    ("lie", "change", "match"),
    [
        ("did_of_another_key", {"did": SigningKey.from_seed(bytes(32)).did}, "does not match"),
        ("bad_secret", {"secretKeyMultibase": TEST_KEY.public_key_multibase}, "secret key is malformed"),
        ("wrong_type", {"type": "JsonWebKey"}, "not an Ed25519 key file"),
        ("future_version", {"version": 2}, "not an Ed25519 key file"),
        ("unknown_member", {"publicKeyJwk": {}}, "not an Ed25519 key file"),
        ("demo_as_string", {"demo": "no"}, "not an Ed25519 key file"),
    ],
)
def test_malformed_key_file_is_refused(tmp_path: Path, lie: str, change: dict[str, object], match: str) -> None:
    content = keyfile.key_file_json(TEST_KEY, name="k") | change
    with pytest.raises(KeyFileError, match=match) as info:
        keyfile.load_key_file(_write(tmp_path / "k.json", content))
    assert info.value.problem == "malformed"


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe", b"[]", b'{"type": "Ed25519KeyFile", "type": "x"}', b" " * 20_000])
def test_key_file_that_is_not_a_key_object_is_refused(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "k.json"
    path.write_bytes(raw)
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="not a") as info:
        keyfile.load_key_file(path)
    assert info.value.problem == "malformed"


def test_missing_key_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot be read") as info:
        keyfile.load_key_file(tmp_path / "absent.json")
    assert info.value.problem == "unreadable"


@posix_only
def test_symlinked_key_file_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    keyfile.write_key_file(target, TEST_KEY, name="k")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(KeyFileError, match="cannot be read"):
        keyfile.load_key_file(link)
