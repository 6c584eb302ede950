"""Checking a report file offline: signature, supervisor, checkpoint, every proof, the printed text, the seal.

``verify_report(data, trust)`` takes the PDF's bytes and the pinned trust file and
either returns a ``ReportVerification`` or raises the ``ReportVerificationError``
subclass of the first check that fails, in this order:

1. the file is a whole PDF (``NOT_A_PDF``, ``TRUNCATED``, ``MALFORMED_REPORT``) with its
   embedded files (``MISSING_ATTACHMENT``);
2. the signature verifies over ``content.json`` (``SIGNATURE_INVALID``) and is by the
   approving supervisor's key the content names (``SIGNER_MISMATCH``);
3. the embedded checkpoint verifies under the pinned log key and witness quorum
   (``CHECKPOINT_NOT_TRUSTED``);
4. every record's embedded files equal the signed ones (``PROOF_MISMATCH``) and its
   proof shows it under that checkpoint (``PROOF_INVALID``);
5. the supervisor's ``PartyRegistration`` (embedded and proven in 4) is signed by a
   pinned CBP key and binds the signing key to a party with the supervisor role
   (``SIGNER_NOT_SUPERVISOR``);
6. the pages' text states the signed report id, verdict and reason codes
   (``VISIBLE_TEXT_MISMATCH``);
7. the seal covers every byte before it, and nothing but the seal follows (``DOCUMENT_ALTERED``).

Witness cosignature age is not checked: a report is checked long after it was signed.

All of this holds *as of the report's checkpoint*: the supervisor's registration is the
one proven there. With a mirror at hand, :func:`supervisor_standing` also compares it with
the supervisor's registration in the current mirror and says what changed since (a key
removed or replaced, the supervisor role withdrawn) and when; the report stays what it was.
"""

from __future__ import annotations

import enum
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pypdf import PageObject, PdfReader

import ledger_client
from ledger_client import proofs
from ledger_client.credentials import parse_json_object
from ledger_client.errors import CredentialFormatError
from trade.record_source import RecordSource
from trade.record_types import CBP_PARTY, PartyRole
from workstation.reports import pdf, pdf_batch
from workstation.reports.content import BatchContent, Person, RecordProof, ReportContent
from workstation.reports.errors import (
    CheckpointNotTrustedError,
    ContentSignatureError,
    MalformedReportError,
    MissingAttachmentError,
    NotAPdfError,
    ProofInvalidError,
    ProofMismatchError,
    ReportVerificationError,
    SignerMismatchError,
    TruncatedReportError,
    UnregisteredSupervisorError,
    VisibleTextMismatchError,
)
from workstation.reports.qr import QrPayload
from workstation.reports.seal import SEAL_NAME, check_seal
from workstation.reports.signing import ReportSignature, verify_signature

MAX_REPORT_BYTES = 64 * 1024 * 1024
SUPERVISOR_ROLE = "supervisor"


@dataclass(frozen=True, slots=True)
class ReportVerification:
    """A report that passed every check."""

    content: ReportContent
    signature: ReportSignature
    supervisor: Person
    sealed_length: int
    #: The supervisor's registration in a current mirror (None when checked offline).
    standing: SupervisorStanding | None = None

    def to_json(self) -> dict[str, object]:
        c = self.content
        registration = c.evidence.supervisor_registration
        return {
            "valid": True,
            "report_id": c.report_id,
            "kind": c.kind,
            "verdict": c.verdict,
            "reasons": list(c.reasons),
            "as_of": c.as_of,
            "approved_at": c.approved_at,
            "supervisor": self.supervisor.to_json(),
            "signer": self.signature.signer,
            "content_sha256": self.signature.content_sha256.hex(),
            "ledger": {"origin": c.evidence.origin, "checkpoint_size": c.evidence.checkpoint_size},
            "records_proven": len(c.evidence.all_records()),
            "supersedes": c.supersedes,
            "supervisor_checked": {
                "as_of_checkpoint_size": c.evidence.checkpoint_size,
                "registration_log_index": registration.log_index if registration is not None else None,
                "since_then": "not checked (no mirror)" if self.standing is None else self.standing.change.value,
            },
            **({} if self.standing is None else {"supervisor_now": self.standing.to_json()}),
            **({} if c.batch is None else {"batch": _batch_json(c.batch)}),
        }


def _batch_json(b: BatchContent) -> dict[str, object]:
    """What a verified batch report covers: the file, its lines per verdict, its sections' rows."""
    return {
        "file_name": b.file_name,
        "lines": len(b.lines),
        "counts": b.counts,
        "section_rows": [s.row for s in b.sections],
    }


class SupervisorChange(enum.StrEnum):
    """What became of the signing supervisor's registration after the report's checkpoint."""

    UNCHANGED = "unchanged"  # the registration proven in the report is still the latest
    REREGISTERED = "reregistered"  # registered again since, still with this key and the supervisor role
    KEY_REMOVED = "key_removed"  # registered again since without the signing key (revoked or replaced)
    ROLE_REMOVED = "role_removed"  # registered again since without the supervisor role
    NOT_IN_MIRROR = "not_in_mirror"  # the mirror holds no CBP registration of the party (it is behind the report)


@dataclass(frozen=True, slots=True)
class SupervisorStanding:
    """The signing supervisor's registration in the current mirror, compared with the one the report proves.

    Attributes:
        party_id: the supervisor's party.
        change: what changed since the report's checkpoint.
        mirror_size: the size of the mirror's verified checkpoint the comparison was made at.
        log_index: the log index of the party's current registration (None when absent).
        changed_on: the ``validFrom`` date of that registration, when it differs from the report's.
    """

    party_id: str
    change: SupervisorChange
    mirror_size: int
    log_index: int | None
    changed_on: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "party_id": self.party_id,
            "change": self.change.value,
            "changed_on": self.changed_on,
            "log_index": self.log_index,
            "mirror_size": self.mirror_size,
        }


def _valid_from(mirror: ledger_client.Mirror, log_index: int) -> str | None:
    """The date part of a mirrored credential's ``validFrom`` (None when it has none)."""
    stored = mirror.entry(log_index)
    if stored is None:
        return None
    try:
        document = parse_json_object(stored.entry.decode("utf-8"), what="registration")
    except (UnicodeDecodeError, CredentialFormatError):
        return None
    valid_from = document.get("validFrom")
    return valid_from[:10] if isinstance(valid_from, str) else None


def supervisor_standing(
    verification: ReportVerification, index: RecordSource, mirror: ledger_client.Mirror
) -> SupervisorStanding:
    """Compare the report's proven supervisor registration with the party's latest one in the mirror."""
    supervisor = verification.supervisor
    proven = verification.content.evidence.supervisor_registration
    party_id = supervisor.party_id or ""
    current = index.party(party_id)
    size = mirror.entry_count()
    if current is None or current.provenance.signer_party != CBP_PARTY:
        return SupervisorStanding(party_id, SupervisorChange.NOT_IN_MIRROR, size, None, None)
    at = current.provenance.log_index
    if proven is not None and at == proven.log_index:
        return SupervisorStanding(party_id, SupervisorChange.UNCHANGED, size, at, None)
    if verification.signature.signer not in current.keys:
        change = SupervisorChange.KEY_REMOVED
    elif PartyRole.SUPERVISOR not in current.roles:
        change = SupervisorChange.ROLE_REMOVED
    else:
        change = SupervisorChange.REREGISTERED
    return SupervisorStanding(party_id, change, size, at, _valid_from(mirror, at))


def failure_json(exc: ReportVerificationError) -> dict[str, object]:
    """The JSON of a failed check: its reason code, our message, and the evidence as data."""
    return {
        "valid": False,
        "reason": exc.reason,
        "error": type(exc).__name__,
        "message": exc.user_message(),
        "details": {k: v for k, v in exc.details().items() if k not in {"error", "reason"}},
    }


def _open(data: bytes) -> tuple[PdfReader, dict[str, bytes]]:
    if not data.startswith(b"%PDF-"):
        raise NotAPdfError("the file does not start with %PDF-", size=len(data))
    if len(data) > MAX_REPORT_BYTES:
        raise MalformedReportError("the file is larger than any report", part="pdf", size=len(data))
    if b"%%EOF" not in data[-1024:]:
        raise TruncatedReportError("the file has no end-of-file marker", size=len(data))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        files: dict[str, bytes] = {}
        for name, versions in reader.attachments.items():
            if len(versions) != 1 or name in files:
                raise MalformedReportError("an embedded file name appears twice", part="attachments", name=name)
            files[name] = versions[0]
    except ReportVerificationError:
        raise
    except Exception as exc:
        raise MalformedReportError("the PDF cannot be read", part="pdf", cause=type(exc).__name__) from exc
    for name in (pdf.CONTENT_NAME, pdf.SIGNATURE_NAME, SEAL_NAME):
        if name not in files:
            raise MissingAttachmentError("an embedded file is missing", name=name)
    return reader, files


def _checkpoint(content: ReportContent, trust: ledger_client.TrustConfig) -> ledger_client.VerifiedCheckpoint:
    note = content.evidence.checkpoint_note.encode("utf-8")
    try:
        verified = ledger_client.verify_checkpoint(note, trust.log_trust())
    except (ledger_client.LedgerError, ValueError) as exc:
        raise CheckpointNotTrustedError(
            "the checkpoint does not verify under the pinned trust", cause=type(exc).__name__,
            expected_origin=trust.origin, claimed_origin=content.evidence.origin,
        ) from exc  # fmt: skip
    if verified.size != content.evidence.checkpoint_size or verified.origin != content.evidence.origin:
        raise CheckpointNotTrustedError("the content's checkpoint facts differ from the signed note")
    return verified


def _record(record: RecordProof, files: Mapping[str, bytes], checkpoint: ledger_client.VerifiedCheckpoint) -> None:
    entry, proof = record.credential.encode("utf-8"), record.proof.encode("utf-8")
    for name, signed in ((pdf.record_name(record.log_index), entry), (pdf.proof_name(record.log_index), proof)):
        if files.get(name) != signed:
            raise ProofMismatchError("an embedded file differs from the signed content", name=name)
    if proofs.leaf_hash(entry).hex() != record.leaf_hash:
        raise ProofInvalidError("the record does not hash to its leaf hash", log_index=record.log_index)
    try:
        parsed = proofs.parse_proof_file(proof)
    except ledger_client.MalformedResponseError as exc:
        raise ProofInvalidError("the proof is not a tlog-proof@v1 file", log_index=record.log_index) from exc
    if parsed.index != record.log_index:
        raise ProofInvalidError("the proof is for another log index", log_index=record.log_index)
    if parsed.checkpoint_note != checkpoint.signed_note:
        raise ProofInvalidError("the proof rests on another checkpoint", log_index=record.log_index)
    try:
        proofs.verify_entry(entry, parsed.index, parsed.proof, checkpoint)
    except ledger_client.InclusionProofError as exc:
        raise ProofInvalidError("the inclusion proof does not verify", log_index=record.log_index) from exc


def _supervisor(content: ReportContent, signer: str, trust: ledger_client.TrustConfig) -> Person:
    supervisor, reg = content.supervisor, content.evidence.supervisor_registration
    if supervisor is None or reg is None:
        raise UnregisteredSupervisorError("the report carries no supervisor registration", signer=signer)
    facts = proofs.examine(reg.credential.encode("utf-8"))
    if isinstance(facts, proofs.BadSignature):
        raise UnregisteredSupervisorError("the embedded registration does not verify", signer=signer)
    if facts.issuer not in trust.issuer_keys or facts.registration is None:
        raise UnregisteredSupervisorError("the registration is not signed by a pinned CBP key", signer=signer)
    if signer not in facts.registration.keys or facts.registration.party != supervisor.party_id:
        raise UnregisteredSupervisorError("the registration does not bind the signing key", signer=signer)
    try:
        document = parse_json_object(reg.credential, what="registration")
    except CredentialFormatError as exc:  # examine() parsed it already; kept for the type checker
        raise UnregisteredSupervisorError("the registration is not JSON", signer=signer) from exc
    subject = document.get("credentialSubject")
    roles = subject.get("roles") if isinstance(subject, dict) else None
    if not isinstance(roles, list) or SUPERVISOR_ROLE not in roles:
        raise UnregisteredSupervisorError("the signing key's party is not registered as a supervisor", signer=signer)
    return supervisor


def visible_text(reader: PdfReader, pages: int | None = None) -> str:
    """The text of the first ``pages`` pages (all by default), whitespace collapsed, as pypdf extracts it."""
    return " ".join(_page_text(page) for page in list(reader.pages)[:pages])


def _page_text(page: PageObject) -> str:
    try:
        text = page.extract_text()
    except Exception as exc:
        raise MalformedReportError("the pages' text cannot be read", part="pages", cause=type(exc).__name__) from exc
    return re.sub(r"\s+", " ", text)


def stated_lines(content: ReportContent) -> tuple[str, ...]:
    """The lines the pages must state (as ``pdf_story.statement`` prints them)."""
    lines: tuple[str, ...] = (
        f"Report id: {content.report_id}",
        f"Verdict: {content.verdict}",
        f"Reason codes: {', '.join(content.reasons) if content.reasons else 'none'}",
    )
    if content.batch is not None:  # and each section's statement (``pdf_batch.section_lines``)
        lines = (*lines, *(line for s in content.batch.sections for line in pdf_batch.section_lines(s)))
    return lines if content.supplier is None else (*lines, f"Supplier rating: {content.supplier.rating}")


def _check_text(reader: PdfReader, content: ReportContent) -> None:
    sections = () if content.batch is None else content.batch.sections
    wanted = [*stated_lines(content), *(c.reason for c in content.checks)]
    wanted.extend(dict.fromkeys(c.reason for s in sections for c in s.checks))
    first = visible_text(reader, 1)  # the statement and the checks open a report: usually one page suffices
    missing = [line for line in wanted if line not in first]
    # The other pages from the last back, until every line is found: a batch's sections follow its table of
    # every line, whose pages are then never read. A line is never split across pages (each is one table row).
    for page in reversed(list(reader.pages)[1:]):
        if not missing:
            break
        text = _page_text(page)
        missing = [line for line in missing if line not in text]
    if missing:
        raise VisibleTextMismatchError("the pages do not state the signed content", missing=missing)


def verify_report(data: bytes, trust: ledger_client.TrustConfig) -> ReportVerification:
    """Check a report file offline against the pinned trust roots (see the module's steps).

    Raises:
        ReportVerificationError: the subclass of the first check that fails.
    """
    reader, files = _open(data)
    signature = ReportSignature.from_bytes(files[pdf.SIGNATURE_NAME])
    canonical = files[pdf.CONTENT_NAME]
    verify_signature(canonical, signature)
    content = ReportContent.from_canonical(canonical)
    if content.canonical() != canonical:
        raise MalformedReportError("the embedded content is not in canonical form", part="content")
    if signature.report_id != content.report_id:
        raise ContentSignatureError("the signature names another report", report_id=signature.report_id)
    if content.supervisor is None or signature.signer not in content.supervisor.keys:
        raise SignerMismatchError("the signer is not the approving supervisor", signer=signature.signer)
    checkpoint = _checkpoint(content, trust)
    if files.get(pdf.CHECKPOINT_NAME) != checkpoint.signed_note:
        raise ProofMismatchError("the embedded checkpoint differs from the signed one", name=pdf.CHECKPOINT_NAME)
    for record in content.evidence.all_records():
        _record(record, files, checkpoint)
    supervisor = _supervisor(content, signature.signer, trust)
    _check_text(reader, content)
    length = check_seal(data, files[SEAL_NAME], signature.signer)
    return ReportVerification(content, signature, supervisor, length)


def verify_qr(text: str, data: bytes | None, trust: ledger_client.TrustConfig | None) -> QrPayload:
    """Check a scanned QR payload: its own signature, and with a report file, that it is that report's.

    Without ``data`` the caller must still check that ``payload.signer`` is a registered supervisor.

    Raises:
        MalformedQrError (UnboundQrFormatError for a CWR1 code), QrSignatureError, QrMismatchError,
        or the report's own ReportVerificationError.
    """
    payload = QrPayload.parse(text)
    payload.check_signature()
    if data is not None:
        assert trust is not None, "a report file is checked against a trust file"
        payload.check_against(verify_report(data, trust).signature)
    return payload


@dataclass(frozen=True, slots=True)
class QrCheck:
    """A scanned QR code checked without the report file: its signature, by a registered supervisor.

    Every field it reports is authenticated: the signature covers the report id, the content
    hash and the signer together, and the mirrored ledger says the signer is a supervisor
    registered by CBP. It says that this supervisor signed a report with this id and content
    hash; the officer compares the id with the paper in hand.
    """

    payload: QrPayload
    supervisor_id: str
    supervisor_name: str

    def to_json(self) -> dict[str, object]:
        return {
            "valid": True,
            "checked": "qr_signature_by_registered_supervisor",
            "note": (
                "the signature covers the report id, content hash and signer, and the signer is a supervisor "
                "registered by CBP on the mirrored ledger; compare the report id with the paper"
            ),
            "report_id": self.payload.report_id,
            "content_sha256": self.payload.content_sha256.hex(),
            "signer": self.payload.signer,
            "supervisor": {"party_id": self.supervisor_id, "name": self.supervisor_name},
        }


def verify_qr_on_ledger(text: str, index: RecordSource) -> QrCheck:
    """Check a scanned QR payload against the mirrored ledger (no report file at hand).

    Raises:
        MalformedQrError: not a CWR2 report QR payload (UnboundQrFormatError: an old CWR1 one).
        QrSignatureError: the signature does not verify over the id, hash and signer.
        UnregisteredSupervisorError: the signer is not a supervisor CBP registered on the ledger.
    """
    payload = verify_qr(text, None, None)
    party = next(
        (
            p
            for p in index.parties_with_key(payload.signer)
            if PartyRole.SUPERVISOR in p.roles and p.provenance.signer_party == CBP_PARTY
        ),
        None,
    )
    if party is None:
        raise UnregisteredSupervisorError(
            "the QR signer is not a supervisor on the mirrored ledger", signer=payload.signer
        )
    return QrCheck(payload, party.party_id, party.legal_name)
