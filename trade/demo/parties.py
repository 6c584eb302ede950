"""The demo parties (all names invented): importers, suppliers, rights holders, licensees, CBP staff."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoParty:
    party_id: str
    legal_name: str
    country: str
    roles: tuple[str, ...]
    filer_code: str | None = None  # importers: the entry filer code of their broker


_IMPORTER_NAMES = (
    "Cedar Quay Imports LLC",
    "Foxglove Kitchenware Inc.",
    "Granite Loop Supply Co.",
    "Heronwood Living LLC",
    "Ironbark Hardware Inc.",
    "Juniper Crest Trading LLC",
    "Kettle Pond Goods Inc.",
    "Lanternfish Marine Supply LLC",
    "Meadowlark Home Inc.",
    "Northwind Valve Supply LLC",
    "Oakhollow Furnishings Inc.",
    "Pinecone Apparel Group LLC",
    "Quarry Lane Tools Inc.",
    "Riverstone Distributors LLC",
    "Saltmarsh Outdoor Co.",
    "Thistledown Textiles Inc.",
    "Umberfield Electronics LLC",
    "Valewood Plastics Trading Inc.",
    "Willowbend Footwear LLC",
    "Yarrow & Finch Retail Inc.",
    "Zephyr Point Imports LLC",
    "Amberlight Housewares Inc.",
    "Bramblegate Sports LLC",
    "Copperleaf Home Inc.",
    "Driftwood Commons LLC",
    "Elmstead Merchandise Inc.",
)

IMPORTERS: tuple[DemoParty, ...] = (
    DemoParty("P-BLUEGILL", "Bluegill Home Goods LLC", "US", ("importer",), "B7A"),
    DemoParty("P-HARBORLINE", "Harborline Outfitters Inc.", "US", ("importer",), "H2L"),
    *(
        DemoParty(f"P-IMP{i + 1:02d}", name, "US", ("importer",), f"{chr(65 + i % 26)}{i % 10}{chr(90 - i % 26)}")
        for i, name in enumerate(_IMPORTER_NAMES)
    ),
)

SUPPLIERS: tuple[DemoParty, ...] = (
    DemoParty("P-NOPAL", "Fábrica Nopal S.A. de C.V.", "MX", ("producer", "exporter")),
    DemoParty("P-CENZONTLE", "Exportadora Cenzontle S.A. de C.V.", "MX", ("exporter",)),
    DemoParty("P-OCOTILLO", "Talleres Ocotillo S. de R.L. de C.V.", "MX", ("producer", "exporter")),
    DemoParty("P-NUEVOHORIZONTE", "Nuevo Horizonte Manufacturas S.A. de C.V.", "MX", ("producer", "exporter")),
    DemoParty("P-COLIBRI", "Colibrí Electrónica S.A. de C.V.", "MX", ("producer", "exporter")),
    DemoParty("P-TIDEWATER", "Tidewater Apparel S.A. de C.V.", "MX", ("producer", "exporter", "licensee")),
    DemoParty("P-MAPLEWICK", "Maplewick Castings Ltd.", "CA", ("producer", "exporter")),
    DemoParty("P-LOONRIDGE", "Loonridge Plastics Inc.", "CA", ("producer", "exporter")),
    DemoParty("P-ISTMO", "Istmo Trading S.A.", "PA", ("exporter",)),
    DemoParty("P-VOLCAN", "Agroindustrias Volcán S.A.", "GT", ("producer", "exporter")),
    DemoParty("P-BRISA", "Cafetal Brisa S.A.", "CR", ("producer", "exporter")),
    DemoParty("P-QUETZAL", "Textiles Quetzal S.A.", "GT", ("producer", "exporter")),
)

RIGHTS_HOLDERS: tuple[DemoParty, ...] = (
    DemoParty("P-LARKSPUR", "Larkspur Athletic Co.", "US", ("rights_holder",)),
    DemoParty("P-QUILLFEATHER", "Quillfeather Housewares LLC", "US", ("rights_holder",)),
    DemoParty("P-MARROWBANK", "Marrowbank Audio Corp.", "US", ("rights_holder",)),
    DemoParty("P-TESSEL", "Tessel & Finch Ltd.", "GB", ("rights_holder",)),
    DemoParty("P-KESTREL", "Kestrel Ridge Outdoor Inc.", "CA", ("rights_holder",)),
    DemoParty("P-ORLA", "Orla Vinter AB", "SE", ("rights_holder",)),
)

LICENSEES: tuple[DemoParty, ...] = (
    DemoParty("P-GUACAMAYA", "Confecciones Guacamaya S.A.", "HN", ("licensee", "producer")),
    DemoParty("P-HILOS", "Hilos del Valle S.A. de C.V.", "SV", ("licensee", "producer")),
    DemoParty("P-SIERRAAZUL", "Sierra Azul Calzado S.A. de C.V.", "MX", ("licensee", "producer")),
    DemoParty("P-PASOSFINOS", "Pasos Finos S.A.", "GT", ("licensee", "producer")),
    DemoParty("P-NORTHGATE", "Northgate Outfitters Ltd.", "CA", ("licensee",)),
    DemoParty("P-LUMEN", "Lumen Homewares Co., Ltd.", "VN", ("licensee", "producer")),
    DemoParty("P-ALBARDA", "Albarda Cerámica S.L.", "ES", ("licensee", "producer")),
    DemoParty("P-KOWHAI", "Kowhai Sound Ltd.", "NZ", ("licensee", "producer")),
    DemoParty("P-SAMPAN", "Sampan Electroacoustics Co., Ltd.", "TH", ("licensee", "producer")),
    DemoParty("P-BALSAM", "Balsam Leatherworks Pvt. Ltd.", "IN", ("licensee", "producer")),
    DemoParty("P-FJELL", "Fjellstua Outdoor AS", "NO", ("licensee", "producer")),
    DemoParty("P-TALUS", "Talus Gear S.A.", "PT", ("licensee", "producer")),
)

STAFF: tuple[DemoParty, ...] = (
    DemoParty("P-OFFICER-DEMO", "DEMO Officer (CBP port of Laredo)", "US", ("officer",)),
    DemoParty("P-SUPERVISOR-DEMO", "DEMO Supervisor (CBP port of Laredo)", "US", ("supervisor",)),
)

ALL_PARTIES: tuple[DemoParty, ...] = (*IMPORTERS, *SUPPLIERS, *RIGHTS_HOLDERS, *LICENSEES, *STAFF)
BY_ID = {party.party_id: party for party in ALL_PARTIES}
