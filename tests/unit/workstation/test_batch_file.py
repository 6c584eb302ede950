"""Reading a batch file of entry lines: the header, typed cells, and rows that cannot be read."""

from __future__ import annotations

import pytest

from workstation import batch

HEADER = "entry,line,importer,origin,hts,import_date,claim_date,importer_knowledge,value_usd"


def test_cells_are_typed_and_empty_cells_left_out() -> None:
    data = ("\ufeff" + HEADER + '\nE-1,2,Bluegill,MX,7323.93.0045,2025-03-10,2025-03-20,Yes,"2,100.50"\n').encode()
    (row,) = batch.read_batch(data)
    assert row.row == 2 and row.entry == "E-1"
    assert row.raw == {
        "entry": "E-1",
        "line": 2,
        "importer": "Bluegill",
        "origin": "MX",
        "hts": "7323.93.0045",
        "import_date": "2025-03-10",
        "claim_date": "2025-03-20",
        "importer_knowledge": True,
        "value_usd": 2100.5,
    }


def test_an_unreadable_cell_names_its_row_and_field() -> None:
    data = (HEADER + "\nE-1,1,B,MX,7323.93.0045,2025-03-10,2025-03-20,false,lots\n").encode()
    (row,) = batch.read_batch(data)
    assert (row.row, row.raw, row.field) == (2, None, "value_usd")
    assert row.problem == "'lots' is not a number"


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(batch.BatchFileError, match="not UTF-8"):
        batch.read_batch(HEADER.encode() + b"\nE-\xff\n")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(batch.BatchFileError, match="a header row"):
        batch.read_batch(b"")
