"""The always-visible ledger status: checkpoint size and age, witnesses met, online or offline, last sync.

On a fork or rollback it turns into a red alert that names the problem in words,
opens the evidence, and stays until the officer acknowledges it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation import freshness, messages
from workstation.models.audit_model import format_time
from workstation.services.ledger_state import Connectivity, LedgerStatus
from workstation.views import theme


def format_age(seconds: int) -> str:
    """A short, rounded age: "40 s", "5 min", "3 h 20 min", "2 days"."""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    days = seconds // 86400
    return f"{days} day" if days == 1 else f"{days} days"


# Chip tones, colored by the theme (views/theme.py).
_OK, _CAUTION, _NEUTRAL, _ALERT = "ok", "caution", "neutral", "alert"


class StatusBanner(QFrame):
    """Shows a :class:`LedgerStatus`; asks for the evidence when the alert's button is pressed.

    Signals:
        evidence_requested(): the officer wants to see the fork evidence.
    """

    evidence_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.checkpoint_label = self._fact()
        self.age_label = self._fact()
        self.witness_label = self._fact()
        self.connection_label = self._fact()
        self.last_sync_label = self._fact()
        facts = QHBoxLayout()
        facts.setSpacing(6)
        for label in (self.checkpoint_label, self.age_label, self.witness_label, self.connection_label):
            facts.addWidget(label)
        facts.addStretch(1)
        facts.addWidget(self.last_sync_label)

        self.alert = QFrame(self)
        self.alert.setObjectName("fork_alert")
        self.alert_label = QLabel(self.alert)
        self.alert_label.setTextFormat(Qt.TextFormat.PlainText)
        self.alert_label.setWordWrap(True)
        self.evidence_button = QPushButton("Show &evidence…", self.alert)
        self.evidence_button.clicked.connect(self.evidence_requested)
        alert_row = QHBoxLayout(self.alert)
        alert_row.setContentsMargins(12, 8, 12, 8)
        icon = QLabel("⚠", self.alert)
        font = icon.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        icon.setFont(font)
        alert_row.addWidget(icon)
        alert_row.addWidget(self.alert_label, 1)
        alert_row.addWidget(self.evidence_button)
        self.alert.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(facts)
        layout.addWidget(self.alert)

    def _fact(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        theme.set_tone(label, "chip", _NEUTRAL)
        return label

    @staticmethod
    def _paint(label: QLabel, text: str, tone: str) -> None:
        label.setText(text)
        theme.set_tone(label, "chip", tone)

    def show_status(self, status: LedgerStatus) -> None:
        facts = status.facts
        if facts is None or facts.checkpoint_size is None:
            self._paint(self.checkpoint_label, "✗ No verified checkpoint yet", _CAUTION)
            self.age_label.hide()
            self._paint(
                self.witness_label, f"Witnesses: 0 of {status.witnesses_total} (need {status.quorum})", _NEUTRAL
            )
        else:
            self._paint(self.checkpoint_label, f"✓ Verified checkpoint: {facts.checkpoint_size:,} entries", _OK)
            self._show_age(status.freshness)
            met = facts.witnesses_met >= status.quorum
            self._paint(
                self.witness_label,
                f"{'✓' if met else '✗'} Witnesses: {facts.witnesses_met} of {status.witnesses_total}"
                f" (need {status.quorum})",
                _OK if met else _CAUTION,
            )
        self._show_connection(status)
        self.last_sync_label.setText(
            "Last sync: never"
            if facts is None or facts.verified_at is None
            else f"Last sync: {format_time(facts.verified_at)}"
        )
        forks = facts.forks if facts else ()
        self.alert.setVisible(bool(forks))
        if forks:
            plural = "s" if len(forks) > 1 else ""
            self.alert_label.setText(f"{messages.FORK_ALERT} ({len(forks)} alert{plural})")

    def _show_age(self, judged: freshness.Freshness) -> None:
        age = judged.age_seconds
        self.age_label.setVisible(age is not None)
        if age is None:
            return
        if judged.level is freshness.Level.TOO_OLD:
            text, colours = f"✗ Too old for verdicts: age {format_age(age)}, sync first", _ALERT
        elif judged.level is freshness.Level.STALE:
            text, colours = f"Stale: age {format_age(age)}", _CAUTION
        else:
            text, colours = f"age {format_age(age)}", _NEUTRAL
        self._paint(self.age_label, text, colours)
        self.age_label.setToolTip(judged.reason[:1].upper() + judged.reason[1:] + ".")
        self.age_label.setAccessibleDescription(judged.reason)

    def _show_connection(self, status: LedgerStatus) -> None:
        if status.syncing:
            self._paint(self.connection_label, "⟳ Synchronizing…", _NEUTRAL)
        elif status.connectivity is Connectivity.ONLINE:
            self._paint(self.connection_label, "● Online", _OK)
        elif status.connectivity is Connectivity.OFFLINE:
            self._paint(self.connection_label, "○ Offline: using the mirror", _CAUTION)
        else:
            self._paint(self.connection_label, "○ Not contacted yet", _NEUTRAL)
