"""Is this shipper a licensed source of these branded goods? The licence-chain checks of docs/domain.md §2.

``check_licence(question, index, as_of=...)`` finds the recordation of the mark,
the shipper's licences under it, builds each chain up to the recorded owner and
judges every link on the ship date. With several candidate licences the most
favourable answer is given (the others are listed in notes). At import CBP checks
that the mark was legitimately licensed, not contractual distribution limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trade import identifiers
from trade.record_source import RecordSource
from trade.record_types import LicenceEvent, LicenceEventKind, TrademarkLicence, TrademarkRecordation
from trade.verdicts import Evidence, Finding, Note, NoteKind, Reason, Status, Verdict

_MAX_DEPTH = 16
GRAY_MARKET = "the US is not a licensed market: possible restricted gray market goods (19 CFR 133.23)"


@dataclass(frozen=True, slots=True)
class LicenceQuestion:
    """What the officer asks about a shipment.

    Attributes:
        mark: the word mark on the goods (``LARKSPUR``).
        shipper: the party id of the shipper (the claimed licensee).
        ship_date: the date licences are tested on.
        hs: the goods' HS or HTSUS digits (at least the heading).
        making_country: where the goods were made (ISO alpha-2).
        market: where they are sold (``US`` at a US port).
        facility: the factory the goods came from, if known.
        goods_class: the Nice class, if known; style, gtin: if known.
        quantity_to_date: units shipped under this licence so far, this shipment included.
    """

    mark: str
    shipper: str
    ship_date: date
    hs: str
    making_country: str
    market: str = "US"
    facility: str | None = None
    goods_class: int | None = None
    style: str | None = None
    gtin: identifiers.Gtin | None = None
    quantity_to_date: int | None = None


def check_licence(question: LicenceQuestion, index: RecordSource, *, as_of: date) -> Verdict:
    """Judge whether ``question.shipper`` is a licensed source of these goods.

    Returns:
        PASS (licensed source), FAIL, REVIEW or UNVERIFIABLE; ``NO_LICENCE`` is FAIL when the
        owner publishes its licensee roster, REVIEW otherwise.
    """
    mark = question.mark.strip().upper()
    recordation = _recordation(mark, index)
    base: list[Finding] = []
    evidence: list[Evidence] = []
    if recordation is None:
        base.append(Finding(Reason.NOT_RECORDED, f"{mark} is not recorded with CBP: no border-enforcement basis"))
    else:
        evidence.append(recordation.provenance.evidence)
        if recordation.expires < as_of:
            fact = f"recordation {recordation.number} ended {recordation.expires}: no border-enforcement basis"
            base.append(Finding(Reason.RECORDATION_EXPIRED, fact, (recordation.provenance.evidence,)))
    candidates = [
        licence
        for licence in sorted(index.licences_to(question.shipper), key=lambda lic: lic.provenance.log_index)
        if _under(licence, mark, recordation)
    ]
    if not candidates:
        roster = recordation is not None and recordation.roster_published
        fact = f"no license of {mark} names {index.party_name(question.shipper)} as licensee"
        if roster:
            fact += "; the owner publishes its licensee roster"
        status = Status.FAIL if roster else Status.REVIEW
        return Verdict.judge([*base, Finding(Reason.NO_LICENCE, fact, tuple(evidence), status)], evidence)
    verdicts = [
        _judge_candidate(question, licence, recordation, index, base=base, base_evidence=evidence)
        for licence in candidates
    ]
    best = min(verdicts, key=lambda v: v.status.rank)
    others = [v for v in verdicts if v is not best]
    if not others:
        return best
    extra = tuple(
        Note(NoteKind.INFORMATION, f"another license was judged {v.status.value}: {v.summary}", v.evidence)
        for v in others
    )
    return Verdict(best.status, best.findings, best.notes + extra, best.evidence, best.summary)


def _under(licence: TrademarkLicence, mark: str, recordation: TrademarkRecordation | None) -> bool:
    """Whether ``licence`` licenses this mark: it names the recordation, or (with no recordation) the mark.

    A licence whose vocabulary names neither (``marks`` is a gap) is a candidate when the recorded owner
    granted it; the check then answers ``NOT_IN_VOCABULARY`` for what it cannot compare.
    """
    if recordation is None:
        return mark in licence.marks
    if licence.recordation == recordation.number.text:
        return True
    return "marks" in licence.gaps and licence.licensor == recordation.owner


def _recordation(mark: str, index: RecordSource) -> TrademarkRecordation | None:
    found = [r for r in index.recordations_of(mark) if r.number.is_trademark]
    return max(found, key=lambda r: (r.expires, r.provenance.log_index), default=None)


def _chain(licence: TrademarkLicence, index: RecordSource) -> tuple[list[TrademarkLicence], list[Finding]]:
    chain = [licence]
    findings: list[Finding] = []
    current = licence
    while current.parent is not None and len(chain) < _MAX_DEPTH:
        parent = index.licence(current.parent)
        ev = (current.provenance.evidence,)
        if parent is None:
            fact = f"{current.licence_id} names parent {current.parent}, which is not on the ledger"
            findings.append(Finding(Reason.CHAIN_BROKEN, fact, ev))
            break
        if parent in chain:
            findings.append(Finding(Reason.CHAIN_BROKEN, f"{current.licence_id}'s parents form a loop", ev))
            break
        if parent.licensee != current.licensor:
            fact = (
                f"{current.licence_id} is granted by {current.licensor}, but its parent "
                f"{parent.licence_id} licenses {parent.licensee}"
            )
            findings.append(Finding(Reason.CHAIN_BROKEN, fact, (*ev, parent.provenance.evidence)))
        chain.append(parent)
        current = parent
    return chain, findings


def _judge_candidate(
    question: LicenceQuestion,
    licence: TrademarkLicence,
    recordation: TrademarkRecordation | None,
    index: RecordSource,
    *,
    base: list[Finding],
    base_evidence: list[Evidence],
) -> Verdict:
    chain, findings = _chain(licence, index)
    ids = [link.licence_id for link in chain]
    failed = index.failed_for(*ids)
    if failed:
        return Verdict.unverifiable((f.reason, f.evidence, f.detail) for f in failed)
    evidence = [*base_evidence, *(link.provenance.evidence for link in chain)]
    top = chain[-1]
    if recordation is not None and top.parent is None and top.licensor != recordation.owner:
        fact = (
            f"the top license {top.licence_id} is granted by {top.licensor}, not by the recorded owner "
            f"{recordation.owner}"
        )
        findings.append(Finding(Reason.CHAIN_BROKEN, fact, (top.provenance.evidence,)))
    notes: list[Note] = []
    for levels_below, link in enumerate(chain):
        if link.depth < levels_below:
            fact = (
                f"{link.licence_id} allows {link.depth} level(s) of sublicensing below it, but "
                f"{licence.licence_id} is {levels_below} level(s) below"
            )
            findings.append(Finding(Reason.SUBLICENSING_NOT_ALLOWED, fact, (link.provenance.evidence,)))
    for position, link in enumerate(chain):
        child = chain[position - 1] if position > 0 else None
        findings += _link_findings(question, link, child, index, notes=notes, evidence=evidence)
    findings += _candidate_findings(question, licence)
    findings += _rights_findings(licence, index, notes=notes, evidence=evidence)
    route = " ← ".join([*ids, index.party_name(top.licensor)])
    return Verdict.judge(
        [*base, *findings], evidence, notes=notes, passing=f"licensed source on {question.ship_date}: {route}"
    )


def _rights_findings(
    licence: TrademarkLicence, index: RecordSource, *, notes: list[Note], evidence: list[Evidence]
) -> list[Finding]:
    """A licence that extends an owner's rights record must be granted by that owner."""
    rights = index.rights(licence.recordation)
    if rights is None:
        return []
    ev = (licence.provenance.evidence, rights.provenance.evidence)
    evidence.append(rights.provenance.evidence)
    kind = (rights.rights_type or "intellectual property").lower()
    if rights.owner != licence.licensor:
        fact = (
            f"{licence.licence_id} extends {kind} rights of {index.party_name(rights.owner)}, "
            f"but is granted by {index.party_name(licence.licensor)}"
        )
        return [Finding(Reason.CHAIN_BROKEN, fact, ev)]
    product = f" in {rights.product_name}" if rights.product_name else ""
    notes.append(
        Note(
            NoteKind.INFORMATION,
            f"{licence.licence_id} extends the {kind} rights{product} its licensor states in {rights.rights_id}",
            ev,
        )
    )
    return []


def _authoritative_events(link: TrademarkLicence, index: RecordSource, notes: list[Note]) -> list[LicenceEvent]:
    kept: list[LicenceEvent] = []
    for event in sorted(index.events_of(link.licence_id), key=lambda e: e.provenance.log_index):
        if event.provenance.signer_party == link.licensor:
            kept.append(event)
        else:
            fact = f"event {event.event_id} is not signed by {link.licence_id}'s grantor; it is ignored"
            notes.append(Note(NoteKind.STATUS_IGNORED, fact, (event.provenance.evidence,)))
    return kept


def _link_findings(
    question: LicenceQuestion,
    link: TrademarkLicence,
    child: TrademarkLicence | None,
    index: RecordSource,
    *,
    notes: list[Note],
    evidence: list[Evidence],
) -> list[Finding]:
    ev = (link.provenance.evidence,)
    day = question.ship_date
    name = link.licence_id if child is None else f"parent license {link.licence_id}"
    findings: list[Finding] = []
    if day < link.period.start:
        findings.append(Finding(Reason.LICENCE_NOT_YET_VALID, f"{name} starts {link.period.start}; shipped {day}", ev))
    elif link.period.end is not None and day > link.period.end:
        findings.append(Finding(Reason.LICENCE_EXPIRED, f"{name} ended {link.period.end}; shipped {day}", ev))
    events = [e for e in _authoritative_events(link, index, notes) if e.effective <= day]
    evidence.extend(e.provenance.evidence for e in events)
    terminated = next((e for e in events if e.kind is LicenceEventKind.TERMINATED), None)
    if terminated is not None:
        eev = (terminated.provenance.evidence, *ev)
        if child is None:
            fact = f"{link.licence_id} was terminated effective {terminated.effective}; shipped {day}"
            findings.append(Finding(Reason.LICENCE_TERMINATED, fact, eev))
        else:
            survival = next(
                (e for e in events if e.kind is LicenceEventKind.SURVIVAL and e.child_id == child.licence_id), None
            )
            if survival is not None:
                fact = f"{child.licence_id} survives the termination of {link.licence_id} ({survival.event_id})"
                notes.append(Note(NoteKind.SURVIVAL, fact, (survival.provenance.evidence,)))
            else:
                fact = (
                    f"{link.licence_id} was terminated effective {terminated.effective} and its licensor "
                    f"signed no survival for {child.licence_id}; shipped {day}"
                )
                findings.append(Finding(Reason.PARENT_TERMINATED, fact, eev))
    suspended = None
    for event in events:
        if event.kind is LicenceEventKind.SUSPENDED:
            suspended = event
        elif event.kind is LicenceEventKind.REINSTATED:
            suspended = None
    if suspended is not None:
        fact = f"{name} is suspended from {suspended.effective}; shipped {day}"
        findings.append(Finding(Reason.LICENCE_SUSPENDED, fact, (suspended.provenance.evidence, *ev)))
    findings += _scope_findings(question, link, name)
    return findings


def _scope_findings(question: LicenceQuestion, link: TrademarkLicence, name: str) -> list[Finding]:
    ev = (link.provenance.evidence,)
    findings: list[Finding] = []
    if link.gaps:
        vocabulary = link.provenance.vocabulary.value
        fact = f"{name} ({vocabulary} vocabulary) does not state its " + ", ".join(sorted(link.gaps))
        findings.append(Finding(Reason.NOT_IN_VOCABULARY, fact, ev))
    mark = question.mark.strip().upper()
    if mark not in link.marks and "marks" not in link.gaps:
        findings.append(Finding(Reason.SCOPE_MARK, f"{name} covers {', '.join(sorted(link.marks))}, not {mark}", ev))
    goods = link.goods
    digits = question.hs.replace(".", "")
    problems: list[str] = []
    if goods.hs and not any(digits.startswith(prefix) for prefix in goods.hs):
        problems.append(f"HS {digits} is outside {', '.join(goods.hs)}")
    if question.goods_class is not None and goods.classes and question.goods_class not in goods.classes:
        problems.append(f"class {question.goods_class} is outside {', '.join(map(str, goods.classes))}")
    if question.style is not None and goods.styles and question.style not in goods.styles:
        problems.append(f"style {question.style} is not licensed")
    if question.gtin is not None and goods.gtins and not any(question.gtin.same_item(g) for g in goods.gtins):
        problems.append(f"GTIN {question.gtin.digits} is not licensed")
    if problems:
        findings.append(Finding(Reason.SCOPE_GOODS, f"{name}: " + "; ".join(problems), ev))
    if question.making_country not in link.making_countries and "making countries" not in link.gaps:
        fact = f"{name} allows making in {', '.join(sorted(link.making_countries))}, not {question.making_country}"
        findings.append(Finding(Reason.SCOPE_TERRITORY, fact, ev))
    if question.market not in link.markets and "markets" not in link.gaps:
        fact = f"{name} allows sale in {', '.join(sorted(link.markets))}, not {question.market}"
        if question.market == "US":
            fact += f"; {GRAY_MARKET}"
        findings.append(Finding(Reason.SCOPE_TERRITORY, fact, ev))
    return findings


def _candidate_findings(question: LicenceQuestion, licence: TrademarkLicence) -> list[Finding]:
    ev = (licence.provenance.evidence,)
    findings: list[Finding] = []
    if (
        question.facility is not None
        and question.facility not in licence.facilities
        and "facilities" not in licence.gaps
    ):
        allowed = ", ".join(sorted(licence.facilities)) or "no facility"
        fact = f"{licence.licence_id} authorizes {allowed}, not {question.facility}"
        findings.append(Finding(Reason.FACILITY_NOT_AUTHORIZED, fact, ev))
    cap = licence.quantity_cap
    if cap is not None and question.quantity_to_date is not None and question.quantity_to_date > cap:
        fact = f"{question.quantity_to_date} units shipped under {licence.licence_id}, over its cap of {cap}"
        findings.append(Finding(Reason.QUANTITY_EXCEEDED, fact, ev))
    return findings
