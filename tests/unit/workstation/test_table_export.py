"""The shared table exporter: TSV, HTML, CSV and JSON of untrusted cells."""

from __future__ import annotations

import csv
import io
import json

import pytest

from workstation.services import table_export
from workstation.services.table_export import Table

TABLE = Table.of(
    "Checks <today>",
    ["Who", "Input"],
    [["night\tshift", "line one\nline two"], ["=cmd|' /C calc'!A0", "-12.5"], ["Fábrica Nopal", "@SUM(A1)"]],
)


def test_tsv_keeps_one_line_per_row() -> None:
    assert table_export.to_tsv(TABLE).splitlines() == [
        "Who\tInput",
        "night shift\tline one line two",
        "=cmd|' /C calc'!A0\t-12.5",
        "Fábrica Nopal\t@SUM(A1)",
    ]


def test_html_escapes_every_cell_and_the_caption() -> None:
    html = table_export.to_html(TABLE)
    assert "<caption>Checks &lt;today&gt;</caption>" in html
    assert "<th>Who</th><th>Input</th>" in html
    assert "<td>=cmd|&#x27; /C calc&#x27;!A0</td>" in html


def test_csv_quotes_formulas_as_text_and_leaves_numbers() -> None:
    rows = list(csv.reader(io.StringIO(table_export.to_csv(TABLE))))
    assert rows == [
        ["Who", "Input"],
        ["night\tshift", "line one\nline two"],
        ["'=cmd|' /C calc'!A0", "-12.5"],
        ["Fábrica Nopal", "'@SUM(A1)"],
    ]


def test_json_names_the_columns_and_keeps_accents() -> None:
    text = table_export.to_json(TABLE)
    assert "Fábrica" in text
    assert json.loads(text)["rows"][2] == {"Who": "Fábrica Nopal", "Input": "@SUM(A1)"}


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2 has 1 cells for 2 columns"):
        Table.of("t", ["a", "b"], [["1", "2"], ["3"]])
