"""Strict I-JSON parsing and JCS (RFC 8785): every reference case, and the inputs Python would let through."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger_client.credentials import strict_json
from ledger_client.errors import CredentialFormatError
from tests.unit.ledger_client.credentials.factory import JCS


@pytest.mark.parametrize("case", JCS["cases"], ids=lambda c: c["name"])
def test_reference_input_canonicalises_to_reference_output(case: dict[str, Any]) -> None:
    value = strict_json.parse_json(case["inputText"])
    canonical = strict_json.canonicalize(value)
    assert canonical == bytes.fromhex(case["canonicalHex"])
    assert canonical.decode("utf-8") == case["canonicalText"]


@pytest.mark.parametrize("case", JCS["extraCases"], ids=lambda c: c["name"])
def test_extra_case_canonicalises_as_recorded(case: dict[str, Any]) -> None:
    canonical = strict_json.canonicalize(strict_json.parse_json(case["inputJson"]))
    assert canonical == bytes.fromhex(case["canonicalHex"])
    assert canonical.decode("utf-8") == case["canonicalText"]


def test_nfc_and_nfd_spellings_are_different_bytes() -> None:
    nfc = {c["name"]: c for c in JCS["extraCases"]}["no_unicode_normalisation_nfc"]
    nfd = {c["name"]: c for c in JCS["extraCases"]}["no_unicode_normalisation_nfd"]
    assert nfc["canonicalHex"] != nfd["canonicalHex"]


def test_member_order_and_whitespace_do_not_change_the_canonical_form() -> None:
    a = strict_json.parse_json('{"b": [1, 2.0, 3e0], "a": "x"}')
    b = strict_json.parse_json('{\n  "a":"x",\n  "b":[1,2,0.3e1]\n}')
    assert strict_json.canonicalize(a) == strict_json.canonicalize(b) == b'{"a":"x","b":[1,2,3]}'


@pytest.mark.parametrize(
    ("lie", "text", "match"),
    [
        ("duplicate_member", '{"a": 1, "a": 2}', "duplicate member"),
        ("nested_duplicate_member", '{"x": {"id": "a", "id": "b"}}', "duplicate member"),
        ("nan", '{"a": NaN}', "NaN"),
        ("infinity", '{"a": -Infinity}', "NaN and Infinity"),
        ("float_overflow", '{"a": 1e400}', "overflows"),
        ("integer_beyond_2_53", '{"a": 9007199254740992}', "I-JSON range"),
        ("negative_integer_beyond_2_53", '{"a": -9007199254740993}', "I-JSON range"),
        ("unpaired_surrogate", '{"a": "\\ud800"}', "unpaired surrogate"),
        ("unpaired_surrogate_in_name", '{"\\udfff": 1}', "unpaired surrogate"),
        ("not_json", "{'a': 1}", "not JSON"),
        ("trailing_garbage", '{"a": 1} x', "not JSON"),
        ("raw_control_character", '{"a": "\x01"}', "not JSON"),
        ("byte_order_mark", '\ufeff{"a": 1}', "not JSON"),
    ],
)
def test_parser_refuses(lie: str, text: str, match: str) -> None:
    with pytest.raises(CredentialFormatError, match=match):
        strict_json.parse_json(text)


def test_largest_safe_integer_is_accepted() -> None:
    assert strict_json.parse_json("[9007199254740991, -9007199254740991]") == [2**53 - 1, -(2**53 - 1)]


def test_document_over_the_size_limit_is_refused() -> None:
    with pytest.raises(CredentialFormatError, match="over the 100-byte limit"):
        strict_json.parse_json(json.dumps({"a": "x" * 100}), max_bytes=100)


def test_nesting_over_the_depth_limit_is_refused() -> None:
    with pytest.raises(CredentialFormatError, match="nested deeper than 48"):
        strict_json.parse_json("[" * 49 + "]" * 49)
    assert strict_json.parse_json("[" * 48 + "]" * 48) is not None


def test_nesting_beyond_the_interpreter_stack_is_refused_not_crashed() -> None:
    with pytest.raises(CredentialFormatError, match="nested"):
        strict_json.parse_json("[" * 100_000 + "]" * 100_000)


def test_top_level_array_is_not_a_credential_object() -> None:
    with pytest.raises(CredentialFormatError, match="not a JSON object"):
        strict_json.parse_json_object("[1]")


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ({"a": float("nan")}, "not finite"),
        ({"a": 2**60}, "outside"),
        ({1: "a"}, "not a string"),
        ({"a": b"bytes"}, "not JSON"),
        ({"a": "\ud800"}, "unpaired surrogate"),
    ],
)
def test_check_i_json_refuses_values_built_in_python(value: Any, match: str) -> None:
    with pytest.raises(CredentialFormatError, match=match):
        strict_json.check_i_json(value)


def test_canonicalize_refuses_what_jcs_cannot_represent() -> None:
    with pytest.raises(CredentialFormatError, match="cannot be canonicalised"):
        strict_json.canonicalize({"a": 2**60})


def test_copy_is_deep() -> None:
    original: strict_json.JsonObject = {"a": [{"b": 1}]}
    copied = strict_json.copy_object(original)
    inner = copied["a"]
    assert isinstance(inner, list)
    assert isinstance(inner[0], dict)
    inner[0]["b"] = 2
    assert original == {"a": [{"b": 1}]}


# ---------------------------------------------------------------------------- the fast JCS path

_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=6), inner, max_size=4),
    ),
    max_leaves=20,
)


@given(value=st.one_of(_json_values, st.floats(allow_nan=False, allow_infinity=False)))
def test_fast_canonical_form_equals_rfc8785(value: object) -> None:
    """The standard-library path and the rfc8785 path must give the same bytes for every value."""
    import rfc8785

    assert strict_json.canonicalize(value) == rfc8785.dumps(value)  # type: ignore[arg-type]
