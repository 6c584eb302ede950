"""Kind-specific tables of a report: a licence chain, expected vs observed features, a supplier's record.

Each is plain data (``content.Table``) built from the lookup's outcome and the
records it cites; the PDF draws whatever tables the content carries.
"""

from __future__ import annotations

from collections.abc import Callable

from trade.record_source import RecordSource
from trade.record_types import ProductProfile, TrademarkLicence, TrademarkRecordation
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import ProductQuery
from workstation.lookups.registry import LOOKUPS, ReportSection
from workstation.reports.content import MonthBar, SupplierFacts, Table


def tables(outcome: LookupOutcome, index: RecordSource) -> tuple[Table, ...]:
    """The tables of the sections the kind's spec names, in its order."""
    return tuple(t for section in LOOKUPS[outcome.kind].report_sections for t in _SECTIONS[section](outcome, index))


def supplier_facts(outcome: LookupOutcome) -> SupplierFacts | None:
    h = outcome.supplier
    if h is None:
        return None
    months = tuple(MonthBar(m.month, m.issued, m.revoked) for m in h.months)
    return SupplierFacts(h.party_id, h.rating.value, months)


def _by_log_index(outcome: LookupOutcome, index: RecordSource) -> dict[int, object]:
    """The licence, recordation or profile at each log index the verdict cites."""
    return {
        item.provenance.log_index: item
        for ev in outcome.verdict.evidence
        for item in index.records_at(ev.log_index)
        if isinstance(item, TrademarkLicence | TrademarkRecordation | ProductProfile)
    }


def _licence_chain(outcome: LookupOutcome, index: RecordSource) -> tuple[Table, ...]:
    cited = _by_log_index(outcome, index)
    rows: list[tuple[str, ...]] = []
    for ev in outcome.verdict.evidence:
        item = cited.get(ev.log_index)
        if isinstance(item, TrademarkRecordation):
            rows.append(
                (
                    str(item.number),
                    f"recordation of {item.mark}",
                    index.party_name(item.owner),
                    "",
                    f"expires {item.expires.isoformat()}",
                )
            )
        elif isinstance(item, TrademarkLicence):
            end = item.period.end.isoformat() if item.period.end else "open"
            rows.append(
                (
                    item.licence_id,
                    f"{index.party_name(item.licensor)} to {index.party_name(item.licensee)}",
                    ", ".join(sorted(item.facilities)) or "any",
                    item.parent or "(top)",
                    f"{item.period.start.isoformat()} to {end}; sublicensing levels {item.depth}",
                )
            )
    if not rows:
        return ()
    # The rule walks up from the shipper's licence; the report reads down from the recordation to the shipper.
    parents = {row[0]: row[3] for row in rows}

    def level(record: str) -> int:
        seen: set[str] = set()
        while (parent := parents.get(record)) in parents and record not in seen:
            seen.add(record)
            record = parent
        return len(seen)

    recordations = [row for row in rows if row[3] == ""]
    licences = sorted((row for row in rows if row[3] != ""), key=lambda row: level(row[0]))
    return (Table("License chain", ("Record", "Grant", "Facilities", "Parent", "Terms"), (*recordations, *licences)),)


def _text(value: object) -> str:
    if value is None:
        return "not observed"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _expected_vs_observed(outcome: LookupOutcome, index: RecordSource) -> tuple[Table, ...]:
    cited = _by_log_index(outcome, index)
    profile = next(
        (p for ev in outcome.verdict.evidence if isinstance(p := cited.get(ev.log_index), ProductProfile)), None
    )
    if profile is None:
        return ()
    query = outcome.query
    if not isinstance(query, ProductQuery):
        return ()
    rows: list[tuple[str, ...]] = [
        ("profile", f"{profile.profile_id} {profile.season} (v{profile.version}) {profile.name}",
         _text(f"{query.profile} {query.season}")),
        ("colourway", ", ".join(sorted(profile.colourways)), _text(query.colourway)),
        ("factory", ", ".join(sorted(profile.factories)), _text(query.factory)),
        ("serial", f"format {profile.serial_format}", _text(query.serial)),
    ]  # fmt: skip
    rows.extend((f.name, f.describe(), _text(query.feature(f.name))) for f in profile.features)
    return (Table("Expected (rights holder's profile) vs observed", ("Feature", "Expected", "Observed"), tuple(rows)),)


def _supplier_tables(outcome: LookupOutcome, _index: RecordSource) -> tuple[Table, ...]:
    h = outcome.supplier
    if h is None:
        return ()
    end = h.window.end.isoformat() if h.window.end else "open"
    rate = "n/a" if h.revocation_rate is None else f"{h.revocation_rate:.0%}"
    metrics = (
        ("window", f"{h.window.start.isoformat()} to {end}"),
        ("certifications issued", str(h.issued)),
        ("revoked", f"{h.revoked} (rate {rate})"),
        ("revocations after a claim", str(h.revocations_after_claim)),
        ("negative verifications", str(h.negative_verifications)),
        ("active withholdings", ", ".join(h.withholdings) or "none"),
        ("certifier anomalies", str(h.certifier_anomalies)),
        ("importers served", str(h.importers_served)),
        ("first seen", h.first_seen.isoformat() if h.first_seen else "never"),
    )
    triggers = tuple((t.trigger.value, t.level.value, t.fact) for t in h.triggers) or (("none", "LOW", "no trigger"),)
    return (
        Table(f"Supplier rating: {h.rating.value}", ("Trigger", "Level", "Fact"), triggers),
        Table("Supplier record", ("Measure", "Value"), metrics),
    )


_SECTIONS: dict[ReportSection, Callable[[LookupOutcome, RecordSource], tuple[Table, ...]]] = {
    ReportSection.LICENCE_CHAIN: _licence_chain,
    ReportSection.EXPECTED_VS_OBSERVED: _expected_vs_observed,
    ReportSection.SUPPLIER_RECORD: _supplier_tables,
}
