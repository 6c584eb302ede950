# ruff: noqa: S311 - data tables; the demo is deterministic on purpose, not secret
"""Seeded filler certifications and entry lines, sized so the totals match docs/domain.md §6 exactly.

Certifications: 240 in all (NAFTA 40, USMCA 150, CAFTA-DR 50); by fate 132 active, 60
expired, 19 superseded, 17 revoked, 12 amended (the 5 % DOMAIN leaves open). Filler
revocations are all NAFTA-era, so no clean supplier has one in the 24-month window.
Entry lines: 600, each on a claimable certification and, unless it is one of the
error lines, consistent with it.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from typing import Any

from trade import periods
from trade.demo import anchors
from trade.demo.parties import IMPORTERS
from trade.demo.plans import CertPlan, Fate, LinePlan

TOTALS = {"NAFTA": 40, "USMCA": 150, "CAFTA-DR": 50}
FATES = {Fate.ACTIVE: 132, Fate.EXPIRED: 60, Fate.SUPERSEDED: 19, Fate.REVOKED: 17, Fate.AMENDED: 12}
LINES = 600

_GOODS = {
    "P-NOPAL": (
        ("7323.93", "Enamelled steel cookware"),
        ("7323.99", "Steel kitchenware"),
        ("8481.80", "Brass taps and valves"),
    ),
    "P-CENZONTLE": (("7323.93", "Enamelled steel cookware"), ("7615.10", "Aluminium kitchenware")),
    "P-COLIBRI": (("8517.62", "Network switching apparatus"), ("8504.40", "Static converters")),
    "P-TIDEWATER": (("6109.10", "Cotton T-shirts, knitted"), ("6110.20", "Cotton sweaters, knitted")),
    "P-OCOTILLO": (("7326.90", "Wrought steel brackets"),),
    "P-MAPLEWICK": (("7325.99", "Cast iron hardware"),),
    "P-BRISA": (("0901.21", "Roasted coffee, not decaffeinated"), ("0901.11", "Green coffee")),
    "P-QUETZAL": (("6105.10", "Cotton shirts, knitted"), ("6109.10", "Cotton T-shirts, knitted")),
}
_USMCA_FILLERS = ("P-NOPAL", "P-CENZONTLE", "P-COLIBRI", "P-TIDEWATER")
_CAFTA_FILLERS = (("P-BRISA", "CR"), ("P-QUETZAL", "GT"))
_NAFTA_REVOKED = (
    "P-NOPAL",
    "P-NOPAL",
    "P-NOPAL",
    "P-CENZONTLE",
    "P-CENZONTLE",
    "P-CENZONTLE",
    "P-COLIBRI",
    "P-COLIBRI",
    "P-COLIBRI",
    "P-TIDEWATER",
    "P-TIDEWATER",
)
_NAFTA_SUPPLIERS = ("P-NOPAL", "P-CENZONTLE", "P-COLIBRI", "P-TIDEWATER", "P-OCOTILLO", "P-MAPLEWICK")
_IMPORTER_IDS = tuple(p.party_id for p in IMPORTERS)


class _Numbers:
    def __init__(self) -> None:
        self.next = {"NAFTA": 100, "USMCA": 100, "CAFTA-DR": 100}

    def take(self, agreement: str) -> str:
        number = self.next[agreement]
        self.next[agreement] += 1
        return f"C-{agreement[0]}-{number:03d}"


def _cert(
    rng: random.Random, numbers: _Numbers, agreement: str, supplier: str, *, origin: str, start: date, **changes: Any
) -> CertPlan:
    hs, description = rng.choice(_GOODS[supplier])
    trader = supplier == "P-CENZONTLE"
    signed = min(start + timedelta(days=rng.randint(-25, 12)), anchors.AS_OF - timedelta(days=3))
    plan = CertPlan(
        cid=numbers.take(agreement),
        agreement=agreement,
        certifier=supplier,
        role="exporter" if trader or agreement == "NAFTA" else "producer",
        exporter=supplier,
        producer=rng.choice(("P-NOPAL", "AVAILABLE_UPON_REQUEST")) if trader else supplier,
        importer=rng.choice(_IMPORTER_IDS),
        hs=hs,
        criterion=rng.choice("AB" if agreement == "CAFTA-DR" else "BC"),
        origin=origin,
        blanket=(start, periods.blanket_limit(start)),
        signed=signed,
        description=description,
    )
    return dataclasses.replace(plan, **changes)


def filler_certs(seed: int) -> list[CertPlan]:
    """The seeded certifications that, with the fixed ones, make up DOMAIN's totals."""
    rng = random.Random(f"certs/{seed}")
    numbers = _Numbers()
    fixed = anchors.FIXED_CERTS
    by_agreement = {a: TOTALS[a] - sum(c.agreement == a for c in fixed) for a in TOTALS}
    by_fate = {f: FATES[f] - sum(c.fate is f for c in fixed) for f in FATES}
    plans: list[CertPlan] = []
    # NAFTA: the remaining revocations (all before the window), then expired ones
    for k in range(by_agreement["NAFTA"]):
        revoked = k < by_fate[Fate.REVOKED]
        supplier = _NAFTA_REVOKED[k] if revoked else _NAFTA_SUPPLIERS[k % len(_NAFTA_SUPPLIERS)]
        origin = "CA" if supplier == "P-MAPLEWICK" else "MX"
        start = date(2016, 1, 4) + timedelta(days=rng.randint(0, 1500))
        plan = _cert(rng, numbers, "NAFTA", supplier, origin=origin, start=start, fate=Fate.EXPIRED)
        if revoked:
            plan = dataclasses.replace(
                plan, fate=Fate.REVOKED, fate_date=plan.signed + timedelta(days=rng.randint(60, 300)), claimable=False
            )
        plans.append(plan)
    by_fate[Fate.EXPIRED] -= by_agreement["NAFTA"] - by_fate[Fate.REVOKED]
    by_fate[Fate.REVOKED] = 0
    assert by_fate[Fate.EXPIRED] == 0, "the fixed certifications and NAFTA fillers use up the expired budget"
    remaining = {"USMCA": by_agreement["USMCA"], "CAFTA-DR": by_agreement["CAFTA-DR"]}

    def supplier_for(agreement: str, k: int) -> tuple[str, str]:
        if agreement == "USMCA":
            return _USMCA_FILLERS[k % len(_USMCA_FILLERS)], "MX"
        return _CAFTA_FILLERS[k % len(_CAFTA_FILLERS)]

    def active_start() -> date:
        return date(2024, 7, 1) + timedelta(days=rng.randint(0, 340))

    pairs = by_fate[Fate.SUPERSEDED]
    for k in range(pairs):
        agreement = "CAFTA-DR" if k % 4 == 3 else "USMCA"
        supplier, origin = supplier_for(agreement, k)
        original = _cert(rng, numbers, agreement, supplier, origin=origin, start=active_start())
        when = min(original.signed + timedelta(days=rng.randint(20, 60)), anchors.AS_OF - timedelta(days=2))
        successor = dataclasses.replace(original, cid=original.cid + "A", signed=when)
        plans += [
            dataclasses.replace(original, fate=Fate.SUPERSEDED, fate_date=when, successor=successor.cid),
            successor,
        ]
        remaining[agreement] -= 2
        by_fate[Fate.ACTIVE] -= 1
    for k in range(by_fate[Fate.AMENDED]):
        agreement = "CAFTA-DR" if k % 4 == 1 else "USMCA"
        supplier, origin = supplier_for(agreement, k + 1)
        plan = _cert(rng, numbers, agreement, supplier, origin=origin, start=active_start())
        when = min(plan.signed + timedelta(days=rng.randint(15, 45)), anchors.AS_OF - timedelta(days=1))
        plans.append(dataclasses.replace(plan, fate=Fate.AMENDED, fate_date=when))
        remaining[agreement] -= 1
    assert by_fate[Fate.ACTIVE] == remaining["USMCA"] + remaining["CAFTA-DR"]
    for agreement, count in remaining.items():
        for k in range(count):
            supplier, origin = supplier_for(agreement, k + 2)
            plans.append(_cert(rng, numbers, agreement, supplier, origin=origin, start=active_start()))
    return plans


def _claim_window(cert: CertPlan) -> tuple[date, date] | None:
    """Import dates for which a line on ``cert`` is consistent with it (claimed 3-14 days later)."""
    assert cert.blanket is not None
    first = max(cert.blanket[0], cert.signed)
    last = min(cert.blanket[1], anchors.AS_OF - timedelta(days=14))
    if cert.agreement == "NAFTA":
        last = min(last, date(2020, 6, 30))
    if cert.fate is Fate.SUPERSEDED and cert.fate_date is not None:
        first = max(first, cert.fate_date)
    return (first, last) if first <= last else None


def _line(rng: random.Random, line_id: str, cert: CertPlan, window: tuple[date, date]) -> LinePlan:
    span = (window[1] - window[0]).days
    imported = window[0] + timedelta(days=rng.randint(0, span))
    spi = {"NAFTA": cert.origin, "USMCA": "S", "CAFTA-DR": "P"}[cert.agreement]
    htsus = f"{cert.hs}.{rng.randint(0, 99):02d}{rng.choice('05')}0"
    return LinePlan(
        line_id,
        cert.cid,
        cert.importer or "P-BLUEGILL",
        cert.exporter,
        cert.origin,
        htsus,
        spi,
        imported,
        imported + timedelta(days=rng.randint(3, 14)),
        float(rng.randint(900, 60000)),
    )


def filler_lines(seed: int, certs: list[CertPlan]) -> list[LinePlan]:
    """The seeded entry lines: consistent ones, and about one in twelve with one error injected."""
    rng = random.Random(f"lines/{seed}")
    eligible = [
        (c, w)
        for c in certs
        if c.claimable and c.cid not in anchors.QUIET_CERTS and not c.tamper and (w := _claim_window(c)) is not None
    ]
    fixed_ids = {line.line_id for line in anchors.ANCHOR_LINES}
    ids = (f"E-{n}" for n in range(1001, 1001 + 2 * LINES) if f"E-{n}" not in fixed_ids)
    lines: list[LinePlan] = []
    for k in range(LINES - len(anchors.ANCHOR_LINES)):
        cert, window = eligible[k % len(eligible)] if k < len(eligible) else rng.choice(eligible)
        line = _line(rng, next(ids), cert, window)
        if k % 12 == 5:
            line = _inject_error(rng, line, cert)
        lines.append(line)
    return lines


def _inject_error(rng: random.Random, line: LinePlan, cert: CertPlan) -> LinePlan:
    kind = rng.choice(("importer", "hs", "late", "early"))
    if kind == "importer":
        other = rng.choice([i for i in _IMPORTER_IDS if i != line.importer])
        return dataclasses.replace(line, importer=other)
    if kind == "hs":
        return dataclasses.replace(line, htsus="9405.40.8440")
    assert cert.blanket is not None
    if kind == "late" and cert.blanket[1] + timedelta(days=40) < anchors.AS_OF:
        imported = cert.blanket[1] + timedelta(days=rng.randint(5, 25))
        return dataclasses.replace(line, import_date=imported, claim_date=imported + timedelta(days=7))
    claimed = cert.signed - timedelta(days=rng.randint(2, 20))
    return dataclasses.replace(line, import_date=claimed - timedelta(days=5), claim_date=claimed)
