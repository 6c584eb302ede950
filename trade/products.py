"""Does this item match what the rights holder recorded for its season? The checks of docs/domain.md §3.

Profiles are versioned by season: the one labelled with the item's season is used
(its latest version). All matching gives PASS, "consistent with profile". A serial
seen twice (the item in hand counts as a sighting) makes every sighting REVIEW,
as of the check date: valid serials get cloned.

>>> serial_matches("LS25S######", "LS25S004211")
True
>>> serial_matches("LS25S######", "LS24F004211")
False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from trade.record_source import RecordSource
from trade.record_types import Feature, ProductProfile
from trade.verdicts import Evidence, Finding, Note, NoteKind, Reason, Verdict


@dataclass(frozen=True, slots=True)
class ItemInHand:
    """What the officer sees.

    Attributes:
        profile_id: the profile (``LS-STR-01``).
        season: the season on the label (``SS25``).
        colourway: the colourway code on the label.
        observations: feature name to the measured number or the observed text.
        serial: the serial on the item.
        factory: the factory on the label.
        entry_number: the entry the item came in (a ledger sighting of it is then the same sighting).
    """

    profile_id: str
    season: str
    colourway: str | None = None
    observations: Mapping[str, float | str] = field(default_factory=dict)
    serial: str | None = None
    factory: str | None = None
    entry_number: str | None = None


def serial_matches(serial_format: str, serial: str) -> bool:
    """Whether ``serial`` fits ``serial_format``: ``#`` a digit, ``@`` a letter, anything else itself."""
    text = serial.strip().upper()
    if len(text) != len(serial_format):
        return False
    for pattern, char in zip(serial_format.upper(), text, strict=True):
        if pattern == "#":
            if not (char.isascii() and char.isdigit()):
                return False
        elif pattern == "@":
            if not (char.isascii() and char.isalpha()):
                return False
        elif pattern != char:
            return False
    return True


def find_profile(profile_id: str, season: str, index: RecordSource) -> ProductProfile | None:
    """The latest version of ``profile_id`` labelled ``season``."""
    found = [p for p in index.profiles_of(profile_id) if p.season == season.strip().upper()]
    return max(found, key=lambda p: (p.version, p.provenance.log_index), default=None)


def check_product(item: ItemInHand, index: RecordSource, *, as_of: date) -> Verdict:
    """Judge the item against its season's profile and the serial sightings up to ``as_of``."""
    failed = index.failed_for(item.profile_id)
    if failed:
        return Verdict.unverifiable((f.reason, f.evidence, f.detail) for f in failed)
    profile = find_profile(item.profile_id, item.season, index)
    if profile is None:
        seasons = sorted({p.season for p in index.profiles_of(item.profile_id)})
        fact = f"no profile {item.profile_id} for season {item.season.upper()}"
        fact += f" (seasons on the ledger: {', '.join(seasons)})" if seasons else ""
        return Verdict.judge([Finding(Reason.PROFILE_NOT_FOUND, fact)], ())
    ev = (profile.provenance.evidence,)
    label = f"{profile.profile_id} {profile.season}"
    findings: list[Finding] = []
    notes: list[Note] = []
    evidence: list[Evidence] = [profile.provenance.evidence]
    if item.colourway is not None and item.colourway.strip().upper() not in profile.colourways:
        fact = (
            f"colorway {item.colourway.upper()} was not produced in {profile.season} "
            f"({label} colorways: {', '.join(sorted(profile.colourways))})"
        )
        findings.append(Finding(Reason.COLORWAY_NOT_PRODUCED, fact, ev))
    for feature in profile.features:
        findings += _feature_findings(feature, item.observations.get(feature.name), ev)
    unknown = sorted(set(item.observations) - {f.name for f in profile.features})
    if unknown:
        notes.append(Note(NoteKind.INFORMATION, f"not in the profile, not judged: {', '.join(unknown)}"))
    if item.serial is None:
        findings.append(Finding(Reason.FEATURE_NOT_OBSERVED, "no serial was recorded for the item", ev))
    else:
        if not serial_matches(profile.serial_format, item.serial):
            fact = f"serial {item.serial.upper()} does not fit {label}'s format {profile.serial_format}"
            findings.append(Finding(Reason.SERIAL_FORMAT, fact, ev))
        findings += _sighting_findings(item, index, as_of, evidence)
    if item.factory is not None and item.factory not in profile.factories:
        allowed = ", ".join(sorted(profile.factories))
        fact = f"factory {item.factory} is not among {label}'s authorized factories ({allowed})"
        findings.append(Finding(Reason.FACTORY_NOT_AUTHORIZED, fact, ev))
    return Verdict.judge(findings, evidence, notes=notes, passing=f"consistent with profile {label}")


def _feature_findings(feature: Feature, observed: float | str | None, ev: tuple[Evidence, ...]) -> list[Finding]:
    if observed is None:
        fact = f"{feature.name} was not observed (profile: {feature.describe()})"
        return [Finding(Reason.FEATURE_NOT_OBSERVED, fact, ev)]
    if feature.value is not None:
        seen = " ".join(str(observed).split()).casefold()
        if seen != " ".join(feature.value.split()).casefold():
            fact = f"{feature.name} observed {observed!s}; profile: {feature.describe()}"
            return [Finding(Reason.FEATURE_MISMATCH, fact, ev)]
        return []
    assert feature.minimum is not None
    assert feature.maximum is not None
    try:
        value = float(observed)
    except ValueError:
        return [Finding(Reason.FEATURE_MISMATCH, f"{feature.name} observed {observed!s}, not a number", ev)]
    if not feature.minimum <= value <= feature.maximum:
        unit = f" {feature.unit}" if feature.unit else ""
        fact = f"{feature.name} observed {value:g}{unit}; profile: {feature.describe()}"
        return [Finding(Reason.FEATURE_MISMATCH, fact, ev)]
    return []


def _sighting_findings(item: ItemInHand, index: RecordSource, as_of: date, evidence: list[Evidence]) -> list[Finding]:
    serial = (item.serial or "").strip().upper()
    seen = sorted(
        (s for s in index.sightings_of(serial) if s.seen_on <= as_of),
        key=lambda s: (s.seen_on, s.provenance.log_index),
    )
    evidence.extend(s.provenance.evidence for s in seen)
    in_hand_logged = item.entry_number is not None and any(s.entry_number == item.entry_number for s in seen)
    count = len(seen) + (0 if in_hand_logged else 1)
    if count < 2:
        return []
    places = "; ".join(f"{s.seen_on} at {s.port or '?'} (entry {s.entry_number or '?'})" for s in seen)
    fact = f"serial {serial} has been seen {count} times up to {as_of}, this item included: {places}"
    return [Finding(Reason.SERIAL_DUPLICATE, fact, tuple(s.provenance.evidence for s in seen))]
