"""Verifier keys and private keys (c2sp.org/signed-note): every vector, and the refusals."""

from __future__ import annotations

import pytest

from ledger_client import keys
from tests.helpers import assets

VKEYS = assets.load("verifier_keys")
NOTES = assets.load("signed_notes")


@pytest.mark.parametrize("case", VKEYS["cases"], ids=lambda c: c["vkey"][:40] + " " + c["why"][:40])
def test_verifier_key_vector(case: dict[str, object]) -> None:
    vkey = str(case["vkey"])
    if case["expect"] == "ok":
        key = keys.VerifierKey.from_vkey(vkey)
        assert key.name == case["name"]
        assert f"{key.key_id:08x}" == case["key_id_hex"]
        assert key.type == case["type"]
        assert key.public_key.hex() == case["public_key_hex"]
        assert key.to_vkey() == vkey
    elif case["expect"] == "unsupported_type":
        with pytest.raises(keys.UnsupportedKeyTypeError, match="not supported"):
            keys.VerifierKey.from_vkey(vkey)
    else:
        with pytest.raises(keys.InvalidVerifierKeyError) as info:
            keys.VerifierKey.from_vkey(vkey)
        assert not isinstance(info.value, keys.UnsupportedKeyTypeError)


@pytest.mark.parametrize("name", sorted(n for n, k in NOTES["keys"].items() if "ed25519_seed_hex" in k))
def test_published_private_key_reproduces_its_vkey(name: str) -> None:
    spec = NOTES["keys"][name]
    seed = bytes.fromhex(spec["ed25519_seed_hex"])
    key = keys.SigningKey(name=spec["name"], type=keys.SignatureType(spec["signature_type"]), seed=seed)
    assert key.verifier().to_vkey() == spec["vkey"]
    if "skey" in spec:
        assert keys.SigningKey.from_private_key(spec["skey"]) == key
        assert key.to_private_key() == spec["skey"]


def test_key_id_uses_name_newline_type_and_key() -> None:
    spec = NOTES["keys"]["peter"]
    preimage = bytes.fromhex(spec["key_id_preimage_hex"])
    name, _, rest = preimage.partition(b"\n")
    assert keys.key_id(name.decode(), rest[0], rest[1:]) == int(spec["key_id_hex"], 16)


def test_same_key_has_different_ids_as_note_key_and_cosigner() -> None:
    seed = bytes(range(32))
    note_key = keys.SigningKey("W", keys.SignatureType.ED25519, seed).verifier()
    cosigner = keys.SigningKey("W", keys.SignatureType.COSIGNATURE_V1, seed).verifier()
    assert note_key.public_key == cosigner.public_key
    assert note_key.key_id != cosigner.key_id


def test_private_key_with_wrong_id_is_refused() -> None:
    skey = NOTES["keys"]["peter"]["skey"].replace("c74f20a3", "c74f20a4")
    with pytest.raises(ValueError, match="does not match"):
        keys.SigningKey.from_private_key(skey)


@pytest.mark.parametrize("text", ["", "PRIVATE+KEY+x", "PUBLIC+KEY+a+00000000+AA==", "PRIVATE+KEY+a+0+!!"])
def test_malformed_private_key_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="private key|PRIVATE"):
        keys.SigningKey.from_private_key(text)


def test_key_name_with_space_cannot_be_configured() -> None:
    with pytest.raises(ValueError, match="key name"):
        keys.SigningKey("two words", keys.SignatureType.ED25519, bytes(32))
