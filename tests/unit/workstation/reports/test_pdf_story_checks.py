"""The report story: the "Checks" section says what no reason code means; the signed checkpoint stays on one page."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.workstation.reports.test_content_and_signing import content
from workstation.reports.content import ReportContent
from workstation.reports.pdf_story import checks, evidence


def _text(c: ReportContent) -> str:
    """The section's paragraphs as plain text (the report's own reportlab flowables, no table in these cases)."""
    return " ".join(str(f.getPlainText()) for f in checks(c, 400.0) if hasattr(f, "getPlainText"))


def test_a_supplier_rating_is_not_presented_as_a_fired_reason_code() -> None:
    supplier = replace(content(), verdict="REVIEW", reasons=(), checks=(), notes=(),
                       summary="supplier rating HIGH: REVOCATION_RATE, REVOCATIONS_AFTER_CLAIM")  # fmt: skip
    text = _text(supplier)
    # The old text read "No reason code fired. supplier rating HIGH: ..." under a HIGH rating.
    assert "No reason code fired. supplier rating" not in text
    assert "not a finding against goods" in text
    assert 'under "Supplier rating: HIGH"' in text


def test_a_passing_check_states_its_summary_as_a_sentence() -> None:
    passing = replace(content(), kind="origin", supplier=None, verdict="PASS", reasons=(), checks=(), notes=(),
                      summary="the certification supports the claim on this entry line")  # fmt: skip
    assert _text(passing) == "Checks No reason code fired: the certification supports the claim on this entry line."


def test_the_signed_checkpoint_is_kept_on_one_page() -> None:
    # A licence report printed the note's origin line at the foot of page 1 and the rest on page 2.
    c = content()
    block = evidence(c, 400.0)[-1]
    assert type(block).__name__ == "KeepTogether"
    kept = [str(f.getPlainText()) for f in block._content if hasattr(f, "getPlainText")]
    assert kept[0] == "Signed checkpoint (with cosignatures):"
    assert kept[1:] == [line or " " for line in c.evidence.checkpoint_note.splitlines()]
