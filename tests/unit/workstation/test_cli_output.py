"""The command lines' JSON never hands a terminal a control, bidi or zero-width character from outside."""

from __future__ import annotations

import json

import pytest

from ledger_client.cli import output
from workstation.cli import exits

HOSTILE = "R-1\u202egnp.exe \u2066x\u2069 \u200b \x9b31m \x7f \u2028 \U000e0041 café ü 漢字"


@pytest.mark.parametrize("emit", [exits.emit, output.emit], ids=["workstation", "ledger-client"])
def test_hidden_characters_are_escaped_and_the_json_means_the_same(capsys: pytest.CaptureFixture[str], emit) -> None:  # type: ignore[no-untyped-def]
    emit({"report_id": HOSTILE, "nested": [HOSTILE]})
    out = capsys.readouterr().out
    for char in ("\u202e", "\u2066", "\u2069", "\u200b", "\x9b", "\x7f", "\u2028", "\U000e0041"):
        assert char not in out
    assert "\\u202e" in out and "\\udb40\\udc41" in out
    assert "café ü 漢字" in out  # ordinary letters stay readable
    assert json.loads(out) == {"report_id": HOSTILE, "nested": [HOSTILE]}
