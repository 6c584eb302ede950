"""A real node on loopback: the read and write paths, every refusal, and hostile requests (docs/architecture.md §4)."""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ledger_client import tiles, wire
from ledger_client.credentials import strict_json
from tests.helpers.node_process import LedgerProcess, NodeParties, log_trust, start_node, to_body, verify_node

ORIGIN = "test.example/http"
PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LedgerProcess]:
    tmp: Path = tmp_path_factory.mktemp("http")
    with start_node(tmp, origin=ORIGIN, cbp_did=PARTIES.cbp.did, extra_args=["--body-timeout", "1"]) as running:
        yield running


@pytest.fixture(scope="module")
def acknowledged(node: LedgerProcess) -> dict[int, bytes]:
    """The registration of P-NOPAL and 20 of its records, all acknowledged: index -> entry bytes."""
    bodies = [PARTIES.registration("P-NOPAL")] + [PARTIES.record(NOPAL, i) for i in range(20)]
    acks: dict[int, bytes] = {}
    for body in bodies:
        answer = requests.post(node.url + "/add-entry", data=body, timeout=10)
        assert answer.status_code == 200, answer.text
        acks[answer.json()["index"]] = strict_json.canonicalize(json.loads(body))
    return acks


def post(node: LedgerProcess, body: bytes) -> requests.Response:
    return requests.post(node.url + "/add-entry", data=body, timeout=10)


def test_every_acknowledged_entry_is_in_the_tiles_under_its_index(
    node: LedgerProcess, acknowledged: dict[int, bytes]
) -> None:
    assert sorted(acknowledged) == list(range(21))
    body = verify_node(node.url, log_trust(ORIGIN, node.vkey), acknowledged=acknowledged)
    assert body.size >= 21


def test_the_answer_carries_a_signed_checkpoint_that_includes_the_entry(
    node: LedgerProcess, acknowledged: dict[int, bytes]
) -> None:
    answer = post(node, PARTIES.record(NOPAL, "answer"))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    reply = answer.json()
    checkpoint_note = reply["checkpoint"].encode()
    body = wire.parse_checkpoint(wire.parse_note(checkpoint_note).text)
    assert reply["index"] < body.size
    verify_node(
        node.url,
        log_trust(ORIGIN, node.vkey),
        acknowledged={reply["index"]: strict_json.canonicalize(json.loads(PARTIES.record(NOPAL, "answer")))},
        checkpoints=[checkpoint_note],
    )


def test_a_resubmission_returns_the_existing_index_even_reformatted(
    node: LedgerProcess, acknowledged: dict[int, bytes]
) -> None:
    body = PARTIES.record(NOPAL, 3)
    first = post(node, body).json()["index"]
    compact = json.dumps(json.loads(body), separators=(",", ":")).encode()
    assert post(node, body).json()["index"] == first
    assert post(node, compact).json()["index"] == first
    assert acknowledged[first] == strict_json.canonicalize(json.loads(body))


@pytest.mark.parametrize(
    ("name", "body", "status", "code"),
    [
        ("over 64 KiB", b"{" + b" " * (64 * 1024) + b"}", 413, "too_large"),
        ("not UTF-8", b'{"a": "\xff\xfe"}', 400, "malformed"),
        ("duplicate member", b'{"a": 1, "a": 2}', 400, "malformed"),
        ("not an object", b"[]", 400, "malformed"),
        ("no proof", b'{"type": ["VerifiableCredential"]}', 400, "malformed"),
        ("empty", b"", 400, "malformed"),
    ],
)
def test_bad_bodies_are_refused_with_their_status(
    node: LedgerProcess, name: str, body: bytes, status: int, code: str
) -> None:
    answer = post(node, body)
    assert answer.status_code == status, name
    assert answer.json()["error"] == code


def test_a_proof_that_does_not_verify_is_refused_with_422(node: LedgerProcess, acknowledged: dict[int, bytes]) -> None:
    document = json.loads(PARTIES.record(NOPAL, "tampered"))
    document["credentialSubject"]["id"] = "urn:test:changed"
    answer = post(node, to_body(document))
    assert (answer.status_code, answer.json()["error"]) == (422, "bad_proof")


def test_a_signer_with_no_registration_is_refused_with_403(node: LedgerProcess) -> None:
    answer = post(node, PARTIES.record(PARTIES.party_key("P-NOBODY"), 1))
    assert (answer.status_code, answer.json()["error"]) == (403, "unregistered_signer")


def test_a_party_cannot_register_a_party(node: LedgerProcess, acknowledged: dict[int, bytes]) -> None:
    other = PARTIES.party_key("P-OTHER")
    forged = to_body(PARTIES.sign(NOPAL, ["PartyRegistration"], {"id": "P-OTHER", "keys": [other.did]}))
    assert post(node, forged).status_code == 403
    assert post(node, PARTIES.record(other, 1)).status_code == 403


def test_a_body_streamed_past_the_limit_is_cut_off_with_413(node: LedgerProcess) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b" " * 4096

    answer = requests.post(node.url + "/add-entry", data=chunks(), timeout=10)
    assert answer.status_code == 413


def test_checkpoint_is_text_with_a_short_cache(node: LedgerProcess, acknowledged: dict[int, bytes]) -> None:
    answer = requests.get(node.url + "/checkpoint", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.headers["cache-control"] == "public, max-age=1"
    assert wire.parse_checkpoint(wire.parse_note(answer.content).text).origin == ORIGIN


def test_tiles_are_immutable_octets_and_bundles_gzip_on_request(
    node: LedgerProcess, acknowledged: dict[int, bytes]
) -> None:
    tile = requests.get(node.url + "/tile/0/000.p/2", timeout=10)
    assert tile.status_code == 200
    assert tile.headers["content-type"] == "application/octet-stream"
    assert tile.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert len(tile.content) == 64
    zipped = requests.get(
        node.url + "/tile/entries/000.p/2", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10
    )
    raw = zipped.raw.read()
    assert zipped.headers["content-encoding"] == "gzip"
    plain = requests.get(node.url + "/tile/entries/000.p/2", headers={"Accept-Encoding": "identity"}, timeout=10)
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(raw) == plain.content
    assert plain.content[2:].startswith(acknowledged[0][:20])


@pytest.mark.parametrize(
    "path",
    [
        "/tile/0/001",  # a full tile the tree does not have
        "/tile/0/000.p/255",  # wider than the published checkpoint implies
        "/tile/1/000.p/1",  # a level the tree does not reach
        "/tile/entries/000.p/200",
        "/tile/entries/001",
        "/tile/0/00",
        "/tile/0/000.p/256",
        "/tile/0/000.p/0",
        "/tile/0/x000/000",
        "/tile/64/000",
        "/tile/00/000",
        "/tile/0/000.p/01",
        "/tile/../../etc/passwd",
        "/tile/0/..%2f..%2fetc%2fpasswd",
        "/tile/",
        "/tile/0/",
        "/tile/entries/",
        "/tile/0/000/",
        "/" + "x" * 4000,
        "/ledger.sqlite3",
        "/data/ledger.sqlite3",
    ],
)
def test_what_does_not_exist_is_404_and_nothing_is_listed(
    node: LedgerProcess, acknowledged: dict[int, bytes], path: str
) -> None:
    answer = requests.get(node.url + path, timeout=10)
    assert answer.status_code == 404, path
    assert b"sqlite" not in answer.content.lower()


def test_wrong_methods_are_405(node: LedgerProcess) -> None:
    assert requests.get(node.url + "/add-entry", timeout=10).status_code == 405
    assert requests.post(node.url + "/checkpoint", data=b"x", timeout=10).status_code == 405


def _raw_request(node: LedgerProcess, data: bytes, wait: float) -> bytes:
    host, port = node.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as conn:
        conn.sendall(data)
        received = b""
        try:
            while chunk := conn.recv(65536):
                received += chunk
        except TimeoutError:
            pass
        return received


def test_a_slow_body_is_cut_off_while_others_are_served(node: LedgerProcess) -> None:
    host = node.url.removeprefix("http://")
    head = f"POST /add-entry HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1000\r\n\r\n".encode()
    port = int(host.split(":")[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as slow:
        slow.sendall(head + b'{"a": ')
        started = time.monotonic()
        assert requests.get(node.url + "/checkpoint", timeout=5).status_code == 200  # not blocked by the slow client
        reply = slow.recv(65536)
        assert reply.startswith(b"HTTP/1.1 408"), reply[:100]
        assert time.monotonic() - started < 14


def test_a_client_trickling_its_headers_blocks_no_one(node: LedgerProcess) -> None:
    port = int(node.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
        slow.sendall(b"GET /checkpoint HTTP/1.1\r\nHost: x\r\nX-Slow: a")
        for _ in range(3):
            assert requests.get(node.url + "/healthz", timeout=5).status_code == 200
            slow.sendall(b"a")
        slow.sendall(b"\r\nConnection: close\r\n\r\n")
        assert slow.recv(65536).startswith(b"HTTP/1.1 ")


def test_oversized_headers_are_refused_and_the_server_lives_on(node: LedgerProcess) -> None:
    host = node.url.removeprefix("http://")
    huge = f"GET /checkpoint HTTP/1.1\r\nHost: {host}\r\nX-Big: {'a' * 70000}\r\nConnection: close\r\n\r\n".encode()
    reply = _raw_request(node, huge, wait=5)
    assert reply.startswith(b"HTTP/1.1 431")
    assert requests.get(node.url + "/healthz", timeout=5).status_code == 200


def test_garbage_on_the_socket_does_not_crash_the_server(node: LedgerProcess) -> None:
    reply = _raw_request(node, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(200) + b"\r\n\r\n", wait=5)
    assert reply == b"" or reply.startswith(b"HTTP/1.1 400")
    assert requests.get(node.url + "/healthz", timeout=5).json()["status"] == "ok"


def test_metrics_report_entries_checkpoint_and_latency(node: LedgerProcess, acknowledged: dict[int, bytes]) -> None:
    answer = requests.get(node.url + "/metrics", timeout=10)
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    values = dict(line.rsplit(" ", 1) for line in answer.text.splitlines() if line and not line.startswith("#"))
    assert int(values["ledger_checkpoint_size"]) >= 21
    assert int(values["ledger_entries"]) >= 21
    assert float(values["ledger_checkpoint_age_seconds"]) >= 0
    assert int(values["ledger_append_latency_seconds_count"]) >= 21


def test_healthz_reports_the_published_size(node: LedgerProcess, acknowledged: dict[int, bytes]) -> None:
    health = requests.get(node.url + "/healthz", timeout=10).json()
    assert health["status"] == "ok"
    assert health["checkpoint_size"] >= 21
    assert tiles.bundles_for_size(health["checkpoint_size"])


def test_pipelined_requests_are_answered_in_order_on_one_connection(
    node: LedgerProcess, acknowledged: dict[int, bytes]
) -> None:
    host = node.url.removeprefix("http://")
    record = PARTIES.record(NOPAL, "pipelined")
    post_head = f"POST /add-entry HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(record)}\r\n\r\n".encode()
    pipelined = (
        post_head + record + f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        + f"HEAD /checkpoint HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    )  # fmt: skip
    reply = _raw_request(node, pipelined, wait=10)
    first, rest = reply.split(b"\r\n\r\n", 1)
    assert first.startswith(b"HTTP/1.1 200 ")
    length = int(
        next(line for line in first.split(b"\r\n") if line.lower().startswith(b"content-length")).split(b":")[1]
    )
    assert json.loads(rest[:length])["index"] >= 21
    second, rest = rest[length:].split(b"\r\n\r\n", 1)
    assert second.startswith(b"HTTP/1.1 200 ")
    assert json.loads(rest[: rest.index(b"}") + 1])["status"] == "ok"
    third = rest[rest.index(b"}") + 1 :]
    assert third.startswith(b"HTTP/1.1 200 ")
    assert third.endswith(b"\r\n\r\n")  # HEAD: the headers of GET, no body
    assert b"cache-control: public, max-age=1" in third.lower()
