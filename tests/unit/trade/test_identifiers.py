"""Identifiers: check digits (GS1, entry numbers), formats, normalisation; one error class per field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trade import identifiers
from trade.identifiers import (
    Country,
    CountryError,
    EntryNumber,
    EntryNumberError,
    Gtin,
    GtinError,
    HsSubheading,
    HsSubheadingError,
    Htsus,
    HtsusError,
    ImporterNumber,
    ImporterNumberError,
    ImporterNumberKind,
    RecordationNumber,
    RecordationNumberError,
    UsptoKind,
    UsptoNumber,
    UsptoNumberError,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@pytest.mark.parametrize("text", ["7323.93", "732393", "7323 93", "7323-93"])
def test_hs_subheading_normalises(text: str) -> None:
    assert HsSubheading.parse(text).text == "7323.93"


@pytest.mark.parametrize("text", ["7323.9", "7323.931", "73A3.93", ""])
def test_hs_subheading_rejects(text: str) -> None:
    with pytest.raises(HsSubheadingError, match="HS subheading"):
        HsSubheading.parse(text)


def test_htsus_compares_digits_only() -> None:
    assert Htsus.parse("7323.93.0030") == Htsus.parse("7323930030")
    assert Htsus.parse("7323.93.00").text == "7323.93.00"
    assert Htsus.parse("7323.93.0030").subheading.text == "7323.93"
    with pytest.raises(HtsusError, match="HTSUS"):
        Htsus.parse("7323.93.003")


@given(st.sampled_from([7, 11, 12, 13]).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)))
def test_gtin_with_computed_check_digit_parses(body: str) -> None:
    gtin = Gtin.parse(body + str(identifiers.gtin_check_digit(body)))
    assert gtin.kind == f"GTIN-{len(body) + 1}"
    assert len(gtin.gtin14) == 14


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(1, 9))
def test_gtin_with_wrong_check_digit_fails(body: str, shift: int) -> None:
    wrong = (identifiers.gtin_check_digit(body) + shift) % 10
    with pytest.raises(GtinError, match="check digit"):
        Gtin.parse(body + str(wrong))


def test_gtin_known_values_and_padding() -> None:
    assert Gtin.parse("4006381333931").kind == "GTIN-13"  # GS1 worked example
    assert Gtin.parse("036000291452").same_item(Gtin.parse("00036000291452"))
    with pytest.raises(GtinError, match="8, 12, 13 or 14"):
        Gtin.parse("123456789")


def test_country_is_alpha_2() -> None:
    assert Country.parse(" mx ").code == "MX"
    for bad in ("MEX", "XX", "M"):
        with pytest.raises(CountryError, match="country code"):
            Country.parse(bad)


def test_uspto_registration_and_serial() -> None:
    assert UsptoNumber.parse("9,901,234").kind is UsptoKind.REGISTRATION
    assert UsptoNumber.parse("9901234").text == "9,901,234"
    assert UsptoNumber.parse("99012345").kind is UsptoKind.APPLICATION_SERIAL
    for bad in ("99,01,234", "990123456", "0123"):
        with pytest.raises(UsptoNumberError, match="USPTO"):
            UsptoNumber.parse(bad)


def test_recordation_numbers() -> None:
    assert RecordationNumber.parse("tmk 21-90017").text == "TMK 21-90017"
    assert not RecordationNumber.parse("COP 19-00042").is_trademark
    with pytest.raises(RecordationNumberError, match="recordation"):
        RecordationNumber.parse("TMK 2021-90017")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("12-3456789AB", ImporterNumberKind.EIN),
        ("123-45-6789", ImporterNumberKind.SSN),
        ("250630-01234", ImporterNumberKind.CBP_ASSIGNED),
    ],
)
def test_importer_numbers(text: str, kind: ImporterNumberKind) -> None:
    assert ImporterNumber.parse(text).kind is kind


def test_importer_number_rejects() -> None:
    with pytest.raises(ImporterNumberError, match="importer number"):
        ImporterNumber.parse("123456789")


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=3),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
)
def test_entry_number_round_trip_and_single_digit_errors(filer: str, transaction: str) -> None:
    entry = EntryNumber.build(filer, transaction)
    assert EntryNumber.parse(entry.text) == entry
    assert EntryNumber.parse(entry.text.replace("-", "")) == entry
    with pytest.raises(EntryNumberError, match="check digit"):
        EntryNumber.parse(f"{filer}-{transaction}-{(entry.check + 1) % 10}")


def test_entry_number_luhn_known_value() -> None:
    assert identifiers.entry_check_digit("799", "2739871") == 3  # the Luhn example 7992739871-3
    with pytest.raises(EntryNumberError, match="entry number"):
        EntryNumber.parse("B7-0001031-6")


def test_errors_name_their_field_and_keep_the_value_apart() -> None:
    with pytest.raises(GtinError) as caught:
        Gtin.parse("<b>bad</b>")
    assert caught.value.field == "GTIN"
    assert caught.value.value == "<b>bad</b>"
    assert "<b>" not in str(caught.value)
