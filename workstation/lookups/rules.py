"""Each kind's rule runner: a typed query and the record index in, the trade rule's verdict out.

Qt-free and store-free: :class:`~workstation.lookups.runner.LookupRunner` picks the
runner from the kind's spec, gives it the index and the dates, and records the answer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from trade import licences, origin, products, suppliers, verdicts
from trade.record_source import RecordSource
from workstation.lookups.inputs import InputError, resolve_party
from workstation.lookups.queries import (
    LicenceQuery,
    LookupQuery,
    OriginByEntry,
    OriginLine,
    ProductQuery,
    SupplierQuery,
)

#: How far back a supplier's history looks when the officer gives no window start.
DEFAULT_WINDOW_MONTHS = 24


@dataclass(frozen=True, slots=True)
class Judgement:
    """A rule's answer.

    Attributes:
        query: the query as answered (an entry's line number or a supplier's party id filled in).
        as_of: the date it was judged at.
        supplier: the supplier history, for supplier lookups.
    """

    query: LookupQuery
    as_of: date
    verdict: verdicts.Verdict
    supplier: suppliers.SupplierHistory | None = None


def judge_origin(query: OriginByEntry | OriginLine, index: RecordSource, as_of: date | None, today: date) -> Judgement:
    when = as_of or today
    if isinstance(query, OriginLine):
        return Judgement(query, when, origin.check_origin(query.entry_line(index), index, as_of=when))
    filed = index.lines_of_entry(query.entry)
    if not filed:
        raise InputError("entry", f"no entry line {query.entry!r} is on the ledger")
    summary = min(filed, key=lambda item: item.line.line)
    verdict = origin.check_origin(summary.line, index, as_of=when)
    # The filed line is itself a record the answer rests on, and each finding compares it with the records.
    filed_line = summary.provenance.evidence
    findings = tuple(
        dataclasses.replace(f, evidence=(filed_line, *(e for e in f.evidence if e != filed_line)))
        for f in verdict.findings
    )
    verdict = dataclasses.replace(verdict, findings=findings, evidence=(filed_line, *verdict.evidence))
    return Judgement(OriginByEntry(query.entry, summary.line.line), when, verdict)


def judge_licence(query: LicenceQuery, index: RecordSource, as_of: date | None, today: date) -> Judgement:
    when = as_of or today
    return Judgement(query, when, licences.check_licence(query.question(index), index, as_of=when))


def judge_product(query: ProductQuery, index: RecordSource, as_of: date | None, _today: date) -> Judgement:
    observed = query.observation(index)
    when = as_of or observed.examined_on
    return Judgement(query, when, products.check_product(observed.item, index, as_of=when))


def judge_supplier(query: SupplierQuery, index: RecordSource, as_of: date | None, today: date) -> Judgement:
    party_id = resolve_party(query.party, index, "party")
    when = as_of or today
    months = DEFAULT_WINDOW_MONTHS
    if query.window_from is not None:
        if query.window_from > when:
            raise InputError("from", "the window starts after its end")
        months = max(1, (when.year - query.window_from.year) * 12 + when.month - query.window_from.month)
    history = suppliers.supplier_history(party_id, index, as_of=when, months=months)
    failed = index.failed_for(party_id)
    if failed:
        verdict = verdicts.Verdict.unverifiable((f.reason, f.evidence) for f in failed)
    elif history.triggers:  # a rating is information for the officer, never a finding against the goods
        fired = ", ".join(t.trigger.value for t in history.triggers)
        verdict = verdicts.Verdict(
            verdicts.Status.REVIEW, (), (), history.evidence, f"supplier rating {history.rating.value}: {fired}"
        )
    else:
        verdict = verdicts.Verdict.judge([], history.evidence, passing=f"supplier rating {history.rating.value}")
    return Judgement(SupplierQuery(party_id, query.window_from), when, verdict, history)
