"""The witness answers every scenario of witness_add_checkpoint.json with the exact status and body."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger_client import keys, wire
from ledger_node.errors import StaleOldSizeError, WitnessRefusalError
from ledger_node.witness import Witness, parse_request
from ledger_node.witness_state import CosignedCheckpoint, WitnessState
from tests.helpers import assets

VECTOR = assets.load("witness_add_checkpoint")
COSIGNER = assets.load("cosignatures")["cosigner"]
ORIGIN = VECTOR["monitoring_path_for_origin"]["origin"]
SCENARIOS = VECTOR["scenarios"]


def witness_key() -> keys.SigningKey:
    return keys.SigningKey("Known", keys.SignatureType.COSIGNATURE_V1, bytes.fromhex(COSIGNER["ed25519_seed_hex"]))


def log_checkpoints() -> dict[int, CosignedCheckpoint]:
    """Every validly signed checkpoint in the vector, by size: the states a scenario starts from."""
    log_key = keys.VerifierKey.from_vkey(VECTOR["log_vkey"])
    found: dict[int, CosignedCheckpoint] = {}
    for scenario in SCENARIOS:
        note_bytes = scenario["request_body"].encode("utf-8").partition(b"\n\n")[2]
        if scenario["expect_status"] == 200:
            parsed = wire.parse_note(note_bytes)
            assert parsed.signatures[0].key_id == log_key.key_id
            body = wire.parse_checkpoint(parsed.text)
            found[body.size] = CosignedCheckpoint(body.size, body.root, note_bytes)
    twelve = next(s for s in SCENARIOS if s["name"] == "client old size is stale")["request_body"]
    note12 = twelve.encode("utf-8").partition(b"\n\n")[2]
    body12 = wire.parse_checkpoint(wire.parse_note(note12).text)
    found[12] = CosignedCheckpoint(12, body12.root, note12)
    return found


@pytest.fixture
def state(tmp_path: Path) -> Iterator[WitnessState]:
    opened = WitnessState(tmp_path / "witness.sqlite3", witness_key().verifier().to_vkey())
    yield opened
    opened.close()


def make_witness(state: WitnessState) -> Witness:
    logs = {ORIGIN: keys.VerifierKey.from_vkey(VECTOR["log_vkey"])}
    return Witness(witness_key(), logs, state, clock=lambda: VECTOR["witness_clock_unix"])


def answer(witness: Witness, body: bytes) -> tuple[int, bytes]:
    try:
        return 200, witness.add_checkpoint(body)
    except StaleOldSizeError as exc:
        return 409, f"{exc.stored_size}\n".encode()
    except WitnessRefusalError as exc:
        return exc.status, b""


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario_gets_the_exact_status_body_and_stored_size(state: WitnessState, scenario: dict[str, Any]) -> None:
    before = scenario["stored_size_before"]
    if before is not None:
        assert state.compare_and_update(ORIGIN, 0, log_checkpoints()[before]) is None
    status, body = answer(make_witness(state), scenario["request_body"].encode("utf-8"))
    assert status == scenario["expect_status"]
    if "expect_response_body" in scenario:
        assert body.decode("utf-8") == scenario["expect_response_body"]
    stored = state.latest(ORIGIN)
    assert (None if stored is None else stored.size) == scenario["stored_size_after"]


def test_monitoring_path_serves_the_cosigned_checkpoint(state: WitnessState) -> None:
    witness = make_witness(state)
    first = next(s for s in SCENARIOS if s["name"] == "first submission, old size 0, no proof")
    origin_hash = VECTOR["monitoring_path_for_origin"]["path"].split("/")[0]
    assert origin_hash == hashlib.sha256(ORIGIN.encode()).hexdigest()
    assert witness.monitoring_checkpoint(origin_hash) is None
    line = witness.add_checkpoint(first["request_body"].encode("utf-8"))
    served = witness.monitoring_checkpoint(origin_hash)
    assert served is not None
    assert served.endswith(line)
    assert wire.parse_checkpoint(wire.parse_note(served).text).size == 5


def test_a_witness_key_that_is_a_note_key_is_refused(state: WitnessState) -> None:
    note_key = keys.SigningKey("Known", keys.SignatureType.ED25519, bytes(32))
    with pytest.raises(ValueError, match="cosignature/v1"):
        Witness(note_key, {}, state, clock=lambda: 1)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"old 1\n", "no blank line"),
        (b"new 1\n\nx\n", "no old line"),
        (b"old 01\n\nx\n\n\xe2\x80\x94 a AAAAAAA=\n", "non-canonical size"),
        (b"old 0\nnot base64!\n\nx\n\n\xe2\x80\x94 a AAAAAAA=\n", "bad proof line"),
        (b"old 0\n\nno signatures\n", "no signature block"),
        (b"old 0\n" + b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n" * 64 + b"\nx\n\n", "64 proof lines"),
        (b"old 0\r\n\r\nx\n", "CR"),
    ],
)
def test_malformed_bodies_are_400(state: WitnessState, body: bytes, why: str) -> None:
    with pytest.raises(WitnessRefusalError, match="malformed|not old") as caught:
        parse_request(body)
    assert caught.value.status == 400, why


def test_state_of_another_witness_key_is_refused(tmp_path: Path) -> None:
    from ledger_node.errors import ConfigurationError

    WitnessState(tmp_path / "w", "A+00000000+xx").close()
    with pytest.raises(ConfigurationError, match="another witness key"):
        WitnessState(tmp_path / "w", "B+00000000+xx")


def test_compare_and_update_refuses_a_stale_expected_size(state: WitnessState) -> None:
    checkpoints = log_checkpoints()
    assert state.compare_and_update(ORIGIN, 0, checkpoints[5]) is None
    assert state.compare_and_update(ORIGIN, 0, checkpoints[9]) == 5
    latest = state.latest(ORIGIN)
    assert latest is not None
    assert latest.size == 5
