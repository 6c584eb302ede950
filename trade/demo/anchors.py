"""The named anchors of docs/domain.md §6, exactly as described, and the fixed records around them.

Everything here is fixed; only the filler certifications and entry lines depend on the seed.
``docs/demo-ledger.md`` explains what each anchor demonstrates.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from trade import periods
from trade.demo.plans import (
    CertPlan,
    Fate,
    LinePlan,
)

AS_OF = date(2025, 6, 30)
D = date.fromisoformat

_DEFAULT = CertPlan(
    cid="",
    agreement="USMCA",
    certifier="P-NOPAL",
    role="producer",
    exporter="P-NOPAL",
    producer="P-NOPAL",
    importer="P-BLUEGILL",
    hs="7323.93",
    criterion="B",
    origin="MX",
    blanket=(D("2025-01-01"), D("2025-12-31")),
    signed=D("2024-12-15"),
    description="Enamelled steel cookware",
)


def usmca(cid: str, **changes: Any) -> CertPlan:
    """A certification with the DOMAIN defaults (USMCA, Nopal producer-exporter, Bluegill, 7323.93, B...)."""
    return dataclasses.replace(_DEFAULT, cid=cid, **changes)


def _ocotillo(cid: str, **changes: Any) -> CertPlan:
    base = {
        "certifier": "P-OCOTILLO",
        "exporter": "P-OCOTILLO",
        "producer": "P-OCOTILLO",
        "importer": "P-HARBORLINE",
        "hs": "7326.90",
        "description": "Wrought steel brackets",
    }
    return usmca(cid, **(base | changes))


def _maplewick(cid: str, **changes: Any) -> CertPlan:
    base = {
        "certifier": "P-MAPLEWICK",
        "exporter": "P-MAPLEWICK",
        "producer": "P-MAPLEWICK",
        "origin": "CA",
        "importer": "P-HARBORLINE",
        "hs": "7325.99",
        "description": "Cast iron hardware",
    }
    return usmca(cid, **(base | changes))


def _loonridge(cid: str, **changes: Any) -> CertPlan:
    base = {
        "certifier": "P-LOONRIDGE",
        "exporter": "P-LOONRIDGE",
        "producer": "P-LOONRIDGE",
        "origin": "CA",
        "hs": "3924.10",
        "description": "Plastic tableware",
    }
    return usmca(cid, **(base | changes))


def _cafta(cid: str, supplier: str, origin: str, **changes: Any) -> CertPlan:
    base = {
        "agreement": "CAFTA-DR",
        "certifier": supplier,
        "exporter": supplier,
        "producer": supplier,
        "origin": origin,
        "criterion": "B",
    }
    return usmca(cid, **(base | changes))


def _blanket(start: date) -> tuple[date, date]:
    return start, periods.blanket_limit(start)


def _fate(blanket: tuple[date, date] | None) -> Fate:
    return Fate.EXPIRED if blanket is not None and blanket[1] < AS_OF else Fate.ACTIVE


ANCHOR_CERTS: tuple[CertPlan, ...] = (
    usmca("C-U-001"),
    usmca("C-U-002", blanket=(D("2024-01-01"), D("2024-12-31")), signed=D("2023-12-10"), fate=Fate.EXPIRED),
    _ocotillo(
        "C-U-003",
        blanket=(D("2024-07-01"), D("2025-06-30")),
        signed=D("2024-06-20"),
        fate=Fate.REVOKED,
        fate_date=D("2025-02-11"),
    ),
    usmca("C-U-004", role="exporter", certifier="P-CENZONTLE"),
    usmca(
        "C-U-005", role="exporter", certifier="P-CENZONTLE", exporter="P-CENZONTLE", producer="AVAILABLE_UPON_REQUEST"
    ),
    usmca("C-U-006", hs="8481.80", description="Brass taps and valves"),
    usmca(
        "C-U-007",
        certifier="P-COLIBRI",
        exporter="P-COLIBRI",
        producer="P-COLIBRI",
        hs="8517.12",
        signed=D("2021-11-20"),
        blanket=(D("2021-12-01"), D("2022-11-30")),
        description="Cellular telephones",
        fate=Fate.EXPIRED,
    ),
    usmca(
        "C-N-008",
        agreement="NAFTA",
        role="importer",
        certifier="P-BLUEGILL",
        exporter="P-MAPLEWICK",
        producer="P-MAPLEWICK",
        hs="7325.99",
        origin="CA",
        blanket=(D("2019-09-01"), D("2020-08-31")),
        signed=D("2019-09-02"),
        description="Cast iron hardware",
        fate=Fate.EXPIRED,
    ),
    _maplewick(
        "C-N-009",
        agreement="NAFTA",
        role="exporter",
        blanket=(D("2020-01-01"), D("2020-12-31")),
        signed=D("2019-12-10"),
        fate=Fate.EXPIRED,
    ),
    usmca("C-U-010", signed=D("2025-04-20"), blanket=(D("2025-04-01"), D("2026-03-31"))),
    usmca("C-U-011", fate=Fate.SUPERSEDED, fate_date=D("2025-02-01"), successor="C-U-011A"),
    usmca("C-U-011A", signed=D("2025-02-01")),
    _loonridge("C-U-012"),
    usmca(
        "C-U-013",
        certifier="P-TIDEWATER",
        exporter="P-TIDEWATER",
        producer="P-TIDEWATER",
        hs="6110.30",
        criterion="D",
        description="Knitted hoodies of man-made fibres",
    ),
    _cafta(
        "C-C-014",
        "P-ISTMO",
        "CR",
        role="exporter",
        producer="P-BRISA",
        hs="0901.21",
        description="Roasted coffee, not decaffeinated",
    ),
    usmca("C-U-015", tamper=True),
    # secondary anchors (named in docs/demo-ledger.md)
    _maplewick("C-U-020", signed=D("2023-07-05"), blanket=(D("2023-07-01"), D("2024-06-30")), fate=Fate.EXPIRED),
    usmca(
        "C-U-021",
        role="exporter",
        certifier="P-CENZONTLE",
        exporter="P-CENZONTLE",
        signed=D("2024-06-25"),
        blanket=(D("2024-07-01"), D("2025-07-01")),
    ),
    usmca(
        "C-U-022",
        signed=D("2024-11-02"),
        blanket=(D("2024-11-01"), D("2025-10-31")),
        omit=frozenset({"certifier.email"}),
    ),
)

#: Loonridge: 6 certifications, the first on 2023-09-12, none revoked (C-U-012 among them).
LOONRIDGE_CERTS: tuple[CertPlan, ...] = (
    _loonridge(
        "C-U-024", hs="3924.90", signed=D("2023-09-12"), blanket=(D("2023-09-01"), D("2024-08-31")), fate=Fate.EXPIRED
    ),
    _loonridge("C-U-023", signed=D("2023-12-05"), blanket=(D("2024-01-01"), D("2024-12-31")), fate=Fate.EXPIRED),
    _loonridge(
        "C-U-025",
        hs="3926.90",
        signed=D("2024-03-10"),
        blanket=(D("2024-03-01"), D("2025-02-28")),
        fate=Fate.EXPIRED,
        description="Plastic fittings",
    ),
    _loonridge("C-U-026", signed=D("2024-08-20"), blanket=(D("2024-09-01"), D("2025-08-31"))),
    _loonridge(
        "C-U-027",
        hs="3923.30",
        signed=D("2025-02-14"),
        blanket=(D("2025-03-01"), D("2026-02-28")),
        description="Plastic bottles",
    ),
)

#: Nuevo Horizonte: 2 certifications, the first on 2025-05-30.
NUEVO_HORIZONTE_CERTS: tuple[CertPlan, ...] = (
    usmca(
        "C-U-028",
        certifier="P-NUEVOHORIZONTE",
        exporter="P-NUEVOHORIZONTE",
        producer="P-NUEVOHORIZONTE",
        hs="9403.20",
        signed=D("2025-05-30"),
        blanket=(D("2025-06-01"), D("2026-05-31")),
        description="Metal furniture",
    ),
    usmca(
        "C-U-029",
        certifier="P-NUEVOHORIZONTE",
        exporter="P-NUEVOHORIZONTE",
        producer="P-NUEVOHORIZONTE",
        hs="9403.20",
        signed=D("2025-06-18"),
        blanket=(D("2025-06-15"), D("2026-06-14")),
        importer="P-HARBORLINE",
        description="Metal furniture",
    ),
)


def _series(
    make: Any, prefix: str, first: int, start: date, *, step: int, count: int, **changes: Any
) -> list[CertPlan]:
    plans = []
    for k in range(count):
        signed = start + timedelta(days=step * k)
        blanket = _blanket(signed + timedelta(days=10))
        plans.append(make(f"{prefix}-{first + k:03d}", signed=signed, blanket=blanket, fate=_fate(blanket), **changes))
    return plans


def _revoke(plan: CertPlan, days: int) -> CertPlan:
    return dataclasses.replace(plan, fate=Fate.REVOKED, fate_date=plan.signed + timedelta(days=days), claimable=False)


def _ocotillo_window() -> list[CertPlan]:
    """Talleres Ocotillo: 14 issued in the window (C-U-003 and these 13), 3 revoked."""
    plans = _series(_ocotillo, "C-U", 30, D("2023-07-15"), step=50, count=13)
    plans[4] = _revoke(plans[4], 120)
    plans[9] = _revoke(plans[9], 90)
    return plans


def _maplewick_window() -> list[CertPlan]:
    """Maplewick: 12 issued in the window (C-U-020 and these 11), 1 revoked and never claimed."""
    plans = _series(_maplewick, "C-U", 50, D("2023-08-20"), step=60, count=11)
    plans[6] = _revoke(plans[6], 75)
    return plans


def _volcan() -> list[CertPlan]:
    """Agroindustrias Volcán (GT): 12 issued in the window, 2 revoked (ELEVATED); 2 older ones."""

    def make(cid: str, **kw: Any) -> CertPlan:
        return _cafta(cid, "P-VOLCAN", "GT", hs="0804.50", description="Fresh mangoes", **kw)

    plans = _series(make, "C-C", 30, D("2023-07-20"), step=55, count=12)
    plans[3] = _revoke(plans[3], 60)
    plans[8] = _revoke(plans[8], 45)
    return _series(make, "C-C", 20, D("2021-03-01"), step=200, count=2) + plans


def _istmo() -> list[CertPlan]:
    """Istmo Trading (PA): 6 issued in the window (C-C-014 and these 5), 2 with certifier anomalies; 2 older."""

    def make(cid: str, **kw: Any) -> CertPlan:
        return _cafta(
            cid,
            "P-ISTMO",
            "CR",
            role="exporter",
            producer="P-BRISA",
            hs="0901.21",
            description="Roasted coffee, not decaffeinated",
            **kw,
        )

    plans = _series(make, "C-C", 50, D("2023-10-01"), step=110, count=5)
    for i in (1, 3):
        plans[i] = dataclasses.replace(plans[i], role="producer")
    return _series(make, "C-C", 44, D("2021-06-01"), step=300, count=2) + plans


def _nafta_fixed() -> list[CertPlan]:
    """Older NAFTA certifications that CBP later verified: Ocotillo's five, one of Cenzontle's."""
    ocotillo = _series(
        _ocotillo, "C-N", 40, D("2017-02-01"), step=190, count=5, agreement="NAFTA", role="exporter", importer="P-IMP03"
    )
    cenzontle = usmca(
        "C-N-045",
        agreement="NAFTA",
        role="exporter",
        certifier="P-CENZONTLE",
        exporter="P-CENZONTLE",
        producer="P-NOPAL",
        signed=D("2018-04-02"),
        blanket=(D("2018-04-01"), D("2019-03-31")),
        fate=Fate.EXPIRED,
    )
    return [*ocotillo, cenzontle]


FIXED_CERTS: tuple[CertPlan, ...] = (
    *ANCHOR_CERTS,
    *LOONRIDGE_CERTS,
    *NUEVO_HORIZONTE_CERTS,
    *_ocotillo_window(),
    *_maplewick_window(),
    *_volcan(),
    *_istmo(),
    *_nafta_fixed(),
)

#: Entry lines with fixed ids and dates (``E-1031`` is DOMAIN's; the rest show one anchor each).
ANCHOR_LINES: tuple[LinePlan, ...] = (
    LinePlan(
        "E-1001", "C-U-001", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-03-04"), D("2025-03-12"), 18400
    ),
    LinePlan(
        "E-1002", "C-U-002", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-02-10"), D("2025-02-18"), 9200
    ),
    LinePlan(
        "E-1003", "C-U-002", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2024-05-06"), D("2024-05-15"), 11050
    ),
    LinePlan(
        "E-1004", "C-U-004", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-02-03"), D("2025-02-11"), 7600
    ),
    LinePlan(
        "E-1005",
        "C-U-005",
        "P-BLUEGILL",
        "P-CENZONTLE",
        "MX",
        "7323.93.0030",
        "S",
        D("2025-03-18"),
        D("2025-03-27"),
        5300,
    ),
    LinePlan(
        "E-1006", "C-U-006", "P-BLUEGILL", "P-NOPAL", "MX", "8481.90.1000", "S", D("2025-04-07"), D("2025-04-15"), 6400
    ),
    LinePlan(
        "E-1007", "C-U-006", "P-BLUEGILL", "P-NOPAL", "MX", "8481.80.1090", "S", D("2025-04-07"), D("2025-04-15"), 12700
    ),
    LinePlan(
        "E-1008",
        "C-U-007",
        "P-BLUEGILL",
        "P-COLIBRI",
        "MX",
        "8517.13.0000",
        "S",
        D("2022-03-15"),
        D("2022-03-22"),
        48000,
    ),
    LinePlan(
        "E-1009",
        "C-U-007",
        "P-BLUEGILL",
        "P-COLIBRI",
        "MX",
        "8517.12.0050",
        "S",
        D("2021-12-15"),
        D("2021-12-22"),
        39500,
    ),
    LinePlan(
        "E-1010",
        "C-N-008",
        "P-BLUEGILL",
        "P-MAPLEWICK",
        "CA",
        "7325.99.5000",
        "CA",
        D("2019-10-15"),
        D("2019-10-25"),
        8800,
    ),
    LinePlan(
        "E-1011",
        "C-N-009",
        "P-HARBORLINE",
        "P-MAPLEWICK",
        "CA",
        "7325.99.5000",
        "CA",
        D("2020-03-10"),
        D("2020-03-18"),
        9900,
    ),
    LinePlan(
        "E-1012",
        "C-N-009",
        "P-HARBORLINE",
        "P-MAPLEWICK",
        "CA",
        "7325.99.5000",
        "CA",
        D("2020-08-20"),
        D("2020-08-28"),
        10100,
    ),
    LinePlan(
        "E-1013", "C-U-010", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-04-08"), D("2025-04-16"), 6100
    ),
    LinePlan(
        "E-1014", "C-U-010", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-04-08"), D("2025-04-25"), 6150
    ),
    LinePlan(
        "E-1015", "C-U-011", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-03-03"), D("2025-03-10"), 7300
    ),
    LinePlan(
        "E-1016", "C-U-011", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-01-10"), D("2025-01-20"), 7350
    ),
    LinePlan(
        "E-1017",
        "C-U-012",
        "P-BLUEGILL",
        "P-LOONRIDGE",
        "CA",
        "3924.10.4000",
        "S",
        D("2025-01-20"),
        D("2025-01-28"),
        4400,
    ),
    LinePlan(
        "E-1018",
        "C-U-023",
        "P-BLUEGILL",
        "P-LOONRIDGE",
        "CA",
        "3924.10.4000",
        "S",
        D("2024-09-10"),
        D("2024-09-18"),
        4100,
    ),
    LinePlan(
        "E-1019",
        "C-U-013",
        "P-BLUEGILL",
        "P-TIDEWATER",
        "MX",
        "6110.30.3059",
        "S",
        D("2025-02-24"),
        D("2025-03-04"),
        15800,
    ),
    LinePlan(
        "E-1020", "C-C-014", "P-BLUEGILL", "P-ISTMO", "CR", "0901.21.0020", "P", D("2025-03-25"), D("2025-04-02"), 21000
    ),
    LinePlan(
        "E-1021", "C-U-015", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-05-06"), D("2025-05-14"), 6600
    ),
    LinePlan(
        "E-1022",
        None,
        "P-BLUEGILL",
        "P-BRISA",
        "CR",
        "0901.21.0020",
        "P",
        D("2025-05-12"),
        D("2025-05-20"),
        3900,
        importer_knowledge=True,
    ),
    LinePlan(
        "E-1023", None, "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2025-05-13"), D("2025-05-21"), 2100
    ),
    LinePlan(
        "E-1024",
        "C-U-020",
        "P-HARBORLINE",
        "P-MAPLEWICK",
        "CA",
        "7325.99.5000",
        "S",
        D("2023-07-24"),
        D("2023-08-01"),
        9100,
    ),
    LinePlan(
        "E-1025",
        "C-U-001",
        "P-HARBORLINE",
        "P-NOPAL",
        "MX",
        "7323.93.0030",
        "S",
        D("2025-03-11"),
        D("2025-03-19"),
        8300,
    ),
    LinePlan(
        "E-1026",
        "C-U-021",
        "P-BLUEGILL",
        "P-CENZONTLE",
        "MX",
        "7323.93.0030",
        "S",
        D("2024-11-05"),
        D("2024-11-13"),
        5800,
    ),
    LinePlan(
        "E-1027", "C-U-022", "P-BLUEGILL", "P-NOPAL", "MX", "7323.93.0030", "S", D("2024-12-02"), D("2024-12-10"), 6000
    ),
    LinePlan(
        "E-1028",
        "C-U-028",
        "P-BLUEGILL",
        "P-NUEVOHORIZONTE",
        "MX",
        "9403.20.0050",
        "S",
        D("2025-06-09"),
        D("2025-06-17"),
        14200,
    ),
    LinePlan(
        "E-1031",
        "C-U-003",
        "P-HARBORLINE",
        "P-OCOTILLO",
        "MX",
        "7326.90.8688",
        "S",
        D("2024-10-02"),
        D("2024-10-14"),
        13750,
    ),
)

#: Certifications pass-lines stay off: each shows something on its own anchor line only.
QUIET_CERTS = frozenset(
    {
        "C-C-020",
        "C-C-021",
        "C-C-044",
        "C-C-045",
        "C-C-050",
        "C-C-051",
        "C-C-052",
        "C-C-053",
        "C-C-054",
        "C-N-040",
        "C-N-041",
        "C-N-042",
        "C-N-043",
        "C-N-045",
        "C-U-003",
        "C-U-004",
        "C-U-007",
        "C-N-008",
        "C-N-009",
        "C-U-010",
        "C-U-011",
        "C-U-012",
        "C-U-013",
        "C-C-014",
        "C-U-015",
        "C-U-020",
        "C-U-021",
        "C-U-022",
        "C-U-023",
        "C-U-026",
    }
)
