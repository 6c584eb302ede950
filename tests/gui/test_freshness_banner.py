"""The banner's checkpoint age against the limits, with the clock driven through the shell's seam.

A real loopback node serves the small ledger; its witnesses cosign at ``T0``, so
the checkpoint's age is ``clock - T0``. The trust file here sets a refusal limit of 72 hours.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PUBLISHED, ShellMaker
from tests.helpers.signed_log import T0, SignedLog
from workstation import freshness

HOUR = 3600


@pytest.fixture
def trust(ledger) -> dict[str, object]:  # type: ignore[no-untyped-def]  # the small ledger's fixture
    return {
        **SignedLog().trust_json(quorum=2),
        "cbp_issuer_key": ledger.cbp.did,
        freshness.TRUST_MEMBER: 72 * HOUR,
    }


def test_banner_goes_from_fresh_to_stale_to_too_old_as_the_clock_moves(qtbot: QtBot, make_shell: ShellMaker) -> None:
    clock = [T0 + 2 * HOUR]
    shell = make_shell(clock=lambda: clock[0])
    with qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
    qtbot.wait_until(lambda: shell.state.status.facts is not None and shell.state.status.facts.entries == PUBLISHED)
    label = shell.window.banner.age_label
    qtbot.wait_until(lambda: label.text() == "age 2 h 0 min")
    assert shell.state.status.freshness.level is freshness.Level.FRESH

    clock[0] = T0 + 30 * HOUR
    shell.state.tick()
    assert label.text() == "Stale: age 1 day"
    assert "warning limit of 24 hours" in label.toolTip()

    clock[0] = T0 + 80 * HOUR
    shell.state.tick()
    assert label.text() == "✗ Too old for verdicts: age 3 days, sync first"
    assert "trust file's limit of 72 hours" in label.accessibleDescription()
    assert shell.state.status.freshness.refuses_verdicts
