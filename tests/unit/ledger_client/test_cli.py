"""The ``ledger-client`` log commands: verdicts, exit codes, and input that cannot be read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ledger_client import merkle
from ledger_client.cli import main
from tests.helpers import assets
from tests.helpers.signed_log import SignedLog

VKEYS = assets.load("verifier_keys")
TLOG_PROOF = assets.load("tlog_proof")
ECDSA_VKEY = next(c["vkey"] for c in VKEYS["cases"] if c["vkey"].startswith("rekor.sigstore.dev+c0d23d6a"))


class Files:
    """Writes the inputs of one command into a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, name: str, content: bytes | str | dict[str, object]) -> str:
        path = self.root / name
        if isinstance(content, dict):
            content = json.dumps(content)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)


@pytest.fixture
def log() -> SignedLog:
    return SignedLog([f"record {i}".encode() for i in range(11)])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main.main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


def proof_text(log: SignedLog, index: int, size: int | None = None) -> str:
    n = log.tree.size if size is None else size
    import base64

    return "".join(base64.b64encode(h).decode() + "\n" for h in merkle.inclusion_proof(index, n, log.tree.subtree_hash))


def inclusion_args(files: Files, log: SignedLog, *, entry: bytes = b"record 3", index: int = 3) -> list[str]:
    return [
        "verify-inclusion",
        "--trust", files("trust.json", log.trust_json()),
        "--entry", files("entry.bin", entry),
        "--index", str(index),
        "--proof", files("proof.txt", proof_text(log, index)),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- verify-inclusion


def test_entry_under_a_witnessed_checkpoint_is_valid(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    code, out = run(capsys, *inclusion_args(files, log), "--checkpoint", files("cp.txt", log.checkpoint()))
    assert code == 0
    assert out["verdict"] == "valid"
    assert out["note"] == "opened"
    assert out["log_signature"] == "valid"
    assert out["origin_ok"] is True
    assert out["witnesses_verified"] == 3
    assert out["inclusion"] == "valid"
    assert out["size"] == 11
    assert (out["size_field_mismatch"], out["root_field_mismatch"]) == (False, False)


def test_swapped_entry_is_invalid(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    args = inclusion_args(files, log, entry=b"record 4")
    code, out = run(capsys, *args, "--checkpoint", files("cp.txt", log.checkpoint()))
    assert (code, out["verdict"], out["inclusion"]) == (1, "invalid", "invalid")


def test_checkpoint_without_a_trusted_log_key_is_merkle_valid_but_unverifiable(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    trust = {**log.trust_json(), "log_vkey": None}
    args = inclusion_args(files, log)
    args[2] = files("trust-nolog.json", trust)
    code, out = run(capsys, *args, "--checkpoint", files("cp.txt", log.checkpoint()))
    assert code == 1
    assert out["verdict"] == "merkle_valid_checkpoint_unverifiable"
    assert out["log_signature"] == "absent"
    assert out["inclusion"] == "valid"


def test_log_key_of_an_unsupported_type_is_merkle_valid_but_unverifiable(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    trust = {**log.trust_json(), "log_vkey": ECDSA_VKEY}
    args = inclusion_args(files, log)
    args[2] = files("trust-ecdsa.json", trust)
    code, out = run(capsys, *args, "--checkpoint", files("cp.txt", log.checkpoint()))
    assert (code, out["verdict"]) == (1, "merkle_valid_checkpoint_unverifiable")
    assert "0x02" in str(out["reason"])


def test_checkpoint_signed_by_witnesses_only_is_invalid_when_a_log_key_is_configured(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    # A log key is configured and no line verifies under it: the log did not sign this checkpoint.
    cp = files("cp.txt", log.checkpoint(log_signs=False))
    code, out = run(capsys, *inclusion_args(files, log), "--checkpoint", cp)
    assert (code, out["verdict"], out["note"], out["log_signature"], out["inclusion"]) == (
        1, "invalid", "opened", "absent", "valid"
    )  # fmt: skip
    assert "not signed by the log key" in str(out["reason"])


def test_proof_with_no_checkpoint_is_merkle_valid_without_checkpoint(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    import base64

    root = base64.b64encode(log.tree.root()).decode()
    code, out = run(capsys, *inclusion_args(files, log), "--unsigned-size", "11", "--unsigned-root", root)
    assert (code, out["verdict"], out["note"], out["inclusion"]) == (1, "merkle_valid_no_checkpoint", None, "valid")


def test_unsigned_size_that_disagrees_with_the_checkpoint_is_invalid(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    args = [*inclusion_args(files, log), "--checkpoint", files("cp.txt", log.checkpoint()), "--unsigned-size", "12"]
    code, out = run(capsys, *args)
    assert (code, out["verdict"], out["size_field_mismatch"], out["inclusion"]) == (1, "invalid", True, "valid")


def test_witness_quorum_not_met_is_invalid(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    code, out = run(capsys, *inclusion_args(files, log), "--checkpoint", files("cp.txt", log.checkpoint(cosigners=[2])))
    assert (code, out["verdict"], out["witnesses_verified"]) == (1, "invalid", 1)
    assert "quorum" in str(out["reason"])


def test_checkpoint_with_edited_size_has_an_invalid_signature(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    tampered = log.checkpoint().replace(b"\n11\n", b"\n12\n", 1)
    code, out = run(capsys, *inclusion_args(files, log), "--checkpoint", files("cp.txt", tampered))
    assert (code, out["verdict"], out["note"]) == (1, "invalid", "invalid_signature")


def test_crlf_checkpoint_is_a_malformed_note(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    crlf = log.checkpoint().replace(b"\n", b"\r\n")
    code, out = run(capsys, *inclusion_args(files, log), "--checkpoint", files("cp.txt", crlf))
    assert (code, out["verdict"], out["note"]) == (1, "invalid", "malformed")


def test_stale_cosignatures_are_judged_at_the_given_time(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    trust = {**log.trust_json(), "witness_max_age_seconds": 60}
    args = inclusion_args(files, log)
    args[2] = files("trust-age.json", trust)
    cp = files("cp.txt", log.checkpoint())
    assert run(capsys, *args, "--checkpoint", cp, "--now", "1700000030")[1]["verdict"] == "valid"
    assert run(capsys, *args, "--checkpoint", cp, "--now", "1700000300")[1]["verdict"] == "invalid"


# ---------------------------------------------------------------------------- the other commands


def _vector_trust(files: Files) -> str:
    return files(
        "vtrust.json",
        {
            "log_vkey": TLOG_PROOF["log_vkey"],
            "expected_origin": "example.com/log/testdata",
            "witness_vkeys": [TLOG_PROOF["witness_vkey"]],
            "witness_quorum": 1,
        },
    )


@pytest.mark.parametrize("case", TLOG_PROOF["cases"], ids=assets.case_id)
def test_verify_proof_file_vector(capsys, files, case) -> None:  # type: ignore[no-untyped-def]
    args = ["verify-proof-file", "--trust", _vector_trust(files), "--entry", files("e", case["entry_ascii"])]
    code, out = run(capsys, *args, "--now", "1700000100", files("p", case["proof_text"]))
    assert out["verdict"] == case["expect"]
    assert code == (0 if case["expect"] == "valid" else 1)
    assert out["index"] == 3


def test_verify_checkpoint(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    trust = files("trust.json", log.trust_json())
    code, out = run(capsys, "verify-checkpoint", "--trust", trust, files("cp", log.checkpoint()))
    assert (code, out["verdict"], out["size"]) == (0, "valid", 11)
    assert "inclusion" not in out
    code, out = run(capsys, "verify-checkpoint", "--trust", trust, files("cp2", log.sign(log.body(origin="x"))))
    assert (code, out["verdict"], out["origin_ok"]) == (1, "invalid", False)


def test_verify_note(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    vkey = log.log_key.verifier().to_vkey()
    code, out = run(capsys, "verify-note", "--vkey", vkey, files("n", log.checkpoint()))
    assert (code, out["verdict"], out["note"]) == (0, "valid", "opened")
    assert len(out["unverified"]) == 3  # type: ignore[arg-type]
    other = log.witness_keys[0].verifier().to_vkey().replace("+B", "+A", 1)
    code, out = run(capsys, "verify-note", "--vkey", vkey, files("n2", log.checkpoint(log_signs=False)))
    assert (code, out["note"]) == (1, "no_verifiable_signature")
    assert other


# ---------------------------------------------------------------------------- unreadable input: exit 2


@pytest.mark.parametrize(
    ("name", "content", "pattern"),
    [
        ("proof-non-utf8", b"\xff\xfe\n", "not UTF-8"),
        ("proof-crlf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n", "unreadable"),
        ("proof-truncated", "AAAAAAAAAAAAAAAAAAAA\n", "unreadable"),
        ("proof-oversized", "A" * (64 * 1024 + 1), "larger than"),
    ],
)
def test_unreadable_proof_exits_2(capsys, files, log, name, content, pattern) -> None:  # type: ignore[no-untyped-def]
    args = inclusion_args(files, log)
    args[args.index("--proof") + 1] = files(name, content)
    code, out = run(capsys, *args, "--checkpoint", files("cp.txt", log.checkpoint()))
    assert code == 2
    assert out["error"] == "usage"
    assert pattern in str(out["reason"])


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b'{"log_vkey": "x", "expected_or', "not UTF-8 JSON"),
        (b"\xff", "not UTF-8 JSON"),
        (b"[]", "not a JSON object"),
        (b'{"log_vkey": null, "expected_origin": "o", "witness_vkeys": [], "witness_quorum": 1}', "cannot be met"),
    ],
)
def test_unusable_trust_file_exits_2(capsys, files, log, content, pattern) -> None:  # type: ignore[no-untyped-def]
    args = inclusion_args(files, log)
    args[2] = files("bad-trust.json", content)
    code, out = run(capsys, *args, "--checkpoint", files("cp.txt", log.checkpoint()))
    assert (code, out["error"]) == (2, "usage")
    assert pattern in str(out["reason"])


def test_missing_file_and_bad_arguments_exit_2(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    args = inclusion_args(files, log)
    args[args.index("--entry") + 1] = str(files.root / "absent.bin")
    assert run(capsys, *args, "--checkpoint", files("cp", log.checkpoint()))[0] == 2
    assert run(capsys, *inclusion_args(files, log))[0] == 2  # neither checkpoint nor unsigned values
    assert run(capsys, "verify-inclusion", "--index", "-3")[0] == 2
    assert run(capsys, "verify-note", "--vkey", "nonsense", files("n", "x"))[0] == 2
    assert run(capsys, "no-such-command")[0] == 2


def test_oversized_entry_exits_2(capsys, files, log) -> None:  # type: ignore[no-untyped-def]
    args = inclusion_args(files, log, entry=b"x" * 70_000)
    code, out = run(capsys, *args, "--checkpoint", files("cp", log.checkpoint()))
    assert code == 2
    assert "larger than" in str(out["reason"])


def test_installed_command_prints_json_and_no_traceback_on_junk(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(b"\x00\xff" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "ledger_client.cli.main", "verify-checkpoint", "--trust", str(junk), str(junk)],
        capture_output=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert json.loads(result.stdout)["error"] == "usage"
