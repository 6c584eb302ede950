"""Ed25519 Multikey and did:key: every vector, and the keys that must not resolve."""

from __future__ import annotations

from typing import Any

import pytest

from ledger_client.credentials import SigningKey, did_key, multikey
from ledger_client.credentials.key_lookup import TrustedKeys, resolve
from ledger_client.errors import UntrustedVerificationMethodError
from tests.unit.ledger_client.credentials.factory import MULTIKEY, OFFICIAL, TEST_KEY

DID = OFFICIAL["keyPair"]["didKey"]
MB = OFFICIAL["keyPair"]["publicKeyMultibase"]


@pytest.mark.parametrize("case", MULTIKEY["didKeyFromSeed"], ids=lambda c: c["seedHex"][-4:])
def test_seed_derives_key_multikey_did_and_method_id(case: dict[str, Any]) -> None:
    key = SigningKey.from_seed(bytes.fromhex(case["seedHex"]))
    assert key.public_key.hex() == case["publicKeyHex"]
    assert multikey.decode_base58btc(key.public_key_multibase).hex() == case["multicodecPrefixedHex"]
    assert key.public_key_multibase == case["publicKeyMultibase"]
    assert key.did == case["did"]
    assert key.verification_method_id == case["verificationMethodId"]
    method = did_key.resolve_verification_method(case["verificationMethodId"])
    assert (method.controller, method.public_key.hex()) == (case["did"], case["publicKeyHex"])


@pytest.mark.parametrize("case", MULTIKEY["didKeyFromSeed"], ids=lambda c: c["seedHex"][-4:])
def test_x25519_key_agreement_multikey_is_not_an_ed25519_key(case: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="header ed01"):
        multikey.decode_public_key(case["x25519KeyAgreementMultibase"])


@pytest.mark.parametrize("case", MULTIKEY["multikeyExamples"], ids=lambda c: c["publicKeyMultibase"][:12])
def test_multikey_example_decodes(case: dict[str, Any]) -> None:
    assert multikey.decode_base58btc(case["publicKeyMultibase"]).hex() == case["decodedHex"]
    assert multikey.decode_public_key(case["publicKeyMultibase"]).hex() == case["publicKeyHex"]
    assert multikey.encode_public_key(bytes.fromhex(case["publicKeyHex"])) == case["publicKeyMultibase"]


def test_secret_key_example_decodes_to_seed_and_derives_public_key() -> None:
    case = MULTIKEY["secretKeyExample"]
    assert multikey.decode_base58btc(case["secretKeyMultibase"]).hex() == case["decodedHex"]
    key = SigningKey.from_secret_key_multibase(case["secretKeyMultibase"])
    assert key.seed.hex() == case["seedHex"]
    assert key.public_key_multibase == case["derivedPublicKeyMultibase"]
    assert key.secret_key_multibase() == case["secretKeyMultibase"]


def test_official_key_pair_fields_agree() -> None:
    pair = OFFICIAL["keyPair"]
    assert TEST_KEY.public_key.hex() == pair["publicKeyHex"]
    assert TEST_KEY.did == pair["didKey"]
    assert TEST_KEY.verification_method_id == pair["verificationMethodId"]
    assert SigningKey.from_secret_key_multibase(pair["secretKeyMultibase"]) == TEST_KEY


def test_digital_bazaar_64_byte_secret_layout_is_accepted_when_its_public_half_matches() -> None:
    layout = multikey.encode_base58btc(multikey.ED25519_PRIV_HEADER + TEST_KEY.seed + TEST_KEY.public_key)
    assert SigningKey.from_secret_key_multibase(layout) == TEST_KEY


def test_64_byte_secret_layout_with_a_foreign_public_half_is_refused() -> None:
    layout = multikey.encode_base58btc(multikey.ED25519_PRIV_HEADER + TEST_KEY.seed + bytes(32))
    with pytest.raises(ValueError, match="does not match its seed"):
        SigningKey.from_secret_key_multibase(layout)


def test_seed_is_not_in_the_repr() -> None:
    assert TEST_KEY.seed.hex() not in repr(TEST_KEY)
    assert "seed" not in repr(TEST_KEY)


@pytest.mark.parametrize(
    ("lie", "value", "match"),
    [
        ("secret_key_published_as_public", MULTIKEY["secretKeyExample"]["secretKeyMultibase"], "header ed01"),
        ("base64url_header", "u" + MB[1:], "does not start with 'z'"),
        ("no_header", MB[1:], "does not start with 'z'"),
        ("flickr_alphabet_character", MB[:-1] + "l", "not base58btc"),
        ("trailing_whitespace", MB + " ", "not base58btc"),
        ("empty", "z", "not base58btc"),
        ("truncated", MB[:-2], "header ed01 and 32"),
        ("extended", MB + "1", "header ed01 and 32"),
    ],
)
def test_public_multikey_refused(lie: str, value: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        multikey.decode_public_key(value)


def test_leading_zero_bytes_survive_base58() -> None:
    data = bytes(3) + b"\x01\x02"
    assert multikey.decode_base58btc(multikey.encode_base58btc(data)) == data
    assert multikey.encode_base58btc(data).startswith("z111")


def test_did_document_is_the_expanded_example() -> None:
    assert did_key.did_document(DID) == MULTIKEY["expandedDidDocumentExample"]


@pytest.mark.parametrize(
    ("lie", "url", "match"),
    [
        ("fragment_names_another_key", f"{DID}#{TEST_KEY.public_key_multibase[:-1]}X", "fragment"),
        ("fragment_is_key_1", f"{DID}#key-1", "fragment"),
        ("no_fragment", DID, "'#' fragment"),
        ("version_segment", f"did:key:1:{MB}#{MB}", "nothing else"),
        ("not_did_key", f"did:web:example.com#{MB}", "not a did:key"),
        ("path_in_did", f"{DID}/path#{MB}", "nothing else"),
    ],
)
def test_did_key_url_refused(lie: str, url: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        did_key.resolve_verification_method(url)


def test_key_is_never_read_out_of_a_non_did_key_url_fragment() -> None:
    url = f"https://issuer.example/keys#{MB}"
    with pytest.raises(UntrustedVerificationMethodError, match="not among the trusted keys"):
        resolve(url, "assertionMethod", None)
    with pytest.raises(UntrustedVerificationMethodError, match="not among the trusted keys"):
        resolve(url, "assertionMethod", TrustedKeys())


def test_trusted_lookup_resolves_its_keys_and_honours_relationships() -> None:
    url = "https://issuer.example/keys/1"
    keys = TrustedKeys.from_json(
        {url: {"publicKeyMultibase": MB, "controller": "https://issuer.example", "relationship": "authentication"}}
    )
    assert resolve(url, "authentication", keys).public_key == TEST_KEY.public_key
    with pytest.raises(UntrustedVerificationMethodError, match="not authorised for assertionMethod"):
        resolve(url, "assertionMethod", keys)


def test_malformed_did_key_is_never_asked_of_the_lookup() -> None:
    url = f"{DID}#key-1"
    keys = TrustedKeys.from_json({url: {"publicKeyMultibase": MB, "controller": DID}})
    with pytest.raises(UntrustedVerificationMethodError, match="fragment is not its key"):
        resolve(url, "assertionMethod", keys)


@pytest.mark.parametrize(
    ("entry", "match"),
    [
        ("not an object", "needs string publicKeyMultibase"),
        ({"publicKeyMultibase": MB}, "needs string publicKeyMultibase and controller"),
        ({"publicKeyMultibase": MB, "controller": "x", "relationship": 1}, "relationship that is not a string"),
        ({"publicKeyMultibase": MB, "controller": "x", "extra": 1}, "unknown members"),
        ({"publicKeyMultibase": "z" + MB, "controller": "x"}, "header ed01"),
    ],
)
def test_key_lookup_file_entry_refused(entry: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        TrustedKeys.from_json({"https://k.example/1": entry})
