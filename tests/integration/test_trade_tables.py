"""The trade tables of a real encrypted profile judge every lookup of the demo ledger as the in-memory index does,
and opening the profile reads none of them.

The profile is synced over loopback HTTP with the whole demo ledger (``tests/helpers/synced_profile.py``);
the reference is ``RecordIndex`` over the demo's entries, verified again from scratch.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from tests.helpers.synced_profile import PASSPHRASE, synced_profile
from trade import demo, licences, origin, products, record_index, suppliers
from trade.licences import LicenceQuestion
from trade.products import ItemInHand
from trade.record_index import RecordIndex
from workstation import profiles, session
from workstation.lookups import rules
from workstation.lookups.queries import OriginByEntry, SupplierQuery
from workstation.store import trade_tables

AS_OF = demo.AS_OF


@pytest.fixture(scope="module")
def demo_ledger() -> demo.DemoLedger:
    return demo.generate()


@pytest.fixture(scope="module")
def reference(demo_ledger: demo.DemoLedger) -> RecordIndex:
    at = datetime(2025, 6, 30, tzinfo=UTC)
    return record_index.read_ledger(demo_ledger.entries, cbp_issuer=demo_ledger.cbp_issuer, at=at)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory, demo_ledger: demo.DemoLedger) -> profiles.Profile:
    root = tmp_path_factory.mktemp("profiles")
    return synced_profile(root, "demo", demo_ledger.entries, demo_ledger.cbp_issuer)


@pytest.fixture
def opened(profile: profiles.Profile) -> Iterator[session.Session]:
    opened = session.open_session(profile, PASSPHRASE)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def tables(opened: session.Session) -> trade_tables.TradeTables:
    return opened.trade_view().source()


def test_opening_a_synced_profile_reads_no_trade_record(opened: session.Session, demo_ledger: demo.DemoLedger) -> None:
    source = opened.trade_view().source()  # ready for the first lookup
    assert source.size == len(demo_ledger.entries)  # the sync indexed every entry it stored
    assert source.decoded_count == 0
    opened.lookups().run(OriginByEntry("E-1031"), AS_OF)
    assert 0 < source.decoded_count < 40  # the records of one entry line's question, not the ledger's 1,076


def test_every_entry_line_is_judged_alike(tables: trade_tables.TradeTables, reference: RecordIndex) -> None:
    lines = list(reference.entry_lines.values())
    assert len(lines) > 500
    for summary in lines:
        line = summary.line
        assert origin.check_origin(line, tables, as_of=AS_OF) == origin.check_origin(line, reference, as_of=AS_OF)
    for entry in sorted({s.line.entry_number for s in lines})[:80]:
        query = OriginByEntry(entry)
        ours = rules.judge_origin(query, tables, AS_OF, AS_OF)
        assert ours == rules.judge_origin(query, reference, AS_OF, AS_OF)


def test_every_supplier_is_rated_alike(tables: trade_tables.TradeTables, reference: RecordIndex) -> None:
    for party in reference.parties:
        ours = suppliers.supplier_history(party, tables, as_of=AS_OF)
        assert ours == suppliers.supplier_history(party, reference, as_of=AS_OF)
    for party in ("P-OCOTILLO", "P-MAPLEWICK"):
        query = SupplierQuery(party)
        assert rules.judge_supplier(query, tables, AS_OF, AS_OF) == rules.judge_supplier(query, reference, AS_OF, AS_OF)


def test_every_licence_question_is_judged_alike(tables: trade_tables.TradeTables, reference: RecordIndex) -> None:
    questions = []
    marks = sorted({r.mark for r in reference.recordations} | {"NOT RECORDED"})
    for licence in reference.licences.values():
        hs = licence.goods.hs[0] if licence.goods.hs else "6110.30"
        making = min(licence.making_countries, default="MX")
        facility = min(licence.facilities, default=None)
        for mark in sorted(licence.marks) or marks[:1]:
            for day in (licence.period.start, date(2025, 3, 1)):
                questions.append(LicenceQuestion(mark, licence.licensee, day, hs, making, facility=facility))
    questions += [LicenceQuestion(mark, "P-NOBODY", date(2025, 3, 1), "6110.30", "MX") for mark in marks]
    assert len(questions) > 30
    for question in questions:
        ours = licences.check_licence(question, tables, as_of=AS_OF)
        assert ours == licences.check_licence(question, reference, as_of=AS_OF)


def test_every_product_check_is_judged_alike(tables: trade_tables.TradeTables, reference: RecordIndex) -> None:
    items = [
        ItemInHand(p.profile_id, p.season, min(p.colourways, default=None), {}, serial, min(p.factories), entry)
        for versions in reference.profiles.values()
        for p in versions
        for serial, entry in [(None, None), *((s, reference.sightings[s][0].entry_number) for s in reference.sightings)]
    ]
    items.append(ItemInHand("NO-SUCH-PROFILE", "SS25"))
    for item in items:
        ours = products.check_product(item, tables, as_of=AS_OF)
        assert ours == products.check_product(item, reference, as_of=AS_OF)
