"""``ledger-client verify-credential``, ``sign-credential`` and ``keygen``: outputs, exit codes, bad input."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from ledger_client.cli import main
from ledger_client.credentials import keyfile
from tests.unit.ledger_client.credentials import factory
from tests.unit.ledger_client.credentials.factory import LIST_URL, OTHER_KEY, TEST_KEY, text
from tests.unit.ledger_client.credentials.test_keyfile import DEMO_KEY

AT = "2025-06-01T00:00:00Z"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = main.main(list(argv))
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def put(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else text(content), encoding="utf-8")
    return str(path)


def key_file(tmp_path: Path) -> str:
    path = tmp_path / "issuer.key.json"
    keyfile.write_key_file(path, TEST_KEY, name="test issuer")
    return str(path)


def test_verify_accepts_with_status_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    credential = put(tmp_path, "vc.json", factory.ORIGIN["signedCredential"])
    status = put(tmp_path, "list.json", factory.status_list_credential(factory.bits_with()))
    code, out, _ = run(capsys, "verify-credential", credential, "--at", AT, "--status-list", f"{LIST_URL}={status}")
    assert code == 0
    assert (out["proof"], out["credential"], out["verdict"]) == ("valid", "valid", "accept")
    assert out["verified_document"] == factory.ORIGIN["unsignedCredential"]
    assert list(out) == ["proof", "credential", "verdict", "reason", "verified_document"]


def test_verify_rejects_revoked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    credential = put(tmp_path, "vc.json", factory.ORIGIN["signedCredential"])
    status = put(tmp_path, "list.json", factory.status_list_credential(factory.bits_with(4000)))
    code, out, _ = run(capsys, "verify-credential", credential, "--at", AT, "--status-list", f"{LIST_URL}={status}")
    assert (code, out["credential"], out["verdict"]) == (1, "revoked", "reject")


def test_verify_without_the_status_list_rejects_status_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "verify-credential", put(tmp_path, "vc.json", factory.ORIGIN["signedCredential"]),
                       "--at", AT)
    assert (code, out["proof"], out["credential"], out["verdict"]) == (1, "valid", "status_error", "reject")


def test_verify_reads_stdin_as_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    duplicate = '"validFrom": "2000-01-01T00:00:00Z", "validFrom":'
    received = text(factory.origin_signed()).replace('"validFrom":', duplicate)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(received.encode("utf-8"))))
    code, out, _ = run(capsys, "verify-credential", "-", "--at", AT)
    assert (code, out["proof"], out["credential"], out["verified_document"]) == (1, "malformed", None, None)


def test_verify_with_key_lookup_and_purpose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://chamber.example/keys/1"
    entry = {"publicKeyMultibase": TEST_KEY.public_key_multibase, "controller": "https://chamber.example",
             "relationship": "authentication"}
    keys = put(tmp_path, "keys.json", {url: entry})
    document = factory.signed(dict(factory.origin_unsigned(), issuer="https://chamber.example"),
                              verification_method=url, proof_purpose="authentication")
    credential = put(tmp_path, "vc.json", document)
    code, out, _ = run(capsys, "verify-credential", credential, "--at", AT, "--key-lookup", keys, "--purpose",
                       "authentication")
    assert (code, out["verdict"]) == (0, "accept")
    code, out, _ = run(capsys, "verify-credential", credential, "--at", AT, "--key-lookup", keys)
    assert (code, out["proof"]) == (1, "wrong_proof_purpose")
    code, out, _ = run(capsys, "verify-credential", credential, "--at", AT, "--purpose", "authentication")
    assert (code, out["proof"]) == (1, "unresolvable_verification_method")


def test_verify_at_defaults_to_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = factory.signed(dict(factory.origin_unsigned(), validUntil="2000-01-01T00:00:00Z",
                                   validFrom="1999-01-01T00:00:00Z"))
    code, out, _ = run(capsys, "verify-credential", put(tmp_path, "vc.json", document))
    assert (code, out["credential"]) == (1, "expired")


def test_sign_then_verify_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unsigned = put(tmp_path, "u.json", factory.origin_unsigned())
    code, signed, err = run(capsys, "sign-credential", "--key", key_file(tmp_path), "--created",
                            "2024-05-01T12:00:00Z", unsigned)
    assert (code, err) == (0, "")
    assert signed["proof"]["created"] == "2024-05-01T12:00:00Z"
    assert signed == factory.origin_signed()
    code, out, _ = run(capsys, "verify-credential", put(tmp_path, "s.json", signed), "--at", AT)
    assert (code, out["verdict"]) == (0, "accept")


def test_sign_reproduces_the_constructed_vector(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unsigned = put(tmp_path, "u.json", factory.ORIGIN["unsignedCredential"])
    code, signed, _ = run(capsys, "sign-credential", "--key", key_file(tmp_path), "--created",
                          factory.ORIGIN["proofOptions"]["created"], unsigned)
    assert code == 0
    assert json.dumps(signed) == json.dumps(factory.ORIGIN["signedCredential"])


def test_sign_with_demo_key_warns_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, signed, err = run(capsys, "sign-credential", "--key", str(DEMO_KEY), put(tmp_path, "u.json", {"a": 1}))
    assert code == 0
    assert "DEMO" in err
    assert signed["proof"]["proofPurpose"] == "assertionMethod"


def test_keygen_writes_a_0600_key_and_prints_its_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "new.key.json"
    code, out, _ = run(capsys, "keygen", "--out", str(out_path), "--name", "Exporter SA")
    assert code == 0
    loaded = keyfile.load_key_file(out_path)
    assert out["did"] == loaded.key.did
    assert out["did"].startswith("did:key:z6Mk")
    assert out["verificationMethod"] == loaded.key.verification_method_id
    assert loaded.name == "Exporter SA"
    if os.name == "posix":
        assert stat.S_IMODE(out_path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["verify-credential", "{missing}"], "cannot read credential"),
        (["verify-credential", "{vc}", "--at", "soon"], "not an ISO 8601"),
        (["verify-credential", "{vc}", "--at", "2025-01-01T00:00:00"], "needs a time zone"),
        (["verify-credential", "{vc}", "--status-list", "no-equals-sign"], "not URL=FILE"),
        (["verify-credential", "{vc}", "--status-list", "https://x={missing}"], "cannot read status list"),
        (["verify-credential", "{vc}", "--status-list", "https://x={binary}"], "not UTF-8"),
        (["verify-credential", "{vc}", "--status-list", "https://x={garbage}"], "not JSON"),
        (["verify-credential", "{vc}", "--status-list", "u={vc}", "--status-list", "u={vc}"], "twice"),
        (["verify-credential", "{vc}", "--key-lookup", "{garbage}"], "key lookup"),
        (["verify-credential", "{vc}", "--key-lookup", "{badkeys}"], "needs string publicKeyMultibase"),
        (["verify-credential", "{binary}"], "not UTF-8"),
        (["verify-credential"], "required"),
        (["sign-credential", "{vc}"], "required"),
        (["sign-credential", "--key", "{missing}", "{vc}"], "cannot be read"),
        (["sign-credential", "--key", "{garbage}", "{vc}"], "not a JSON object"),
        (["sign-credential", "--key", "{key}", "{garbage}"], "not JSON"),
        (["sign-credential", "--key", "{key}", "{vc}"], "already has a proof"),
        (["sign-credential", "--key", "{key}", "--created", "tomorrow", "{vc}"], "not an ISO 8601"),
        (["keygen", "--out", "{vc}"], "already exists"),
        (["keygen"], "required"),
    ],
)
def test_bad_input_is_a_usage_error_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], match: str
) -> None:
    files = {
        "vc": put(tmp_path, "vc.json", factory.origin_signed()),
        "missing": str(tmp_path / "absent.json"),
        "garbage": put(tmp_path, "garbage.txt", "not json {"),
        "badkeys": put(tmp_path, "keys.json", {"https://k": {"controller": "x"}}),
        "key": key_file(tmp_path),
        "binary": str(tmp_path / "binary.bin"),
    }
    (tmp_path / "binary.bin").write_bytes(b"\xff\xfe\x00")
    code, out, err = run(capsys, *(arg.format(**files) for arg in argv))
    assert code == 2
    assert out["error"] == "usage"
    assert match in out["reason"]
    assert "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")
def test_sign_refuses_a_world_readable_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = key_file(tmp_path)
    Path(path).chmod(0o644)
    code, out, _ = run(capsys, "sign-credential", "--key", path, put(tmp_path, "u.json", {"a": 1}))
    assert code == 2
    assert "accessible by group or others" in out["reason"]


def test_verify_rejects_every_proof_lie_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lie = factory.signed(factory.origin_unsigned(), key=OTHER_KEY)
    code, out, _ = run(capsys, "verify-credential", put(tmp_path, "vc.json", lie), "--at", AT)
    assert (code, out["proof"], out["credential"]) == (1, "valid", "issuer_mismatch")


def test_sign_for_a_did_web_issuer_names_the_key_under_the_did_web(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unsigned = {**factory.origin_unsigned(), "issuer": {"id": "did:web:nopal.example", "name": "Nopal"}}
    code, signed, _ = run(capsys, "sign-credential", "--key", key_file(tmp_path), put(tmp_path, "u.json", unsigned))
    assert code == 0
    assert signed["proof"]["verificationMethod"] == f"did:web:nopal.example#{TEST_KEY.public_key_multibase}"
