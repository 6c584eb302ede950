"""Supervisor key files: passphrase-protected round trip, wrong passphrase, modes, plain and DEMO keys."""

from __future__ import annotations

import json
import os
import stat

import nacl.pwhash
import pytest

from ledger_client.credentials import SigningKey, write_key_file
from workstation.reports import keystore
from workstation.reports.errors import ReportKeyError, WrongKeyPassphraseError

FAST = {"opslimit": nacl.pwhash.argon2id.OPSLIMIT_MIN, "memlimit": nacl.pwhash.argon2id.MEMLIMIT_MIN}
KEY = SigningKey.from_seed(bytes(range(32)))


def test_protected_key_round_trips_with_mode_0600(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sup.key"
    keystore.write_protected_key(path, KEY, name="S. Visor", passphrase="correct horse", **FAST)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keystore.needs_passphrase(path)
    loaded = keystore.load_supervisor_key(path, "correct horse")
    assert (loaded.did, loaded.demo, loaded.name) == (KEY.did, False, "S. Visor")
    text = path.read_text()
    assert KEY.secret_key_multibase() not in text
    assert json.loads(text)["kdf"] == "argon2id"


def test_wrong_or_missing_passphrase(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sup.key"
    keystore.write_protected_key(path, KEY, name="S", passphrase="right", **FAST)
    with pytest.raises(WrongKeyPassphraseError):
        keystore.load_supervisor_key(path, "wrong")
    with pytest.raises(ReportKeyError) as caught:
        keystore.load_supervisor_key(path, None)
    assert caught.value.evidence["problem"] == "passphrase_needed"


def test_group_readable_protected_key_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sup.key"
    keystore.write_protected_key(path, KEY, name="S", passphrase="p", **FAST)
    path.chmod(0o640)
    with pytest.raises(ReportKeyError) as caught:
        keystore.load_supervisor_key(path, "p")
    assert caught.value.evidence["problem"] == "permissions"


def test_never_overwrites(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sup.key"
    path.write_text("x")
    with pytest.raises(ReportKeyError):
        keystore.write_protected_key(path, KEY, name="S", passphrase="p", **FAST)


def test_plain_key_is_refused_unless_demo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plain = tmp_path / "plain.key"
    write_key_file(plain, KEY, name="S")
    with pytest.raises(ReportKeyError) as caught:
        keystore.load_supervisor_key(plain)
    assert caught.value.evidence["problem"] == "unprotected"
    demo = keystore.load_supervisor_key(keystore.demo_key_path())
    assert demo.demo and demo.name.startswith("DEMO")
    assert not keystore.needs_passphrase(keystore.demo_key_path())


def test_tampered_box_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sup.key"
    keystore.write_protected_key(path, KEY, name="S", passphrase="p", **FAST)
    doc = json.loads(path.read_text())
    other = tmp_path / "other.key"
    doc["did"] = SigningKey.from_seed(bytes(32)).did
    other.write_text(json.dumps(doc))
    other.chmod(0o600)
    with pytest.raises(ReportKeyError) as caught:
        keystore.load_supervisor_key(other, "p")
    assert caught.value.evidence["problem"] == "malformed"


@pytest.mark.parametrize("member", ["salt", "box"])
@pytest.mark.parametrize("junk", ["\n", " ", "!", "=="])
def test_salt_and_box_must_be_canonical_base64(tmp_path, member: str, junk: str) -> None:  # type: ignore[no-untyped-def]
    """A key file is read from outside: junk inside its base64 is refused, not skipped."""
    path = tmp_path / "sup.key"
    keystore.write_protected_key(path, KEY, name="S", passphrase="right", **FAST)
    content = json.loads(path.read_text())
    content[member] = content[member][:8] + junk + content[member][8:]
    altered = tmp_path / "altered.key"
    altered.write_text(json.dumps(content))
    altered.chmod(0o600)
    with pytest.raises(ReportKeyError) as caught:
        keystore.load_supervisor_key(altered, "right")
    assert caught.value.evidence["problem"] == "malformed"
