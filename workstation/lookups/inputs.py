"""Officers' inputs, parsed strictly: unknown members are errors naming the member, parties resolve by id or name.

The JSON shapes are documented with an example each in ``docs/cli.md``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from trade import agreements, identifiers, licences, nomenclature, products, record_index, records
from workstation.store.trade_view import fold


class InputError(ValueError):
    """The officer's input cannot be used; the message names the field and says why."""


@dataclass(frozen=True, slots=True)
class Observation:
    """An item in hand, with the date it was examined (the default ``as_of``)."""

    item: products.ItemInHand
    examined_on: date
    importer: str | None


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date: an impossible date is named as such, any other text is shown the form.

    >>> date_problem("2025-13-45")
    "'2025-13-45' is not a valid date: there is no month 13"
    >>> date_problem("2025-02-30")
    "'2025-02-30' is not a valid date: February 2025 has 28 days"
    >>> date_problem("30/06/2025")
    "'30/06/2025' is not a date in the form YYYY-MM-DD"
    """
    try:
        date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return None
    shape = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if shape is None:
        return f"{text!r} is not a date in the form YYYY-MM-DD"
    year, month, _day = (int(part) for part in shape.groups())
    if year < 1:
        return f"{text!r} is not a valid date: there is no year 0"
    if not 1 <= month <= 12:
        return f"{text!r} is not a valid date: there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    return f"{text!r} is not a valid date: {calendar.month_name[month]} {year} has {days} days"


def _date(raw: Mapping[str, object], name: str, *, required: bool = True) -> date | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name}: a date is needed, as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}: {date_problem(value)}") from None


def parse_date(text: str, name: str) -> date:
    result = _date({name: text}, name)
    assert result is not None
    return result


def _text(raw: Mapping[str, object], name: str, *, required: bool = True) -> str | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{name}: a non-empty text is needed")
    return value.strip()


def _check_members(raw: object, allowed: set[str], what: str) -> Mapping[str, object]:
    if not isinstance(raw, dict):
        raise InputError(f"the {what} must be a JSON object")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InputError(f"{unknown[0]}: not a member of an {what} (allowed: {', '.join(sorted(allowed))})")
    return raw


def resolve_party(text: str, index: record_index.RecordIndex, field: str) -> str:
    """A registered party id, from its id or a unique, case- and accent-insensitive prefix of its name."""
    if text in index.parties:
        return text
    wanted = fold(text)
    matches = sorted(
        {p.party_id: p.legal_name for p in index.parties.values() if fold(p.legal_name).startswith(wanted)}.items()
    )
    if len(matches) == 1:
        return matches[0][0]
    if not matches:
        raise InputError(f"{field}: no registered party has the id or a name starting with {text!r}")
    names = "; ".join(f"{name} ({pid})" for pid, name in matches[:10])
    raise InputError(f"{field}: {text!r} matches several parties: {names}")


def entry_line(raw: object, index: record_index.RecordIndex) -> records.EntryLine:
    """An entry line typed by the officer (see docs/cli.md)."""
    allowed = {"entry", "line", "importer", "exporter", "origin", "hts", "spi", "import_date", "claim_date",
               "certification", "importer_knowledge", "value_usd"}  # fmt: skip
    obj = _check_members(raw, allowed, "entry line")
    entry = _text(obj, "entry")
    assert entry is not None
    line = obj.get("line", 1)
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        raise InputError("line: a line number is a positive whole number")
    try:
        origin = identifiers.Country.parse(str(obj.get("origin", "")))
    except identifiers.IdentifierError as exc:
        raise InputError(f"origin: {exc}") from None
    try:
        hts = identifiers.Htsus.parse(str(obj.get("hts", "")))
    except identifiers.IdentifierError as exc:
        raise InputError(f"hts: {exc}") from None
    if not nomenclature.known(hts.digits):
        raise InputError(f"hts: {hts.subheading} is not a subheading of the WCO nomenclature ({nomenclature.EDITION})")
    importer = resolve_party(_text(obj, "importer") or "", index, "importer")
    exporter_text = _text(obj, "exporter", required=False)
    exporter = resolve_party(exporter_text, index, "exporter") if exporter_text else None
    certification = _text(obj, "certification", required=False)
    spi = _text(obj, "spi", required=False)
    if spi is None and certification and certification in index.certifications:
        spi = min(agreements.RULES[index.certifications[certification].agreement].spi)  # the agreement's SPI
    import_date, claim_date = _date(obj, "import_date"), _date(obj, "claim_date")
    assert import_date is not None
    assert claim_date is not None
    knowledge = obj.get("importer_knowledge", False)
    value = obj.get("value_usd")
    if not isinstance(knowledge, bool):
        raise InputError("importer_knowledge: true or false")
    if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)):
        raise InputError("value_usd: a number")
    return records.EntryLine(
        line_id=f"{entry}/{line}",
        entry_number=entry,
        line=line,
        importer=importer,
        exporter=exporter,
        origin_country=origin,
        htsus=hts,
        spi=spi,
        import_date=import_date,
        claim_date=claim_date,
        certification_id=certification,
        importer_knowledge=knowledge,
        value_usd=float(value) if value is not None else None,
    )


def shipment(raw: object, index: record_index.RecordIndex) -> tuple[licences.LicenceQuestion, str]:
    """A shipment for a licence check; returns the question and the shipment's name."""
    allowed = {"shipment", "shipper", "facility", "mark", "goods", "hs", "making_country", "ship_date",
               "consignee", "market", "quantity"}  # fmt: skip
    obj = _check_members(raw, allowed, "shipment")
    quantity = obj.get("quantity")
    if quantity is not None and (not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0):
        raise InputError("quantity: a whole number of units, or null")
    try:
        country = identifiers.Country.parse(str(obj.get("making_country", ""))).code
        market = identifiers.Country.parse(str(obj.get("market", "US"))).code
    except identifiers.IdentifierError as exc:
        raise InputError(f"making_country/market: {exc}") from None
    hs = _text(obj, "hs") or ""
    if not hs.replace(".", "").isdigit():
        raise InputError("hs: an HS or HTSUS number, digits and dots only")
    if not nomenclature.known(hs):
        raise InputError(
            f"hs: {hs} is not a chapter, heading or subheading of the WCO nomenclature ({nomenclature.EDITION})"
        )
    ship_date = _date(obj, "ship_date")
    assert ship_date is not None
    question = licences.LicenceQuestion(
        mark=(_text(obj, "mark") or "").upper(),
        shipper=resolve_party(_text(obj, "shipper") or "", index, "shipper"),
        ship_date=ship_date,
        hs=hs,
        making_country=country,
        market=market,
        facility=_text(obj, "facility", required=False),
        quantity_to_date=quantity,
    )
    return question, _text(obj, "shipment", required=False) or "shipment"


def observation(raw: object, index: record_index.RecordIndex) -> Observation:
    """An item in hand for a product check; ``null`` means "not observed"."""
    allowed = {"entry", "date", "importer", "profile", "season", "colourway", "serial", "factory", "features"}
    obj = _check_members(raw, allowed, "observation")
    features = obj.get("features", {})
    if not isinstance(features, dict):
        raise InputError("features: an object from feature name to the observed value")
    observed: dict[str, float | str] = {}
    for name, value in features.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InputError(f"features.{name}: a number, a text, or null for not observed")
        observed[name] = float(value) if isinstance(value, int | float) else value
    examined = _date(obj, "date")
    assert examined is not None
    importer_text = _text(obj, "importer", required=False)
    item = products.ItemInHand(
        profile_id=_text(obj, "profile") or "",
        season=(_text(obj, "season") or "").upper(),
        colourway=(c.upper() if (c := _text(obj, "colourway", required=False)) else None),
        observations=observed,
        serial=(s.upper() if (s := _text(obj, "serial", required=False)) else None),
        factory=_text(obj, "factory", required=False),
        entry_number=_text(obj, "entry", required=False),
    )
    importer = resolve_party(importer_text, index, "importer") if importer_text else None
    return Observation(item, examined, importer)
