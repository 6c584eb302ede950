"""Strict parsing at the boundary: vectors, named lies, and fuzzing that only our error escapes."""

from __future__ import annotations

import base64
import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger_client import wire
from ledger_client.errors import MalformedResponseError
from tests.helpers import assets

CHECKPOINTS = assets.load("checkpoints")
ROOT = base64.b64encode(bytes(32)).decode()


@pytest.mark.parametrize("case", CHECKPOINTS["body_cases"], ids=assets.case_id)
def test_checkpoint_body_vector(case: dict[str, object]) -> None:
    text = str(case["note_text"])
    if case["expect"] == "ok":
        parsed = case["parsed"]
        assert isinstance(parsed, dict)
        body = wire.parse_checkpoint(text)
        assert body.origin == parsed["origin"]
        assert body.size == parsed["tree_size"]
        assert body.root == base64.b64decode(parsed["root_hash_b64"])
        assert list(body.extensions) == parsed["extension_lines"]
        assert body.to_text() == text
    else:
        with pytest.raises(MalformedResponseError, match="checkpoint"):
            wire.parse_checkpoint(text)


def test_size_zero_checkpoint_with_another_root_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="empty-tree root"):
        wire.parse_checkpoint(f"log\n0\n{ROOT}\n")


def test_checkpoint_with_an_empty_extension_line_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="extension line is empty"):
        wire.parse_checkpoint(f"log\n1\n{ROOT}\n\n")


def test_checkpoint_with_too_many_extension_lines_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="extension lines"):
        wire.parse_checkpoint(f"log\n1\n{ROOT}\n" + "x\n" * 17)


def test_note_over_the_size_limit_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="over the limit"):
        wire.parse_note(b"a" * (wire.MAX_NOTE_BYTES + 1))


def test_note_with_crlf_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="U\\+000D"):
        wire.parse_note(b"text\r\n\r\n\xe2\x80\x94 k AAAAAAA=\r\n")


def test_signature_line_with_a_hyphen_instead_of_an_em_dash_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="em dash"):
        wire.parse_note(b"text\n\n- k AAAAAAA=\n")


def test_signature_payload_shorter_than_five_bytes_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="shorter than 5"):
        wire.parse_note("text\n\n\u2014 k AAAAAA==\n".encode())


def test_signature_with_url_safe_base64_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="base64"):
        wire.parse_note("text\n\n\u2014 k AAAA-_AA\n".encode())


def test_note_round_trips_through_to_bytes() -> None:
    data = "a\n\nb\n\n\u2014 k AAAAAAA=\n\u2014 j AQIDBAU=\n".encode()
    parsed = wire.parse_note(data)
    assert parsed.text == "a\n\nb\n"
    assert parsed.to_bytes() == data


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", None),
        (f"{ROOT}\n", None),
        (f"{ROOT}", "newline"),
        (f"{ROOT}\n\n", "decodes to 0 bytes"),
        ("AAAA\n", "decodes to 3 bytes"),
        (f"{ROOT}\n" * 65, "more than any tree needs"),
    ],
)
def test_proof_lines(text: str, why: str | None) -> None:
    if why is None:
        assert len(wire.parse_proof_lines(text)) == text.count("\n")
    else:
        with pytest.raises(MalformedResponseError, match=why):
            wire.parse_proof_lines(text)


@pytest.mark.parametrize("text", ["", "01", "-1", "+1", "1.0", " 1", "18446744073709551616", "١"])
def test_non_canonical_decimal_is_refused(text: str) -> None:
    with pytest.raises(MalformedResponseError, match="number|64 bits"):
        wire.parse_decimal_u64(text, what="number")


def test_largest_u64_is_accepted() -> None:
    assert wire.parse_decimal_u64("18446744073709551615", what="n") == 2**64 - 1


def test_proof_file_without_index_line_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="no index line"):
        wire.parse_proof_file(b"c2sp.org/tlog-proof@v1\n\nx\n\n\xe2\x80\x94 k AAAAAAA=\n")


def test_proof_file_with_another_header_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="first line"):
        wire.parse_proof_file(b"c2sp.org/tlog-proof@v2\nindex 0\n\nx\n\n\xe2\x80\x94 k AAAAAAA=\n")


# ---------------------------------------------------------------------------- fuzzing

PARSERS = [
    wire.parse_note,
    wire.parse_proof_file,
    lambda data: wire.parse_checkpoint(data.decode("utf-8", "replace")),
    lambda data: wire.parse_proof_lines(data.decode("utf-8", "replace")),
    lambda data: wire.parse_hash_b64(data.decode("utf-8", "replace")),
]

note_like = st.lists(
    st.sampled_from(["\u2014 ", "k ", "AAAAAAA=", "\n", "\n\n", "index 1\n", "c2sp.org/tlog-proof@v1\n", "x", ROOT]),
    max_size=20,
).map(lambda parts: "".join(parts).encode())


@pytest.mark.parametrize("parse", PARSERS)
@given(data=st.one_of(st.binary(max_size=300), note_like))
def test_parsers_raise_only_malformed_response_error(parse: object, data: bytes) -> None:
    assert callable(parse)
    with contextlib.suppress(MalformedResponseError):
        parse(data)
