"""Plans of the demo records: plain values the anchors and fillers fill in, turned into subjects later."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class Fate(enum.StrEnum):
    """What has become of a certification by the demo's as-of date."""

    ACTIVE = "active"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"
    AMENDED = "amended"


@dataclass(frozen=True, slots=True)
class CertPlan:
    """One certification of origin and its fate.

    ``claimable`` False keeps entry lines off it (the revocations DOMAIN says were never claimed).
    ``omit`` names subject members left out (to show ``MISSING_ELEMENT``).
    """

    cid: str
    agreement: str
    certifier: str
    role: str
    exporter: str | None
    producer: str | None
    importer: str | None
    hs: str
    criterion: str
    origin: str
    blanket: tuple[date, date] | None
    signed: date
    description: str
    fate: Fate = Fate.ACTIVE
    fate_date: date | None = None
    successor: str | None = None
    claimable: bool = True
    omit: frozenset[str] = frozenset()
    tamper: bool = False


@dataclass(frozen=True, slots=True)
class LinePlan:
    """One entry summary line."""

    line_id: str
    cid: str | None
    importer: str
    exporter: str | None
    origin: str
    htsus: str
    spi: str
    import_date: date
    claim_date: date
    value_usd: float
    importer_knowledge: bool = False


@dataclass(frozen=True, slots=True)
class VerificationPlan:
    vid: str
    party: str
    certifications: tuple[str, ...]
    goods: tuple[str, ...]
    opened: date
    decided: date | None
    outcome: str
    withholding: tuple[tuple[str, ...], date] | None = None


@dataclass(frozen=True, slots=True)
class LicencePlan:
    lid: str
    licensor: str
    licensee: str
    licensee_country: str
    recordation: str
    registration: str
    mark: str
    parent: str | None
    depth: int
    hs: tuple[str, ...]
    classes: tuple[int, ...]
    making: tuple[str, ...]
    markets: tuple[str, ...]
    facilities: tuple[str, ...]
    period: tuple[date, date]
    issued: date
    quantity_cap: int | None = None
    gtins: tuple[str, ...] = ()  # GS1 prefixes 20-29: reserved for restricted circulation, never real products
    events: tuple[tuple[str, date, str | None], ...] = ()  # (kind, effective, child)


@dataclass(frozen=True, slots=True)
class RecordationPlan:
    tmk: str
    mark: str
    registration: str
    owner: str
    nationality: str
    classes: tuple[int, ...]
    made_in: tuple[str, ...]
    recorded_on: date
    expires: date
    roster_published: bool
    lever_rule: bool = False


@dataclass(frozen=True, slots=True)
class ProfilePlan:
    pid: str
    version: int
    season: str
    name: str
    mark: str
    recordation: str
    owner: str
    hs: str
    colourways: tuple[str, ...]
    features: tuple[dict[str, str | float], ...]
    serial_format: str
    factories: tuple[str, ...]
    issued: date


@dataclass(frozen=True, slots=True)
class SightingPlan:
    sid: str
    profile: str
    serial: str
    seen_on: date
    port: str
    entry_number: str


@dataclass(slots=True)
class DemoPlan:
    """Everything the generator signs."""

    certs: list[CertPlan] = field(default_factory=list)
    lines: list[LinePlan] = field(default_factory=list)
    verifications: list[VerificationPlan] = field(default_factory=list)
    recordations: list[RecordationPlan] = field(default_factory=list)
    licences: list[LicencePlan] = field(default_factory=list)
    profiles: list[ProfilePlan] = field(default_factory=list)
    sightings: list[SightingPlan] = field(default_factory=list)
