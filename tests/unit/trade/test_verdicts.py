"""Verdict precedence and the integrity rule."""

from __future__ import annotations

import pytest

from trade.verdicts import Evidence, Finding, Reason, Status, Verdict

EV = Evidence("CertificationOfOrigin", "C-U-015", None, 7, b"\x01" * 32)


@pytest.mark.parametrize(
    ("reasons", "status"),
    [
        ((), Status.PASS),
        ((Reason.NO_CERTIFICATION,), Status.NOT_FOUND),
        ((Reason.NO_CERTIFICATION, Reason.HS_EDITION_CHANGE), Status.REVIEW),
        ((Reason.HS_EDITION_CHANGE, Reason.HS_MISMATCH), Status.FAIL),
    ],
)
def test_precedence(reasons: tuple[Reason, ...], status: Status) -> None:
    verdict = Verdict.judge([Finding(r, "fact") for r in reasons], [EV])
    assert verdict.status is status
    assert verdict.reasons == reasons


def test_a_finding_may_set_its_own_status() -> None:
    verdict = Verdict.judge([Finding(Reason.NO_LICENCE, "no roster", status=Status.REVIEW)], [])
    assert verdict.status is Status.REVIEW


def test_unverifiable_carries_integrity_codes_only() -> None:
    verdict = Verdict.unverifiable([(Reason.BAD_SIGNATURE, EV)])
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.reasons == (Reason.BAD_SIGNATURE,)
    assert verdict.evidence == (EV,)
    with pytest.raises(AssertionError):
        Verdict.judge([Finding(Reason.BAD_SIGNATURE, "x")], [])


def test_evidence_is_listed_once() -> None:
    assert Verdict.judge([], [EV, EV]).evidence == (EV,)
