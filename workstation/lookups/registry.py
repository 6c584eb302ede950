"""The lookup registry: for each :class:`LookupKind`, one :class:`LookupSpec` that names everything about it.

A spec names the kind's typed queries and their parser, its rule runner, the
context shown beside its verdict, its titles and the report sections drawn for it.
Everything that handles a lookup (runner, service, CLI, form pages, reports) reads
the spec; nothing else spells a kind. The page of a kind is found by the page's own
``kind`` (``workstation.views.lookup_pages``): this package stays Qt-free.

>>> [spec.title for spec in LOOKUPS.values()]
['Certificate of origin', 'License chain', 'Product check', 'Supplier history']
>>> parse_query(LookupKind.ORIGIN, {"entry": "E-1031"})
OriginByEntry(entry='E-1031', line=None)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from ledger_client.credentials import JsonValue
from trade.record_source import RecordSource
from workstation.lookups import context, rules
from workstation.lookups.context import LookupContext
from workstation.lookups.inputs import InputReader
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import (
    LicenceQuery,
    LookupQuery,
    OriginByEntry,
    OriginLine,
    ProductQuery,
    SupplierQuery,
)

__all__ = ["LOOKUPS", "LookupKind", "LookupSpec", "ReportSection", "parse_query", "spec_of"]

Q = TypeVar("Q", bound=LookupQuery)


class ReportSection(enum.Enum):
    """A kind-specific section of a report (``workstation.reports.sections`` draws each)."""

    LICENCE_CHAIN = "licence chain"
    EXPECTED_VS_OBSERVED = "expected vs observed"
    SUPPLIER_RECORD = "supplier record"


@dataclass(frozen=True, slots=True)
class LookupSpec(Generic[Q]):
    """Everything about one lookup kind.

    Attributes:
        kind: the kind.
        label: the page's tab title with its mnemonic marked for Qt (``Certificate of &origin``).
        report_title: what a report calls the check.
        summary: one line for ``workstation check KIND --help``.
        parse: the one parser of the kind's input (a JSON object) into its typed query.
        rule: the rule runner: (query, index, as_of or None, today) -> the judgement.
        context: the facts shown beside the verdict: (query as answered, outcome, index) -> context.
        report_sections: the kind-specific sections of its report, in order.
    """

    kind: LookupKind
    label: str
    report_title: str
    summary: str
    parse: Callable[[JsonValue], Q]
    rule: Callable[[Q, RecordSource, date | None, date], rules.Judgement]
    context: Callable[[Q, LookupOutcome, RecordSource], LookupContext]
    report_sections: tuple[ReportSection, ...] = ()

    @property
    def title(self) -> str:
        """The tab title as read (``Certificate of origin``)."""
        return self.label.replace("&", "")


def _parse_origin(raw: JsonValue) -> OriginByEntry | OriginLine:
    """A reference to a filed line (only ``entry`` and ``line``) or a typed entry line."""
    if isinstance(raw, dict) and "entry" in raw and set(raw) <= OriginByEntry.MEMBERS:
        return OriginByEntry.from_json(raw)
    return OriginLine.from_json(raw)


_SPECS: tuple[LookupSpec[Any], ...] = (
    LookupSpec(
        kind=LookupKind.ORIGIN,
        label="Certificate of &origin",
        report_title="Certification of origin",
        summary="does a certification of origin support this entry line?",
        parse=_parse_origin,
        rule=rules.judge_origin,
        context=context.origin_context,
    ),
    LookupSpec(
        kind=LookupKind.LICENCE,
        label="&License chain",
        report_title="Trademark license chain",
        summary="is this shipper a licensed source of these branded goods?",
        parse=LicenceQuery.from_json,
        rule=rules.judge_licence,
        context=context.licence_context,
        report_sections=(ReportSection.LICENCE_CHAIN,),
    ),
    LookupSpec(
        kind=LookupKind.PRODUCT,
        label="&Product check",
        report_title="Product authentication",
        summary="does this item match what the rights holder recorded?",
        parse=ProductQuery.from_json,
        rule=rules.judge_product,
        context=context.product_context,
        report_sections=(ReportSection.EXPECTED_VS_OBSERVED,),
    ),
    LookupSpec(
        kind=LookupKind.SUPPLIER,
        label="&Supplier history",
        report_title="Supplier history",
        summary="how has this supplier behaved toward importers?",
        parse=SupplierQuery.from_json,
        rule=rules.judge_supplier,
        context=context.supplier_context,
        report_sections=(ReportSection.SUPPLIER_RECORD,),
    ),
)

#: Every kind's spec, in :class:`LookupKind` order.
LOOKUPS: Mapping[LookupKind, LookupSpec[Any]] = MappingProxyType({spec.kind: spec for spec in _SPECS})
if tuple(LOOKUPS) != tuple(LookupKind):  # pragma: no cover - a kind without a spec is a programming error
    raise RuntimeError("every LookupKind needs exactly one LookupSpec, in LookupKind order")


def spec_of(kind: LookupKind) -> LookupSpec[Any]:
    return LOOKUPS[kind]


def parse_query(kind: LookupKind, raw: JsonValue) -> LookupQuery:
    """The kind's typed query from its JSON input (from the form, a file, or the audit log).

    Raises:
        InputError: a member is missing, unknown or unusable; the error names it.
    """
    query: LookupQuery = LOOKUPS[kind].parse(raw)
    return query


def split_as_of(raw: JsonValue) -> tuple[dict[str, JsonValue], date | None]:
    """An audited input without its ``as_of`` member, and that date (None when absent)."""
    reader = InputReader(raw, "check")
    as_of = reader.optional_date("as_of")
    assert isinstance(raw, dict)
    return {k: v for k, v in raw.items() if k != "as_of"}, as_of
