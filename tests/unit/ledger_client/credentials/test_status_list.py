"""Bitstring Status List: every vector list decoded bit by bit, and each way a status can be unknown."""

from __future__ import annotations

import base64
import copy
import gzip
from typing import Any

import pytest

from ledger_client.credentials import (
    CredentialOutcome,
    JsonObject,
    ProofOutcome,
    Verdict,
    check_credential_text,
    status_list,
    verify_credential,
)
from ledger_client.credentials.status_list import StatusEntry
from ledger_client.errors import CredentialRevokedError, CredentialSuspendedError, StatusListError
from tests.unit.ledger_client.credentials import factory
from tests.unit.ledger_client.credentials.factory import AT, LIST_URL, OTHER_KEY, TEST_KEY, signed, text

LISTS = {case["name"]: case for case in factory.STATUS_LISTS["lists"]}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _set_indices(bits: bytes) -> list[int]:
    return [
        byte_index * 8 + bit
        for byte_index, byte in enumerate(bits)
        if byte
        for bit in range(8)
        if byte & (0x80 >> bit)
    ]


@pytest.mark.parametrize("case", factory.STATUS_LISTS["lists"], ids=lambda c: c["name"])
def test_vector_list_decodes_to_its_recorded_bits(case: dict[str, Any]) -> None:
    bits = status_list.decode_bitstring(case["encodedList"])
    assert len(bits) == case["uncompressedBytes"]
    assert len(bits) * 8 == case["lengthBits"]
    assert _set_indices(bits) == case["setIndices"]
    assert {str(i): f"0x{b:02x}" for i, b in enumerate(bits) if b} == case["nonZeroBytes"]
    for index in case["setIndices"]:
        assert status_list.read_status(bits, index) == 1
    raw = base64.urlsafe_b64decode(case["encodedList"][1:] + "=" * (-len(case["encodedList"][1:]) % 4))
    assert raw[:10].hex() == case["gzipHeaderHex"]
    assert len(raw) == case["compressedLength"]


@pytest.mark.parametrize("case", factory.STATUS_LISTS["lists"], ids=lambda c: c["name"])
def test_reencoding_preserves_bits(case: dict[str, Any]) -> None:
    bits = status_list.decode_bitstring(case["encodedList"])
    assert status_list.decode_bitstring(status_list.encode_bitstring(bits)) == bits


@pytest.mark.parametrize(
    "case", [c for c in factory.STATUS_LISTS["lists"] if "credential" in c], ids=lambda c: c["name"]
)
def test_vector_list_credential_carries_the_same_list(case: dict[str, Any]) -> None:
    subject = case["credential"]["credentialSubject"]
    assert subject["encodedList"] == case["encodedList"]
    assert subject["type"] == "BitstringStatusList"


def test_dhs_list_is_read_most_significant_bit_first() -> None:
    bits = status_list.decode_bitstring(LISTS["dhs_svip_uscis_status_3"]["encodedList"])
    assert status_list.read_status(bits, 4000) == 1
    assert status_list.read_status(bits, 4007) == 0  # where an LSB-first reader would see it
    assert bits[500] == 0x80


def test_gzip_header_differences_do_not_matter() -> None:
    bits = status_list.decode_bitstring(LISTS["dhs_svip_uscis_status_3"]["encodedList"])
    other_os = bytearray(gzip.compress(bits, mtime=0))
    other_os[9] = 0xFF
    encoded = "u" + base64.urlsafe_b64encode(bytes(other_os)).decode().rstrip("=")
    assert status_list.decode_bitstring(encoded) == bits


@pytest.mark.parametrize(
    ("size", "index", "value"), [(1, 0, 1), (1, 131_071, 1), (2, 5, 2), (2, 6, 3), (4, 1000, 9), (8, 3, 200)]
)
def test_multi_bit_entries_round_trip(size: int, index: int, value: int) -> None:
    bits = status_list.new_bitstring(status_list.MIN_ENTRIES, size)
    status_list.set_status(bits, index, value, size)
    assert status_list.read_status(bits, index, size) == value
    assert status_list.read_status(bits, index + 1 if index < 1000 else index - 1, size) == 0
    status_list.set_status(bits, index, 0, size)
    assert not any(bits)


def test_read_beyond_the_list_is_a_range_error() -> None:
    with pytest.raises(ValueError, match="RANGE_ERROR"):
        status_list.read_status(bytes(2), 16)
    with pytest.raises(ValueError, match="RANGE_ERROR"):
        status_list.read_status(bytes(2), 8, 2)


@pytest.mark.parametrize(
    ("lie", "encoded", "match"),
    [
        ("no_multibase_header", LISTS["spec_example_all_clear"]["encodedList"][1:], "multibase base64url"),
        ("base58_header", "z" + LISTS["spec_example_all_clear"]["encodedList"][1:], "multibase base64url"),
        ("padding", LISTS["spec_example_all_clear"]["encodedList"] + "=", "multibase base64url"),
        ("standard_alphabet", "u+/+/", "multibase base64url"),
        ("impossible_length", "u" + "A" * 5, "multibase base64url"),
        ("not_gzip", "u" + _b64(b"plain bytes!"), "not gzip"),
        ("truncated_gzip", "u" + _b64(gzip.compress(bytes(100), mtime=0)[:-4]), "complete"),
        ("trailing_garbage", "u" + _b64(gzip.compress(bytes(3), mtime=0) + b"xyz"), "complete"),
    ],
)
def test_undecodable_list_is_refused(lie: str, encoded: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        status_list.decode_bitstring(encoded)


def test_gzip_bomb_is_refused() -> None:
    bomb = status_list.encode_bitstring(bytes(4 * 1024 * 1024))
    assert len(bomb) < 10_000
    with pytest.raises(ValueError, match="beyond the size limit"):
        status_list.decode_bitstring(bomb, max_bytes=1024 * 1024)


# ---------------------------------------------------------------------------------------- status of a credential


def _with_status(*entries: dict[str, Any]) -> JsonObject:
    unsigned = factory.origin_unsigned()
    unsigned["credentialStatus"] = list(entries) if len(entries) > 1 else entries[0]
    return signed(unsigned)


def _entry(index: int = 4000, purpose: str = "revocation", url: str = LIST_URL, **extra: Any) -> dict[str, Any]:
    return {"id": f"{url}#{index}-{purpose}", "type": "BitstringStatusListEntry", "statusPurpose": purpose,
            "statusListIndex": str(index), "statusListCredential": url, **extra}


def assert_status(
    document: JsonObject, lists: dict[str, JsonObject], error: type[Exception], match: str,
    outcome: CredentialOutcome, **options: Any,
) -> None:
    with pytest.raises(error, match=match):
        verify_credential(document, at=AT, status_lists=lists, **options)
    check = check_credential_text(text(document), at=AT, status_lists=lists, **options)
    assert (check.proof, check.credential, check.verdict) == (ProofOutcome.VALID, outcome, Verdict.REJECT)


def test_revoked_credential_vector_with_the_dhs_bits() -> None:
    dhs_bits = status_list.decode_bitstring(LISTS["dhs_svip_uscis_status_3"]["encodedList"])
    lists = {LIST_URL: factory.status_list_credential(dhs_bits)}
    assert_status(factory.ORIGIN["signedCredential"], lists, CredentialRevokedError, "revoked",
                  CredentialOutcome.REVOKED)


def test_lsb_first_misreading_would_revoke_the_wrong_credential() -> None:
    dhs_bits = status_list.decode_bitstring(LISTS["dhs_svip_uscis_status_3"]["encodedList"])
    lists = {LIST_URL: factory.status_list_credential(dhs_bits)}
    verified = verify_credential(_with_status(_entry(4007)), at=AT, status_lists=lists)
    assert [(s.index, s.value) for s in verified.statuses] == [(4007, 0)]


def test_suspended_credential() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(12), purpose="suspension")}
    assert_status(_with_status(_entry(12, "suspension")), lists, CredentialSuspendedError, "suspended",
                  CredentialOutcome.SUSPENDED)


def test_one_list_with_two_purposes_serves_revocation_and_suspension() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(7), purpose=["revocation", "suspension"])}
    document = _with_status(_entry(6, "revocation"), _entry(7, "suspension"))
    assert_status(document, lists, CredentialSuspendedError, "suspended", CredentialOutcome.SUSPENDED)
    clear = _with_status(_entry(6, "revocation"), _entry(8, "suspension"))
    verified = verify_credential(clear, at=AT, status_lists=lists)
    assert [(s.purpose, s.value) for s in verified.statuses] == [("revocation", 0), ("suspension", 0)]


def test_revocation_is_reported_before_an_unknown_status() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(6))}
    document = _with_status(_entry(6, "revocation"), _entry(1, "suspension", url="https://status.example/missing"))
    assert_status(document, lists, CredentialRevokedError, "revoked", CredentialOutcome.REVOKED)


def test_message_status_with_two_bits_reports_its_message() -> None:
    bits = status_list.new_bitstring(status_list.MIN_ENTRIES, 2)
    status_list.set_status(bits, 9, 2, 2)
    lists = {LIST_URL: factory.status_list_credential(bits, purpose="message")}
    messages = [{"status": f"0x{v}", "message": m} for v, m in enumerate(["ok", "pending", "under review", "x"])]
    verified = verify_credential(
        _with_status(_entry(9, "message", statusSize=2, statusMessage=messages)), at=AT, status_lists=lists
    )
    assert [(s.value, s.message) for s in verified.statuses] == [(2, "under review")]


def _unknown(document: JsonObject, lists: dict[str, JsonObject], code: str, match: str, **options: Any) -> None:
    with pytest.raises(StatusListError, match=match) as info:
        verify_credential(document, at=AT, status_lists=lists, **options)
    assert info.value.code == code
    check = check_credential_text(text(document), at=AT, status_lists=lists, **options)
    assert (check.proof, check.credential, check.verdict) == (
        ProofOutcome.VALID, CredentialOutcome.STATUS_ERROR, Verdict.REJECT,
    )


def test_status_list_not_supplied_is_unknown_not_good() -> None:
    _unknown(factory.ORIGIN["signedCredential"], {}, "STATUS_RETRIEVAL_ERROR", "no status list credential")


@pytest.mark.parametrize("case", ["digitalbazaar_100k_index_50000", "digitalbazaar_100k_all_clear"])
def test_status_list_too_short(case: str) -> None:
    bits = status_list.decode_bitstring(LISTS[case]["encodedList"])
    lists = {LIST_URL: factory.status_list_credential(bits)}
    _unknown(_with_status(_entry(50000)), lists, "STATUS_LIST_LENGTH_ERROR", "fewer than 131,072")


def test_list_of_minimum_length_with_two_bit_entries_is_too_short() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(), purpose="message")}
    messages = [{"status": f"0x{v}", "message": "m"} for v in range(4)]
    _unknown(_with_status(_entry(1, "message", statusSize=2, statusMessage=messages)), lists,
             "STATUS_LIST_LENGTH_ERROR", "fewer than 131,072")


def test_status_list_whose_signature_fails() -> None:
    status = factory.status_list_credential(factory.bits_with(4000))
    subject = status["credentialSubject"]
    assert isinstance(subject, dict)
    subject["encodedList"] = status_list.encode_bitstring(factory.bits_with())  # "nobody is revoked"
    _unknown(factory.ORIGIN["signedCredential"], {LIST_URL: status}, "STATUS_VERIFICATION_ERROR", "does not verify")


def test_unsigned_spec_example_list_is_not_trusted() -> None:
    example = copy.deepcopy(LISTS["spec_example_all_clear"]["credential"])
    example["id"] = LIST_URL
    _unknown(factory.ORIGIN["signedCredential"], {LIST_URL: example}, "STATUS_VERIFICATION_ERROR", "does not verify")


def test_status_list_signed_by_another_issuer_is_not_trusted() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(), key=OTHER_KEY)}
    document = factory.ORIGIN["signedCredential"]
    _unknown(document, lists, "STATUS_VERIFICATION_ERROR", "not trusted for this credential's status")
    assert verify_credential(document, at=AT, status_lists=lists, status_issuers={OTHER_KEY.did}).statuses


def test_status_list_for_another_url_is_not_trusted() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(), url="https://status.example/lists/2")}
    _unknown(factory.ORIGIN["signedCredential"], lists, "STATUS_VERIFICATION_ERROR", "id is not the URL")


def test_expired_status_list_is_not_trusted() -> None:
    status = factory.status_list_credential(factory.bits_with(), extra={"validUntil": "2025-01-01T00:00:00Z"})
    _unknown(factory.ORIGIN["signedCredential"], {LIST_URL: status}, "STATUS_VERIFICATION_ERROR", "does not verify")


def test_status_purpose_not_in_the_list() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(), purpose="suspension")}
    _unknown(factory.ORIGIN["signedCredential"], lists, "STATUS_VERIFICATION_ERROR", "not a purpose of the status list")


def test_unknown_status_purpose_is_unknown() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with(), purpose="audit")}
    _unknown(_with_status(_entry(1, "audit")), lists, "STATUS_VERIFICATION_ERROR", "not a purpose")


def test_index_beyond_the_list_is_a_range_error() -> None:
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with())}
    _unknown(_with_status(_entry(status_list.MIN_ENTRIES)), lists, "RANGE_ERROR", "outside the status list")


@pytest.mark.parametrize(
    ("lie", "subject", "match"),
    [
        ("wrong_subject_type", {"type": "StatusList2021"}, "not a BitstringStatusList"),
        ("no_purpose", {"statusPurpose": None}, "lacks statusPurpose"),
        ("empty_purpose_list", {"statusPurpose": []}, "lacks statusPurpose"),
        ("undecodable", {"encodedList": "uAAAA"}, "cannot be decoded"),
    ],
)
def test_malformed_status_list_subject(lie: str, subject: dict[str, Any], match: str) -> None:
    status = factory.status_list_credential(factory.bits_with())
    unsigned = {k: v for k, v in status.items() if k != "proof"}
    list_subject = unsigned["credentialSubject"]
    assert isinstance(list_subject, dict)
    list_subject.update(subject)
    _unknown(factory.ORIGIN["signedCredential"], {LIST_URL: signed(unsigned)}, "MALFORMED_VALUE_ERROR", match)


@pytest.mark.parametrize(
    ("lie", "entry", "match"),
    [
        ("status_list_2021_entry", {"type": "StatusList2021Entry"}, "not a BitstringStatusListEntry"),
        ("numeric_index", {"statusListIndex": 4000}, "base-10 digits"),
        ("negative_index", {"statusListIndex": "-1"}, "base-10 digits"),
        ("hex_index", {"statusListIndex": "0xfa0"}, "base-10 digits"),
        ("no_list_url", {"statusListCredential": None}, "lacks statusListCredential"),
        ("id_equals_list_url", {"id": LIST_URL}, "equals the list URL"),
        ("status_size_zero", {"statusSize": 0}, "statusSize"),
        ("status_size_true", {"statusSize": True}, "statusSize"),
        ("status_size_without_messages", {"statusSize": 2}, "statusMessage is required"),
        ("too_few_messages", {"statusSize": 2, "statusMessage": [{"status": "0x0", "message": "ok"}]}, "one message"),
        ("message_without_hex", {"statusMessage": [{"status": "0", "message": "a"}, {"status": "1", "message": "b"}]},
         "hex status"),
    ],
)
def test_malformed_status_entry(lie: str, entry: dict[str, Any], match: str) -> None:
    value = {**_entry(), **entry}
    with pytest.raises(StatusListError, match=match):
        StatusEntry.from_json({k: v for k, v in value.items() if v is not None})
    lists = {LIST_URL: factory.status_list_credential(factory.bits_with())}
    _unknown(_with_status({k: v for k, v in value.items() if v is not None}), lists, "MALFORMED_VALUE_ERROR", match)


def test_empty_status_list_is_malformed() -> None:
    unsigned = dict(factory.origin_unsigned(), credentialStatus=[])
    _unknown(signed(unsigned), {}, "MALFORMED_VALUE_ERROR", "empty list")


def test_status_check_uses_the_same_key_rules_for_the_list() -> None:
    status = factory.status_list_credential(factory.bits_with())
    proof = status["proof"]
    assert isinstance(proof, dict)
    proof["verificationMethod"] = f"https://status.example/keys#{TEST_KEY.public_key_multibase}"
    _unknown(factory.ORIGIN["signedCredential"], {LIST_URL: status}, "STATUS_VERIFICATION_ERROR", "does not verify")


def test_dhs_list_credential_is_signed_with_a_suite_we_do_not_accept() -> None:
    check = check_credential_text(text(LISTS["dhs_svip_uscis_status_3"]["credential"]), at=AT)
    assert (check.proof, check.verdict) == (ProofOutcome.UNSUPPORTED_CRYPTOSUITE, Verdict.REJECT)


def test_spec_example_list_credential_has_no_proof() -> None:
    check = check_credential_text(text(LISTS["spec_example_all_clear"]["credential"]), at=AT)
    assert (check.proof, check.verdict) == (ProofOutcome.MALFORMED, Verdict.REJECT)
