"""Trust-root freshness: the checkpoint's age against the profile's warning limit and the trust file's refusal limit.

The pure rule is tested directly; the session's rule runs on a real encrypted
profile synced over loopback HTTP, with the clock driven through the session's seam.
The served log's witnesses cosign at ``T0``, so the checkpoint's age is ``now - T0``.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import ledger_client
from tests.helpers.signed_log import T0
from workstation import freshness, profiles, session
from workstation.__main__ import main
from workstation.lookups import inputs
from workstation.lookups.queries import OriginByEntry

HOUR = 3600
PASSPHRASE = "officer passphrase"


def test_assess_names_each_level_with_its_reason() -> None:
    policy = freshness.FreshnessPolicy(warn_after=24 * HOUR, refuse_after=72 * HOUR)
    fresh = freshness.assess(T0, T0 + HOUR, policy)
    stale = freshness.assess(T0, T0 + 25 * HOUR, policy)
    too_old = freshness.assess(T0, T0 + 73 * HOUR, policy)
    none = freshness.assess(None, T0, policy)
    assert [j.level for j in (fresh, stale, too_old, none)] == [
        freshness.Level.FRESH,
        freshness.Level.STALE,
        freshness.Level.TOO_OLD,
        freshness.Level.NO_CHECKPOINT,
    ]
    assert (fresh.warns, stale.warns, too_old.warns) == (False, True, True)
    assert (stale.refuses_verdicts, too_old.refuses_verdicts) == (False, True)
    assert "24 hours" in stale.reason and "72 hours" in too_old.reason
    assert too_old.to_json() == {
        "level": "TOO_OLD",
        "age_seconds": 73 * HOUR,
        "warn_after_seconds": 24 * HOUR,
        "refuse_after_seconds": 72 * HOUR,
        "reason": too_old.reason,
    }


def test_exactly_at_a_limit_is_still_within_it() -> None:
    policy = freshness.FreshnessPolicy(warn_after=HOUR, refuse_after=2 * HOUR)
    assert freshness.assess(T0, T0 + HOUR, policy).level is freshness.Level.FRESH
    assert freshness.assess(T0, T0 + 2 * HOUR, policy).level is freshness.Level.STALE


def test_without_a_trust_file_limit_an_old_checkpoint_only_warns() -> None:
    judged = freshness.assess(T0, T0 + 400 * 24 * HOUR, freshness.FreshnessPolicy())
    assert judged.level is freshness.Level.STALE and not judged.refuses_verdicts


@pytest.mark.parametrize("bad", [0, -5, 1.5, "3600", True, None, [3600]])
def test_the_trust_file_member_is_parsed_strictly(bad: object) -> None:
    with pytest.raises(ledger_client.TrustFileError, match="max_checkpoint_age_seconds"):
        freshness.refuse_after_from_trust({freshness.TRUST_MEMBER: bad})


def test_the_trust_file_member_is_optional() -> None:
    assert freshness.refuse_after_from_trust({}) is None
    assert freshness.refuse_after_from_trust({freshness.TRUST_MEMBER: 7200}) == 7200


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    return home


def _synced(url: str, trust: dict[str, object], clock: list[int], stale_after_hours: int = 24) -> session.Session:
    settings = profiles.ProfileSettings(url, trust, 0, stale_after_hours=stale_after_hours)
    opened = session.open_session(
        profiles.Profile.named("officer"), PASSPHRASE, new_settings=settings, clock=lambda: clock[0]
    )
    opened.client().sync()
    return opened


def test_session_warns_then_refuses_verdicts_as_its_clock_moves(url: str, trust: dict[str, object]) -> None:
    clock = [T0 + HOUR]
    opened = _synced(url, {**trust, freshness.TRUST_MEMBER: 48 * HOUR}, clock)
    try:
        assert opened.checkpoint_freshness().level is freshness.Level.FRESH
        with pytest.raises(inputs.InputError):  # past the gate: the lookup itself answers
            opened.lookups().run(OriginByEntry("E-0000"))
        clock[0] = T0 + 25 * HOUR
        judged = opened.checkpoint_freshness()
        assert (judged.level, judged.age_seconds) == (freshness.Level.STALE, 25 * HOUR)
        clock[0] = T0 + 49 * HOUR
        with pytest.raises(freshness.CheckpointTooOldError) as raised:
            opened.lookups().run(OriginByEntry("E-0000"))
        assert raised.value.freshness.level is freshness.Level.TOO_OLD
        assert raised.value.details()["refuse_after_seconds"] == 48 * HOUR
        assert "Synchronize" in raised.value.user_message()
    finally:
        opened.close()


def test_the_warning_limit_is_a_profile_setting(url: str, trust: dict[str, object]) -> None:
    clock = [T0 + 3 * HOUR]
    opened = _synced(url, trust, clock, stale_after_hours=2)
    try:
        assert opened.checkpoint_freshness().level is freshness.Level.STALE
        assert opened.profile.load_settings().stale_after_hours == 2
    finally:
        opened.close()


def test_a_malformed_limit_in_the_trust_file_refuses_to_open(url: str, trust: dict[str, object]) -> None:
    settings = profiles.ProfileSettings(url, {**trust, freshness.TRUST_MEMBER: "one day"})
    with pytest.raises(ledger_client.TrustFileError, match="positive whole number"):
        session.open_session(profiles.Profile.named("officer"), PASSPHRASE, new_settings=settings)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_sync_command_reports_freshness_and_warns(
    capsys: pytest.CaptureFixture[str], url: str, trust_file: Path
) -> None:
    # The served witnesses cosigned at T0 (November 2023): by the wall clock that is far past 24 hours.
    code, out, err = _run(capsys, "sync", "--ledger", url, "--trust", str(trust_file), "--stale-after-hours", "36")
    assert code == 0
    fresh = out["freshness"]
    assert isinstance(fresh, dict)
    assert (fresh["level"], fresh["warn_after_seconds"], fresh["refuse_after_seconds"]) == ("STALE", 36 * HOUR, None)
    assert "sync: warning: the checkpoint is older than the warning limit of 36 hours" in err


def test_check_is_refused_past_the_trust_file_limit_and_sync_says_so(
    capsys: pytest.CaptureFixture[str], url: str, trust: dict[str, object], tmp_path: Path
) -> None:
    limited = tmp_path / "limited.json"
    limited.write_text(json.dumps({**trust, freshness.TRUST_MEMBER: 7 * 24 * HOUR}))
    code, out, err = _run(capsys, "sync", "--ledger", url, "--trust", str(limited))
    assert code == 0 and out["freshness"]["level"] == "TOO_OLD"  # type: ignore[index]
    assert "sync before any verdict" in err
    code, out, _err = _run(capsys, "check", "origin", "--entry", "E-1001")
    assert (code, out["error"]) == (4, "CheckpointTooOldError")
    assert out["details"]["refuse_after_seconds"] == 7 * 24 * HOUR  # type: ignore[index]


def test_sync_refuses_a_trust_file_with_a_malformed_limit(
    capsys: pytest.CaptureFixture[str], url: str, trust: dict[str, object], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**trust, freshness.TRUST_MEMBER: -1}))
    code, out, _err = _run(capsys, "sync", "--ledger", url, "--trust", str(bad))
    assert code == 2 and freshness.TRUST_MEMBER in str(out["message"])


def test_sync_that_cannot_reach_the_node_still_warns_about_the_mirror(
    capsys: pytest.CaptureFixture[str], url: str, trust_file: Path, tmp_path: Path
) -> None:
    assert _run(capsys, "sync", "--ledger", url, "--trust", str(trust_file))[0] == 0
    settings = profiles.Profile.named("default").settings_path
    stored = json.loads(settings.read_text(encoding="utf-8"))
    with socket.socket() as closed:  # a loopback port nothing listens on
        closed.bind(("127.0.0.1", 0))
        stored["ledger_url"] = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    settings.write_text(json.dumps(stored), encoding="utf-8")
    code, out, err = _run(capsys, "sync")
    assert code == 4 and out["error"] == "TransportError"
    assert "sync: warning: the checkpoint is older than the warning limit of 24 hours" in err
