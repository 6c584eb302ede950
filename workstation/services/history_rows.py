"""The audit log read as questions: one row per check in words, filters over them, and what a re-run changed.

Qt-free. Audit lines are parsed once here (their JSON was written by this
workstation, but an old or hand-edited cache may hold anything: a line that does
not parse still gets a row, with its raw text as the key input).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from workstation.store.audit import AuditRecord

#: The input members that say, in a few words, what a check was about (first found wins per lookup).
_KEY_MEMBERS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "origin": (("entry", "entry"), ("line", "line"), ("certification", "certification"), ("importer", "importer")),
    "licence": (("shipment", "shipment"), ("shipper", "shipper"), ("mark", "mark"), ("facility", "facility")),
    "product": (("entry", "entry"), ("serial", "serial"), ("profile", "profile"), ("importer", "importer")),
    "supplier": (("party", "party"), ("from", "from")),
}
_KEY_INPUT_MAX = 160


def _as_object(text: str | None) -> dict[str, object] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def lookup_of(action: str) -> str:
    """The lookup an audit action names ("check origin" → "origin"); other actions as written."""
    return action.removeprefix("check ")


def key_input(lookup: str, raw_input: str) -> str:
    """The input in a few words: "entry E-1001, line 1"; the raw text (shortened) when it is not ours."""
    parsed = _as_object(raw_input)
    if parsed is None:
        return raw_input[:_KEY_INPUT_MAX]
    parts = [
        f"{label} {parsed[member]}"
        for member, label in _KEY_MEMBERS.get(lookup, ())
        if parsed.get(member) not in (None, "")
    ]
    if not parts:
        parts = [f"{k} {v}" for k, v in parsed.items() if k != "as_of" and v not in (None, "")][:4]
    return ", ".join(parts)[:_KEY_INPUT_MAX]


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One audit line in words.

    Attributes:
        record: the line itself (for re-opening and re-running).
        at: when (POSIX seconds).
        who: the officer.
        lookup: origin, licence, product, supplier (or another action as written).
        key_input: what the check was about, in words.
        verdict: PASS, FAIL, REVIEW, NOT_FOUND, UNVERIFIABLE, or "" when none was given.
        checkpoint_size: the checkpoint the check rested on (None when not recorded).
        as_of: the date the check judged at (None when not recorded).
        reasons: the reason codes recorded with the result.
    """

    record: AuditRecord
    at: int
    who: str
    lookup: str
    key_input: str
    verdict: str
    checkpoint_size: int | None
    as_of: date | None
    reasons: tuple[str, ...]

    @classmethod
    def of(cls, record: AuditRecord) -> HistoryRow:
        lookup = lookup_of(record.action)
        parsed_input = _as_object(record.input) or {}
        result = _as_object(record.result) or {}
        as_of = None
        raw_as_of = parsed_input.get("as_of")
        if isinstance(raw_as_of, str):
            try:
                as_of = date.fromisoformat(raw_as_of)
            except ValueError:
                as_of = None
        raw_reasons = result.get("reasons")
        reasons = tuple(str(r) for r in raw_reasons) if isinstance(raw_reasons, list) else ()
        return cls(
            record,
            record.at,
            record.officer,
            lookup,
            key_input(lookup, record.input),
            record.verdict or "",
            record.checkpoint_size,
            as_of,
            reasons,
        )

    @property
    def day(self) -> date:
        """The day the check was run, in local time (as the History's *When* column shows it)."""
        return datetime.fromtimestamp(self.at).astimezone().date()

    def search_text(self) -> str:
        """Everything a text search looks in, folded to lower case."""
        return " ".join(
            (self.who, self.lookup, self.key_input, self.verdict, " ".join(self.reasons), self.record.input)
        ).casefold()


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """What the officer narrowed the history to (empty fields do not narrow).

    Attributes:
        text: words that must all appear (case-insensitive) in the row.
        verdict: one verdict, or "" for any.
        lookup: one lookup, or "" for any.
        since, until: the first and last day (inclusive, local time), or None.
    """

    text: str = ""
    verdict: str = ""
    lookup: str = ""
    since: date | None = None
    until: date | None = None

    def matches(self, row: HistoryRow) -> bool:
        if self.verdict and row.verdict != self.verdict:
            return False
        if self.lookup and row.lookup != self.lookup:
            return False
        if self.since is not None and row.day < self.since:
            return False
        if self.until is not None and row.day > self.until:
            return False
        haystack = row.search_text()
        return all(word in haystack for word in self.text.casefold().split())


@dataclass(frozen=True, slots=True)
class RerunComparison:
    """A past check run again, and what differs.

    Attributes:
        original: the audit line run again.
        as_of: the date it was judged at this time.
        result: the new result (the JSON the lookup printed), with its own audit id.
        verdict_before, verdict_after: the two verdicts.
        reasons_added, reasons_removed: reason codes that appeared or went away.
        checkpoint_before, checkpoint_after: the checkpoint sizes the two answers rest on.
    """

    original: AuditRecord
    as_of: date
    result: Mapping[str, object]
    verdict_before: str
    verdict_after: str
    reasons_added: tuple[str, ...]
    reasons_removed: tuple[str, ...]
    checkpoint_before: int | None
    checkpoint_after: int | None

    @property
    def changed(self) -> bool:
        return self.verdict_before != self.verdict_after or bool(self.reasons_added or self.reasons_removed)

    def describe(self) -> str:
        """The comparison in plain sentences (shown as plain text)."""
        new_id = self.result.get("audit_id")
        lines = [f"Check #{self.original.id} run again as of {self.as_of.isoformat()} (recorded as #{new_id})."]
        if self.verdict_before == self.verdict_after:
            lines.append(f"Verdict unchanged: {self.verdict_after or 'no verdict'}.")
        else:
            lines.append(f"Verdict changed: {self.verdict_before or 'no verdict'} → {self.verdict_after}.")
        if self.reasons_added:
            lines.append(f"Reasons now given: {', '.join(self.reasons_added)}.")
        if self.reasons_removed:
            lines.append(f"Reasons no longer given: {', '.join(self.reasons_removed)}.")
        if not self.reasons_added and not self.reasons_removed:
            lines.append("Same reasons as before.")
        before = "unknown" if self.checkpoint_before is None else f"{self.checkpoint_before:,}"
        after = "unknown" if self.checkpoint_after is None else f"{self.checkpoint_after:,}"
        lines.append(f"Checkpoint size then: {before}; now: {after}.")
        return "\n".join(lines)


def compare(original: AuditRecord, as_of: date, result: Mapping[str, object]) -> RerunComparison:
    """What changed between an audit line and a new result for the same input."""
    before = HistoryRow.of(original)
    raw_after = result.get("reasons")
    after = {str(r) for r in raw_after} if isinstance(raw_after, list) else set()
    checkpoint = result.get("checkpoint")
    size_after = checkpoint.get("size") if isinstance(checkpoint, dict) else None
    return RerunComparison(
        original,
        as_of,
        dict(result),
        before.verdict,
        str(result.get("verdict") or ""),
        tuple(sorted(after - set(before.reasons))),
        tuple(sorted(set(before.reasons) - after)),
        before.checkpoint_size,
        size_after if isinstance(size_after, int) else None,
    )


def with_as_of(record: AuditRecord, as_of: date) -> AuditRecord:
    """The same check with its date moved (to run it again as of another day); other input is kept."""
    parsed = _as_object(record.input)
    if parsed is None:
        return record
    return dataclasses.replace(record, input=json.dumps({**parsed, "as_of": as_of.isoformat()}))
