"""What the lookup pages show beside a verdict, read from the record index on the worker.

The verdict says what fired; an officer also wants to see the records it rests on:
who issued each record, the licence chain from the recorded owner down to the
shipper, a product profile's expected values, a supplier's certifications,
revocations, verifications and withholdings. These are plain, typed facts built
here (no Qt) and carried to the views by the lookup service on the worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from trade import licences, products, suppliers, verdicts
from trade.record_source import RecordSource
from trade.record_types import (
    CertificationOfOrigin,
    FailedRecord,
    LicenceEventKind,
    ProductProfile,
    StatusKind,
    TrademarkLicence,
)
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import LicenceQuery, OriginByEntry, OriginLine, ProductQuery, SupplierQuery


@dataclass(frozen=True, slots=True)
class LicenceLink:
    """One licence of a chain, described for the tree (every text comes from ledger records: plain text only)."""

    licence_id: str
    licensor: str
    licensee: str
    scope: str  # one line per aspect
    period: str
    status: str  # facts separated by "; "


@dataclass(frozen=True, slots=True)
class ProfileFacts:
    """A product profile's expected values (the latest version for its season)."""

    label: str
    name: str
    mark: str
    colourways: tuple[str, ...]
    features: tuple[tuple[str, str], ...]  # (feature name, the expected value in words)
    serial_format: str
    factories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SupplierRecord:
    """A line of a supplier's record: a certification, revocation, verification or withholding."""

    kind: str
    record_id: str
    when: str
    detail: str
    log_index: int


@dataclass(frozen=True, slots=True)
class LookupContext:
    """Facts shown beside a verdict.

    Attributes:
        issuers: (log index, the party that signed the record at that index) for every record cited.
        owner: the recorded owner of a licence chain's mark ("" when none).
        chain: the licences from the one the owner granted down to the shipper's.
        profile: the profile an item was judged against.
        supplier_records: a supplier's records in the window.
        subject: the party a supplier lookup is about, by name and id.
    """

    issuers: tuple[tuple[int, str], ...] = ()
    owner: str = ""
    chain: tuple[LicenceLink, ...] = ()
    profile: ProfileFacts | None = None
    supplier_records: tuple[SupplierRecord, ...] = ()
    subject: str = ""

    def issuer(self, log_index: int) -> str:
        return dict(self.issuers).get(log_index, "unknown")


def issuers_of(index: RecordSource, evidence: Iterable[verdicts.Evidence]) -> tuple[tuple[int, str], ...]:
    """Who signed each cited record (a record that failed verification has no believed signer)."""
    wanted = {ev.log_index for ev in evidence}
    found: dict[int, str] = {}
    for record in (r for log_index in sorted(wanted) for r in index.records_at(log_index)):
        if isinstance(record, FailedRecord):
            found[record.log_index] = f"not believed ({record.reason.value})"
        else:
            found[record.provenance.log_index] = index.party_name(record.provenance.signer_party)
    return tuple(sorted(found.items()))


def all_evidence(verdict: verdicts.Verdict) -> list[verdicts.Evidence]:
    return [
        *verdict.evidence,
        *(ev for f in verdict.findings for ev in f.evidence),
        *(ev for n in verdict.notes for ev in n.evidence),
    ]


def _link_status(link: TrademarkLicence, index: RecordSource, day: date, verdict: verdicts.Verdict) -> str:
    if day < link.period.start:
        words = f"not yet valid on {day}"
    elif link.period.end is not None and day > link.period.end:
        words = f"ended before {day}"
    else:
        words = f"in period on {day}"
    for event in sorted(index.events_of(link.licence_id), key=lambda e: e.effective):
        if event.effective <= day and event.kind is not LicenceEventKind.SURVIVAL:
            words += f"; {event.kind.value} from {event.effective}"
    fired = [
        f.reason.value for f in verdict.findings if any(ev.log_index == link.provenance.log_index for ev in f.evidence)
    ]
    if fired:
        words += "; " + ", ".join(dict.fromkeys(fired))
    return words


def _scope(lic: TrademarkLicence) -> str:
    """The licence's scope in lines; what its vocabulary does not state says so (``TrademarkLicence.gaps``)."""

    def stated(aspect: str, text: str) -> str:
        return "(not stated)" if aspect in lic.gaps else text

    marks = "marks (not stated)" if "marks" in lic.gaps else ", ".join(sorted(lic.marks))
    return (
        f"{marks}; HS {stated('goods', ', '.join(lic.goods.hs) or 'any')}\n"
        f"made in {stated('making countries', ', '.join(sorted(lic.making_countries)))}\n"
        f"sold in {stated('markets', ', '.join(sorted(lic.markets)))}\n"
        f"facilities {stated('facilities', ', '.join(sorted(lic.facilities)) or 'none named')}\n"
        f"sublicensing: {lic.depth} level(s) below"
    )


def licence_chain(
    question: licences.LicenceQuestion, index: RecordSource, verdict: verdicts.Verdict
) -> tuple[str, tuple[LicenceLink, ...]]:
    """The recorded owner and the chain of the shipper's licence that the verdict cites, top first."""
    cited = {ev.log_index for ev in all_evidence(verdict)}
    mark = question.mark.strip().upper()
    candidates = [
        lic
        for lic in sorted(index.licences_to(question.shipper), key=lambda lic: lic.provenance.log_index)
        if mark in lic.marks or lic.provenance.log_index in cited
    ]
    if not candidates:
        return "", ()
    start = next((lic for lic in candidates if lic.provenance.log_index in cited), candidates[0])
    chain = [start]
    while chain[-1].parent is not None and len(chain) < 16:
        parent = index.licence(chain[-1].parent or "")
        if parent is None or parent in chain:
            break
        chain.append(parent)
    chain.reverse()
    links = tuple(
        LicenceLink(
            licence_id=lic.licence_id,
            licensor=index.party_name(lic.licensor),
            licensee=index.party_name(lic.licensee),
            scope=_scope(lic),
            period=f"{lic.period.start} to {lic.period.end or 'open'}",
            status=_link_status(lic, index, question.ship_date, verdict),
        )
        for lic in chain
    )
    return index.party_name(chain[0].licensor), links


def profile_facts(profile: ProductProfile) -> ProfileFacts:
    return ProfileFacts(
        label=f"{profile.profile_id} {profile.season}",
        name=profile.name,
        mark=profile.mark,
        colourways=tuple(sorted(profile.colourways)),
        features=tuple((f.name, f.describe().removeprefix(f.name).strip(" =")) for f in profile.features),
        serial_format=profile.serial_format,
        factories=tuple(sorted(profile.factories)),
    )


def find_profile_facts(profile_id: str, season: str, index: RecordSource) -> ProfileFacts | None:
    found = products.find_profile(profile_id.strip(), season, index)
    return None if found is None else profile_facts(found)


def _certification_rows(cert: CertificationOfOrigin, index: RecordSource, as_of: date) -> list[SupplierRecord]:
    hs = f"HS {cert.hs}" if cert.hs else "no HS"
    rows = [
        SupplierRecord(
            "Certification",
            cert.certification_id,
            str(cert.signed_on or ""),
            f"{cert.agreement.value}, {hs}, exporter {cert.exporter or '?'}",
            cert.provenance.log_index,
        )
    ]
    for status in index.statuses_of(cert.certification_id):
        if status.kind is StatusKind.REVOKED and status.effective <= as_of:
            why = f": {status.reason}" if status.reason else ""
            detail = f"revokes {cert.certification_id}{why}"
            rows.append(
                SupplierRecord(
                    "Revocation", status.status_id, str(status.effective), detail, status.provenance.log_index
                )
            )
    return rows


def supplier_records(history: suppliers.SupplierHistory, index: RecordSource) -> tuple[SupplierRecord, ...]:
    """The supplier's certifications in the window (with their revocations), verifications and withholdings."""
    cited = {ev.log_index for ev in history.evidence}
    rows: list[SupplierRecord] = []
    for cert in index.certifications_of_party(history.party_id):
        if cert.provenance.log_index in cited:
            rows += _certification_rows(cert, index, history.as_of)
    for v in index.verifications_of_party(history.party_id):
        decided = f"decided {v.decided}" if v.decided else "not decided"
        detail = (
            f"{v.outcome.value.replace('_', ' ')}, {decided}; {', '.join(v.certification_ids) or 'no certification'}"
        )
        rows.append(SupplierRecord("Verification", v.verification_id, str(v.opened), detail, v.provenance.log_index))
        held = v.withholding
        if held is not None:
            until = f"until {held.end}" if held.end else "until compliance"
            detail = f"preference withheld on {', '.join(held.goods)} {until}"
            rows.append(
                SupplierRecord("Withholding", v.verification_id, str(held.start), detail, v.provenance.log_index)
            )
    return tuple(sorted(rows, key=lambda r: (r.when, r.log_index)))


# ---------------------------------------------------------------- each kind's context builder


def origin_context(_query: OriginByEntry | OriginLine, outcome: LookupOutcome, index: RecordSource) -> LookupContext:
    """Who issued each record an origin verdict cites."""
    return LookupContext(issuers=issuers_of(index, all_evidence(outcome.verdict)))


def licence_context(query: LicenceQuery, outcome: LookupOutcome, index: RecordSource) -> LookupContext:
    """The issuers, and the chain from the recorded owner down to the shipper's licence."""
    owner, chain = licence_chain(query.question(index), index, outcome.verdict)
    return LookupContext(issuers=issuers_of(index, all_evidence(outcome.verdict)), owner=owner, chain=chain)


def product_context(query: ProductQuery, outcome: LookupOutcome, index: RecordSource) -> LookupContext:
    """The issuers, and the expected values of the profile the item was judged against."""
    return LookupContext(
        issuers=issuers_of(index, all_evidence(outcome.verdict)),
        profile=find_profile_facts(query.profile, query.season, index),
    )


def supplier_context(query: SupplierQuery, outcome: LookupOutcome, index: RecordSource) -> LookupContext:
    """The issuers, the supplier's records in the window and its name."""
    history = outcome.supplier
    return LookupContext(
        issuers=issuers_of(index, all_evidence(outcome.verdict)),
        supplier_records=supplier_records(history, index) if history else (),
        subject=index.party_name(history.party_id) if history else query.party,
    )
