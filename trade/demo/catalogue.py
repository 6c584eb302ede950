"""The fixed non-certification records: verifications, recordations, licences, profiles, sightings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from trade import identifiers
from trade.demo import anchors
from trade.demo.plans import CertPlan, LicencePlan, ProfilePlan, RecordationPlan, SightingPlan, VerificationPlan

D = date.fromisoformat


def verifications(certs: Sequence[CertPlan]) -> list[VerificationPlan]:
    """30 verifications: 15 affirmed, 10 denied, 4 pending, 1 pattern of conduct (Loonridge)."""
    fixed = [
        VerificationPlan(
            "V-001", "P-MAPLEWICK", ("C-U-020",), ("7325.99",), D("2023-08-01"), D("2023-09-15"), "denied_no_reply"
        ),
        VerificationPlan(
            "V-002",
            "P-OCOTILLO",
            ("C-N-040",),
            ("7326.90",),
            D("2020-11-02"),
            D("2021-03-10"),
            "denied_not_originating",
        ),
        VerificationPlan(
            "V-003", "P-OCOTILLO", ("C-N-041",), ("7326.90",), D("2021-07-12"), D("2021-11-22"), "denied_no_reply"
        ),
        VerificationPlan(
            "V-004", "P-OCOTILLO", ("C-N-042",), ("7326.90",), D("2022-03-01"), D("2022-06-30"), "denied_visit_refused"
        ),
        VerificationPlan(
            "V-005",
            "P-OCOTILLO",
            ("C-N-043",),
            ("7326.90",),
            D("2023-01-16"),
            D("2023-05-18"),
            "denied_not_originating",
        ),
        VerificationPlan(
            "V-006", "P-VOLCAN", ("C-C-020",), ("0804.50",), D("2021-12-01"), D("2022-04-12"), "denied_not_originating"
        ),
        VerificationPlan(
            "V-007", "P-VOLCAN", ("C-C-021",), ("0804.50",), D("2022-06-01"), D("2022-10-03"), "denied_no_reply"
        ),
        VerificationPlan(
            "V-008", "P-ISTMO", ("C-C-044",), ("0901.21",), D("2022-03-14"), D("2022-08-01"), "denied_not_originating"
        ),
        VerificationPlan(
            "V-009", "P-ISTMO", ("C-C-045",), ("0901.21",), D("2023-01-09"), D("2023-05-30"), "denied_not_originating"
        ),
        VerificationPlan(
            "V-010",
            "P-CENZONTLE",
            ("C-N-045",),
            ("7323.93",),
            D("2019-11-04"),
            D("2020-05-14"),
            "denied_not_originating",
        ),
        VerificationPlan(
            "V-011",
            "P-LOONRIDGE",
            (),
            ("3924.10",),
            D("2024-06-03"),
            D("2024-10-15"),
            "pattern",
            withholding=(("3924.10",), D("2024-11-01")),
        ),
    ]
    pending_parties = ("P-COLIBRI", "P-TIDEWATER", "P-NOPAL", "P-BRISA")
    affirmed_parties = (
        "P-NOPAL",
        "P-CENZONTLE",
        "P-COLIBRI",
        "P-TIDEWATER",
        "P-BRISA",
        "P-QUETZAL",
        "P-OCOTILLO",
        "P-MAPLEWICK",
        "P-VOLCAN",
        "P-NOPAL",
        "P-COLIBRI",
        "P-TIDEWATER",
        "P-BRISA",
        "P-QUETZAL",
        "P-CENZONTLE",
    )
    used: set[str] = {c.cid for c in anchors.ANCHOR_CERTS}
    plans = list(fixed)
    for k, party in enumerate(pending_parties):
        cert = _pick(certs, party, used, active=True)
        opened = D("2025-04-01") + timedelta(days=17 * k)
        plans.append(VerificationPlan(f"V-{12 + k:03d}", party, (cert.cid,), (cert.hs,), opened, None, "pending"))
    for k, party in enumerate(affirmed_parties):
        cert = _pick(certs, party, used, active=False)
        opened = cert.signed + timedelta(days=120)
        decided = min(opened + timedelta(days=95), D("2025-06-20"))
        plans.append(VerificationPlan(f"V-{16 + k:03d}", party, (cert.cid,), (cert.hs,), opened, decided, "affirmed"))
    return plans


def _pick(certs: Sequence[CertPlan], party: str, used: set[str], *, active: bool) -> CertPlan:
    for cert in certs:
        if (
            cert.exporter == party
            and cert.cid not in used
            and cert.claimable
            and not cert.tamper
            and (cert.fate.value == "active" or not active)
            and cert.signed <= D("2025-02-01")
        ):
            used.add(cert.cid)
            return cert
    raise AssertionError(f"no certification of {party} to verify")


RECORDATIONS: tuple[RecordationPlan, ...] = (
    RecordationPlan(
        "TMK 21-90017",
        "LARKSPUR",
        "9901234",
        "P-LARKSPUR",
        "US",
        (25,),
        ("MX", "HN", "SV", "GT", "CA"),
        D("2021-05-11"),
        D("2031-05-11"),
        True,
    ),
    RecordationPlan(
        "TMK 19-90342",
        "QUILLFEATHER",
        "9904512",
        "P-QUILLFEATHER",
        "US",
        (21,),
        ("VN", "ES"),
        D("2019-08-20"),
        D("2029-08-20"),
        False,
    ),
    RecordationPlan(
        "TMK 18-90455",
        "MARROWBANK",
        "9907338",
        "P-MARROWBANK",
        "US",
        (9,),
        ("TH", "NZ"),
        D("2018-02-14"),
        D("2028-02-14"),
        True,
    ),
    RecordationPlan(
        "TMK 15-90512",
        "TESSEL & FINCH",
        "9910046",
        "P-TESSEL",
        "GB",
        (18,),
        ("IN", "PT"),
        D("2015-03-01"),
        D("2025-03-01"),
        False,
    ),
    RecordationPlan(
        "TMK 22-90630",
        "KESTREL RIDGE",
        "9913590",
        "P-KESTREL",
        "CA",
        (25,),
        ("NO",),
        D("2022-09-09"),
        D("2032-09-09"),
        False,
    ),
    RecordationPlan(
        "TMK 20-90771",
        "ORLA VINTER",
        "9918207",
        "P-ORLA",
        "SE",
        (21,),
        ("PT",),
        D("2020-11-30"),
        D("2030-11-30"),
        False,
        lever_rule=True,
    ),
)

_LS = ("TMK 21-90017", "9901234", "LARKSPUR")
_QF = ("TMK 19-90342", "9904512", "QUILLFEATHER")
_MB = ("TMK 18-90455", "9907338", "MARROWBANK")
_TF = ("TMK 15-90512", "9910046", "TESSEL & FINCH")
_KR = ("TMK 22-90630", "9913590", "KESTREL RIDGE")
_OV = ("TMK 20-90771", "9918207", "ORLA VINTER")

LICENCES: tuple[LicencePlan, ...] = (
    LicencePlan(
        "L-100",
        "P-LARKSPUR",
        "P-TIDEWATER",
        "MX",
        *_LS,
        None,
        1,
        ("61", "62"),
        (25,),
        ("MX", "HN", "SV"),
        ("US", "CA", "MX"),
        ("F-MX-021",),
        (D("2023-01-01"), D("2027-12-31")),
        D("2022-12-15"),
        gtins=("2003100000015", "2003100000022"),
    ),
    LicencePlan(
        "L-101",
        "P-TIDEWATER",
        "P-GUACAMAYA",
        "HN",
        *_LS,
        "L-100",
        0,
        ("6110",),
        (25,),
        ("HN", "SV"),
        ("US", "CA", "MX"),
        ("F-HN-008",),
        (D("2024-01-01"), D("2026-12-31")),
        D("2023-12-10"),
        gtins=("2003100000022",),
    ),
    LicencePlan(
        "L-102",
        "P-GUACAMAYA",
        "P-HILOS",
        "SV",
        *_LS,
        "L-101",
        0,
        ("6110",),
        (25,),
        ("SV",),
        ("US",),
        ("F-SV-013",),
        (D("2025-01-01"), D("2025-12-31")),
        D("2024-12-12"),
    ),
    LicencePlan(
        "L-200",
        "P-LARKSPUR",
        "P-SIERRAAZUL",
        "MX",
        *_LS,
        None,
        1,
        ("6404",),
        (25,),
        ("MX", "GT"),
        ("US", "CA", "MX"),
        (),
        (D("2022-01-01"), D("2026-12-31")),
        D("2021-12-01"),
        events=(("terminated", D("2025-01-31"), None),),
    ),
    LicencePlan(
        "L-201",
        "P-SIERRAAZUL",
        "P-PASOSFINOS",
        "GT",
        *_LS,
        "L-200",
        0,
        ("6404",),
        (25,),
        ("GT",),
        ("US", "CA", "MX"),
        ("F-GT-044",),
        (D("2023-06-01"), D("2026-05-31")),
        D("2023-05-20"),
    ),
    LicencePlan(
        "L-400",
        "P-LARKSPUR",
        "P-NORTHGATE",
        "CA",
        *_LS,
        None,
        0,
        ("61", "62"),
        (25,),
        ("CA",),
        ("CA",),
        ("F-CA-005",),
        (D("2024-01-01"), D("2026-12-31")),
        D("2023-12-01"),
    ),
    LicencePlan(
        "L-500",
        "P-QUILLFEATHER",
        "P-LUMEN",
        "VN",
        *_QF,
        None,
        1,
        ("6911", "6912"),
        (21,),
        ("VN", "ES"),
        ("US",),
        ("F-VN-031",),
        (D("2023-03-01"), D("2026-02-28")),
        D("2023-02-10"),
    ),
    LicencePlan(
        "L-501",
        "P-LUMEN",
        "P-ALBARDA",
        "ES",
        *_QF,
        "L-500",
        0,
        ("6912",),
        (21,),
        ("ES",),
        ("US",),
        ("F-ES-007",),
        (D("2024-01-01"), D("2025-12-31")),
        D("2023-12-15"),
    ),
    LicencePlan(
        "L-510",
        "P-QUILLFEATHER",
        "P-ALBARDA",
        "ES",
        *_QF,
        None,
        0,
        ("6912",),
        (21,),
        ("ES",),
        ("US", "ES"),
        ("F-ES-007",),
        (D("2021-01-01"), D("2025-12-31")),
        D("2020-12-01"),
        events=(("terminated", D("2024-06-30"), None),),
    ),
    LicencePlan(
        "L-600",
        "P-MARROWBANK",
        "P-SAMPAN",
        "TH",
        *_MB,
        None,
        0,
        ("8518",),
        (9,),
        ("TH",),
        ("US", "CA"),
        ("F-TH-012",),
        (D("2022-05-01"), D("2027-04-30")),
        D("2022-04-10"),
        quantity_cap=50000,
    ),
    LicencePlan(
        "L-610",
        "P-MARROWBANK",
        "P-KOWHAI",
        "NZ",
        *_MB,
        None,
        1,
        ("8518", "8519"),
        (9,),
        ("NZ", "TH"),
        ("US",),
        ("F-NZ-002",),
        (D("2021-07-01"), D("2026-06-30")),
        D("2021-06-01"),
        events=(("terminated", D("2025-03-31"), None), ("survival", D("2025-03-31"), "L-611")),
    ),
    LicencePlan(
        "L-611",
        "P-KOWHAI",
        "P-SAMPAN",
        "TH",
        *_MB,
        "L-610",
        0,
        ("8518",),
        (9,),
        ("TH",),
        ("US",),
        ("F-TH-014",),
        (D("2023-01-01"), D("2026-06-30")),
        D("2022-12-01"),
    ),
    LicencePlan(
        "L-700",
        "P-TESSEL",
        "P-BALSAM",
        "IN",
        *_TF,
        None,
        1,
        ("4202",),
        (18,),
        ("IN", "PT"),
        ("US", "GB"),
        ("F-IN-022",),
        (D("2020-01-01"), D("2026-12-31")),
        D("2019-12-01"),
    ),
    LicencePlan(
        "L-701",
        "P-BALSAM",
        "P-TALUS",
        "PT",
        *_TF,
        "L-700",
        0,
        ("4202",),
        (18,),
        ("PT",),
        ("US",),
        ("F-PT-003",),
        (D("2022-01-01"), D("2025-12-31")),
        D("2021-12-10"),
    ),
    LicencePlan(
        "L-800",
        "P-KESTREL",
        "P-FJELL",
        "NO",
        *_KR,
        None,
        0,
        ("6201", "6202"),
        (25,),
        ("NO",),
        ("US", "CA", "NO"),
        ("F-NO-010",),
        (D("2023-04-01"), D("2027-03-31")),
        D("2023-03-01"),
        events=(("suspended", D("2025-05-01"), None),),
    ),
    LicencePlan(
        "L-900",
        "P-ORLA",
        "P-TALUS",
        "PT",
        *_OV,
        None,
        0,
        ("7323",),
        (21,),
        ("PT",),
        ("US", "SE"),
        ("F-PT-003",),
        (D("2022-10-01"), D("2026-09-30")),
        D("2022-09-01"),
        quantity_cap=12000,
    ),
)

SEASONS = (("SS24", D("2023-11-15")), ("FW24", D("2024-05-15")), ("SS25", D("2024-11-15")), ("FW25", D("2025-05-15")))

_SPI: dict[str, str | float] = {"name": "quarter_panel_spi", "unit": "stitches per inch", "min": 8, "max": 10}
_KNIT: dict[str, str | float] = {"name": "upper_material", "value": "recycled polyester knit"}

#: (id, name, owner, recordation, hs, serial prefix, factories, features, colourways per season)
_PROFILES: tuple[
    tuple[
        str,
        str,
        str,
        tuple[str, str, str],
        str,
        str,
        tuple[str, ...],
        tuple[dict[str, str | float], ...],
        tuple[tuple[str, ...], ...],
    ],
    ...,
] = (
    (
        "LS-STR-01",
        "LARKSPUR Strider runner",
        "P-LARKSPUR",
        _LS,
        "6404.11",
        "LS",
        ("F-MX-017",),
        (_SPI, _KNIT),
        (("CRL", "SND"), ("BKE", "MOS"), ("SLV", "BNV"), ("OLV", "BKE")),
    ),
    (
        "LS-HD-02",
        "LARKSPUR Fieldhouse hoodie",
        "P-LARKSPUR",
        _LS,
        "6110.30",
        "LS",
        ("F-MX-021", "F-HN-008", "F-SV-013"),
        (
            {"name": "fleece_weight", "unit": "g/m²", "min": 280, "max": 320},
            {"name": "drawcord_tip", "value": "matte silicone"},
        ),
        (("HGR", "NVY"), ("BLK", "RST"), ("SKY", "HGR"), ("FOR", "BLK")),
    ),
    (
        "LS-TR-03",
        "LARKSPUR Ridgeline trail shoe",
        "P-LARKSPUR",
        _LS,
        "6404.19",
        "LS",
        ("F-GT-044",),
        (
            {"name": "lug_depth", "unit": "mm", "min": 3.5, "max": 4.5},
            {"name": "upper_material", "value": "ripstop nylon"},
        ),
        (("SLT", "RED"), ("BKE", "CLY"), ("TEA", "SLT"), ("CLY", "BKE")),
    ),
    (
        "LS-JK-04",
        "LARKSPUR Squall jacket",
        "P-LARKSPUR",
        _LS,
        "6201.40",
        "LS",
        ("F-MX-021",),
        ({"name": "seam_tape_width", "unit": "mm", "min": 12, "max": 14}, {"name": "zip_puller", "value": "moulded L"}),
        (("BLK", "YEL"), ("BLK", "OXB"), ("YEL", "SGE"), ("OXB", "NVY")),
    ),
    (
        "QF-MUG-01",
        "QUILLFEATHER stoneware mug",
        "P-QUILLFEATHER",
        _QF,
        "6912.00",
        "QF",
        ("F-VN-031",),
        (
            {"name": "capacity", "unit": "ml", "min": 340, "max": 360},
            {"name": "base_stamp", "value": "quill in circle"},
        ),
        (("CRM", "TEA"), ("CRM", "RST"), ("SGE", "CRM"), ("RST", "INK")),
    ),
    (
        "QF-BWL-02",
        "QUILLFEATHER serving bowl",
        "P-QUILLFEATHER",
        _QF,
        "6912.00",
        "QF",
        ("F-ES-007",),
        ({"name": "diameter", "unit": "mm", "min": 248, "max": 252}, {"name": "glaze", "value": "reactive speckle"}),
        (("CRM",), ("INK", "CRM"), ("SGE",), ("RST", "SGE")),
    ),
    (
        "MB-SPK-01",
        "MARROWBANK Pocket speaker",
        "P-MARROWBANK",
        _MB,
        "8518.22",
        "MB",
        ("F-TH-012",),
        ({"name": "mass", "unit": "g", "min": 410, "max": 430}, {"name": "grille_logo", "value": "embossed M"}),
        (("GRA", "BLK"), ("GRA", "ORG"), ("BLK", "SND"), ("SND", "ORG")),
    ),
    (
        "MB-HPH-02",
        "MARROWBANK Studio headphones",
        "P-MARROWBANK",
        _MB,
        "8518.30",
        "MB",
        ("F-NZ-002", "F-TH-014"),
        (
            {"name": "cable_length", "unit": "m", "min": 1.45, "max": 1.55},
            {"name": "cup_finish", "value": "soft-touch"},
        ),
        (("BLK",), ("BLK", "WHT"), ("WHT", "NVY"), ("NVY", "BLK")),
    ),
    (
        "TF-BAG-01",
        "TESSEL & FINCH satchel",
        "P-TESSEL",
        _TF,
        "4202.21",
        "TF",
        ("F-IN-022", "F-PT-003"),
        (
            {"name": "stitch_density", "unit": "stitches per inch", "min": 9, "max": 11},
            {"name": "lining", "value": "waxed cotton"},
        ),
        (("TAN", "OXB"), ("TAN", "BLK"), ("OXB", "OLV"), ("BLK", "TAN")),
    ),
    (
        "KR-PRK-01",
        "KESTREL RIDGE Summit parka",
        "P-KESTREL",
        _KR,
        "6201.40",
        "KR",
        ("F-NO-010",),
        (
            {"name": "fill_power", "unit": "cuin/oz", "min": 650, "max": 700},
            {"name": "shell", "value": "recycled nylon taffeta"},
        ),
        (("RED", "BLK"), ("RED", "NVY"), ("SGE", "RED"), ("BLK", "ICE")),
    ),
    (
        "KR-VST-02",
        "KESTREL RIDGE Ridge vest",
        "P-KESTREL",
        _KR,
        "6201.40",
        "KR",
        ("F-NO-010",),
        (
            {"name": "baffle_width", "unit": "mm", "min": 78, "max": 82},
            {"name": "shell", "value": "recycled nylon taffeta"},
        ),
        (("BLK",), ("NVY", "BLK"), ("OLV",), ("BLK", "OLV")),
    ),
    (
        "OV-POT-01",
        "ORLA VINTER enamel pot",
        "P-ORLA",
        _OV,
        "7323.93",
        "OV",
        ("F-PT-003",),
        (
            {"name": "wall_thickness", "unit": "mm", "min": 1.1, "max": 1.3},
            {"name": "handle", "value": "riveted ash wood"},
        ),
        (("WHT", "BLU"), ("WHT", "RED"), ("BLU", "GRN"), ("RED", "WHT")),
    ),
)


def _serial_format(prefix: str, season: str) -> str:
    return f"{prefix}{season[2:]}{'S' if season.startswith('SS') else 'F'}######"


PROFILES: tuple[ProfilePlan, ...] = tuple(
    ProfilePlan(
        pid,
        1,
        season,
        name,
        rec[2],
        rec[0],
        owner,
        hs,
        colours[k],
        features,
        _serial_format(prefix, season),
        factories,
        issued,
    )
    for pid, name, owner, rec, hs, prefix, factories, features, colours in _PROFILES
    for k, (season, issued) in enumerate(SEASONS)
)


def _entry(filer: str, number: int) -> str:
    return identifiers.EntryNumber.build(filer, f"{number:07d}").text


SIGHTINGS: tuple[SightingPlan, ...] = (
    SightingPlan("SS-0001", "LS-STR-01", "LS25S004211", D("2025-04-02"), "2304 Laredo", _entry("H2L", 3310451)),
    SightingPlan("SS-0002", "LS-STR-01", "LS25S004211", D("2025-05-19"), "2704 Los Angeles", _entry("A0Z", 1120877)),
    SightingPlan("SS-0003", "LS-STR-01", "LS24F118730", D("2024-11-03"), "2304 Laredo", _entry("H2L", 3290112)),
    SightingPlan("SS-0004", "LS-STR-01", "LS25S018804", D("2025-03-21"), "5301 Houston", _entry("B7A", 4410023)),
    SightingPlan("SS-0005", "LS-HD-02", "LS25S200318", D("2025-02-14"), "2304 Laredo", _entry("H2L", 3301207)),
    SightingPlan("SS-0006", "LS-HD-02", "LS24F771045", D("2024-10-28"), "1001 New York", _entry("C2X", 2201980)),
    SightingPlan("SS-0007", "LS-TR-03", "LS25S310077", D("2025-06-03"), "2304 Laredo", _entry("H2L", 3320554)),
    SightingPlan("SS-0008", "LS-JK-04", "LS24F450912", D("2024-12-09"), "3004 Seattle", _entry("D3W", 5500341)),
    SightingPlan("SS-0009", "QF-MUG-01", "QF25S120044", D("2025-03-11"), "2704 Los Angeles", _entry("E4V", 6610020)),
    SightingPlan("SS-0010", "QF-MUG-01", "QF25S120045", D("2025-03-11"), "2704 Los Angeles", _entry("E4V", 6610020)),
    SightingPlan("SS-0011", "QF-BWL-02", "QF24F008812", D("2024-09-30"), "1401 Norfolk", _entry("F5U", 7710114)),
    SightingPlan("SS-0012", "MB-SPK-01", "MB25S661203", D("2025-04-22"), "2704 Los Angeles", _entry("G6T", 8800453)),
    SightingPlan("SS-0013", "MB-SPK-01", "MB25S661203", D("2025-06-24"), "2809 San Francisco", _entry("G6T", 8800987)),
    SightingPlan("SS-0014", "MB-HPH-02", "MB24F090017", D("2024-11-18"), "2809 San Francisco", _entry("H7S", 9901022)),
    SightingPlan("SS-0015", "TF-BAG-01", "TF24S330021", D("2024-05-06"), "1001 New York", _entry("I8R", 1010220)),
    SightingPlan("SS-0016", "KR-PRK-01", "KR24F510009", D("2024-10-07"), "3004 Seattle", _entry("J9Q", 1212003)),
    SightingPlan("SS-0017", "KR-VST-02", "KR25S520114", D("2025-02-26"), "3004 Seattle", _entry("J9Q", 1212451)),
    SightingPlan("SS-0018", "OV-POT-01", "OV25S040220", D("2025-05-27"), "1001 New York", _entry("K0P", 1313877)),
)
