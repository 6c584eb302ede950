"""Does this certification of origin support this entry line? The officer checks of docs/domain.md §1.

``check_origin(line, index, as_of=...)`` runs every check and reports every code
that fired. Integrity first: if the certification, a status naming it or its
successor failed verification, the answer is UNVERIFIABLE with that reason alone.
A superseded certification is judged through its successor (note ``SUPERSEDED_BY``).

Dates: ``import_date`` tests the agreement in force and blanket coverage;
``claim_date`` tests signature, revocation and the 4-year life; ``as_of`` bounds
what has happened yet (a revocation dated after it is not seen).
"""

from __future__ import annotations

from datetime import date

from trade import agreements, origin_elements, periods
from trade.record_source import RecordSource
from trade.record_types import (
    CBP_PARTY,
    PRODUCER_TOKENS,
    Agreement,
    CertificationOfOrigin,
    CertificationStatus,
    CertifierRole,
    EntryLine,
    FailedRecord,
    StatusKind,
    VerificationOutcome,
)
from trade.verdicts import Evidence, Finding, Note, NoteKind, Reason, Verdict

_MAX_SUPERSESSIONS = 16
PASSING = "the certification supports the claim on this entry line"


def check_origin(line: EntryLine, index: RecordSource, *, as_of: date) -> Verdict:
    """Judge ``line``'s preference claim against the ledger's records.

    Args:
        line: the entry summary line as filed (or as the officer typed it).
        index: the verified records (``RecordSource``); failed records make the answer UNVERIFIABLE.
        as_of: the check date.

    Returns:
        A ``Verdict``: PASS, FAIL, REVIEW, NOT_FOUND (``NO_CERTIFICATION``) or UNVERIFIABLE.
    """
    claimed = agreements.agreement_for_spi(line.spi)
    if line.certification_id is None:
        return _without_certification(line, index, claimed, as_of)
    failed = index.failed_for(line.certification_id)
    if failed:
        return _unverifiable(failed)
    entered = line.htsus.subheading.digits
    cert = index.certification(line.certification_id, entered)
    if cert is None:
        fact = f"no certification {line.certification_id} is on the ledger"
        return Verdict.judge([Finding(Reason.NO_CERTIFICATION, fact)], ())
    notes: list[Note] = []
    evidence: list[Evidence] = [cert.provenance.evidence]
    replacement = False
    for _ in range(_MAX_SUPERSESSIONS):
        statuses, ignored = _authoritative_statuses(cert, index, as_of)
        notes.extend(ignored)
        superseding = [s for s in statuses if s.kind is StatusKind.SUPERSEDED]
        if not superseding:
            break
        status = superseding[0]
        successor_id = status.superseded_by or ""
        evidence.append(status.provenance.evidence)
        notes.append(
            Note(
                NoteKind.SUPERSEDED_BY,
                f"{cert.certification_id} was superseded by {successor_id} on {status.effective}; "
                "the successor is judged",
                (status.provenance.evidence,),
            )
        )
        failed = index.failed_for(successor_id)
        if failed:
            return _unverifiable(failed)
        successor = index.certification(successor_id, entered)
        if successor is None:
            fact = f"{cert.certification_id} was superseded by {successor_id}, which is not on the ledger"
            return Verdict.judge([Finding(Reason.NO_CERTIFICATION, fact)], evidence, notes=notes)
        cert, replacement = successor, True
        evidence.append(cert.provenance.evidence)
    findings = _judge(
        line, cert, index, as_of, claimed=claimed, replacement=replacement, notes=notes, evidence=evidence
    )
    return Verdict.judge(findings, evidence, notes=notes, passing=PASSING)


def _unverifiable(failed: tuple[FailedRecord, ...]) -> Verdict:
    return Verdict.unverifiable((f.reason, f.evidence, f.detail) for f in failed)


def _without_certification(line: EntryLine, index: RecordSource, claimed: Agreement | None, as_of: date) -> Verdict:
    if claimed is not None and agreements.RULES[claimed].knowledge_claim and line.importer_knowledge:
        findings = _agreement_findings(line, claimed, None, index)
        findings += _party_conduct(line, None, index, as_of, notes=[], evidence=[])
        findings.append(
            Finding(
                Reason.IMPORTER_KNOWLEDGE_CLAIM,
                f"{claimed.value} claim on the importer's own knowledge, without a certification: "
                "the officer judges it",
            )
        )
        return Verdict.judge(findings, ())
    notes: list[Note] = []
    low = agreements.USMCA_LOW_VALUE_USD
    if claimed is Agreement.USMCA and line.value_usd is not None and line.value_usd <= low:
        notes.append(Note(NoteKind.LOW_VALUE, f"USMCA imports worth US${low:,.0f} or less need no full certification"))
    fact = "the line claims preference but cites no certification"
    if line.gaps:
        fact = f"entry line {line.line_id} cites no certification; its record does not state: " + "; ".join(line.gaps)
    return Verdict.judge([Finding(Reason.NO_CERTIFICATION, fact)], (), notes=notes)


def _authoritative_statuses(
    cert: CertificationOfOrigin, index: RecordSource, as_of: date
) -> tuple[list[CertificationStatus], list[Note]]:
    """Statuses signed by the certifier or CBP and effective by ``as_of``, in log order; others as notes."""
    kept: list[CertificationStatus] = []
    notes: list[Note] = []
    allowed = {cert.provenance.signer_party, CBP_PARTY}
    for status in sorted(index.statuses_of(cert.certification_id), key=lambda s: s.provenance.log_index):
        if status.provenance.signer_party not in allowed:
            notes.append(
                Note(
                    NoteKind.STATUS_IGNORED,
                    f"status {status.status_id} is signed by {status.provenance.signer_party}, "
                    "who has no authority over this certification; it is ignored",
                    (status.provenance.evidence,),
                )
            )
        elif status.effective <= as_of:
            kept.append(status)
    return kept, notes


def _judge(
    line: EntryLine,
    cert: CertificationOfOrigin,
    index: RecordSource,
    as_of: date,
    *,
    claimed: Agreement | None,
    replacement: bool,
    notes: list[Note],
    evidence: list[Evidence],
) -> list[Finding]:
    ev = (cert.provenance.evidence,)
    rules = agreements.RULES[cert.agreement]
    findings: list[Finding] = []
    if claimed is not cert.agreement:
        spi = line.spi or "none"
        findings.append(
            Finding(
                Reason.AGREEMENT_MISMATCH,
                f"the line claims SPI {spi}, but {cert.certification_id} is a {cert.agreement.value} certification",
                ev,
            )
        )
    findings += _agreement_findings(line, cert.agreement, cert, index)
    findings += _gap_findings(line, cert)
    missing = [m for m in origin_elements.missing_elements(cert) if not any(g.startswith(m) for g in cert.gaps)]
    if missing:
        findings.append(Finding(Reason.MISSING_ELEMENT, "missing: " + "; ".join(missing), ev))
    findings += certifier_findings(cert)
    findings += _party_findings(line, cert, index)
    findings += _goods_findings(line, cert, rules, list(index.goods_of(cert.certification_id)) or [cert])
    findings += _date_findings(line, cert, replacement, notes)
    statuses, _ = _authoritative_statuses(cert, index, as_of)
    for status in statuses:
        sev = (status.provenance.evidence, *ev)
        if status.kind is StatusKind.REVOKED:
            evidence.append(status.provenance.evidence)
            if status.effective <= line.claim_date:
                fact = f"revoked effective {status.effective}, on or before the claim on {line.claim_date}"
                findings.append(Finding(Reason.REVOKED, fact, sev))
            else:
                fact = (
                    f"revoked effective {status.effective}, after the claim on {line.claim_date}: sound when "
                    "claimed, contradicted by the record now; the importer must correct the claim and pay the duty"
                )
                findings.append(Finding(Reason.REVOKED_AFTER_CLAIM, fact, sev))
        elif status.kind is StatusKind.AMENDED:
            notes.append(Note(NoteKind.AMENDED, f"amended effective {status.effective}", sev))
    findings += _party_conduct(line, cert, index, as_of, notes=notes, evidence=evidence)
    return findings


def _agreement_findings(
    line: EntryLine, agreement: Agreement, cert: CertificationOfOrigin | None, index: RecordSource
) -> list[Finding]:
    rules = agreements.RULES[agreement]
    ev = (cert.provenance.evidence,) if cert else ()
    findings: list[Finding] = []
    origins = {line.origin_country.code} | ({cert.origin_country.code} if cert and cert.origin_country else set())
    for origin in sorted(origins - rules.parties):
        fact = f"origin {origin} is not a party to {agreement.value}"
        findings.append(Finding(Reason.AGREEMENT_MISMATCH, fact, ev))
    exporter = (cert.exporter if cert else None) or line.exporter
    country = index.party_country(exporter)
    if country is not None and country not in rules.parties:
        party = index.party(exporter)
        assert party is not None  # it has a country
        fact = f"exporter {index.party_name(exporter)} is in {country}, not a party to {agreement.value}"
        findings.append(Finding(Reason.AGREEMENT_MISMATCH, fact, (*ev, party.provenance.evidence)))
    origin = line.origin_country.code
    if origin in rules.parties and not agreements.in_force(agreement, origin, line.import_date):
        start, end = rules.in_force.get(origin, (None, None))
        window = f"{start} to {end or 'today'}" if start else "never, for US entries"
        fact = f"{agreement.value} preference for goods of {origin}: {window}; imported {line.import_date}"
        findings.append(Finding(Reason.AGREEMENT_NOT_IN_FORCE, fact, ev))
    return findings


def certifier_findings(cert: CertificationOfOrigin) -> list[Finding]:
    """``CERTIFIER_NOT_PERMITTED`` and ``CERTIFIER_MISMATCH`` for one certification (also used by suppliers)."""
    rules = agreements.RULES[cert.agreement]
    ev = (cert.provenance.evidence,)
    role = cert.certifier.role
    certifier = cert.certifier.party_id or cert.provenance.signer_party
    if role is None:
        return []
    if role not in rules.certifiers:
        fact = f"a {role.value} may not certify under {cert.agreement.value} ({certifier} signed as {role.value})"
        return [Finding(Reason.CERTIFIER_NOT_PERMITTED, fact, ev)]
    named = {
        CertifierRole.EXPORTER: cert.exporter,
        CertifierRole.PRODUCER: cert.exporter if cert.producer == "SAME" else cert.producer,
        CertifierRole.IMPORTER: cert.importer,
    }[role]
    if named is None or named in PRODUCER_TOKENS:
        return []
    if named != certifier:
        fact = f"certifier {certifier} claims the role {role.value}, but the {role.value} named is {named}"
        return [Finding(Reason.CERTIFIER_MISMATCH, fact, ev)]
    return []


def _party_findings(line: EntryLine, cert: CertificationOfOrigin, index: RecordSource) -> list[Finding]:
    ev = (cert.provenance.evidence,)
    findings: list[Finding] = []
    known = cert.importer is not None and cert.importer not in {"UNKNOWN", "VARIOUS"}
    if known and line.importer and cert.importer != line.importer:
        fact = f"the certification names importer {cert.importer}; the entry's importer is {line.importer}"
        findings.append(Finding(Reason.PARTY_MISMATCH, fact, ev))
    if cert.exporter is not None and line.exporter is not None and cert.exporter != line.exporter:
        fact = f"the certification names exporter {cert.exporter}; the entry's exporter is {line.exporter}"
        findings.append(Finding(Reason.PARTY_MISMATCH, fact, ev))
    del index
    return findings


def _gap_findings(line: EntryLine, cert: CertificationOfOrigin) -> list[Finding]:
    """Facts the rules need that a record in another vocabulary does not state: the officer judges them."""
    findings: list[Finding] = []
    if cert.gaps:
        vocabulary = cert.provenance.vocabulary.value
        fact = f"{cert.certification_id} ({vocabulary} vocabulary) does not state: " + "; ".join(cert.gaps)
        findings.append(Finding(Reason.NOT_IN_VOCABULARY, fact, (cert.provenance.evidence,)))
    if line.gaps:
        fact = f"entry line {line.line_id} does not state: " + "; ".join(line.gaps)
        findings.append(Finding(Reason.NOT_IN_VOCABULARY, fact))
    return findings


def _goods_findings(
    line: EntryLine,
    cert: CertificationOfOrigin,
    rules: agreements.AgreementRules,
    goods: list[CertificationOfOrigin],
) -> list[Finding]:
    ev = (cert.provenance.evidence,)
    findings: list[Finding] = []
    entered = line.htsus.subheading
    if cert.hs is not None and cert.hs != entered:
        successors = agreements.hs_successors(cert.hs.digits, since=cert.signed_on, until=line.import_date)
        if entered.digits in successors:
            signed = agreements.hs_edition(cert.signed_on or line.import_date).name
            imported = agreements.hs_edition(line.import_date).name
            fact = (
                f"certified {cert.hs} ({signed}, signed {cert.signed_on}); {imported} replaced it with "
                f"{', '.join(sorted(s[:4] + '.' + s[4:] for s in successors))} before the import on "
                f"{line.import_date}; the entry shows {entered}"
            )
            findings.append(Finding(Reason.HS_EDITION_CHANGE, fact, ev))
        else:
            covered = ", ".join(sorted({str(g.hs) for g in goods if g.hs is not None})) or str(cert.hs)
            fact = f"entry HTSUS {line.htsus} is subheading {entered}; the certification covers {covered}"
            findings.append(Finding(Reason.HS_MISMATCH, fact, ev))
    letter = (cert.criterion or "").strip().upper()
    chapter = (cert.hs or entered).chapter
    if letter and letter not in rules.criteria:
        fact = f"criterion {letter} is not one of {cert.agreement.value}'s {', '.join(sorted(rules.criteria))}"
        findings.append(Finding(Reason.CRITERION_INVALID, fact, ev))
    elif letter == "D" and chapter in agreements.NO_CRITERION_D_CHAPTERS:
        fact = f"criterion D is never available for chapter {chapter} goods (textiles and apparel, ch. 61-63)"
        findings.append(Finding(Reason.CRITERION_INVALID, fact, ev))
    return findings


def _date_findings(line: EntryLine, cert: CertificationOfOrigin, replacement: bool, notes: list[Note]) -> list[Finding]:
    ev = (cert.provenance.evidence,)
    findings: list[Finding] = []
    blanket = cert.blanket
    if blanket is not None and blanket.end is not None:
        limit = periods.blanket_limit(blanket.start)
        if blanket.end > limit:
            fact = f"blanket {blanket.text} is longer than 12 months (it may end on {limit} at the latest)"
            findings.append(Finding(Reason.BLANKET_TOO_LONG, fact, ev))
        if line.import_date not in blanket:
            fact = f"imported {line.import_date}, outside the blanket period {blanket.text}"
            findings.append(Finding(Reason.BLANKET_NOT_COVERING, fact, ev))
    signed = cert.signed_on
    if signed is None:
        return findings
    if signed > line.claim_date:
        if replacement:
            fact = f"the replacement was signed {signed}, after the claim on {line.claim_date}"
            notes.append(Note(NoteKind.INFORMATION, fact, ev))
        else:
            fact = f"signed {signed}, after the claim on {line.claim_date}"
            findings.append(Finding(Reason.SIGNED_AFTER_CLAIM, fact, ev))
    life_end = periods.certification_life_end(signed)
    if line.claim_date > life_end:
        fact = f"signed {signed}, valid 4 years to {life_end}; claimed {line.claim_date}"
        findings.append(Finding(Reason.EXPIRED, fact, ev))
    return findings


def _party_conduct(
    line: EntryLine,
    cert: CertificationOfOrigin | None,
    index: RecordSource,
    as_of: date,
    *,
    notes: list[Note],
    evidence: list[Evidence],
) -> list[Finding]:
    """Pattern-of-conduct withholding and verification outcomes for these goods of these suppliers."""
    suppliers = {line.exporter} - {None}
    if cert is not None:
        suppliers |= {cert.exporter, cert.producer, cert.certifier.party_id or cert.provenance.signer_party}
    goods = line.htsus.digits
    cert_ids = {cert.certification_id} if cert else set()
    findings: list[Finding] = []
    for verification in index.verifications_about(suppliers, cert_ids):  # the others are skipped below anyway
        about_cert = not cert_ids.isdisjoint(verification.certification_ids)
        if not about_cert and verification.party_id not in suppliers:
            continue
        ev = (verification.provenance.evidence,)
        about_goods = verification.party_id in suppliers and (
            not verification.goods or any(goods.startswith(g) for g in verification.goods)
        )
        held = verification.withholding
        if held is not None and verification.party_id in suppliers and any(goods.startswith(g) for g in held.goods):
            active = held.start <= line.import_date and held.start <= as_of
            if active and (held.end is None or line.import_date <= held.end):
                fact = (
                    f"preference on {', '.join(held.goods)} of {index.party_name(verification.party_id)} is "
                    f"withheld from {held.start} ({verification.verification_id}); imported {line.import_date}"
                )
                findings.append(Finding(Reason.PREFERENCE_WITHHELD, fact, ev))
                evidence.extend(ev)
        if not (about_cert or (about_goods and not verification.certification_ids)):
            continue
        decided = verification.decided is not None and verification.decided <= as_of
        if verification.outcome.negative and decided:
            fact = (
                f"verification {verification.verification_id} of {index.party_name(verification.party_id)} "
                f"closed {verification.decided}: {verification.outcome.value.replace('_', ' ')}"
            )
            findings.append(Finding(Reason.VERIFICATION_NEGATIVE, fact, ev))
            evidence.extend(ev)
        elif verification.outcome is VerificationOutcome.PENDING or not decided:
            fact = f"verification {verification.verification_id} is open"
            notes.append(Note(NoteKind.VERIFICATION_PENDING, fact, ev))
        elif verification.outcome is VerificationOutcome.AFFIRMED:
            fact = f"verification {verification.verification_id} affirmed origin on {verification.decided}"
            notes.append(Note(NoteKind.VERIFICATION_AFFIRMED, fact, ev))
    return findings
