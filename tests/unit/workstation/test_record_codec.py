"""Stored trade records decode to the records encoded, and to nothing but record classes."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime

import pytest

from trade import demo, record_index
from workstation.store import record_codec


def test_every_demo_record_comes_back_equal() -> None:
    ledger = demo.generate()
    index = record_index.read_ledger(ledger.entries, cbp_issuer=ledger.cbp_issuer, at=datetime(2025, 6, 30, tzinfo=UTC))
    assert len(index.records) > 1000
    assert [record_codec.decode(record_codec.encode(r)) for r in index.records] == list(index.records)


@pytest.mark.parametrize(
    "foreign",
    [
        pickle.dumps(print),  # a function: it would run on decoding
        pickle.dumps(datetime(2025, 1, 1)),  # a class outside the record types
        pickle.dumps(record_codec.ForbiddenClassError("x")),
    ],
)
def test_a_row_naming_another_class_is_refused(foreign: bytes) -> None:
    with pytest.raises(record_codec.ForbiddenClassError):
        record_codec.decode(foreign)


def test_a_row_rebuilding_a_non_record_class_is_refused() -> None:
    class Crafted:
        def __reduce__(self) -> tuple[object, ...]:
            return record_codec._rebuild, (date, (2025, 1, 1))  # date is allowed, but is not a record

    with pytest.raises(record_codec.ForbiddenClassError):
        record_codec.decode(pickle.dumps(Crafted()))
