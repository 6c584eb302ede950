"""What a verification report says, as data: a frozen ``ReportContent`` and its canonical JSON (JCS).

The content is everything the supervisor signs: who (officer, approving
supervisor and their registered keys), when, the officer's input, the verdict
with every check (status, reason code, fact), notes, kind-specific tables (a
licence chain, expected vs observed features, a supplier's months), and the
evidence (ledger origin, the signed checkpoint note with its cosignatures, and
for every record used: id, issuer, log index, leaf hash, the credential itself
and a c2sp.org/tlog-proof@v1 proof). ``from_json`` reads it back strictly.

>>> person = Person("A. Officer", None, ())
>>> Person.from_json(person.to_json()) == person
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from ledger_client.credentials import JsonObject, JsonReader, JsonValue, canonicalize, copy_object, parse_json_object
from ledger_client.errors import CredentialFormatError
from workstation.lookups.kind import LookupKind
from workstation.reports.errors import MalformedReportError

SCHEMA = "customs-workstation/verification-report@v1"


def _content_error(member: str, problem: str) -> MalformedReportError:
    return MalformedReportError(f"{member} {problem}", part="content", where=member)


class _Reader(JsonReader):
    """Strict access to one JSON object of a report: every member named is required unless read as optional."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise MalformedReportError(f"{where} is not a JSON object", part="content", where=where)
        super().__init__(value, _content_error, f"{where}.")

    def text(self, name: str) -> str:
        return self._needed(name, self._typed(name, str, "a string"))

    def opt_text(self, name: str) -> str | None:
        return self._typed(name, str, "a string")

    def integer(self, name: str) -> int:
        return self.required_integer(name)

    def opt_integer(self, name: str) -> int | None:
        return self._typed(name, int, "an integer")

    def items(self, name: str) -> list[object]:
        return list(self._needed(name, self._typed(name, list, "a list")))

    def member(self, name: str) -> JsonObject:
        value: JsonObject = self._needed(name, self._typed(name, dict, "an object"))
        return value

    def child(self, name: str) -> _Reader:
        return self.required_child(name)


@dataclass(frozen=True, slots=True)
class Person:
    """An officer or supervisor: the name shown, the registered party id and did:keys (when known)."""

    name: str
    party_id: str | None
    keys: tuple[str, ...]

    def to_json(self) -> JsonObject:
        return {"name": self.name, "party_id": self.party_id, "keys": list(self.keys)}

    @classmethod
    def from_json(cls, value: object, where: str = "person") -> Person:
        r = _Reader(value, where)
        return cls(r.text("name"), r.opt_text("party_id"), r.texts("keys"))


@dataclass(frozen=True, slots=True)
class Check:
    """One check that fired: its status, reason code and the fact behind it (records by id)."""

    status: str
    reason: str
    fact: str
    records: tuple[str, ...] = ()

    def to_json(self) -> JsonObject:
        return {"status": self.status, "reason": self.reason, "fact": self.fact, "records": list(self.records)}

    @classmethod
    def from_json(cls, r: _Reader) -> Check:
        return cls(r.text("status"), r.text("reason"), r.text("fact"), r.texts("records"))


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    text: str

    def to_json(self) -> JsonObject:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True, slots=True)
class Table:
    """A kind-specific table (a licence chain, expected vs observed, a supplier's triggers)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_json(self) -> JsonObject:
        return {"title": self.title, "columns": list(self.columns), "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_json(cls, r: _Reader) -> Table:
        rows = []
        for i, row in enumerate(r.items("rows")):
            if not isinstance(row, list) or not all(isinstance(c, str) for c in row):
                raise MalformedReportError("a table row is not a list of strings", part="content", where=f"row {i}")
            rows.append(tuple(str(c) for c in row))
        return cls(r.text("title"), r.texts("columns"), tuple(rows))


@dataclass(frozen=True, slots=True)
class MonthBar:
    month: str
    issued: int
    revoked: int


@dataclass(frozen=True, slots=True)
class SupplierFacts:
    """A supplier's rating and monthly counts (drawn as a small chart)."""

    party_id: str
    rating: str
    months: tuple[MonthBar, ...]

    def to_json(self) -> JsonObject:
        return {
            "party_id": self.party_id,
            "rating": self.rating,
            "months": [{"month": m.month, "issued": m.issued, "revoked": m.revoked} for m in self.months],
        }

    @classmethod
    def from_json(cls, r: _Reader) -> SupplierFacts:
        months = tuple(
            MonthBar(m.text("month"), m.integer("issued"), m.integer("revoked")) for m in r.children("months")
        )
        return cls(r.text("party_id"), r.text("rating"), months)


@dataclass(frozen=True, slots=True)
class RecordProof:
    """A ledger record the report rests on, with its credential and its inclusion proof.

    Attributes:
        issuer: the signer's did:key; issuer_party: its registered party (None when unknown).
        believed: False for an entry whose credential failed verification (cited as evidence of that).
        leaf_hash: hex of the RFC 6962 leaf hash.
        credential: the logged bytes (JCS text of the secured credential).
        proof: the c2sp.org/tlog-proof@v1 file, as text.
    """

    record_type: str
    record_id: str | None
    credential_id: str | None
    issuer: str | None
    issuer_party: str | None
    log_index: int
    leaf_hash: str
    believed: bool
    credential: str
    proof: str
    vocabulary: str = "trade"  # the credential's vocabulary: ``trade`` (ours) or ``traceability``

    def to_json(self) -> JsonObject:
        return {
            "record_type": self.record_type,
            "vocabulary": self.vocabulary,
            "record_id": self.record_id,
            "credential_id": self.credential_id,
            "issuer": self.issuer,
            "issuer_party": self.issuer_party,
            "log_index": self.log_index,
            "leaf_hash": self.leaf_hash,
            "believed": self.believed,
            "credential": self.credential,
            "proof": self.proof,
        }

    @classmethod
    def from_json(cls, r: _Reader) -> RecordProof:
        return cls(
            r.text("record_type"),
            r.opt_text("record_id"),
            r.opt_text("credential_id"),
            r.opt_text("issuer"),
            r.opt_text("issuer_party"),
            r.integer("log_index"),
            r.text("leaf_hash"),
            r.flag("believed"),
            r.text("credential"),
            r.text("proof"),
            r.opt_text("vocabulary") or "trade",
        )


@dataclass(frozen=True, slots=True)
class EvidenceBundle:
    """The ledger evidence: origin, the signed checkpoint note, the records and the supervisor's registration."""

    origin: str
    checkpoint_size: int
    checkpoint_note: str
    witnesses: tuple[str, ...]
    records: tuple[RecordProof, ...]
    supervisor_registration: RecordProof | None = None

    def to_json(self) -> JsonObject:
        reg = self.supervisor_registration
        return {
            "origin": self.origin,
            "checkpoint_size": self.checkpoint_size,
            "checkpoint_note": self.checkpoint_note,
            "witnesses": list(self.witnesses),
            "records": [r.to_json() for r in self.records],
            "supervisor_registration": None if reg is None else reg.to_json(),
        }

    @classmethod
    def from_json(cls, r: _Reader) -> EvidenceBundle:
        reg = None if r.obj.get("supervisor_registration") is None else r.child("supervisor_registration")
        return cls(
            r.text("origin"),
            r.integer("checkpoint_size"),
            r.text("checkpoint_note"),
            r.texts("witnesses"),
            tuple(RecordProof.from_json(c) for c in r.children("records")),
            None if reg is None else RecordProof.from_json(reg),
        )

    def all_records(self) -> tuple[RecordProof, ...]:
        reg = self.supervisor_registration
        return self.records if reg is None else (*self.records, reg)


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One row of a batch file and its result, as the summary page lists it (every row is signed).

    Attributes:
        row: the row number in the file (the header is row 1).
        entry, line: the ``entry`` and ``line`` cells as written ("" when empty).
        verdict: None for a row that could not be checked; then ``error_field`` and ``error`` say why.
        audit_id: the audit-log line of the row's check (None when it was not checked).
    """

    row: int
    entry: str
    line: str
    verdict: str | None
    reasons: tuple[str, ...]
    audit_id: int | None
    error_field: str | None = None
    error: str | None = None

    def to_json(self) -> JsonObject:
        return {
            "row": self.row,
            "entry": self.entry,
            "line": self.line,
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "audit_id": self.audit_id,
            "error_field": self.error_field,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, r: _Reader) -> BatchLine:
        return cls(
            r.integer("row"),
            r.text("entry"),
            r.text("line"),
            r.opt_text("verdict"),
            r.texts("reasons"),
            r.opt_integer("audit_id"),
            r.opt_text("error_field"),
            r.opt_text("error"),
        )


@dataclass(frozen=True, slots=True)
class LineSection:
    """A batch line whose verdict is not PASS, with what a single origin report says of it.

    Attributes:
        records: the log indices of the records its checks rest on (each in the report's evidence).
    """

    row: int
    audit_id: int
    input: JsonObject
    verdict: str
    summary: str
    reasons: tuple[str, ...]
    checks: tuple[Check, ...]
    notes: tuple[Note, ...]
    tables: tuple[Table, ...]
    records: tuple[int, ...]

    def to_json(self) -> JsonObject:
        return {
            "row": self.row,
            "audit_id": self.audit_id,
            "input": copy_object(self.input),
            "verdict": self.verdict,
            "summary": self.summary,
            "reasons": list(self.reasons),
            "checks": [c.to_json() for c in self.checks],
            "notes": [n.to_json() for n in self.notes],
            "tables": [t.to_json() for t in self.tables],
            "records": list(self.records),
        }

    @classmethod
    def from_json(cls, r: _Reader) -> LineSection:
        return cls(
            row=r.integer("row"),
            audit_id=r.integer("audit_id"),
            input=r.member("input"),
            verdict=r.text("verdict"),
            summary=r.text("summary"),
            reasons=r.texts("reasons"),
            checks=tuple(Check.from_json(c) for c in r.children("checks")),
            notes=tuple(Note(c.text("code"), c.text("text")) for c in r.children("notes")),
            tables=tuple(Table.from_json(c) for c in r.children("tables")),
            records=r.integers("records"),
        )


@dataclass(frozen=True, slots=True)
class BatchContent:
    """A batch of entry lines drafted into one report: every line's result, and a section per line not PASS.

    Attributes:
        file_name: the batch file's name (no folder).
        checkpoint_size, checkpoint_root: the verified checkpoint every line was checked against (its root hash in
            base64, as the checkpoint note writes it).
        lines: every row of the file, in file order.
        sections: one per checked line whose verdict is not PASS, in file order.
    """

    file_name: str
    checkpoint_size: int
    checkpoint_root: str
    lines: tuple[BatchLine, ...]
    sections: tuple[LineSection, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many lines got each verdict; ``MALFORMED`` counts rows that could not be checked."""
        counts: dict[str, int] = {}
        for line in self.lines:
            key = line.verdict or "MALFORMED"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    def to_json(self) -> JsonObject:
        return {
            "file_name": self.file_name,
            "checkpoint_size": self.checkpoint_size,
            "checkpoint_root": self.checkpoint_root,
            "lines": [line.to_json() for line in self.lines],
            "sections": [s.to_json() for s in self.sections],
        }

    @classmethod
    def from_json(cls, r: _Reader) -> BatchContent:
        """Read a batch back; its sections must be exactly its checked lines that are not PASS, as listed."""
        batch = cls(
            r.text("file_name"),
            r.integer("checkpoint_size"),
            r.text("checkpoint_root"),
            tuple(BatchLine.from_json(c) for c in r.children("lines")),
            tuple(LineSection.from_json(c) for c in r.children("sections")),
        )
        listed = [(x.row, x.verdict, x.reasons, x.audit_id) for x in batch.lines if x.verdict not in {None, "PASS"}]
        shown = [(s.row, s.verdict, s.reasons, s.audit_id) for s in batch.sections]
        if listed != shown:
            raise MalformedReportError("the batch's sections are not its lines that are not PASS", part="content",
                                       where="content.batch.sections")  # fmt: skip
        return batch


@dataclass(frozen=True, slots=True)
class ReportContent:
    """Everything a report says; its canonical JSON is what the supervisor signs.

    Attributes:
        created_at: ISO 8601 UTC time the draft was made; approved_at: when it was signed (None for a draft).
        supervisor: the approving supervisor (None until approval).
        input: the officer's input, as typed (JSON).
        verdict: the status (PASS, FAIL, REVIEW, NOT_FOUND, UNVERIFIABLE); reasons: every code that fired.
        remarks: the officer's remarks (free text, shown and signed).
        supersedes: the id of the issued report this one replaces, if any.
        batch: for a report on a batch of entry lines, every line and a section per line not PASS (then
            ``verdict`` is the most severe line verdict, ``reasons`` every code that fired on any line).
    """

    report_id: str
    kind: str
    created_at: str
    officer: Person
    input: JsonObject
    as_of: str
    verdict: str
    summary: str
    reasons: tuple[str, ...]
    checks: tuple[Check, ...]
    notes: tuple[Note, ...]
    tables: tuple[Table, ...]
    evidence: EvidenceBundle
    supplier: SupplierFacts | None = None
    remarks: str = ""
    supersedes: str | None = None
    supervisor: Person | None = None
    approved_at: str | None = None
    batch: BatchContent | None = None

    def to_json(self) -> JsonObject:
        out: JsonObject = {
            "schema": SCHEMA,
            "report_id": self.report_id,
            "kind": self.kind,
            "created_at": self.created_at,
            "approved_at": self.approved_at,
            "officer": self.officer.to_json(),
            "supervisor": None if self.supervisor is None else self.supervisor.to_json(),
            "input": copy_object(self.input),
            "as_of": self.as_of,
            "verdict": self.verdict,
            "summary": self.summary,
            "reasons": list(self.reasons),
            "checks": [c.to_json() for c in self.checks],
            "notes": [n.to_json() for n in self.notes],
            "tables": [t.to_json() for t in self.tables],
            "supplier": None if self.supplier is None else self.supplier.to_json(),
            "remarks": self.remarks,
            "supersedes": self.supersedes,
            "evidence": self.evidence.to_json(),
        }
        if self.batch is not None:  # absent, not null, on a single check's report (its bytes are unchanged)
            out["batch"] = self.batch.to_json()
        return out

    def canonical(self) -> bytes:
        """The JCS (RFC 8785) bytes of the content: what is hashed and signed."""
        return canonicalize(self.to_json())

    def sha256(self) -> bytes:
        return hashlib.sha256(self.canonical()).digest()

    def approved(self, supervisor: Person, registration: RecordProof, at: str) -> ReportContent:
        """This content with its approving supervisor and their proven registration."""
        return replace(
            self,
            supervisor=supervisor,
            approved_at=at,
            evidence=replace(self.evidence, supervisor_registration=registration),
        )

    @classmethod
    def from_json(cls, value: JsonValue) -> ReportContent:
        """Read content back (from a report file or the cache).

        Raises:
            MalformedReportError: a member is missing or of the wrong type.
        """
        r = _Reader(value, "content")
        if r.text("schema") != SCHEMA:
            raise MalformedReportError("the content is not a verification report of a known version", part="content")
        kind = r.text("kind")
        if LookupKind.from_name(kind) is None:
            raise MalformedReportError("the content names an unknown kind of check", part="content")
        supervisor = r.obj.get("supervisor")
        supplier = r.obj.get("supplier")
        batch = None if "batch" not in r.obj else BatchContent.from_json(r.child("batch"))
        evidence = EvidenceBundle.from_json(r.child("evidence"))
        if batch is not None:
            proven = {record.log_index for record in evidence.records}
            if any(index not in proven for s in batch.sections for index in s.records):
                raise MalformedReportError("a batch section cites a record the evidence lacks", part="content",
                                           where="content.batch.sections")  # fmt: skip
        return cls(
            report_id=r.text("report_id"),
            kind=kind,
            created_at=r.text("created_at"),
            officer=Person.from_json(r.obj.get("officer"), "content.officer"),
            input=r.member("input"),
            as_of=r.text("as_of"),
            verdict=r.text("verdict"),
            summary=r.text("summary"),
            reasons=r.texts("reasons"),
            checks=tuple(Check.from_json(c) for c in r.children("checks")),
            notes=tuple(Note(c.text("code"), c.text("text")) for c in r.children("notes")),
            tables=tuple(Table.from_json(c) for c in r.children("tables")),
            evidence=evidence,
            supplier=None if supplier is None else SupplierFacts.from_json(r.child("supplier")),
            remarks=r.text("remarks"),
            supersedes=r.opt_text("supersedes"),
            supervisor=None if supervisor is None else Person.from_json(supervisor, "content.supervisor"),
            approved_at=r.opt_text("approved_at"),
            batch=batch,
        )

    @classmethod
    def from_canonical(cls, data: bytes) -> ReportContent:
        """Parse canonical JSON bytes strictly (duplicate members, lone surrogates... are refused)."""
        try:
            value = parse_json_object(data.decode("utf-8"), what="report content", max_bytes=8 << 20)
        except (UnicodeDecodeError, CredentialFormatError) as exc:
            raise MalformedReportError("the embedded content is not JSON", part="content") from exc
        return cls.from_json(value)
