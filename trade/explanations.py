"""What every code the rules emit means to an officer, and what to look at next: written once, read everywhere.

The command line (``workstation explain``), the PDF reports and the in-application help
all read these texts, so a code is explained the same way wherever it appears. The
texts state facts and where to look; they never judge goods (docs/domain.md §0).

>>> item = explain("blanket_not_covering")
>>> item.code, item.topic.value, item.outcome
('BLANKET_NOT_COVERING', 'origin', 'FAIL')
>>> explain("NOT_A_CODE")
Traceback (most recent call last):
...
trade.explanations.UnknownCodeError: 'NOT_A_CODE' is not a code the rules emit
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from trade.suppliers import Trigger
from trade.verdicts import NoteKind, Reason, Status


class Topic(enum.StrEnum):
    """Which part of the rules a code belongs to (the sections of docs/domain.md)."""

    VERDICT = "verdict"
    INTEGRITY = "integrity"
    ORIGIN = "origin"
    LICENCE = "license"
    PRODUCT = "product"
    VOCABULARY = "vocabulary"
    SUPPLIER = "supplier"
    NOTE = "note"

    @property
    def heading(self) -> str:
        return _TOPIC_TITLES[self]

    @property
    def section(self) -> str:
        """Where the facts behind this topic are written down."""
        return _TOPIC_SECTIONS[self]


_TOPIC_TITLES = {
    Topic.VERDICT: "Verdicts",
    Topic.INTEGRITY: "Integrity of the records",
    Topic.ORIGIN: "Certifications of origin",
    Topic.LICENCE: "Trademark licenses",
    Topic.PRODUCT: "Product checks",
    Topic.VOCABULARY: "Records in another vocabulary",
    Topic.SUPPLIER: "Supplier rating triggers",
    Topic.NOTE: "Notes (never change the verdict)",
}
_TOPIC_SECTIONS = {
    Topic.VERDICT: "docs/domain.md §0",
    Topic.INTEGRITY: "docs/architecture.md §3",
    Topic.ORIGIN: "docs/domain.md §1",
    Topic.LICENCE: "docs/domain.md §2",
    Topic.PRODUCT: "docs/domain.md §3",
    Topic.VOCABULARY: "docs/credentials.md §7",
    Topic.SUPPLIER: "docs/domain.md §4",
    Topic.NOTE: "docs/domain.md §0",
}


class UnknownCodeError(LookupError):
    """A code that no rule emits was asked about; ``code`` is what was asked, as given."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{code!r} is not a code the rules emit")
        self.code = code


@dataclass(frozen=True, slots=True)
class Explanation:
    """One code in plain words.

    Attributes:
        code: the code as the rules spell it (``BLANKET_NOT_COVERING``).
        topic: the part of the rules it belongs to.
        outcome: the verdict it gives (for a reason code), the rating it raises (for a
            supplier trigger), or that it changes nothing (for a note).
        meaning: what the code says about the records, in one or two sentences.
        next_step: what the officer can look at next.
    """

    code: str
    topic: Topic
    outcome: str
    meaning: str
    next_step: str

    @property
    def section(self) -> str:
        return self.topic.section


def explain(code: str) -> Explanation:
    """The explanation of ``code`` (any letter case). Raises UnknownCodeError for a code no rule emits."""
    found = _BY_CODE.get(code.strip().upper())
    if found is None:
        raise UnknownCodeError(code)
    return found


def meaning_of(code: str) -> str | None:
    """The meaning of ``code`` exactly as spelled, or None when no rule emits it (a report from another version)."""
    found = _BY_CODE.get(code)
    return found.meaning if found else None


def all_explanations() -> tuple[Explanation, ...]:
    """Every explanation, grouped by topic in the order of docs/domain.md, codes in rule order."""
    return tuple(sorted(_BY_CODE.values(), key=lambda e: list(Topic).index(e.topic)))


# ------------------------------------------------------------------------------------------ texts
# (meaning, what to look at next) per code. Keep each to facts and places to look.

_VERDICTS: Mapping[Status, tuple[str, str]] = {
    Status.PASS: (
        "The ledger records support the claim; no reason code fired (notes may still be listed).",
        "Read any notes, then the evidence panel: the records the answer rests on and their log positions.",
    ),
    Status.FAIL: (
        "At least one verified ledger record contradicts the claim.",
        "Read each reason code and its fact; the evidence panel lists the records behind each one.",
    ),
    Status.REVIEW: (
        "Nothing on the ledger contradicts the claim, but something needs an officer's judgment.",
        "Read the reason codes marked REVIEW; each says what the rules could not settle on their own.",
    ),
    Status.NOT_FOUND: (
        "No ledger record matches what was asked.",
        "Check the identifiers typed (certificate id, party, mark, profile, season) and the as-of date; "
        "then check when the workstation last synced.",
    ),
    Status.UNVERIFIABLE: (
        "A record this answer depends on failed verification, so no domain verdict is given.",
        "Read the integrity code; the evidence panel names the failing record and its log index.",
    ),
}

_INTEGRITY: Mapping[Reason, tuple[str, str]] = {
    Reason.BAD_SIGNATURE: (
        "The record's signature does not verify against the key it names; the record is not believed.",
        "Note the log index and the claimed issuer; ask the issuer whether it published this record.",
    ),
    Reason.BAD_PROOF: (
        "The record could not be proven to be in the log under a verified checkpoint.",
        "Sync again; if it repeats, report the log index and checkpoint shown in the evidence.",
    ),
    Reason.CHECKPOINT_INCONSISTENT: (
        "The ledger showed a history that does not extend the one this workstation verified before.",
        "Treat it as a security alert: keep the evidence shown by the banner and report it; do not retry.",
    ),
    Reason.UNREGISTERED_SIGNER: (
        "The record is signed by a key that no verified party registration ties to the party it names.",
        "Look up the party's registration; a record signed by an unregistered key says nothing about that party.",
    ),
    Reason.MALFORMED_RECORD: (
        "The logged credential could not be read as the record type it claims to be.",
        "Note the log index; the issuer's record does not follow the format, so it is not used.",
    ),
}

_ORIGIN: Mapping[Reason, tuple[str, str]] = {
    Reason.AGREEMENT_MISMATCH: (
        "The country of origin or of the exporter is not a party to the agreement claimed.",
        "Compare the entry's origin and exporter countries with the agreement's parties.",
    ),
    Reason.AGREEMENT_NOT_IN_FORCE: (
        "The import date is outside the dates the agreement was in force for that country.",
        "Check the import date on the entry line and the agreement claimed (NAFTA ended 2020-06-30).",
    ),
    Reason.MISSING_ELEMENT: (
        "The certification lacks a data element the agreement requires, or its signature.",
        "The fact lists the missing elements; the certifier may supply a corrected certification.",
    ),
    Reason.CERTIFIER_NOT_PERMITTED: (
        "The agreement does not allow a certification by the role the certifier claims.",
        "Check the certifier's role: under NAFTA the importer may not certify.",
    ),
    Reason.CERTIFIER_MISMATCH: (
        "The certifier is not the party named in the role it claims (for example, it certifies as exporter "
        "but another exporter is named).",
        "Compare the certifier with the exporter, producer or importer named on the certification.",
    ),
    Reason.PARTY_MISMATCH: (
        "The importer or exporter on the certification differs from the one on the entry line.",
        "Compare both parties on the entry with those on the certification.",
    ),
    Reason.HS_MISMATCH: (
        "The first six digits of the entry's HTSUS number differ from the subheading the certification covers.",
        "Compare the entry's classification with the certified subheading.",
    ),
    Reason.HS_EDITION_CHANGE: (
        "The subheadings differ only because the Harmonized System was revised between signature and import.",
        "Check whether the certified subheading maps to the entry's under the newer HS edition.",
    ),
    Reason.CRITERION_INVALID: (
        "The origin criterion is not one the agreement allows, or is D on goods of chapters 61 to 63.",
        "Check the criterion letter against the agreement's list and the goods' chapter.",
    ),
    Reason.BLANKET_TOO_LONG: (
        "The blanket period is longer than the 12 months an agreement allows.",
        "Check the blanket's start and end dates on the certification.",
    ),
    Reason.BLANKET_NOT_COVERING: (
        "The import date falls outside the certification's blanket period.",
        "Compare the import date with the blanket period; a certification for another period may exist.",
    ),
    Reason.SIGNED_AFTER_CLAIM: (
        "The certification was signed after the claim date, so the importer could not have held it when claiming.",
        "Compare the signature date with the claim date on the entry line.",
    ),
    Reason.EXPIRED: (
        "The claim was made more than four years after the certification was signed.",
        "Compare the signature date with the claim date.",
    ),
    Reason.REVOKED: (
        "The certification was revoked on or before the claim date.",
        "The evidence shows the revocation record, who signed it, and its effective date.",
    ),
    Reason.REVOKED_AFTER_CLAIM: (
        "The certification was revoked after the claim date: it supported the claim when made, "
        "but does not support it now, so the importer has to correct the claim.",
        "Read the revocation's effective date and reason; check whether the importer has corrected the claim.",
    ),
    Reason.PREFERENCE_WITHHELD: (
        "CBP withholds preference from this supplier for these goods after a pattern of false or unsupported "
        "claims.",
        "The evidence shows the withholding record: the goods and the dates it covers.",
    ),
    Reason.VERIFICATION_NEGATIVE: (
        "A closed verification of origin denied preference for these goods from this supplier.",
        "Read the verification's outcome and date in the evidence.",
    ),
    Reason.IMPORTER_KNOWLEDGE_CLAIM: (
        "A CAFTA-DR claim made on the importer's own knowledge, without a certification on the ledger.",
        "Ask the importer for the information its claim rests on.",
    ),
    Reason.NO_CERTIFICATION: (
        "No certification of origin on the ledger matches the entry line.",
        "Check the certification id or the parties typed; then check when the workstation last synced.",
    ),
}

_LICENCE: Mapping[Reason, tuple[str, str]] = {
    Reason.NO_LICENCE: (
        "No license on the ledger makes the shipper a source of goods under this mark. It is a FAIL when the "
        "owner publishes its licensee roster, a REVIEW otherwise.",
        "Check the shipper's name and the mark; compare with the licensees the recordation lists.",
    ),
    Reason.LICENCE_NOT_YET_VALID: (
        "The goods shipped before the license period began.",
        "Compare the ship date with the license period shown in the chain.",
    ),
    Reason.LICENCE_EXPIRED: (
        "The goods shipped after the license period ended.",
        "Compare the ship date with the license period; a renewal would be a later license record.",
    ),
    Reason.LICENCE_TERMINATED: (
        "The license was terminated on or before the ship date.",
        "The evidence shows the termination record, its signer and its effective date.",
    ),
    Reason.LICENCE_SUSPENDED: (
        "The license was suspended on the ship date.",
        "The evidence shows the suspension record and when it took effect.",
    ),
    Reason.PARENT_TERMINATED: (
        "A license higher in the chain was terminated, and no survival was signed for this one.",
        "Look at the chain: the terminated link is marked, with its effective date.",
    ),
    Reason.SUBLICENSING_NOT_ALLOWED: (
        "A link in the chain is deeper than the license above it allows sublicensing.",
        "Look at each link's sublicensing depth in the chain.",
    ),
    Reason.CHAIN_BROKEN: (
        "The chain of licenses does not lead back to the mark's owner (a parent is missing, or the links loop).",
        "Look at the chain for the link whose parent is missing or not granted by the owner's side.",
    ),
    Reason.SCOPE_MARK: (
        "The license does not cover this mark.",
        "Compare the mark on the goods with the marks the license lists.",
    ),
    Reason.SCOPE_GOODS: (
        "The goods fall outside what the license covers (class, HS heading, style or GTIN).",
        "Compare the goods' classification and identifiers with the license's goods.",
    ),
    Reason.SCOPE_TERRITORY: (
        "The country where the goods were made, or the market they are for, is outside the license. When the "
        "US is not a licensed market, the goods may be restricted gray-market goods.",
        "Compare the making country and the market with the license's countries and markets.",
    ),
    Reason.FACILITY_NOT_AUTHORIZED: (
        "The facility that made the goods is not one the license link authorizes.",
        "Compare the facility on the documents with the link's facilities.",
    ),
    Reason.QUANTITY_EXCEEDED: (
        "The quantity shipped goes past the license's cap.",
        "Compare the quantity with the cap; earlier shipments under the same license count too.",
    ),
    Reason.RECORDATION_EXPIRED: (
        "The mark's CBP recordation has expired, so there is no current basis for border enforcement.",
        "Check the recordation's expiry; the owner may have renewed the USPTO registration.",
    ),
    Reason.NOT_RECORDED: (
        "The mark is not recorded with CBP, so there is no basis for border enforcement.",
        "Check the mark's spelling and the owner; recordation is the owner's choice.",
    ),
}

_PRODUCT: Mapping[Reason, tuple[str, str]] = {
    Reason.PROFILE_NOT_FOUND: (
        "No product profile on the ledger matches the product and season given.",
        "Check the profile id and the season on the label.",
    ),
    Reason.COLORWAY_NOT_PRODUCED: (
        "The rights holder's profile says this colorway was not made in the season on the label.",
        "Compare the label's season and colorway code with the profile's list for that season.",
    ),
    Reason.FEATURE_MISMATCH: (
        "An observed feature is outside the value or tolerance the profile records.",
        "Compare the observed value with the expected one shown beside it; measure again if in doubt.",
    ),
    Reason.SERIAL_FORMAT: (
        "The serial number does not have the format the profile records for that season.",
        "Compare the serial with the season's format shown in the result.",
    ),
    Reason.FACTORY_NOT_AUTHORIZED: (
        "The factory named is not one the profile lists as authorized.",
        "Compare the factory on the label or documents with the profile's factories.",
    ),
    Reason.FEATURE_NOT_OBSERVED: (
        "A feature the profile records was not observed, so it could not be compared.",
        "Observe and enter the missing feature, then run the check again.",
    ),
    Reason.SERIAL_DUPLICATE: (
        "This serial number has been seen before. Real serial numbers are copied onto other items, so every "
        "sighting of a repeated serial needs review.",
        "The evidence lists the earlier sightings (port, date, entry); compare them with this shipment.",
    ),
}

_VOCABULARY: Mapping[Reason, tuple[str, str]] = {
    Reason.NOT_IN_VOCABULARY: (
        "A record written in another vocabulary (such as the W3C Traceability vocabulary) does not state a fact "
        "this check needs, so that fact was not compared and nothing was assumed in its place.",
        "The fact lists what the record does not state; obtain it from the documents or from the party that "
        "issued the record.",
    ),
}

_TRIGGERS: Mapping[Trigger, tuple[str, str]] = {
    Trigger.WITHHOLDING: (
        "CBP withholds preference from this supplier after a pattern of false or unsupported claims.",
        "Read the withholding record: which goods and from which date.",
    ),
    Trigger.NEGATIVE_VERIFICATIONS: (
        "Verifications of origin of this supplier ended negatively (a denial, no reply or a refused visit). "
        "Two or more raise the rating to HIGH, one to ELEVATED.",
        "Read each verification's outcome and date in the supplier's records.",
    ),
    Trigger.REVOCATION_RATE: (
        "A large share of the certifications this supplier issued in the window were revoked (20 % or more "
        "gives HIGH, 10 % or more ELEVATED, with at least five issued).",
        "Look at the revoked certifications and the chart of issued and revoked per month.",
    ),
    Trigger.REVOCATIONS_AFTER_CLAIM: (
        "Certifications of this supplier were revoked after an importer had already claimed preference on them.",
        "Look at which entries claimed them; those importers may need to correct their claims.",
    ),
    Trigger.CERTIFIER_ANOMALIES: (
        "Two or more of this supplier's certifications have certifier problems (a role not permitted, or a "
        "certifier who is not the party named in its role).",
        "Open those certifications from the supplier's records and read their certifier findings.",
    ),
    Trigger.NEW_SUPPLIER: (
        "The supplier has little history: fewer than three certifications in the window, or a first "
        "certification less than 180 days old.",
        "There is not yet enough record to rate; look at the certifications it has.",
    ),
}

_TRIGGER_LEVEL: Mapping[Trigger, str] = {
    Trigger.WITHHOLDING: "HIGH",
    Trigger.NEGATIVE_VERIFICATIONS: "ELEVATED or HIGH",
    Trigger.REVOCATION_RATE: "ELEVATED or HIGH",
    Trigger.REVOCATIONS_AFTER_CLAIM: "ELEVATED",
    Trigger.CERTIFIER_ANOMALIES: "ELEVATED",
    Trigger.NEW_SUPPLIER: "NEW",
}

_NOTES: Mapping[NoteKind, tuple[str, str]] = {
    NoteKind.SUPERSEDED_BY: (
        "The certification asked about was replaced by a later one; the verdict judges the successor.",
        "The note names the successor; compare it with the entry line.",
    ),
    NoteKind.AMENDED: (
        "The certification was amended; the amendment's effective date is given.",
        "Read the amendment in the evidence to see what changed.",
    ),
    NoteKind.VERIFICATION_PENDING: (
        "A verification of origin of these goods is open and has no outcome yet.",
        "Nothing to decide on yet; the outcome will be a later ledger record.",
    ),
    NoteKind.VERIFICATION_AFFIRMED: (
        "A verification of origin of these goods ended by affirming preference.",
        "The evidence shows the verification record and its date.",
    ),
    NoteKind.STATUS_IGNORED: (
        "A status or license event was signed by a party with no authority over the record, so it was not used.",
        "The note names the signer; the record's issuer or CBP are the parties whose status counts.",
    ),
    NoteKind.LOW_VALUE: (
        "USMCA imports into the US worth US$2,500 or less need no full certification.",
        "Check the entry line's value.",
    ),
    NoteKind.SURVIVAL: (
        "The licensor signed a survival: this license continues although a license above it was terminated.",
        "The evidence shows the survival record and its signer.",
    ),
    NoteKind.INFORMATION: (
        "A fact worth knowing that does not change the verdict.",
        "Read the note's text.",
    ),
}

_REASON_TOPICS: tuple[tuple[Topic, Mapping[Reason, tuple[str, str]]], ...] = (
    (Topic.INTEGRITY, _INTEGRITY),
    (Topic.ORIGIN, _ORIGIN),
    (Topic.LICENCE, _LICENCE),
    (Topic.PRODUCT, _PRODUCT),
    (Topic.VOCABULARY, _VOCABULARY),
)


def _reason_outcome(reason: Reason) -> str:
    if reason is Reason.NO_LICENCE:
        return "FAIL or REVIEW"
    return reason.default_status.value


def _build() -> dict[str, Explanation]:
    table: dict[str, Explanation] = {}
    for status, (meaning, look) in _VERDICTS.items():
        table[status.value] = Explanation(status.value, Topic.VERDICT, status.value, meaning, look)
    for topic, texts in _REASON_TOPICS:
        for reason, (meaning, look) in texts.items():
            table[reason.value] = Explanation(reason.value, topic, _reason_outcome(reason), meaning, look)
    for trigger in Trigger:
        meaning, look = _TRIGGERS[trigger]
        table[trigger.value] = Explanation(trigger.value, Topic.SUPPLIER, _TRIGGER_LEVEL[trigger], meaning, look)
    for kind in NoteKind:
        meaning, look = _NOTES[kind]
        table[kind.value] = Explanation(kind.value, Topic.NOTE, "no change to the verdict", meaning, look)
    assert len(table) == len(Status) + sum(len(t) for _, t in _REASON_TOPICS) + len(Trigger) + len(NoteKind), (
        "two kinds of code share a spelling"
    )
    return table


_BY_CODE: Mapping[str, Explanation] = _build()
