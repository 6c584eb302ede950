"""``workstation sync`` end to end: a real HTTP log on loopback, a real encrypted profile under XDG_DATA_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.signed_log import SignedLog
from workstation.__main__ import main


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "officer passphrase")
    return home


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_first_sync_creates_the_profile_and_mirrors_the_ledger(capsys, url, trust_file, profile_home) -> None:  # type: ignore[no-untyped-def]
    code, out = run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))
    assert code == 0
    assert out["new_entries"] == 15 and out["previous_size"] == 0 and out["not_believed"] == 0
    assert (profile_home / "customs-workstation" / "profiles" / "default" / "cache.db").exists()


def test_later_syncs_use_the_stored_settings(capsys, url, served, trust_file) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))
    served.publish()
    code, out = run(capsys, "sync")
    assert (code, out["previous_size"], out["new_entries"]) == (0, 15, 6)


def test_wrong_passphrase_is_reported_without_touching_the_cache(capsys, url, trust_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "not it")
    code, out = run(capsys, "sync")
    assert (code, out["error"]) == (4, "WrongPassphraseError")
    assert "passphrase is not correct" in str(out["message"])


def test_rollback_is_a_security_failure_with_exit_3(capsys, url, served, trust_file) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))
    served.publish(10)
    code, out = run(capsys, "sync")
    assert (code, out["error"], out["security_alert"]) == (3, "LogForkError", True)
    assert "SECURITY ALERT" in str(out["message"])


def test_sync_without_settings_or_with_half_of_them_is_a_usage_error(capsys, url, trust_file) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "sync")[0] == 2
    assert run(capsys, "sync", "--ledger", url)[0] == 2
    assert run(capsys, "--profile", "../escape", "sync")[0] == 2


def test_trust_file_without_a_cbp_key_is_refused(capsys, url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(SignedLog().trust_json(quorum=2)))
    code, out = run(capsys, "sync", "--ledger", url, "--trust", str(path))
    assert code == 2 and "CBP issuer key" in str(out["message"])


def test_trust_file_without_witnesses_is_refused_saying_why(capsys, url, trust_file, tmp_path, profile_home) -> None:  # type: ignore[no-untyped-def]
    # ledger-client accepts an explicit "witness_quorum": 0; a workstation profile never does.
    path = tmp_path / "unwitnessed.json"
    path.write_text(json.dumps({**json.loads(trust_file.read_text()), "witness_vkeys": [], "witness_quorum": 0}))
    code, out = run(capsys, "sync", "--ledger", url, "--trust", str(path))
    assert code == 2
    assert "needs at least one witness" in str(out["message"])
    assert not (profile_home / "customs-workstation" / "profiles" / "default" / "cache.db").exists()
