"""``workstation explain``: one code or all of them, as JSON or text; an unknown code is a usage error (exit 2)."""

from __future__ import annotations

import json

import pytest

from trade import explanations
from trade.verdicts import Reason
from workstation.__main__ import main


def test_one_code_in_any_case_prints_its_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "revoked_after_claim"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = explanations.explain("REVOKED_AFTER_CLAIM")
    assert out == {
        "code": "REVOKED_AFTER_CLAIM",
        "topic": "origin",
        "outcome": Reason.REVOKED_AFTER_CLAIM.default_status.value,
        "meaning": expected.meaning,
        "next_step": expected.next_step,
        "see": "docs/domain.md §1",
    }


def test_without_a_code_every_code_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain"]) == 0
    codes = [item["code"] for item in json.loads(capsys.readouterr().out)["codes"]]
    assert codes == [item.code for item in explanations.all_explanations()]
    assert {reason.value for reason in Reason} <= set(codes)


def test_text_output_is_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "SERIAL_DUPLICATE", "--text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SERIAL_DUPLICATE (Product checks; REVIEW)\n  Meaning: This serial number has been seen")
    assert "  See: docs/domain.md §3\n" in out


def test_an_unknown_code_exits_2_and_says_where_the_list_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "LOOKS_FAKE"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "error": "usage",
        "message": "'LOOKS_FAKE' is not a code the rules emit; `workstation explain` lists every code",
    }
