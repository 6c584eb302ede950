"""What can be wrong with a report, a report key or a report's workflow step: one class per meaning.

Every class carries a stable ``REASON`` code (the JSON ``reason`` of ``workstation
verify-report``) and its evidence as attributes. Text read from a report file is
untrusted: it is kept in attributes and handed over by ``details()``, never put
in ``str(exc)`` or ``user_message()``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ledger_client import LedgerError


class ReportError(LedgerError):
    """Anything wrong with a report file, a report key or a workflow step."""

    REASON = "REPORT_ERROR"
    USER_MESSAGE = "The report cannot be used."

    def __init__(self, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.evidence = dict(evidence)

    @property
    def reason(self) -> str:
        return self.REASON

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "reason": self.REASON, **self.evidence}


# ---------------------------------------------------------------------------- verification of a report file


class ReportVerificationError(ReportError):
    """A report file does not verify: it is not what it claims to be."""

    REASON = "REPORT_INVALID"
    USER_MESSAGE = "The report does not verify."


class ReportUnreadableError(ReportVerificationError):
    """The report file cannot be read at all (``path``; ``problem`` is the system's reason)."""

    REASON = "UNREADABLE"
    USER_MESSAGE = "The report file cannot be read."


class NotAPdfError(ReportVerificationError):
    """The file does not start like a PDF."""

    REASON = "NOT_A_PDF"
    USER_MESSAGE = "The file is not a PDF."


class TruncatedReportError(ReportVerificationError):
    """The file starts like a PDF but its end is missing."""

    REASON = "TRUNCATED"
    USER_MESSAGE = "The report file is incomplete (truncated)."


class MalformedReportError(ReportVerificationError):
    """The PDF, or a file embedded in it, cannot be read (``part`` says which)."""

    REASON = "MALFORMED_REPORT"
    USER_MESSAGE = "The report file is damaged or is not a verification report."


class MissingAttachmentError(ReportVerificationError):
    """A file every report embeds is absent (``name``)."""

    REASON = "MISSING_ATTACHMENT"
    USER_MESSAGE = "The report lacks a file every verification report embeds."


class ContentSignatureError(ReportVerificationError):
    """The signature does not verify over the embedded canonical content (the content was changed)."""

    REASON = "SIGNATURE_INVALID"
    USER_MESSAGE = "The report's content does not match its signature: it was changed after approval."


class SignerMismatchError(ReportVerificationError):
    """The signature is by another key than the supervisor key the content names."""

    REASON = "SIGNER_MISMATCH"
    USER_MESSAGE = "The report was signed by another key than the approving supervisor's."


class UnregisteredSupervisorError(ReportVerificationError):
    """The signing key is not a supervisor key registered by CBP in the embedded, proven registration."""

    REASON = "SIGNER_NOT_SUPERVISOR"
    USER_MESSAGE = "The report was not signed by a supervisor registered on the ledger."


class CheckpointNotTrustedError(ReportVerificationError):
    """The embedded checkpoint does not verify under the pinned trust roots (another log, key or witnesses)."""

    REASON = "CHECKPOINT_NOT_TRUSTED"
    USER_MESSAGE = "The report's ledger checkpoint is not from the trusted ledger, or is not properly signed."


class ProofMismatchError(ReportVerificationError):
    """An embedded proof or record file differs from what the signed content says (``name``)."""

    REASON = "PROOF_MISMATCH"
    USER_MESSAGE = "A proof embedded in the report does not match the signed content."


class ProofInvalidError(ReportVerificationError):
    """A record's inclusion proof does not verify against the embedded checkpoint (``log_index``)."""

    REASON = "PROOF_INVALID"
    USER_MESSAGE = "A record's proof does not show that it is in the ledger."


class VisibleTextMismatchError(ReportVerificationError):
    """The printed pages do not state the signed id, verdict or reasons (``missing`` lists what)."""

    REASON = "VISIBLE_TEXT_MISMATCH"
    USER_MESSAGE = "The printed text of the report does not match its signed content."


class DocumentAlteredError(ReportVerificationError):
    """The file's bytes changed after the supervisor sealed it (or the seal is absent or broken)."""

    REASON = "DOCUMENT_ALTERED"
    USER_MESSAGE = "The report file was changed after it was signed."


class QrMismatchError(ReportVerificationError):
    """A scanned QR payload does not match the report, or its signature does not verify."""

    REASON = "QR_MISMATCH"
    USER_MESSAGE = "The QR code does not match this report."


class QrSignatureError(ReportVerificationError):
    """A scanned QR payload's signature does not verify over its report id, content hash and signer.

    One of them was altered (or the whole code forged): none of the payload's fields can be believed.
    """

    REASON = "QR_SIGNATURE_INVALID"
    USER_MESSAGE = (
        "The QR code's signature does not cover its report id, content hash and signer: the code was altered."
    )


class MalformedQrError(ReportVerificationError):
    """A scanned QR payload is not a report QR payload (``problem``: format, report_id, base64, length)."""

    REASON = "MALFORMED_QR"
    USER_MESSAGE = "The scanned text is not a verification report's QR code."


class UnboundQrFormatError(MalformedQrError):
    """A ``CWR1`` payload: its signature covered the content hash only, not the report id or the signer.

    Refused: such a code cannot show which report it belongs to.
    """

    REASON = "QR_FORMAT_UNBOUND"
    USER_MESSAGE = "The QR code is in an old format whose signature does not cover the report id; it is not accepted."


# ---------------------------------------------------------------------------- supervisor keys


class ReportKeyError(ReportError):
    """A supervisor key file cannot be used (``problem``: unreadable, malformed, permissions, unprotected)."""

    REASON = "KEY_FILE"
    USER_MESSAGE = "The supervisor key file cannot be used."


class WrongKeyPassphraseError(ReportKeyError):
    """The passphrase does not open the supervisor key file."""

    REASON = "WRONG_PASSPHRASE"
    USER_MESSAGE = "The passphrase does not open this supervisor key."


# ---------------------------------------------------------------------------- building and the workflow


class ReportFileWriteError(ReportError):
    """A report file could not be written where the officer asked (``problem`` is the system's reason)."""

    REASON = "NOT_WRITTEN"
    USER_MESSAGE = "The report could not be written to that file. Choose another folder or file name."


class ReportBuildError(ReportError):
    """A report cannot be built from this check (``problem`` says why: no checkpoint, record missing...)."""

    REASON = "CANNOT_BUILD"
    USER_MESSAGE = "A report cannot be built from this check."


class NotASupervisorError(ReportBuildError):
    """The key offered for approval is not registered by CBP to a supervisor on the mirrored ledger."""

    REASON = "NOT_A_SUPERVISOR"
    USER_MESSAGE = "This key is not registered on the ledger as a supervisor's."


class CheckpointMovedError(ReportBuildError):
    """The mirror verified a newer checkpoint after the batch was checked: its lines rest on an older one."""

    REASON = "CHECKPOINT_MOVED"
    USER_MESSAGE = "The ledger was synchronized after the batch was checked: check the batch again, then draft."


class ReportNotFoundError(ReportError):
    """No draft or issued report has this id."""

    REASON = "NOT_FOUND"
    USER_MESSAGE = "There is no report with this id."


class ReportStateError(ReportError):
    """The step is not allowed in the report's state (an approved report cannot be edited, only superseded)."""

    REASON = "WRONG_STATE"
    USER_MESSAGE = "This step is not allowed for the report in its current state."
