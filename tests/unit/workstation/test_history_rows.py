"""The audit log read as questions: rows in words, filters, and what a re-run changed (no Qt, no ledger)."""

from __future__ import annotations

import json
from datetime import date

from workstation.services.history_rows import HistoryFilter, HistoryRow, compare, key_input, with_as_of
from workstation.store.audit import AuditRecord

AT = 1_751_284_800  # 2025-06-30 12:00 UTC


def record(action: str, given: object, verdict: str | None = "FAIL", result: object = None) -> AuditRecord:
    text = given if isinstance(given, str) else json.dumps(given)
    return AuditRecord(7, AT, "officer", action, text, verdict, 1076, None if result is None else json.dumps(result))


def test_key_input_names_what_the_check_was_about() -> None:
    assert key_input("origin", json.dumps({"entry": "E-1", "line": 2, "as_of": "2025-06-30"})) == "entry E-1, line 2"
    assert key_input("supplier", json.dumps({"party": "P-X", "from": None})) == "party P-X"
    assert key_input("report approved", json.dumps({"report": 4, "as_of": "x"})) == "report 4"
    assert key_input("origin", "not json {") == "not json {"


def test_a_row_reads_the_date_judged_and_the_reasons() -> None:
    row = HistoryRow.of(
        record("check origin", {"entry": "E-1", "as_of": "2025-01-15"}, result={"reasons": ["HS_MISMATCH"]})
    )
    assert (row.lookup, row.as_of, row.reasons, row.day) == (
        "origin",
        date(2025, 1, 15),
        ("HS_MISMATCH",),
        date(2025, 6, 30),
    )
    broken = HistoryRow.of(record("check origin", {"entry": "E-1", "as_of": "someday"}, verdict=None))
    assert (broken.as_of, broken.verdict, broken.reasons) == (None, "", ())


def test_filters_combine_and_empty_fields_do_not_narrow() -> None:
    row = HistoryRow.of(record("check origin", {"entry": "E-1031"}, result={"reasons": ["REVOKED_AFTER_CLAIM"]}))
    assert HistoryFilter().matches(row)
    assert HistoryFilter(text="revoked e-1031", verdict="FAIL", lookup="origin").matches(row)
    assert not HistoryFilter(text="revoked e-9").matches(row)
    assert not HistoryFilter(verdict="PASS").matches(row)
    assert HistoryFilter(since=date(2025, 6, 30), until=date(2025, 6, 30)).matches(row)
    assert not HistoryFilter(since=date(2025, 7, 1)).matches(row)


def test_compare_says_what_changed() -> None:
    before = record("check origin", {"entry": "E-1031", "as_of": "2025-01-15"}, verdict="PASS", result={"reasons": []})
    after = {"verdict": "FAIL", "reasons": ["REVOKED_AFTER_CLAIM"], "checkpoint": {"size": 1080}, "audit_id": 9}
    changed = compare(before, date(2026, 12, 7), after)
    assert changed.changed and changed.reasons_added == ("REVOKED_AFTER_CLAIM",) and changed.reasons_removed == ()
    assert changed.describe().splitlines() == [
        "Check #7 run again as of 2026-12-07 (recorded as #9).",
        "Verdict changed: PASS → FAIL.",
        "Reasons now given: REVOKED_AFTER_CLAIM.",
        "Checkpoint size then: 1,076; now: 1,080.",
    ]
    same = compare(before, date(2025, 1, 15), {"verdict": "PASS", "reasons": [], "checkpoint": {"size": 1076}})
    assert not same.changed and "Same reasons as before." in same.describe()


def test_with_as_of_moves_only_the_date() -> None:
    moved = with_as_of(record("check origin", {"entry": "E-1", "as_of": "2025-01-15"}), date(2026, 12, 7))
    assert json.loads(moved.input) == {"entry": "E-1", "as_of": "2026-12-07"}
    odd = record("check origin", "not json")
    assert with_as_of(odd, date(2026, 12, 7)) is odd
