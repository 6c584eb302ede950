"""Facts about the free-trade agreements (docs/domain.md §1) and HS editions, as data the origin checks read.

>>> in_force(Agreement.CAFTA_DR, "CR", date(2008, 12, 31))
False
>>> in_force(Agreement.USMCA, "MX", date(2020, 7, 1))
True
>>> agreement_for_spi("S+")
<Agreement.USMCA: 'USMCA'>
>>> sorted(hs_successors("851712"))
['851713', '851714']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trade.record_types import Agreement, CertifierRole


@dataclass(frozen=True, slots=True)
class AgreementRules:
    """What one agreement allows (docs/domain.md §1 table).

    Attributes:
        parties: ISO codes of the parties.
        in_force: for US entries, per origin party, the first and last day (None: still in force).
        certifiers: the certifier roles allowed.
        criteria: the origin criterion letters allowed.
        spi: the SPI codes that claim it on a US entry.
        knowledge_claim: whether the importer may claim on its own knowledge without a certification.
    """

    parties: frozenset[str]
    in_force: dict[str, tuple[date, date | None]]
    certifiers: frozenset[CertifierRole]
    criteria: frozenset[str]
    spi: frozenset[str]
    knowledge_claim: bool


_NAFTA_DATES = (date(1994, 1, 1), date(2020, 6, 30))
_USMCA_DATES: tuple[date, date | None] = (date(2020, 7, 1), None)

RULES: dict[Agreement, AgreementRules] = {
    Agreement.NAFTA: AgreementRules(
        parties=frozenset({"US", "CA", "MX"}),
        in_force={"CA": _NAFTA_DATES, "MX": _NAFTA_DATES, "US": _NAFTA_DATES},
        # the exporter completes Form 434 (a producer may complete one for the exporter); never the importer
        certifiers=frozenset({CertifierRole.EXPORTER, CertifierRole.PRODUCER}),
        criteria=frozenset("ABCDEF"),
        spi=frozenset({"CA", "MX"}),
        knowledge_claim=False,
    ),
    Agreement.USMCA: AgreementRules(
        parties=frozenset({"US", "MX", "CA"}),
        in_force={"MX": _USMCA_DATES, "CA": _USMCA_DATES, "US": _USMCA_DATES},
        certifiers=frozenset(CertifierRole),
        criteria=frozenset("ABCD"),
        spi=frozenset({"S", "S+"}),
        knowledge_claim=False,
    ),
    Agreement.CAFTA_DR: AgreementRules(
        parties=frozenset({"US", "CR", "DO", "SV", "GT", "HN", "NI"}),
        in_force={
            "SV": (date(2006, 3, 1), None),
            "HN": (date(2006, 4, 1), None),
            "NI": (date(2006, 4, 1), None),
            "GT": (date(2006, 7, 1), None),
            "DO": (date(2007, 3, 1), None),
            "CR": (date(2009, 1, 1), None),
        },
        certifiers=frozenset(CertifierRole),
        criteria=frozenset("ABC"),
        spi=frozenset({"P", "P+"}),
        knowledge_claim=True,
    ),
}

#: Chapters on which criterion D is never available (NAFTA Art. 401(d), USMCA Art. 4.2(d)): textiles and apparel.
NO_CRITERION_D_CHAPTERS = frozenset({61, 62, 63})

#: USMCA imports into the US worth at most this need no full certification (docs/domain.md §1).
USMCA_LOW_VALUE_USD = 2500.0


def agreement_for_spi(spi: str | None) -> Agreement | None:
    """The agreement an entry line's SPI claims, or None for an SPI we do not judge."""
    code = (spi or "").strip().upper()
    return next((agreement for agreement, rules in RULES.items() if code in rules.spi), None)


def in_force(agreement: Agreement, origin: str, day: date) -> bool:
    """Whether ``agreement`` gave preference on US entries of goods of ``origin`` on ``day``."""
    dates = RULES[agreement].in_force.get(origin)
    if dates is None:
        return False
    start, end = dates
    return start <= day and (end is None or day <= end)


@dataclass(frozen=True, slots=True)
class HsEdition:
    name: str
    start: date  # first day US entries were classified under it


#: HS editions as applied to US entries. The WCO's HS 2022 took effect on 2022-01-01; the HTSUS
#: adopted it on 2022-01-27 (Presidential Proclamation 10326), so US entries change edition then.
HS_EDITIONS = (HsEdition("HS 2017", date(2017, 1, 1)), HsEdition("HS 2022", date(2022, 1, 27)))

#: Subheadings split or renumbered by an edition: (edition name, old subheading) -> new subheadings.
HS_CHANGES: dict[tuple[str, str], frozenset[str]] = {
    # HS 2022: telephones for cellular networks split into smartphones (8517.13) and others (8517.14)
    ("HS 2022", "851712"): frozenset({"851713", "851714"}),
}


def hs_edition(day: date) -> HsEdition:
    """The HS edition US entries used on ``day``."""
    current = HS_EDITIONS[0]
    for edition in HS_EDITIONS:
        if edition.start <= day:
            current = edition
    return current


def hs_successors(subheading: str, *, since: date | None = None, until: date | None = None) -> frozenset[str]:
    """The subheadings that replaced ``subheading`` in editions taking effect after ``since`` up to ``until``."""
    found: set[str] = set()
    for edition in HS_EDITIONS:
        if (since is not None and edition.start <= since) or (until is not None and edition.start > until):
            continue
        found |= HS_CHANGES.get((edition.name, subheading), frozenset())
    return frozenset(found)
