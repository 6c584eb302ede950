"""The rules' view of the mirror: completion keys typed by officers are prefixes, taken literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation import profiles, session
from workstation.__main__ import main

PASSPHRASE = "trade view passphrase"


@pytest.fixture
def opened(url: str, trust_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> session.Session:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    assert main(["sync", "--ledger", url, "--trust", str(trust_file)]) == 0
    capsys.readouterr()
    return session.open_session(profiles.Profile.named("default"), PASSPHRASE)


def test_party_keys_complete_on_a_prefix(opened: session.Session) -> None:
    try:
        assert opened.trade_view().keys("party", "P-N") == [("P-NOPAL", "P-NOPAL S.A. de C.V.")]
        assert opened.trade_view().keys("party", "Q") == []
    finally:
        opened.close()


def test_wildcards_in_the_typed_prefix_are_literal(opened: session.Session) -> None:
    try:
        view = opened.trade_view()
        view.source()
        assert view.keys("party", "P_") == []  # "_" is not "any character"
        assert view.keys("party", "%") == []
        assert view.keys("party", "P-NOP%") == []
    finally:
        opened.close()


def test_unknown_key_kind_is_a_caller_error(opened: session.Session) -> None:
    try:
        with pytest.raises(ValueError, match="no lookup keys of kind"):
            opened.trade_view().keys("colour")
    finally:
        opened.close()
