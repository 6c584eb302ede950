"""The read path as static files, both ways: nginx serving our node's ``--tiles-dir``, and nginx serving
the directory Tessera's POSIX driver wrote (``tests/assets/tessera_log``, source in its README).

nginx is the Debian package (``scripts/apt-packages.txt``), started on loopback by the test
(``tests/helpers/nginx.py``); the node, its witness, the workstation's sync and ``ledger-client
audit`` are the real programs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import requests

from ledger_client import checkpoint, keys, mirror, sqlcipher_store, sync, witness
from ledger_client.cli import main as client_main
from ledger_client.transport import HttpTransport
from tests.helpers import assets
from tests.helpers.nginx import serve_directory
from tests.helpers.node_process import (
    NodeParties,
    fixed_signing_key,
    running,
    start_node,
    start_witness,
    wait_until_published,
)
from workstation.__main__ import main as workstation_main

ORIGIN = "test.example/static"
PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")
TESSERA_VKEY = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx"


def audit(capsys: pytest.CaptureFixture[str], url: str, trust: Path) -> dict[str, object]:
    code = client_main.main(["audit", url, "--trust", str(trust), "--entries", "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    return dict(out)


def test_nginx_serves_the_node_tiles_dir_to_workstation_sync_and_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "officer passphrase")
    log_key = fixed_signing_key(ORIGIN, keys.SignatureType.ED25519)
    files = tmp_path / "tiles"
    with running(start_witness(tmp_path, logs={ORIGIN: log_key.verifier().to_vkey()})) as (cosigner,):
        node = start_node(
            tmp_path,
            origin=ORIGIN,
            cbp_did=PARTIES.cbp.did,
            witnesses=[cosigner],
            key=log_key,
            extra_args=["--tiles-dir", str(files)],
        )
        with running(node):
            session = requests.Session()
            assert session.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=10).ok
            for serial in range(299):
                assert session.post(node.url + "/add-entry", data=PARTIES.record(NOPAL, serial), timeout=10).ok
            assert wait_until_published(node) == 300
            trust = tmp_path / "trust.json"
            trust.write_text(
                json.dumps(
                    {
                        "log_vkey": node.vkey,
                        "expected_origin": ORIGIN,
                        "witness_vkeys": [cosigner.vkey],
                        "witness_quorum": 1,
                        "cbp_issuer_key": PARTIES.cbp.did,
                    }
                )
            )
            with serve_directory(tmp_path / "nginx", files) as static:
                assert requests.get(static + "/checkpoint", timeout=5).content == node_checkpoint(node.url)
                code = workstation_main(["sync", "--ledger", static, "--trust", str(trust)])
                synced = json.loads(capsys.readouterr().out)
                # Every entry mirrored and checked against the tiles; the node's test credentials carry no
                # validFrom, so the workstation stores them flagged (not_believed), as it must.
                assert (code, synced["new_entries"], synced["not_believed"]) == (0, 300, 300), synced
                out = audit(capsys, static, trust)
    report = out["audit"]
    assert isinstance(report, dict)
    assert (out["verdict"], out["size"], report["bundles_checked"], report["entries_checked"]) == ("valid", 300, 2, 300)
    assert (files / "tile" / "entries" / "000").is_file() and (files / "tile" / "entries" / "001.p" / "44").is_file()


def node_checkpoint(url: str) -> bytes:
    return requests.get(url + "/checkpoint", timeout=5).content


def test_nginx_serves_the_tessera_directory_to_audit_and_the_sync_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "tessera"
    shutil.copytree(assets.ASSETS / "tessera_log" / "log", root)
    trust = tmp_path / "trust.json"
    trust.write_text(
        json.dumps(
            {
                "log_vkey": TESSERA_VKEY,
                "expected_origin": "example.com/log/testdata",
                "witness_vkeys": [],
                "witness_quorum": 0,
            }
        )
    )
    cache_path = tmp_path / "profile.cache"
    cache = mirror.Mirror(
        sqlcipher_store.create(cache_path, "a passphrase", origin="example.com/log/testdata"), cache_path
    )
    log_trust = checkpoint.LogTrust(
        "example.com/log/testdata", keys.VerifierKey.from_vkey(TESSERA_VKEY), witness.QuorumPolicy((), 0)
    )
    with serve_directory(tmp_path / "nginx", root) as static:
        out = audit(capsys, static, trust)
        client = sync.LedgerClient(HttpTransport(static), log_trust, (PARTIES.cbp.did,), cache, clock=lambda: 0)
        result = client.sync()
    assert (out["verdict"], out["size"], out["witness_policy"]) == ("valid", 15, "none")
    # The sync code read every tile and bundle; Tessera's entries are words, not trade records: never believed.
    assert (result.checkpoint.size, result.new_entries, result.rejected, result.checkpoint.unwitnessed) == (
        15,
        15,
        15,
        True,
    )
    assert [cache.entry(i).entry for i in (0, 14)] == [b"one", b"fivten"]  # type: ignore[union-attr]
