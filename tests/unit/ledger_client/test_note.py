"""Opening and signing notes (c2sp.org/signed-note) and cosignatures (c2sp.org/tlog-cosignature)."""

from __future__ import annotations

import base64

import pytest

from ledger_client import cosignature, keys, note, wire
from ledger_client.errors import MalformedResponseError, SignatureError, UnknownKeyError
from tests.helpers import assets

NOTES = assets.load("signed_notes")
COSIG = assets.load("cosignatures")
KEYS = {name: keys.VerifierKey.from_vkey(spec["vkey"]) for name, spec in NOTES["keys"].items()}


def _signers(pairs: object) -> list[tuple[str, str]]:
    assert isinstance(pairs, list)
    return [(p["name"], p["key_id_hex"]) for p in pairs]


def _note_bytes(case: dict[str, object]) -> bytes:
    if "note_hex" in case:
        return bytes.fromhex(str(case["note_hex"]))
    return str(case["note"]).encode("utf-8")


def _check_case(data: bytes, verifiers: list[keys.VerifierKey], case: dict[str, object]) -> None:
    expect = case["expect"]
    if expect == "malformed":
        with pytest.raises(MalformedResponseError):
            note.open_note(wire.parse_note(data), verifiers)
        return
    parsed = wire.parse_note(data)
    if expect == "invalid_signature":
        with pytest.raises(SignatureError, match="does not verify"):
            note.open_note(parsed, verifiers)
    elif expect == "no_verifiable_signature":
        with pytest.raises(UnknownKeyError, match="no signature line"):
            note.open_note(parsed, verifiers)
    elif expect == "ambiguous_key":
        with pytest.raises(note.AmbiguousKeyError, match="more than one configured key"):
            note.open_note(parsed, verifiers)
    else:
        assert expect == "valid"
        opened = note.open_note(parsed, verifiers)
        assert opened.text == case["expect_text"] if "expect_text" in case else True
        assert [(v.key.name, f"{v.key.key_id:08x}") for v in opened.verified] == _signers(case["expect_verified"])
        if "expect_unverified" in case:
            got = [(s.name, f"{s.key_id:08x}") for s in opened.unverified]
            assert got == _signers(case["expect_unverified"])


@pytest.mark.parametrize("case", NOTES["cases"], ids=assets.case_id)
def test_signed_note_vector(case: dict[str, object]) -> None:
    verifiers = [KEYS[name] for name in case["verifiers"]]  # type: ignore[attr-defined]
    _check_case(_note_bytes(case), verifiers, case)


@pytest.mark.parametrize("case", COSIG["cases"], ids=assets.case_id)
def test_cosignature_vector(case: dict[str, object]) -> None:
    verifiers = [keys.VerifierKey.from_vkey(v) for v in case["verifier_vkeys"]]  # type: ignore[attr-defined]
    _check_case(_note_bytes(case), verifiers, case)


@pytest.mark.parametrize("case", NOTES["signing"], ids=lambda c: c["key"])
def test_signing_reproduces_published_signature(case: dict[str, str]) -> None:
    spec = NOTES["keys"][case["key"]]
    signer = keys.SigningKey(spec["name"], keys.SignatureType.ED25519, bytes.fromhex(spec["ed25519_seed_hex"]))
    signed = note.sign_note(case["text"], [signer])
    if "expected_signed_note" in case:
        assert signed.to_bytes().decode() == case["expected_signed_note"]
    else:
        assert signed.signatures[0].to_line() == case["expected_signature_line"]
    opened = note.open_note(wire.parse_note(signed.to_bytes()), [signer.verifier()])
    assert opened.text == case["text"]


def test_cosignature_message_is_header_time_and_whole_text() -> None:
    ex = COSIG["example"]
    message = cosignature.signed_message(ex["checkpoint_text"], ex["timestamp"])
    assert message.hex() == ex["signed_message_hex"]
    assert message.decode() == ex["signed_message_text"]


def test_cosigning_reproduces_published_line() -> None:
    spec, ex = COSIG["cosigner"], COSIG["example"]
    key = keys.SigningKey(spec["name"], keys.SignatureType.COSIGNATURE_V1, bytes.fromhex(spec["ed25519_seed_hex"]))
    assert key.verifier().to_vkey() == spec["vkey"]
    line = cosignature.cosign(key, ex["checkpoint_text"], ex["timestamp"])
    assert line.to_line() == ex["expected_signature_line"]
    assert (line.key_id.to_bytes(4, "big") + line.signature).hex() == ex["signature_payload_hex"]


@pytest.mark.parametrize("case", COSIG["timestamp_parsing"], ids=lambda c: c["signature_b64"][:12])
def test_cosignature_timestamp_parsing(case: dict[str, object]) -> None:
    payload = base64.b64decode(str(case["signature_b64"]))
    if "expect_timestamp" in case:
        assert payload[:4].hex() == case["expect_key_id_hex"]
        timestamp, signature = cosignature.split_payload(payload[4:])
        assert timestamp == case["expect_timestamp"]
        assert len(signature) == 64
    else:
        with pytest.raises(ValueError, match="72 bytes, not 64"):
            cosignature.split_payload(payload[4:])


def test_cosignature_with_timestamp_over_2_pow_63_is_refused() -> None:
    with pytest.raises(ValueError, match="over 2\\*\\*63-1"):
        cosignature.split_payload(b"\xff" * 8 + bytes(64))


def test_witness_never_cosigns_at_time_zero() -> None:
    key = keys.SigningKey("w", keys.SignatureType.COSIGNATURE_V1, bytes(32))
    with pytest.raises(ValueError, match="timestamp 0"):
        cosignature.cosign(key, "o\n1\n" + "A" * 43 + "=\n", 0)


def test_cosigned_note_reports_the_timestamp() -> None:
    key = keys.SigningKey("w", keys.SignatureType.COSIGNATURE_V1, bytes(32))
    text = "origin\n1\n" + base64.b64encode(bytes(32)).decode() + "\n"
    signed = wire.Note(text, (cosignature.cosign(key, text, 1_700_000_123),))
    opened = note.open_note(wire.parse_note(signed.to_bytes()), [key.verifier()])
    assert opened.verified[0].timestamp == 1_700_000_123


def test_a_failing_repeat_of_a_trusted_line_rejects_the_note() -> None:
    """Stricter than Go's sumdb/note, which skips repeats of a key it has seen: every trusted line must verify."""
    spec = NOTES["keys"]["peter"]
    signer = keys.SigningKey(spec["name"], keys.SignatureType.ED25519, bytes.fromhex(spec["ed25519_seed_hex"]))
    good = note.sign_note("text\n", [signer]).signatures[0]
    bad = wire.SignatureLine(good.name, good.key_id, bytes(64))
    with pytest.raises(SignatureError, match="PeterNeumann"):
        note.open_note(wire.Note("text\n", (good, bad)), [signer.verifier()])


def test_cosigning_with_a_note_key_is_refused() -> None:
    with pytest.raises(ValueError, match="type 0x04"):
        cosignature.cosign(keys.SigningKey("w", keys.SignatureType.ED25519, bytes(32)), "t\n", 5)
    with pytest.raises(ValueError, match="type 0x01"):
        note.sign_note("t\n", [keys.SigningKey("w", keys.SignatureType.COSIGNATURE_V1, bytes(32))])
