"""What an officer asks, parsed once at the boundary into a frozen, typed query per lookup kind.

The form, the command line and the re-run of an audited check all build a query
with :func:`parse_query` (or a query class's ``from_json``); the rules never see
raw input. ``to_json`` gives back the input as recorded in the audit log and in
a report (parties as typed, dates as YYYY-MM-DD). Resolving names against the
ledger's parties is a lookup, not parsing: the ``…(index)`` methods do it on the
worker, where the record index is.

>>> q = SupplierQuery.from_json({"party": "Talleres", "from": "2024-07-01"})
>>> q
SupplierQuery(party='Talleres', window_from=datetime.date(2024, 7, 1))
>>> SupplierQuery.from_json(q.to_json()) == q
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ledger_client.credentials import JsonObject, JsonValue
from trade import agreements, identifiers, licences, nomenclature, products, record_source, record_types
from workstation.lookups.inputs import InputError, InputReader, json_object, resolve_party
from workstation.lookups.kind import LookupKind


def _country(reader: InputReader, name: str, default: str | None = None) -> str:
    raw = reader.get(name)
    try:
        return identifiers.Country.parse(str(default if raw is None and default else raw or "")).code
    except identifiers.IdentifierError as exc:
        raise InputError(name, str(exc)) from None


def _htsus(reader: InputReader, name: str) -> str:
    try:
        hts = identifiers.Htsus.parse(str(reader.get(name) or ""))
    except identifiers.IdentifierError as exc:
        raise InputError(name, str(exc)) from None
    if not nomenclature.known(hts.digits):
        raise InputError(name, f"{hts.subheading} is not a subheading of the WCO nomenclature ({nomenclature.EDITION})")
    return str(hts)


def _upper(text: str | None) -> str | None:
    return None if text is None else text.upper()


@dataclass(frozen=True, slots=True)
class OriginByEntry:
    """An origin check of a line filed on the ledger, by entry number or line id (``line`` is filled in once found)."""

    kind: ClassVar[LookupKind] = LookupKind.ORIGIN
    MEMBERS: ClassVar[frozenset[str]] = frozenset({"entry", "line"})

    entry: str
    line: int | None = None

    @classmethod
    def from_json(cls, raw: JsonValue) -> OriginByEntry:
        r = InputReader(raw, "entry reference", cls.MEMBERS)
        return cls(r.text("entry"), r.whole_number("line", None, least=1, problem="a positive whole number"))

    def to_json(self) -> JsonObject:
        return json_object({"entry": self.entry, "line": self.line})


@dataclass(frozen=True, slots=True)
class OriginLine:
    """An origin check of an entry line typed by the officer (parties as typed: an id or the start of a name)."""

    kind: ClassVar[LookupKind] = LookupKind.ORIGIN
    #: The members, in the order a form, a template or a batch file lists them.
    FIELDS: ClassVar[tuple[str, ...]] = (
        "entry",
        "line",
        "importer",
        "exporter",
        "origin",
        "hts",
        "spi",
        "import_date",
        "claim_date",
        "certification",
        "importer_knowledge",
        "value_usd",
    )
    MEMBERS: ClassVar[frozenset[str]] = frozenset(FIELDS)

    entry: str
    line: int
    importer: str
    exporter: str | None
    origin: str
    hts: str
    spi: str | None
    import_date: date
    claim_date: date
    certification: str | None
    importer_knowledge: bool = False
    value_usd: float | None = None

    @classmethod
    def from_json(cls, raw: JsonValue) -> OriginLine:
        r = InputReader(raw, "entry line", cls.MEMBERS)
        entry = r.text("entry")
        line = r.whole_number("line", 1, least=1, problem="a line number is a positive whole number")
        assert line is not None
        return cls(
            entry=entry,
            line=line,
            origin=_country(r, "origin"),
            hts=_htsus(r, "hts"),
            importer=r.text("importer"),
            exporter=r.optional_text("exporter"),
            certification=r.optional_text("certification"),
            spi=r.optional_text("spi"),
            import_date=r.date("import_date"),
            claim_date=r.date("claim_date"),
            importer_knowledge=r.flag("importer_knowledge", False),
            value_usd=r.number("value_usd"),
        )

    def to_json(self) -> JsonObject:
        return json_object(
            {
                "entry": self.entry,
                "line": self.line,
                "importer": self.importer,
                "exporter": self.exporter,
                "origin": self.origin,
                "hts": self.hts,
                "spi": self.spi,
                "import_date": self.import_date.isoformat(),
                "claim_date": self.claim_date.isoformat(),
                "certification": self.certification,
                "importer_knowledge": self.importer_knowledge or None,
                "value_usd": self.value_usd,
            }
        )

    def entry_line(self, index: record_source.RecordSource) -> record_types.EntryLine:
        """The line the origin rule judges: parties resolved, the SPI taken from the certification's agreement."""
        importer = resolve_party(self.importer, index, "importer")
        exporter = resolve_party(self.exporter, index, "exporter") if self.exporter else None
        spi = self.spi
        cited = index.certification(self.certification) if spi is None and self.certification else None
        if cited is not None:
            spi = min(agreements.RULES[cited.agreement].spi)
        return record_types.EntryLine(
            line_id=f"{self.entry}/{self.line}",
            entry_number=self.entry,
            line=self.line,
            importer=importer,
            exporter=exporter,
            origin_country=identifiers.Country(self.origin),
            htsus=identifiers.Htsus.parse(self.hts),
            spi=spi,
            import_date=self.import_date,
            claim_date=self.claim_date,
            certification_id=self.certification,
            importer_knowledge=self.importer_knowledge,
            value_usd=self.value_usd,
        )


@dataclass(frozen=True, slots=True)
class LicenceQuery:
    """A shipment for a licence check (the shipper as typed: an id or the start of a name)."""

    kind: ClassVar[LookupKind] = LookupKind.LICENCE
    MEMBERS: ClassVar[frozenset[str]] = frozenset(
        {
            "shipment",
            "shipper",
            "facility",
            "mark",
            "goods",
            "hs",
            "making_country",
            "ship_date",
            "consignee",
            "market",
            "quantity",
        }
    )

    mark: str
    shipper: str
    hs: str
    making_country: str
    ship_date: date
    market: str = "US"
    facility: str | None = None
    goods: str | None = None
    quantity: int | None = None
    shipment: str | None = None
    consignee: str | None = None

    @classmethod
    def from_json(cls, raw: JsonValue) -> LicenceQuery:
        r = InputReader(raw, "shipment", cls.MEMBERS)
        quantity = r.whole_number("quantity", None, least=0, problem="a whole number of units, or null")
        making_country = _country(r, "making_country")
        market = _country(r, "market", "US")
        hs = r.text("hs")
        if not hs.replace(".", "").isdigit():
            raise InputError("hs", "an HS or HTSUS number, digits and dots only")
        if not nomenclature.known(hs):
            edition = nomenclature.EDITION
            raise InputError("hs", f"{hs} is not a chapter, heading or subheading of the WCO nomenclature ({edition})")
        return cls(
            mark=r.text("mark").upper(),
            shipper=r.text("shipper"),
            hs=hs,
            making_country=making_country,
            ship_date=r.date("ship_date"),
            market=market,
            facility=r.optional_text("facility"),
            goods=r.optional_text("goods"),
            quantity=quantity,
            shipment=r.optional_text("shipment"),
            consignee=r.optional_text("consignee"),
        )

    def to_json(self) -> JsonObject:
        return json_object(
            {
                "shipment": self.shipment,
                "mark": self.mark,
                "shipper": self.shipper,
                "facility": self.facility,
                "goods": self.goods,
                "hs": self.hs,
                "making_country": self.making_country,
                "market": self.market,
                "ship_date": self.ship_date.isoformat(),
                "consignee": self.consignee,
                "quantity": self.quantity,
            }
        )

    def question(self, index: record_source.RecordSource) -> licences.LicenceQuestion:
        """The question the licence rule answers, with the shipper resolved to a registered party."""
        return licences.LicenceQuestion(
            mark=self.mark,
            shipper=resolve_party(self.shipper, index, "shipper"),
            ship_date=self.ship_date,
            hs=self.hs,
            making_country=self.making_country,
            market=self.market,
            facility=self.facility,
            quantity_to_date=self.quantity,
        )


@dataclass(frozen=True, slots=True)
class Observation:
    """An item in hand with the date it was examined (the default ``as_of``) and the importer, resolved."""

    item: products.ItemInHand
    examined_on: date
    importer: str | None


@dataclass(frozen=True, slots=True)
class ProductQuery:
    """An item in hand for a product check; a feature whose value is None was not observed."""

    kind: ClassVar[LookupKind] = LookupKind.PRODUCT
    MEMBERS: ClassVar[frozenset[str]] = frozenset(
        {"entry", "date", "importer", "profile", "season", "colourway", "serial", "factory", "features"}
    )

    profile: str
    season: str
    examined_on: date
    colourway: str | None = None
    serial: str | None = None
    factory: str | None = None
    entry: str | None = None
    importer: str | None = None
    features: tuple[tuple[str, float | str | None], ...] = ()

    @classmethod
    def from_json(cls, raw: JsonValue) -> ProductQuery:
        r = InputReader(raw, "observation", cls.MEMBERS)
        features = r.features("features")
        return cls(
            profile=r.text("profile"),
            season=r.text("season").upper(),
            examined_on=r.date("date"),
            colourway=_upper(r.optional_text("colourway")),
            serial=_upper(r.optional_text("serial")),
            factory=r.optional_text("factory"),
            entry=r.optional_text("entry"),
            importer=r.optional_text("importer"),
            features=features,
        )

    def to_json(self) -> JsonObject:
        out = json_object(
            {
                "profile": self.profile,
                "season": self.season,
                "colourway": self.colourway,
                "serial": self.serial,
                "factory": self.factory,
                "entry": self.entry,
                "importer": self.importer,
                "date": self.examined_on.isoformat(),
            }
        )
        out["features"] = {name: value for name, value in self.features}
        return out

    def feature(self, name: str) -> float | str | None:
        """The observed value of a feature (None when not observed)."""
        return dict(self.features).get(name)

    def observation(self, index: record_source.RecordSource) -> Observation:
        """The item in hand the product rule judges, with the importer resolved."""
        item = products.ItemInHand(
            profile_id=self.profile,
            season=self.season,
            colourway=self.colourway,
            observations={name: value for name, value in self.features if value is not None},
            serial=self.serial,
            factory=self.factory,
            entry_number=self.entry,
        )
        importer = resolve_party(self.importer, index, "importer") if self.importer else None
        return Observation(item, self.examined_on, importer)


@dataclass(frozen=True, slots=True)
class SupplierQuery:
    """A supplier's history: the party (as typed; the party id once resolved) and the window's start, if given."""

    kind: ClassVar[LookupKind] = LookupKind.SUPPLIER
    MEMBERS: ClassVar[frozenset[str]] = frozenset({"party", "from"})

    party: str
    window_from: date | None = None

    @classmethod
    def from_json(cls, raw: JsonValue) -> SupplierQuery:
        r = InputReader(raw, "supplier question", cls.MEMBERS)
        return cls(r.text("party"), r.optional_date("from"))

    def to_json(self) -> JsonObject:
        return {"party": self.party, "from": self.window_from.isoformat() if self.window_from else None}


#: A parsed query of any kind.
LookupQuery = OriginByEntry | OriginLine | LicenceQuery | ProductQuery | SupplierQuery
