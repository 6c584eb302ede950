"""``ledger-node`` commands: keys, and a clear message with exit status 2 for each bad start."""

from __future__ import annotations

import socket
import stat
import subprocess
from pathlib import Path

import pytest

from ledger_client import keys
from tests.helpers.node_process import NodeParties, command, running, start_node

PARTIES = NodeParties()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=60, check=False)


def test_keygen_prints_the_vkey_and_writes_a_private_key_only_the_owner_reads(tmp_path: Path) -> None:
    out = run("keygen", "--name", "test.example/cli", "--out", str(tmp_path / "log.key"))
    assert out.returncode == 0, out.stderr
    vkey = keys.VerifierKey.from_vkey(out.stdout.strip())
    assert vkey.type is keys.SignatureType.ED25519
    assert stat.S_IMODE((tmp_path / "log.key").stat().st_mode) == 0o600
    stored = keys.SigningKey.from_private_key((tmp_path / "log.key").read_text())
    assert stored.verifier() == vkey


def test_keygen_for_a_witness_makes_a_cosignature_key(tmp_path: Path) -> None:
    out = run("keygen", "--name", "witness.test", "--out", str(tmp_path / "w.key"), "--witness")
    assert keys.VerifierKey.from_vkey(out.stdout.strip()).type is keys.SignatureType.COSIGNATURE_V1


def test_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    (tmp_path / "log.key").write_text("precious")
    out = run("keygen", "--name", "x", "--out", str(tmp_path / "log.key"))
    assert out.returncode == 2
    assert "cannot create key file" in out.stderr
    assert (tmp_path / "log.key").read_text() == "precious"


def serve_args(tmp_path: Path, key: Path, origin: str = "test.example/cli", port: int = 0) -> list[str]:
    return [
        "serve",
        "--data",
        str(tmp_path / "data"),
        "--key",
        str(key),
        "--origin",
        origin,
        "--cbp-key",
        PARTIES.cbp.did,
        "--port",
        str(port),
    ]


def test_a_bad_key_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.key").write_text("PRIVATE+KEY+oops")
    out = run(*serve_args(tmp_path, tmp_path / "bad.key"))
    assert out.returncode == 2
    assert "is not a readable PRIVATE+KEY file" in out.stderr


def test_a_witness_key_cannot_sign_a_log(tmp_path: Path) -> None:
    run("keygen", "--name", "w", "--out", str(tmp_path / "w.key"), "--witness")
    out = run(*serve_args(tmp_path, tmp_path / "w.key"))
    assert out.returncode == 2
    assert "does not hold a note signing (type 0x01) key" in out.stderr


def test_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    run("keygen", "--name", "log", "--out", str(tmp_path / "log.key"))
    with socket.create_server(("127.0.0.1", 0)) as busy:
        out = run(*serve_args(tmp_path, tmp_path / "log.key", port=busy.getsockname()[1]))
    assert out.returncode == 2
    assert "cannot listen on 127.0.0.1" in out.stderr


@pytest.mark.slow
def test_a_data_directory_of_another_origin_is_refused(tmp_path: Path) -> None:
    with running(start_node(tmp_path, origin="test.example/first", cbp_did=PARTIES.cbp.did)):
        pass
    run("keygen", "--name", "log", "--out", str(tmp_path / "other.key"))
    args = serve_args(tmp_path / "node", tmp_path / "other.key", origin="test.example/second")
    out = run(*args)
    assert out.returncode == 2
    assert "belongs to another log origin" in out.stderr


def test_a_bad_cbp_key_is_a_clear_error(tmp_path: Path) -> None:
    run("keygen", "--name", "log", "--out", str(tmp_path / "log.key"))
    args = serve_args(tmp_path, tmp_path / "log.key")
    args[args.index("--cbp-key") + 1] = "did:key:zNotAKey"
    out = run(*args)
    assert out.returncode == 2
    assert "--cbp-key is not an Ed25519 did:key" in out.stderr


def test_a_bad_witness_spec_is_a_clear_error(tmp_path: Path) -> None:
    run("keygen", "--name", "log", "--out", str(tmp_path / "log.key"))
    out = run(*serve_args(tmp_path, tmp_path / "log.key"), "--witness", "http://127.0.0.1:1=notakey")
    assert out.returncode == 2
    assert "bad --witness" in out.stderr


def test_a_quorum_larger_than_the_witnesses_is_refused(tmp_path: Path) -> None:
    run("keygen", "--name", "log", "--out", str(tmp_path / "log.key"))
    out = run(*serve_args(tmp_path, tmp_path / "log.key"), "--quorum", "1")
    assert out.returncode == 2
    assert "a quorum of 1 does not fit 0 witnesses" in out.stderr


def test_a_witness_needs_a_cosignature_key(tmp_path: Path) -> None:
    run("keygen", "--name", "log", "--out", str(tmp_path / "log.key"))
    out = run(
        "witness", "--data", str(tmp_path / "w"), "--key", str(tmp_path / "log.key"), "--log", "o=x", "--port", "0"
    )
    assert out.returncode == 2
    assert "does not hold a cosigning (type 0x04) key" in out.stderr
