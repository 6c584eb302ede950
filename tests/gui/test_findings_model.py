"""The findings table explains each reason code in its tooltip, with the same words as the CLI, reports and guide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from trade import explanations
from trade.verdicts import Finding, Note, NoteKind, Reason, Verdict
from workstation.models.findings_model import FindingsModel
from workstation.plain_text import tooltip


def test_the_reason_column_tooltip_explains_the_code_and_other_cells_repeat_their_text(
    qtmodeltester: ModelTester,
) -> None:
    model = FindingsModel()
    verdict = Verdict.judge(
        [Finding(Reason.BLANKET_NOT_COVERING, "import 2025-03-01 is after 2024-12-31")],
        (),
        notes=[Note(NoteKind.SUPERSEDED_BY, "C-U-011 was superseded by C-U-011A")],
    )
    model.set_verdict(verdict)
    qtmodeltester.check(model)
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    item = explanations.explain("BLANKET_NOT_COVERING")
    assert tip == tooltip(
        f"BLANKET_NOT_COVERING: {item.meaning}\nLook next: {item.next_step}\n(F1: the user guide lists every code.)"
    )
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == tooltip(
        "import 2025-03-01 is after 2024-12-31"
    )
    note_tip = model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert isinstance(note_tip, str)
    assert "SUPERSEDED_BY: The certification asked about was replaced" in note_tip


def test_a_passing_verdict_row_has_no_code_to_explain() -> None:
    model = FindingsModel()
    model.set_verdict(Verdict.judge([], ()))
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == ""
    assert model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole) == "the records support the claim"
