"""Witness policies real logs need: no witness at all (stated), plain Ed25519 witnesses, precise outcome names.

Real material (``tests/assets/real_checkpoints``, sources in its README): a Go
checksum database tree note under the Go command's default key, Rekor v2
checkpoints with and without a public witness's cosignature, and a Rekor v2
entry with its inclusion proof.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from ledger_client import checkpoint, keys, note, trust, wire, witness
from ledger_client.cli import main
from ledger_client.errors import WitnessQuorumError
from tests.helpers import assets, signed_log
from tests.helpers.signed_log import SignedLog

Cap = pytest.CaptureFixture[str]
REAL = "real_checkpoints"
KEYS = json.loads(assets.read(f"{REAL}/keys.json"))
SUMDB_NOTE = assets.read(f"{REAL}/sum.golang.org-31700353.note")
REKOR_NOTE = assets.read(f"{REAL}/rekor-v2-412115.note")
REKOR_WITNESSED = assets.read(f"{REAL}/rekor-v2-139911860-witnessed.note")
REKOR_ORIGIN = "log2025-1.rekor.sigstore.dev"
STAGEMOLE_TIME = 1_791_253_884


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main.main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def write(tmp_path: Path, name: str, content: bytes | dict[str, object]) -> str:
    path = tmp_path / name
    path.write_bytes(json.dumps(content).encode() if isinstance(content, dict) else content)
    return str(path)


def unwitnessed(log_vkey: str, origin: str) -> dict[str, object]:
    return {"log_vkey": log_vkey, "expected_origin": origin, "witness_vkeys": [], "witness_quorum": 0}


SUMDB_TRUST = unwitnessed(KEYS["sum.golang.org"], "go.sum database tree")
REKOR_TRUST = unwitnessed(KEYS[REKOR_ORIGIN], REKOR_ORIGIN)


# ---------------------------------------------------------------------------- quorum 0, only when explicit


def test_go_checksum_database_note_verifies_under_the_default_key_with_no_witness_policy(
    capsys: Cap, tmp_path: Path
) -> None:
    code, out = run(capsys, "verify-checkpoint", "--trust", write(tmp_path, "t.json", SUMDB_TRUST),
                    write(tmp_path, "cp", SUMDB_NOTE))  # fmt: skip
    assert (code, out["verdict"], out["witness_policy"], out["log_signature"]) == (0, "valid", "none", "valid")
    assert (out["size"], out["witnesses_verified"], out["witnesses"]) == (31700353, 0, [])
    assert "no witness policy" in str(out["reason"])


def test_unwitnessed_rekor_v2_entry_is_valid_and_says_no_witness_policy(capsys: Cap, tmp_path: Path) -> None:
    entry = KEYS["rekor_v2_entry_412114"]
    proof = "".join(h + "\n" for h in entry["hashes"])
    code, out = run(
        capsys, "verify-inclusion", "--trust", write(tmp_path, "t.json", REKOR_TRUST),
        "--entry", write(tmp_path, "e", base64.b64decode(entry["canonicalized_body_b64"])),
        "--index", str(entry["index"]), "--proof", write(tmp_path, "p", proof.encode()),
        "--checkpoint", write(tmp_path, "cp", REKOR_NOTE),
    )  # fmt: skip
    assert (code, out["verdict"], out["inclusion"], out["witness_policy"]) == (0, "valid", "valid", "none")
    assert out["size"] == 412115


def test_witnessed_rekor_v2_checkpoint_under_a_no_witness_policy_ignores_the_unpinned_witness(
    capsys: Cap, tmp_path: Path
) -> None:
    code, out = run(capsys, "verify-checkpoint", "--trust", write(tmp_path, "t.json", REKOR_TRUST),
                    write(tmp_path, "cp", REKOR_WITNESSED))  # fmt: skip
    assert (code, out["verdict"], out["witness_policy"], out["witnesses"]) == (0, "valid", "none", [])


def test_rekor_v2_checkpoint_cosigned_by_a_pinned_public_witness(capsys: Cap, tmp_path: Path) -> None:
    pinned = {**REKOR_TRUST, "witness_vkeys": [KEYS["witness.stagemole.eu"]], "witness_quorum": 1,
              "witness_max_age_seconds": 3600}  # fmt: skip
    args = ["verify-checkpoint", "--trust", write(tmp_path, "t.json", pinned)]
    code, out = run(capsys, *args, "--now", str(STAGEMOLE_TIME + 60), write(tmp_path, "cp", REKOR_WITNESSED))
    assert (code, out["verdict"], out["witness_policy"], out["witness_quorum"]) == (0, "valid", "quorum", 1)
    assert out["witnesses"] == [{"name": "witness.stagemole.eu", "key_id": "67f7aea0", "key_type": "cosignature/v1"}]
    # The same policy on the checkpoint nobody cosigned: the quorum is not met.
    code, out = run(capsys, *args, "--now", str(STAGEMOLE_TIME), write(tmp_path, "cp2", REKOR_NOTE))
    assert (code, out["verdict"], out["log_signature"]) == (1, "invalid", "valid")
    assert "quorum" in str(out["reason"])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"witness_quorum": 0, "witness_vkeys": [KEYS["witness.stagemole.eu"]]}, "only accepted with an empty"),
        ({"witness_quorum": -1}, "negative"),
        ({"witness_quorum": None}, "witness_quorum"),
        ({"witness_vkeys": None}, "witness_vkeys"),
    ],
)
def test_quorum_zero_is_accepted_only_when_explicit(fields: dict[str, object], message: str) -> None:
    raw = {**REKOR_TRUST, **fields}
    raw = {k: v for k, v in raw.items() if v is not None}
    with pytest.raises(trust.TrustFileError, match=message):
        trust.parse_trust_file(json.dumps(raw).encode())


# ---------------------------------------------------------------------------- plain Ed25519 witnesses


def _with_plain_witness(log: SignedLog, *signers: keys.SigningKey) -> bytes:
    """The log's checkpoint with extra type 0x01 signature lines appended."""
    parsed = wire.parse_note(log.checkpoint(cosigners=[]))
    extra = note.sign_note(parsed.text, signers).signatures
    return wire.Note(parsed.text, (*parsed.signatures, *extra)).to_bytes()


PLAIN = signed_log.test_key("old-witness.test", keys.SignatureType.ED25519)


def test_plain_ed25519_witness_counts_beside_cosignature_witnesses(capsys: Cap, tmp_path: Path) -> None:
    log = SignedLog([b"a", b"b", b"c"])
    parsed = wire.parse_note(log.checkpoint(cosigners=[0]))
    plain_line = note.sign_note(parsed.text, [PLAIN]).signatures[0]
    signed = wire.Note(parsed.text, (*parsed.signatures, plain_line, plain_line)).to_bytes()  # repeated: counts once
    pinned = [log.witness_keys[0].verifier().to_vkey(), PLAIN.verifier().to_vkey()]
    raw = {**log.trust_json(quorum=2), "witness_vkeys": pinned}
    code, out = run(
        capsys, "verify-checkpoint", "--trust", write(tmp_path, "t.json", raw), write(tmp_path, "c", signed)
    )
    assert (code, out["verdict"], out["witnesses_verified"]) == (0, "valid", 2)
    listed = out["witnesses"]
    assert isinstance(listed, list)
    assert sorted(w["key_type"] for w in listed) == ["cosignature/v1", "ed25519"]


def test_a_distinct_key_counts_once_however_many_lines_it_signs() -> None:
    log = SignedLog([b"a"])
    signed = _with_plain_witness(log, PLAIN, PLAIN)
    policy = witness.QuorumPolicy((PLAIN.verifier(), log.witness_keys[0].verifier()), 2)
    with pytest.raises(WitnessQuorumError, match="1 of the required 2"):
        checkpoint.verify_checkpoint(signed, checkpoint.LogTrust(log.origin, log.log_key.verifier(), policy))


def test_one_key_pinned_under_both_types_is_refused() -> None:
    twin = keys.SigningKey("twin.test", keys.SignatureType.ED25519, PLAIN.seed).verifier()
    with pytest.raises(ValueError, match="one public key"):
        witness.QuorumPolicy((PLAIN.verifier(), keys.SigningKey("twin.test", keys.SignatureType.COSIGNATURE_V1,
                                                                 PLAIN.seed).verifier()), 1)  # fmt: skip
    assert twin.type is keys.SignatureType.ED25519


def test_plain_witness_cannot_satisfy_a_maximum_age() -> None:
    log = SignedLog([b"a"])
    policy = witness.QuorumPolicy((PLAIN.verifier(),), 1, max_age=60, clock=lambda: 1_700_000_000)
    trust_ = checkpoint.LogTrust(log.origin, log.log_key.verifier(), policy)
    with pytest.raises(WitnessQuorumError) as caught:
        checkpoint.verify_checkpoint(_with_plain_witness(log, PLAIN), trust_)
    assert "carries no time" in caught.value.refused[0][1]


def test_log_key_cannot_be_pinned_as_a_plain_witness() -> None:
    log = SignedLog([b"a"])
    other_name = keys.SigningKey("alias.test", keys.SignatureType.ED25519, log.log_key.seed).verifier()
    with pytest.raises(ValueError, match="log key cannot also be a witness"):
        checkpoint.LogTrust(log.origin, log.log_key.verifier(), witness.QuorumPolicy((other_name,), 1))


# ---------------------------------------------------------------------------- key-ID mismatch, outcome names


def _line(name: str, key_id: int, signature: bytes) -> wire.SignatureLine:
    return wire.SignatureLine(name=name, key_id=key_id, signature=signature)


def test_line_whose_name_matches_but_key_id_does_not_is_ignored(capsys: Cap, tmp_path: Path) -> None:
    parsed = wire.parse_note(REKOR_WITNESSED)
    stray = (_line("witness.stagemole.eu", 0x67F7AEA1, bytes(72)), _line(REKOR_ORIGIN, 0xCF119916, bytes(64)))
    signed = wire.Note(parsed.text, (*parsed.signatures, *stray)).to_bytes()
    pinned = {**REKOR_TRUST, "witness_vkeys": [KEYS["witness.stagemole.eu"]], "witness_quorum": 1}
    trust_path = write(tmp_path, "t.json", pinned)
    code, out = run(capsys, "verify-checkpoint", "--trust", trust_path, write(tmp_path, "cp", signed))
    assert (code, out["verdict"], out["witnesses_verified"]) == (0, "valid", 1)


def test_checkpoint_no_line_of_which_verifies_under_the_configured_log_key_is_invalid(
    capsys: Cap, tmp_path: Path
) -> None:
    # The Go checksum database's note checked as if it were the Rekor shard: a log key is configured,
    # nothing verifies under it.
    trust_path = write(tmp_path, "t.json", {**REKOR_TRUST, "expected_origin": "go.sum database tree"})
    code, out = run(capsys, "verify-checkpoint", "--trust", trust_path, write(tmp_path, "cp", SUMDB_NOTE))
    assert (code, out["verdict"], out["note"]) == (1, "invalid", "no_verifiable_signature")


def test_no_log_key_configured_is_the_only_unverifiable_case(capsys: Cap, tmp_path: Path) -> None:
    entry = KEYS["rekor_v2_entry_412114"]
    proof = "".join(h + "\n" for h in entry["hashes"]).encode()
    args = [
        "verify-inclusion", "--entry", write(tmp_path, "e", base64.b64decode(entry["canonicalized_body_b64"])),
        "--index", str(entry["index"]), "--proof", write(tmp_path, "p", proof),
        "--checkpoint", write(tmp_path, "cp", REKOR_NOTE),
    ]  # fmt: skip
    no_key = {**REKOR_TRUST, "log_vkey": None}
    code, out = run(capsys, *args, "--trust", write(tmp_path, "t1.json", no_key))
    assert (code, out["verdict"], out["inclusion"]) == (1, "merkle_valid_checkpoint_unverifiable", "valid")
    wrong_key = {**REKOR_TRUST, "log_vkey": KEYS["sum.golang.org"]}
    code, out = run(capsys, *args, "--trust", write(tmp_path, "t2.json", wrong_key))
    assert (code, out["verdict"], out["inclusion"]) == (1, "invalid", "valid")
