"""Officer input is parsed once, by the kind's parser, into a typed query; errors name the field they are about."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.lookups.inputs import InputError, InputReader, parse_date
from workstation.lookups.kind import LookupKind
from workstation.lookups.queries import LicenceQuery, OriginByEntry, OriginLine, ProductQuery, SupplierQuery
from workstation.lookups.registry import LOOKUPS, ReportSection, parse_query, split_as_of

LINE = {
    "entry": "E-9001",
    "line": 2,
    "importer": "bluegill",
    "origin": "mx",
    "hts": "7323.93.0045",
    "import_date": "2025-03-10",
    "claim_date": "2025-03-20",
    "certification": "C-U-001",
}
SHIPMENT = {
    "shipper": "Hilos del Valle",
    "facility": "F-SV-013",
    "mark": "larkspur",
    "hs": "6110.30",
    "making_country": "SV",
    "ship_date": "2025-03-01",
    "quantity": 120,
}
OBSERVATION = {
    "profile": "LS-STR-01",
    "season": "ss25",
    "colourway": "bke",
    "serial": "ls25s700001",
    "date": "2025-05-07",
    "features": {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit", "heel_tab": None},
}


def refused(kind: LookupKind, raw: object) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_query(kind, raw)  # type: ignore[arg-type]
    return caught.value


def test_an_input_error_carries_its_field_and_problem_apart() -> None:
    error = InputError("party", "no registered party has that name")
    assert (error.field, error.problem) == ("party", "no registered party has that name")
    assert str(error) == "party: no registered party has that name"
    assert str(InputError("", "the shipment must be a JSON object")) == "the shipment must be a JSON object"


def test_a_typed_entry_line_is_parsed_into_typed_members() -> None:
    query = parse_query(LookupKind.ORIGIN, LINE)
    assert isinstance(query, OriginLine)
    assert query.origin == "MX" and query.line == 2 and query.import_date == date(2025, 3, 10)
    assert query.exporter is None and query.spi is None and query.importer_knowledge is False
    assert query.kind is LookupKind.ORIGIN


def test_an_entry_reference_is_parsed_as_a_filed_line() -> None:
    assert parse_query(LookupKind.ORIGIN, {"entry": "E-1031"}) == OriginByEntry("E-1031")
    assert parse_query(LookupKind.ORIGIN, {"entry": "E-1031", "line": 3}) == OriginByEntry("E-1031", 3)


@pytest.mark.parametrize(
    ("kind", "raw", "field"),
    [
        (LookupKind.ORIGIN, {**LINE, "colour": "red"}, "colour"),
        (LookupKind.ORIGIN, {**LINE, "origin": "MEX"}, "origin"),
        (LookupKind.ORIGIN, {**LINE, "hts": "7323.93"}, "hts"),
        (LookupKind.ORIGIN, {**LINE, "line": 0}, "line"),
        (LookupKind.ORIGIN, {**LINE, "line": True}, "line"),
        (LookupKind.ORIGIN, {**LINE, "claim_date": "2025-13-01"}, "claim_date"),
        (LookupKind.ORIGIN, {**LINE, "importer": "  "}, "importer"),
        (LookupKind.ORIGIN, {**LINE, "value_usd": float("nan")}, "value_usd"),
        (LookupKind.ORIGIN, {**LINE, "importer_knowledge": "yes"}, "importer_knowledge"),
        (LookupKind.LICENCE, {**SHIPMENT, "hs": "61x0"}, "hs"),
        (LookupKind.LICENCE, {**SHIPMENT, "making_country": "Salvador"}, "making_country"),
        (LookupKind.LICENCE, {**SHIPMENT, "market": "USA"}, "market"),
        (LookupKind.LICENCE, {**SHIPMENT, "quantity": -1}, "quantity"),
        (LookupKind.PRODUCT, {**OBSERVATION, "features": {"spi": True}}, "features.spi"),
        (LookupKind.PRODUCT, {**OBSERVATION, "features": [9]}, "features"),
        (LookupKind.PRODUCT, {**OBSERVATION, "date": None}, "date"),
        (LookupKind.SUPPLIER, {"party": "P-NOPAL", "from": "last year"}, "from"),
        (LookupKind.SUPPLIER, {"from": "2025-01-01"}, "party"),
    ],
)
def test_each_refusal_names_the_member_it_is_about(kind: LookupKind, raw: dict[str, object], field: str) -> None:
    error = refused(kind, raw)
    assert error.field == field
    assert str(error).startswith(f"{field}: ")


def test_an_unknown_member_lists_the_allowed_ones() -> None:
    error = refused(LookupKind.SUPPLIER, {"party": "P-NOPAL", "window": "24"})
    assert error.field == "window" and "allowed: from, party" in error.problem


def test_an_input_that_is_not_an_object_is_refused_as_a_whole() -> None:
    error = refused(LookupKind.LICENCE, ["LARKSPUR"])
    assert error.field == "" and str(error) == "the shipment must be a JSON object"


def test_a_shipment_is_normalized_once_at_the_boundary() -> None:
    query = parse_query(LookupKind.LICENCE, SHIPMENT)
    assert isinstance(query, LicenceQuery)
    assert (query.mark, query.market, query.quantity, query.goods) == ("LARKSPUR", "US", 120, None)


def test_an_observation_keeps_a_feature_left_empty_as_not_observed() -> None:
    query = parse_query(LookupKind.PRODUCT, OBSERVATION)
    assert isinstance(query, ProductQuery)
    assert (query.season, query.colourway, query.serial) == ("SS25", "BKE", "LS25S700001")
    assert query.feature("quarter_panel_spi") == 9.0 and query.feature("heel_tab") is None
    assert query.to_json()["features"] == {
        "quarter_panel_spi": 9.0,
        "upper_material": "recycled polyester knit",
        "heel_tab": None,
    }


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (LookupKind.ORIGIN, LINE),
        (LookupKind.ORIGIN, {"entry": "E-1031", "line": 1}),
        (LookupKind.LICENCE, SHIPMENT),
        (LookupKind.PRODUCT, OBSERVATION),
        (LookupKind.SUPPLIER, {"party": "P-NOPAL", "from": "2024-07-01"}),
        (LookupKind.SUPPLIER, {"party": "P-NOPAL", "from": None}),
    ],
)
def test_a_query_reads_back_from_its_json_unchanged(kind: LookupKind, raw: dict[str, object]) -> None:
    query = parse_query(kind, raw)
    assert parse_query(kind, query.to_json()) == query


def test_an_audited_input_gives_back_its_date_apart() -> None:
    recorded, as_of = split_as_of({"party": "P-NOPAL", "from": None, "as_of": "2025-06-30"})
    assert recorded == {"party": "P-NOPAL", "from": None} and as_of == date(2025, 6, 30)
    assert SupplierQuery.from_json(recorded) == SupplierQuery("P-NOPAL")


def test_the_reader_refuses_what_a_json_number_cannot_mean() -> None:
    with pytest.raises(InputError, match="value_usd: a number"):
        InputReader({"value_usd": float("inf")}, "entry line").number("value_usd")
    assert InputReader({"value_usd": 12}, "entry line").number("value_usd") == 12.0
    assert parse_date("2025-06-30", "as_of") == date(2025, 6, 30)
    with pytest.raises(InputError) as caught:
        parse_date("30/06/2025", "--as-of")
    assert caught.value.field == "--as-of"


def test_every_kind_has_one_spec_in_kind_order() -> None:
    assert list(LOOKUPS) == list(LookupKind)
    assert [spec.kind for spec in LOOKUPS.values()] == list(LookupKind)
    assert len({spec.label for spec in LOOKUPS.values()}) == len(LookupKind)
    assert all("&" in spec.label and spec.title == spec.label.replace("&", "") for spec in LOOKUPS.values())
    assert LOOKUPS[LookupKind.LICENCE].report_sections == (ReportSection.LICENCE_CHAIN,)
    assert LOOKUPS[LookupKind.ORIGIN].report_sections == ()


def test_a_kind_is_read_back_from_its_audit_action_only() -> None:
    for kind in LookupKind:
        assert LookupKind.from_action(kind.action) is kind
        assert LookupKind.from_name(kind.value) is kind
    assert kind.action == "check supplier"
    assert LookupKind.from_action("check colour") is None
    assert LookupKind.from_action("approve report") is None
    assert LookupKind.from_name("Origin") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2025-13-45", "'2025-13-45' is not a calendar date: there is no month 13"),
        ("2025-04-31", "'2025-04-31' is not a calendar date: 2025-04 has 30 days"),
        ("2024-02-30", "'2024-02-30' is not a calendar date: 2024-02 has 29 days"),
        ("2025-00-10", "'2025-00-10' is not a calendar date: there is no month 0"),
        ("2025-6-30", "'2025-6-30' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_date_in_the_right_form_that_does_not_exist_says_why(text: str, problem: str) -> None:
    # An officer who typed 2025-13-45 was told it was "not in the form YYYY-MM-DD", which it is.
    with pytest.raises(InputError) as caught:
        parse_date(text, "as_of")
    assert caught.value.problem == problem
