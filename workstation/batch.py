"""Batch origin checks: a CSV of entry lines in, one verdict per line out, a malformed row never stops the others.

The CSV's header row names the members of the entry-line input (``docs/cli.md``,
"Certificate of origin"); ``entry``, ``importer``, ``origin``, ``hts``,
``import_date`` and ``claim_date`` must be among them. Cells are text: this module
turns ``line`` into a whole number, ``value_usd`` into a number and
``importer_knowledge`` into true or false, leaves an empty cell out, and hands each
row to the lookup runner, which parses it as it parses a typed line. Qt-free: the
CLI and the GUI's batch service share it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date

from ledger_client.credentials import JsonValue
from workstation.lookups.inputs import InputError
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import OriginLine

#: The entry-line members a batch file may name, in the template's order.
COLUMNS = OriginLine.FIELDS
REQUIRED = ("entry", "importer", "origin", "hts", "import_date", "claim_date")
MAX_BATCH_BYTES = 64 * 1024 * 1024
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


class BatchFileError(ValueError):
    """The file as a whole cannot be used (not CSV text, no header, a column that is not an entry-line member)."""


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One data row of the file.

    Attributes:
        row: its row number in the file (the header is row 1, so data starts at 2).
        entry: the ``entry`` cell as written ("" when empty); line: the ``line`` cell as written.
        raw: the entry line, typed, ready for the runner (None when a cell could not be read).
        field, problem: the first cell that could not be read ("row" for a row of the wrong width), and why
            (both None when ``raw`` is set).
    """

    row: int
    entry: str
    raw: dict[str, JsonValue] | None
    field: str | None = None
    problem: str | None = None
    line: str = ""


@dataclass(frozen=True, slots=True)
class LineResult:
    """One line's answer: a verdict with its reasons and audit line, or the field that made it unusable."""

    row: int
    entry: str
    verdict: str | None
    reasons: tuple[str, ...]
    audit_id: int | None
    error_field: str | None = None
    error: str | None = None
    outcome: LookupOutcome | None = field(default=None, compare=False)
    importer: str = ""
    certification: str = ""
    line: str = ""

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "row": self.row,
            "entry": self.entry,
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "audit_id": self.audit_id,
        }
        if self.error is not None:
            out["error"] = {"field": self.error_field, "message": self.error}
        return out


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Every line's result, in file order, and the checkpoint they rest on."""

    checkpoint: Mapping[str, object]
    as_of: date | None
    results: tuple[LineResult, ...]

    @property
    def summary(self) -> dict[str, int]:
        """How many lines got each verdict; ``MALFORMED`` counts lines that could not be checked."""
        counts = Counter(r.verdict or "MALFORMED" for r in self.results)
        return dict(sorted(counts.items()))

    def to_json(self) -> dict[str, object]:
        return {
            "checkpoint": dict(self.checkpoint),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "results": [r.to_json() for r in self.results],
            "summary": self.summary,
        }

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["row", "entry", "verdict", "reasons", "audit_id", "error_field", "error"])
        for r in self.results:
            cells = (r.row, _text_cell(r.entry), r.verdict or "", " ".join(r.reasons), r.audit_id or "")
            writer.writerow([*cells, r.error_field or "", _text_cell(r.error or "")])
        return buffer.getvalue()


def _text_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _cell(name: str, text: str) -> JsonValue:
    """One cell as the entry-line input wants it. Raises InputError naming the field."""
    if name == "line":
        if not text.isdigit():
            raise InputError("line", "a line number is a positive whole number")
        return int(text)
    if name == "value_usd":
        try:
            return float(text.replace(",", ""))
        except ValueError:
            raise InputError("value_usd", f"{text!r} is not a number") from None
    if name == "importer_knowledge":
        folded = text.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise InputError("importer_knowledge", f"{text!r} is not true or false")
    return text


def read_batch(data: bytes) -> list[BatchRow]:
    """Parse a batch file (UTF-8, with or without a byte-order mark).

    Raises:
        BatchFileError: the file is too large, not UTF-8 CSV, has no header, or names an unknown or missing column.
    """
    if len(data) > MAX_BATCH_BYTES:
        raise BatchFileError(f"the file is larger than {MAX_BATCH_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchFileError(f"the file is not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise BatchFileError("the file is empty: a header row naming the columns is needed") from None
    except csv.Error as exc:
        raise BatchFileError(f"row 1: {exc}") from None
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise BatchFileError(f"row 1: {unknown[0]!r} is not an entry-line column (allowed: {', '.join(COLUMNS)})")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise BatchFileError(f"row 1: the column {missing[0]!r} is missing")
    repeated = [h for h, n in Counter(header).items() if n > 1]
    if repeated:
        raise BatchFileError(f"row 1: the column {repeated[0]!r} is named twice")
    return list(_rows(reader, header))


def _rows(reader: Iterator[list[str]], header: Sequence[str]) -> Iterator[BatchRow]:
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BatchRow(number, "", None, "row", f"row {number}: {exc}")
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line between blocks of lines
        named = dict(zip(header, (c.strip() for c in cells), strict=False))
        entry, line = named.get("entry", ""), named.get("line", "")
        if len(cells) != len(header):
            yield BatchRow(number, entry, None, "row", f"{len(cells)} cells for {len(header)} columns", line)
            continue
        try:
            raw = {name: _cell(name, text) for name, text in named.items() if text}
        except InputError as exc:
            yield BatchRow(number, entry, None, exc.field, exc.problem, line)
            continue
        yield BatchRow(number, entry, raw, line=line)


Check = Callable[[dict[str, JsonValue], date | None], LookupOutcome]


def run_batch(
    rows: Sequence[BatchRow],
    check: Check,
    as_of: date | None,
    checkpoint: Callable[[], Mapping[str, object]],
    *,
    progress: Callable[[int, int], None] | None = None,
    group: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext,
    chunk: int = 100,
) -> BatchResult:
    """Check every usable row; an unusable one is reported with its field and the rest go on.

    Args:
        rows: from :func:`read_batch`.
        check: the runner's origin check of a typed line (it writes the audit line).
        as_of: the date to judge at (None: the runner's default, today).
        checkpoint: the checkpoint facts, read when no line produced an outcome.
        progress: called with (lines done, lines in all) after each line.
        group: opens a block whose audit lines are written together (the audit log's ``group``).
        chunk: lines per block (a crash loses at most one block's audit lines, and prints nothing for them).

    Raises:
        LookupBlockedError, CheckpointTooOldError: no verdict can be given at all (the batch stops).
    """
    results: list[LineResult] = []
    for start in range(0, len(rows), chunk):
        with group():
            for row in rows[start : start + chunk]:
                results.append(_check_row(row, check, as_of))
                if progress is not None:
                    progress(len(results), len(rows))
    first = next((r.outcome for r in results if r.outcome is not None), None)
    facts = None if first is None else {"size": first.checkpoint.size, "age_seconds": first.checkpoint.age_seconds}
    return BatchResult(facts if facts is not None else checkpoint(), as_of, tuple(results))


def _check_row(row: BatchRow, check: Check, as_of: date | None) -> LineResult:
    if row.raw is None:
        return LineResult(row.row, row.entry, None, (), None, row.field, row.problem, line=row.line)
    importer, certification = str(row.raw.get("importer", "")), str(row.raw.get("certification", ""))
    try:
        outcome = check(row.raw, as_of)
    except InputError as exc:
        field_name = exc.field or "entry line"
        return LineResult(row.row, row.entry, None, (), None, field_name, exc.problem, importer=importer,
                          certification=certification, line=row.line)  # fmt: skip
    reasons = tuple(sorted(r.value for r in outcome.verdict.reasons))
    status = outcome.verdict.status.value
    return LineResult(
        row.row,
        row.entry,
        status,
        reasons,
        outcome.audit_id,
        outcome=outcome,
        importer=importer,
        certification=certification,
        line=row.line,
    )


def write_results(result: BatchResult, suffix: str) -> str:
    """The results as a file's text: ``.json`` (the printed object) or ``.csv`` (one row per line)."""
    if suffix == ".json":
        return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    if suffix == ".csv":
        return result.to_csv()
    raise ValueError(f"results are written as .csv or .json, not {suffix or 'a file without a suffix'}")
