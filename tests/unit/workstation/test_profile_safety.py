"""A profile is the officer's: only a verified sync changes its settings, and only the officer reads them.

Real parts: loopback HTTP logs (an honest one and lying ones, ``tests.helpers.log_server``),
real encrypted profiles under a temporary ``XDG_DATA_HOME``.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from workstation import crash, profiles, session
from workstation.__main__ import main

PASSPHRASE = "officer passphrase"
ABSURD_SIZE = (1 << 63) - 1


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    return home


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def _profile() -> profiles.Profile:
    return profiles.Profile.named("default")


@pytest.fixture
def lying_url(served: ServedLog) -> Iterator[str]:
    """Another node for the same log that rolls its history back to 10 entries (a fork the client must refuse)."""
    liar = ServedLog(keys=SignedLog(), entries=list(served.entries))
    liar.publish(10)
    with serve(liar) as base:
        yield base


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


# ---------------------------------------------------------------------------- settings change after a verified sync


def test_a_sync_to_a_lying_node_leaves_the_settings_byte_identical(capsys, url, trust_file, lying_url) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    before = _profile().settings_path.read_bytes()
    code, out = run(capsys, "sync", "--ledger", lying_url, "--trust", str(trust_file))
    assert (code, out["error"]) == (3, "LogForkError")
    assert _profile().settings_path.read_bytes() == before
    assert _profile().load_settings().ledger_url == url


def test_a_sync_to_an_unreachable_node_leaves_the_settings_byte_identical(capsys, url, trust_file) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    before = _profile().settings_path.read_bytes()
    code, out = run(capsys, "sync", "--ledger", _closed_port_url(), "--trust", str(trust_file))
    assert (code, out["error"]) == (4, "TransportError")
    assert _profile().settings_path.read_bytes() == before


def test_a_first_sync_that_fails_stores_no_settings(capsys, trust_file) -> None:  # type: ignore[no-untyped-def]
    code, _ = run(capsys, "sync", "--ledger", _closed_port_url(), "--trust", str(trust_file))
    assert code == 4
    assert not _profile().settings_path.exists()


def test_a_verified_sync_to_a_new_node_stores_its_url(capsys, url, served, trust_file) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    mirror = ServedLog(keys=SignedLog(), entries=list(served.entries))
    mirror.publish()
    with serve(mirror) as other:
        assert run(capsys, "sync", "--ledger", other, "--trust", str(trust_file))[0] == 0
        assert _profile().load_settings().ledger_url == other


# ---------------------------------------------------------------------------- a checkpoint the node cannot back


def test_a_signed_checkpoint_of_an_absurd_size_is_a_security_finding_kept_as_evidence(  # type: ignore[no-untyped-def]
    capsys, url, served, trust_file
) -> None:
    assert run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    served.checkpoint = served.keys.sign(served.keys.body(ABSURD_SIZE, bytes(32)))  # signed, cosigned, unbackable
    code, out = run(capsys, "sync")
    assert (code, out["error"], out["security_alert"]) == (3, "UnprovableCheckpointError", True)
    details = out["details"]
    assert isinstance(details, dict) and details["size"] == ABSURD_SIZE
    opened = session.open_session(_profile(), PASSPHRASE)
    try:
        assert [f.new_note for f in opened.mirror.forks()] == [served.checkpoint]
        assert opened.mirror.pending_note() is None  # the unbacked checkpoint is not worked toward
        assert opened.mirror.entry_count() == served.size
    finally:
        opened.close()


def test_an_absurd_checkpoint_on_a_first_sync_is_also_a_security_finding(capsys, url, served, trust_file) -> None:  # type: ignore[no-untyped-def]
    served.checkpoint = served.keys.sign(served.keys.body(ABSURD_SIZE, bytes(32)))
    code, out = run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))
    assert (code, out["error"]) == (3, "UnprovableCheckpointError")


# ---------------------------------------------------------------------------- permissions


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_profile_is_private_to_the_officer(capsys, url, trust_file, usual_umask) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    assert _mode(_profile().folder) == 0o700
    assert _mode(_profile().settings_path) == 0o600


def test_an_existing_profile_with_open_permissions_is_closed_on_open(capsys, url, trust_file) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    _profile().folder.chmod(0o755)
    _profile().settings_path.chmod(0o644)
    assert run(capsys, "sync")[0] == 0
    assert _mode(_profile().folder) == 0o700
    assert _mode(_profile().settings_path) == 0o600


def test_saved_settings_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    profile = profiles.Profile.named("p", root=tmp_path)
    old = os.umask(0o002)
    try:
        profile.save_settings(profiles.ProfileSettings("http://127.0.0.1:1/", {"origin": "x"}))
    finally:
        os.umask(old)
    assert (_mode(profile.folder), _mode(profile.settings_path)) == (0o700, 0o600)


def test_the_crash_log_is_private_to_the_officer(
    tmp_path: Path, usual_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    """A traceback may quote what the officer typed or the ledger sent: 0600, like the profile."""
    log = tmp_path / "data" / "crash.log"
    shown: list[str] = []
    hook = crash.make_hook(log, shown.append)
    try:
        raise RuntimeError("typed: P-SECRET")
    except RuntimeError as exc:
        hook(RuntimeError, exc, exc.__traceback__)
    assert shown == [str(log)] and "P-SECRET" in log.read_text()
    assert (_mode(log), _mode(log.parent)) == (0o600, 0o700)
    assert [r.levelname for r in caplog.records] == ["ERROR"]
