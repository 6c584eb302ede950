"""Every answer a ``RecordSource`` gives, for every key its records hold: two sources compare as these answers."""

from __future__ import annotations

from trade import record_index
from trade.record_index import RecordIndex
from trade.record_source import RecordSource
from trade.record_types import PartyRegistration


def _keys(index: RecordIndex) -> dict[str, list[str]]:
    """The keys worth asking about, read from the reference index (plus one nobody has)."""
    missing = ["NOT-ON-THE-LEDGER"]
    names = {record_index.fold_name(p.legal_name) for p in index.parties.values()}
    prefixes = {name[:n] for name in names for n in (0, 1, 3)}
    return {
        "certification": [*index.certifications, *missing],
        "party": [*index.parties, *missing],
        "prefix": sorted(prefixes | {"zzz-nobody"}),
        "did": sorted({k for p in index.parties.values() for k in p.keys}) + missing,
        "line": [*index.entry_lines, *missing],
        "entry": sorted({e.line.entry_number for e in index.entry_lines.values()} | set(index.entry_lines)) + missing,
        "licence": [*index.licences, *{e for e in index.events}, *missing],
        "licensee": sorted({lic.licensee for lic in index.licences.values()}) + missing,
        "mark": sorted({r.mark for r in index.recordations} | {r.mark.lower() for r in index.recordations}) + missing,
        "rights": [*index.rights_records, *missing],
        "profile": [*index.profiles, *missing],
        "serial": [*index.sightings, *missing],
        "failed": [*index.failed, *missing],
        "named": sorted({n for item in index.records for n in record_index.names_of(item)}) + missing,
    }


def answers(source: RecordSource, reference: RecordIndex, cbp_issuer: str) -> dict[str, object]:
    """What ``source`` answers to every question, over the keys of ``reference`` (the records rebuilt in memory)."""
    keys = _keys(reference)
    hs_codes = sorted({str(c.hs.digits) for c in reference.certifications.values() if c.hs is not None})[:5]
    parties = keys["party"]
    out: dict[str, object] = {
        "size": source.size,
        "certification": {
            (cid, hs): source.certification(cid, hs) for cid in keys["certification"] for hs in (None, *hs_codes)
        },
        "goods_of": {cid: list(source.goods_of(cid)) for cid in keys["certification"]},
        "statuses_of": {cid: list(source.statuses_of(cid)) for cid in keys["certification"]},
        "failed_for": {k: source.failed_for(k, None) for k in keys["failed"]},
        "failed_for_many": source.failed_for(*keys["failed"]),
        "party": {p: source.party(p) for p in parties},
        "party_country": {p: source.party_country(p) for p in parties},
        "party_name": {p: source.party_name(p) for p in parties},
        "parties_named": {
            (prefix, limit): source.parties_named(prefix, limit) for prefix in keys["prefix"] for limit in (None, 1, 2)
        },
        "parties_with_key": {did: source.parties_with_key(did) for did in keys["did"]},
        "certifications_of_party": {p: list(source.certifications_of_party(p)) for p in parties},
        "verifications_of_party": {p: list(source.verifications_of_party(p)) for p in parties},
        "verifications_about": {
            p: source.verifications_about([p, None], keys["certification"][:20]) for p in parties[:20]
        },
        "lines_citing": {cid: list(source.lines_citing(cid)) for cid in keys["certification"]},
        "lines_of_entry": {e: source.lines_of_entry(e) for e in keys["entry"]},
        "entry_line": {line: source.entry_line(line) for line in keys["line"]},
        "licence": {lic: source.licence(lic) for lic in keys["licence"]},
        "licences_to": {p: list(source.licences_to(p)) for p in keys["licensee"]},
        "recordations_of": {m: list(source.recordations_of(m)) for m in keys["mark"]},
        "rights": {r: source.rights(r) for r in keys["rights"]},
        "events_of": {lic: list(source.events_of(lic)) for lic in keys["licence"]},
        "profiles_of": {p: list(source.profiles_of(p)) for p in keys["profile"]},
        "sightings_of": {s: list(source.sightings_of(s)) for s in keys["serial"]},
        "records_at": {i: source.records_at(i) for i in range(reference.size + 1)},
        "records_named": {n: source.records_named(n) for n in keys["named"]},
        "signers": _bindings(source, reference, cbp_issuer),
    }
    return out


def _bindings(source: RecordSource, reference: RecordIndex, cbp_issuer: str) -> dict[str, object]:
    """Who each registered key and importer number belongs to in the source's directory."""
    signers = source.signers(cbp_issuer)
    registrations = [r for r in reference.records if isinstance(r, PartyRegistration)]
    return {
        **{did: signers.party_of(did) for r in registrations for did in r.keys},
        **{
            f"importer {value}": signers.party_of_importer_number(value)
            for r in registrations
            for name, value in r.identifiers
            if name == "importerNumber"
        },
        **{f"staff {r.party_id}": signers.acts_for_cbp(r.party_id) for r in registrations},
    }
