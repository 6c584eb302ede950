"""The witness process answers the tlog-witness vectors exactly; the node needs its quorum to publish."""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from ledger_client import keys, wire
from ledger_client.credentials import strict_json
from tests.helpers import assets
from tests.helpers.node_process import (
    LedgerProcess,
    NodeParties,
    log_trust,
    restart,
    running,
    start_node,
    start_witness,
    verify_node,
)

VECTOR = assets.load("witness_add_checkpoint")
SEED = bytes.fromhex(assets.load("cosignatures")["cosigner"]["ed25519_seed_hex"])
VECTOR_ORIGIN = VECTOR["monitoring_path_for_origin"]["origin"]
MONITORING = VECTOR["monitoring_path_for_origin"]["path"]
PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


def scenario(name: str) -> dict[str, Any]:
    return next(s for s in VECTOR["scenarios"] if s["name"] == name)


def vector_witness(tmp: Path, name: str) -> LedgerProcess:
    key = keys.SigningKey("Known", keys.SignatureType.COSIGNATURE_V1, SEED)
    env = {"LEDGER_WITNESS_CLOCK": str(VECTOR["witness_clock_unix"])}
    return start_witness(tmp, logs={VECTOR_ORIGIN: VECTOR["log_vkey"]}, name=name, key=key, env=env)


def stored_size(witness: LedgerProcess) -> int | None:
    answer = requests.get(f"{witness.url}/{MONITORING}", timeout=10)
    if answer.status_code == 404:
        return None
    assert answer.status_code == 200
    return wire.parse_checkpoint(wire.parse_note(answer.content).text).size


def check_scenario(witness: LedgerProcess, case: dict[str, Any]) -> None:
    assert (stored_size(witness) or 0) == (case["stored_size_before"] or 0), case["name"]  # null means 0
    answer = requests.post(witness.url + "/add-checkpoint", data=case["request_body"].encode("utf-8"), timeout=10)
    assert answer.status_code == case["expect_status"], case["name"]
    if "expect_response_body" in case:
        assert answer.content.decode("utf-8") == case["expect_response_body"], case["name"]
    if "expect_content_type" in case:
        assert answer.headers["content-type"] == case["expect_content_type"]
    assert stored_size(witness) == case["stored_size_after"], case["name"]


# Scenario order for one witness process: each leaves the state the next one starts from.
IN_ORDER = [
    "unknown origin",
    "known origin, only an unknown key signed",
    "known origin, log signature present but corrupted",
    "old size 0 but a proof line is present",
    "size-0 checkpoint whose root is not the empty-tree hash",
    "first submission of the empty tree",
    "first submission, old size 0, no proof",
    "consistency proof with one flipped bit",
    "consistency proof missing its last hash",
    "advance 5 -> 9 with a valid consistency proof",
    "same checkpoint again (old == size, same root)",
    "client old size is stale",
    "same size, different root (a fork, signed by the log key)",
]


def test_witness_process_answers_every_vector_scenario_exactly(tmp_path: Path) -> None:
    assert set(IN_ORDER) | {"old size larger than checkpoint size"} == {s["name"] for s in VECTOR["scenarios"]}
    first = vector_witness(tmp_path, "first")
    second = vector_witness(tmp_path, "second")
    with running(first, second):
        assert hashlib.sha256(VECTOR_ORIGIN.encode()).hexdigest() == MONITORING.split("/")[0]
        for name in IN_ORDER:
            check_scenario(first, scenario(name))
        # The witness at size 12: reached with "old 0" and the signed checkpoint of size 12.
        twelve = scenario("client old size is stale")["request_body"].partition("\n\n")[2]
        assert requests.post(second.url + "/add-checkpoint", data=("old 0\n\n" + twelve).encode(), timeout=10).ok
        check_scenario(second, scenario("old size larger than checkpoint size"))


def test_a_node_publishes_only_checkpoints_its_witnesses_cosigned(tmp_path: Path) -> None:
    origin = "test.example/witnessed"
    node_key = keys.SigningKey(origin, keys.SignatureType.ED25519, hashlib.sha256(b"witnessed log").digest())
    vkey = node_key.verifier().to_vkey()
    w1 = start_witness(tmp_path, logs={origin: vkey}, name="w1")
    w2 = start_witness(tmp_path, logs={origin: vkey}, name="w2")
    with running(w1, w2):
        node = start_node(tmp_path, origin=origin, cbp_did=PARTIES.cbp.did, witnesses=[w1, w2], key=node_key)
        with running(node):
            acks, notes = {}, []
            for body in [PARTIES.registration("P-NOPAL"), PARTIES.record(NOPAL, 1), PARTIES.record(NOPAL, 2)]:
                answer = requests.post(node.url + "/add-entry", data=body, timeout=30)
                assert answer.status_code == 200, answer.text
                acks[answer.json()["index"]] = strict_json.canonicalize(json.loads(body))
                notes.append(answer.json()["checkpoint"].encode())
            trust = log_trust(origin, vkey, [w1.vkey, w2.vkey], quorum=2)
            verify_node(node.url, trust, acknowledged=acks, checkpoints=notes, witnessed=True)
            origin_hash = hashlib.sha256(origin.encode()).hexdigest()
            for w in (w1, w2):
                seen = requests.get(f"{w.url}/{origin_hash}/checkpoint", timeout=10).content
                assert wire.parse_checkpoint(wire.parse_note(seen).text).size == 3


def test_a_witness_that_is_down_blocks_publication_until_it_is_back(tmp_path: Path) -> None:
    origin = "test.example/down"
    node_key = keys.SigningKey(origin, keys.SignatureType.ED25519, hashlib.sha256(b"down log").digest())
    vkey = node_key.verifier().to_vkey()
    witness = start_witness(tmp_path, logs={origin: vkey})
    node = start_node(
        tmp_path,
        origin=origin,
        cbp_did=PARTIES.cbp.did,
        witnesses=[witness],
        key=node_key,
        extra_args=["--witness-timeout", "1"],
    )
    with running(node, witness):
        assert requests.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=30).ok
        witness.stop()
        refused = requests.post(node.url + "/add-entry", data=PARTIES.record(NOPAL, 1), timeout=30)
        assert (refused.status_code, refused.json()["error"]) == (503, "no_witness_quorum")
        size_before = requests.get(node.url + "/healthz", timeout=10).json()["checkpoint_size"]
        assert size_before == 1
        back = restart(witness)
        with running(back):
            again = requests.post(node.url + "/add-entry", data=PARTIES.record(NOPAL, 1), timeout=30)
            assert again.status_code == 200, again.text
            assert again.json()["index"] == 1  # sequenced on the first try, published now
            trust = log_trust(origin, vkey, [back.vkey], quorum=1)
            verify_node(
                node.url,
                trust,
                acknowledged={1: strict_json.canonicalize(json.loads(PARTIES.record(NOPAL, 1)))},
                witnessed=True,
            )
    assert "not published" in node.log_text()


class _Stub(http.server.BaseHTTPRequestHandler):
    """A fake witness (the node's witness is an injected dependency): answers every request the same way."""

    status = 200
    body = b""
    content_type = "text/plain"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def stub_witness() -> Iterator[tuple[str, type[_Stub]]]:
    handler = type("Handler", (_Stub,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def silent_witness() -> Iterator[str]:
    """A socket that accepts connections and never answers: a hung witness."""
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def _stubbed(tmp_path: Path, url: str, name: str) -> LedgerProcess:
    fake = keys.SigningKey("fake-witness", keys.SignatureType.COSIGNATURE_V1, bytes(32))
    fake_process = LedgerProcess(url, None, tmp_path, tmp_path, fake.verifier().to_vkey())  # type: ignore[arg-type]
    return start_node(
        tmp_path,
        origin=f"test.example/{name}",
        cbp_did=PARTIES.cbp.did,
        witnesses=[fake_process],
        name=name,
        extra_args=["--witness-timeout", "0.5"],
    )


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (422, b"inconsistent\n", "text/plain"),
        (409, b"7\n", "text/x.tlog.size"),
        (403, b"", "text/plain"),
        (200, "\u2014 fake-witness AAAA\n".encode(), "text/plain"),
    ],
    ids=["422", "409 forever", "403", "200 with a bad cosignature"],
)
def test_a_witness_that_refuses_or_lies_publishes_nothing(
    tmp_path: Path, stub_witness: tuple[str, type[_Stub]], status: int, body: bytes, content_type: str
) -> None:
    url, handler = stub_witness
    handler.status, handler.body, handler.content_type = status, body, content_type
    node = _stubbed(tmp_path, url, "stubbed")
    with running(node):
        answer = requests.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=30)
        assert (answer.status_code, answer.json()["error"]) == (503, "no_witness_quorum")
        assert requests.get(node.url + "/checkpoint", timeout=10).status_code == 404


@pytest.mark.slow
def test_a_hung_witness_times_out_and_publishes_nothing(tmp_path: Path, silent_witness: str) -> None:
    node = _stubbed(tmp_path, silent_witness, "hung")
    with running(node):
        answer = requests.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=30)
        assert answer.status_code == 503
