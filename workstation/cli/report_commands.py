"""``workstation verify-report`` and ``workstation report``: check a signed report; issue one headless.

``verify-report FILE.pdf [--trust TRUST.json]`` prints one JSON object: ``{"valid": true, ...}``
or ``{"valid": false, "reason": CODE, ...}``; exit 0 valid, 1 invalid, 2 usage.
The checks hold as of the report's embedded checkpoint; with an explicit ``--profile`` the
supervisor's registration is also compared with the profile's current mirror, and a later
revocation or replacement is reported with its date (``supervisor_now``).
``verify-report --qr TEXT [FILE.pdf]`` checks a scanned QR payload against the file, or
without one, against the profile's mirrored ledger (is the signer a registered supervisor?).

``report --check-audit-id N --supervisor-key KEY --out FILE.pdf`` re-runs the audited
check on the mirror, drafts a report, approves it with the key and writes the PDF;
``report --draft ID ...`` approves a stored draft instead (a batch's, from
``check origin --batch LINES.csv --draft-report``) and writes its PDF.
"""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import replace
from pathlib import Path

import ledger_client
from workstation import profiles, session
from workstation.cli import exits
from workstation.cli.opening import open_profile
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.runner import LookupRunner, NotACheckError
from workstation.reports import keystore
from workstation.reports.errors import ReportError, ReportVerificationError
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.verify import (
    ReportVerification,
    failure_json,
    supervisor_standing,
    verify_qr,
    verify_qr_on_ledger,
    verify_report,
)
from workstation.reports.workflow import ReportWorkflow, StoredReport
from workstation.store.audit import AuditRecord

INVALID = 1
KEY_PASSPHRASE_ENV = "WORKSTATION_KEY_PASSPHRASE"  # noqa: S105 - a variable name


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("verify-report", help="check a signed verification report offline (exit 0 valid, 1 invalid)")
    p.add_argument("file", nargs="?", type=Path, help="the report PDF")
    p.add_argument("--trust", type=Path, help="TRUST.json (default: the profile's pinned trust)")
    p.add_argument("--qr", help="a scanned QR payload (CWR2;...) to check against FILE or the mirrored ledger")
    p.set_defaults(run=run_verify)
    r = sub.add_parser(
        "report", help="issue a signed report on an audited check (draft + approve, headless), or approve a draft"
    )
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--check-audit-id", type=int, help="the audit_id a 'workstation check' printed")
    which.add_argument("--draft", metavar="REPORT_ID", help="a stored draft (e.g. check origin --batch --draft-report)")
    r.add_argument("--supervisor-key", type=Path, required=True, help="the supervisor's key file")
    r.add_argument("--key-passphrase-file", type=Path, help=f"its passphrase (or ${KEY_PASSPHRASE_ENV}, or a prompt)")
    r.add_argument("--out", type=Path, required=True, help="the PDF to write (must not exist)")
    r.add_argument("--page-size", choices=("letter", "a4"), default="letter")
    r.add_argument("--remarks", default="", help="the officer's remarks, printed and signed")
    r.add_argument("--supersedes", help="the id of an approved report this one replaces")
    r.set_defaults(run=run_report)
    k = sub.add_parser("protect-supervisor-key", help="write a passphrase-protected copy of a plain key file")
    k.add_argument("plain", type=Path)
    k.add_argument("out", type=Path)
    k.add_argument("--key-passphrase-file", type=Path)
    k.set_defaults(run=run_protect)


# ---------------------------------------------------------------------------- verify-report


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise exits.UsageError(f"cannot read the {what} {path}: {exc.strerror}") from exc


def _trust(args: argparse.Namespace) -> ledger_client.TrustConfig:
    if args.trust is not None:
        return session.parse_trust(_read(args.trust, "trust file"))
    profile = profiles.Profile.named(args.profile)
    try:
        settings = profile.load_settings()
    except profiles.ProfileError as exc:
        raise exits.UsageError("give --trust TRUST.json (this profile has no pinned trust yet)") from exc
    return session.parse_trust(dict(settings.trust))


def run_verify(args: argparse.Namespace) -> int:
    if args.file is None and args.qr is None:
        raise exits.UsageError("give a report FILE.pdf, or --qr TEXT")
    try:
        if args.qr is not None and args.file is None:
            return _qr_on_ledger(args)
        data = _read(args.file, "report")
        trust = _trust(args)
        payload = verify_qr(args.qr, data, trust) if args.qr is not None else None
        verified = verify_report(data, trust)
        answer = verified.to_json()
        if payload is not None:
            answer.update(qr="matches", qr_report_id=payload.report_id)
        if getattr(args, "profile_given", False):
            answer.update(_with_standing(args, verified).to_json())
        exits.emit(answer)
    except ReportVerificationError as exc:
        exits.emit(failure_json(exc))
        return INVALID
    return exits.RAN


def _with_standing(args: argparse.Namespace, verified: ReportVerification) -> ReportVerification:
    """``verified`` with what the profile's current mirror says of the supervisor since the report's checkpoint."""
    opened = open_profile(args)
    try:
        return replace(verified, standing=supervisor_standing(verified, opened.trade_view().source(), opened.mirror))
    finally:
        opened.close()


def _qr_on_ledger(args: argparse.Namespace) -> int:
    opened = open_profile(args)
    try:
        checked = verify_qr_on_ledger(args.qr, opened.trade_view().source())
    finally:
        opened.close()
    exits.emit(checked.to_json())
    return exits.RAN


# ---------------------------------------------------------------------------- report


def _key_passphrase(args: argparse.Namespace, prompt: str) -> str:
    if args.key_passphrase_file is not None:
        return _read(args.key_passphrase_file, "passphrase file").decode("utf-8").rstrip("\r\n")
    return os.environ.get(KEY_PASSPHRASE_ENV) or getpass.getpass(prompt)


def _load_key(args: argparse.Namespace) -> keystore.SupervisorKey:
    path = args.supervisor_key
    passphrase = _key_passphrase(args, "Supervisor key passphrase: ") if keystore.needs_passphrase(path) else None
    return keystore.load_supervisor_key(path, passphrase)


def rerun(runner: LookupRunner, audited: AuditRecord) -> LookupOutcome:
    """Run an audited check again with the same input and date."""
    try:
        return runner.rerun(audited)
    except NotACheckError as exc:
        raise exits.UsageError("that audit line is not a check") from exc


def run_report(args: argparse.Namespace) -> int:
    if args.out.exists():
        raise exits.UsageError(f"{args.out} exists: choose a new file name")
    try:
        key = _load_key(args)
    except ReportError as exc:
        raise exits.UsageError(f"supervisor key: {exc.user_message()}") from exc
    if args.draft is not None and (args.remarks or args.supersedes):
        raise exits.UsageError("--remarks and --supersedes are given when drafting, not with --draft")
    opened = open_profile(args)
    try:
        if args.draft is not None:
            issued = _approve(args, opened, key, args.draft)
        else:
            issued = _issue(args, opened, key)
    finally:
        opened.close()
    assert issued.signature is not None
    exits.emit(
        {
            "report_id": issued.report_id,
            "kind": issued.content.kind,
            "verdict": issued.content.verdict,
            "file": str(args.out),
            "content_sha256": issued.signature.content_sha256.hex(),
            "signer": issued.signature.signer,
            "demo_key": key.demo,
        }
    )
    return exits.RAN


def _approve(
    args: argparse.Namespace, opened: session.Session, key: keystore.SupervisorKey, report_id: str
) -> StoredReport:
    """Approve a stored draft with the key and write its PDF."""
    evidence = LedgerEvidence.from_session(opened)
    flow = ReportWorkflow.from_session(opened)
    try:
        issued = flow.approve(report_id, key, evidence, page_size=args.page_size)
    except ReportError as exc:
        raise exits.UsageError(f"{exc.user_message()} ({exc.reason})") from exc
    return _write(args, flow, issued, evidence.officer(opened).name)


def _write(args: argparse.Namespace, flow: ReportWorkflow, issued: StoredReport, actor: str) -> StoredReport:
    assert issued.pdf is not None
    args.out.write_bytes(issued.pdf)
    flow.record_export(issued.report_id, actor=actor, destination=str(args.out))
    return issued


def _issue(args: argparse.Namespace, opened: session.Session, key: keystore.SupervisorKey) -> StoredReport:
    """Run the audited check again, draft its report, approve it with the key and write its PDF."""
    audited = opened.audit.get(args.check_audit_id)
    if audited is None:
        raise exits.UsageError(f"no audit line {args.check_audit_id}")
    outcome = rerun(opened.lookups(), audited)
    if audited.verdict is not None and outcome.verdict.status.value != audited.verdict:
        raise exits.UsageError(
            f"the check now gives {outcome.verdict.status.value}, not {audited.verdict} as audited: run it again"
        )
    evidence = LedgerEvidence.from_session(opened)
    officer = evidence.officer(opened)
    flow = ReportWorkflow.from_session(opened)
    try:
        draft = flow.draft(outcome, evidence, officer=officer, remarks=args.remarks, supersedes=args.supersedes)
        issued = flow.approve(draft.report_id, key, evidence, page_size=args.page_size)
    except ReportError as exc:
        raise exits.UsageError(f"{exc.user_message()} ({exc.reason})") from exc
    return _write(args, flow, issued, officer.name)


def run_protect(args: argparse.Namespace) -> int:
    passphrase = _key_passphrase(args, "New passphrase for the supervisor key: ")
    if not passphrase:
        raise exits.UsageError("the passphrase is empty")
    try:
        did = keystore.protect_key_file(args.plain, args.out, passphrase)
    except ReportError as exc:
        raise exits.UsageError(f"{exc.user_message()} ({exc.reason})") from exc
    exits.emit({"file": str(args.out), "did": did})
    return exits.RAN
