"""``ledger-client`` subcommands about the log: inclusion, proof files, checkpoints and notes.

Each reads its inputs strictly (``wire``), runs the checks of
:mod:`ledger_client.assessment`, and prints one JSON object. The clock is read
here, at the edge, and handed inward (``--now`` overrides it).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from ledger_client import assessment, keys, note, trust, wire
from ledger_client.cli import arguments, output
from ledger_client.errors import MalformedResponseError, SignatureError, UnknownKeyError

#: Entries are at most 64 KiB (tlog-tiles bundles use a 16-bit length).
MAX_ENTRY_BYTES = 0xFFFF


def _load_trust(path: str) -> trust.TrustConfig:
    try:
        return trust.parse_trust_file(output.read_input(path, what="trust file"))
    except trust.TrustFileError as exc:
        output.fail_usage(f"trust file {path!r}: {exc}")


def _clock(args: argparse.Namespace) -> Callable[[], int]:
    now: int | None = args.now
    if now is not None:
        return lambda: now
    return lambda: int(time.time())


def _parse_or_usage(what: str, path: str, parse: Callable[[], object]) -> object:
    """Run a ``wire`` parser on an input; unreadable input is a usage error (exit 2)."""
    try:
        return parse()
    except MalformedResponseError as exc:
        output.fail_usage(f"{what} {path!r} is unreadable: {exc}")


def _exit_for(verdict: assessment.Verdict) -> int:
    return output.EXIT_GOOD if verdict is assessment.Verdict.VALID else output.EXIT_BAD_VERDICT


# ---------------------------------------------------------------------------- verify-inclusion


def _run_verify_inclusion(args: argparse.Namespace) -> int:
    config = _load_trust(args.trust)
    entry = output.read_input(args.entry, what="entry", limit=MAX_ENTRY_BYTES)
    proof_text = output.read_text(args.proof, what="proof", limit=64 * 1024)
    proof = _parse_or_usage("proof", args.proof, lambda: wire.parse_proof_lines(proof_text))
    assert isinstance(proof, tuple)
    note_bytes = (
        output.read_input(args.checkpoint, what="checkpoint", limit=wire.MAX_NOTE_BYTES) if args.checkpoint else None
    )
    unsigned_root = None
    if args.unsigned_root is not None:
        root = _parse_or_usage("--unsigned-root", args.unsigned_root, lambda: wire.parse_hash_b64(args.unsigned_root))
        assert isinstance(root, bytes)
        unsigned_root = root
    if note_bytes is None and (args.unsigned_size is None or unsigned_root is None):
        output.fail_usage("without --checkpoint, give both --unsigned-size and --unsigned-root")
    result = assessment.assess_inclusion(
        entry,
        args.index,
        proof,
        checkpoint_note=note_bytes,
        config=config,
        unsigned_size=args.unsigned_size,
        unsigned_root=unsigned_root,
        clock=_clock(args),
    )
    output.emit(result.to_json())
    return _exit_for(result.verdict)


# ---------------------------------------------------------------------------- verify-proof-file


def _run_verify_proof_file(args: argparse.Namespace) -> int:
    config = _load_trust(args.trust)
    entry = output.read_input(args.entry, what="entry", limit=MAX_ENTRY_BYTES)
    data = output.read_input(args.proof_file, what="proof file", limit=wire.MAX_NOTE_BYTES + 8192)
    parsed = _parse_or_usage("proof file", args.proof_file, lambda: wire.parse_proof_file(data))
    assert isinstance(parsed, wire.ProofFile)
    result = assessment.assess_inclusion(
        entry,
        parsed.index,
        parsed.proof,
        checkpoint_note=parsed.checkpoint_note,
        config=config,
        clock=_clock(args),
    )
    out = result.to_json()
    out["index"] = parsed.index
    output.emit(out)
    return _exit_for(result.verdict)


# ---------------------------------------------------------------------------- verify-checkpoint


def _run_verify_checkpoint(args: argparse.Namespace) -> int:
    config = _load_trust(args.trust)
    data = output.read_input(args.checkpoint, what="checkpoint", limit=wire.MAX_NOTE_BYTES)
    result = assessment.assess_checkpoint(data, config, clock=_clock(args))
    output.emit(result.to_json())
    return _exit_for(result.verdict)


# ---------------------------------------------------------------------------- verify-note


def _signer(name: str, key_id: int) -> dict[str, str]:
    return {"name": name, "key_id": f"{key_id:08x}"}


def _run_verify_note(args: argparse.Namespace) -> int:
    try:
        key = keys.VerifierKey.from_vkey(args.vkey)
    except keys.InvalidVerifierKeyError as exc:
        output.fail_usage(f"--vkey: {exc}")
    data = output.read_input(args.note, what="note", limit=wire.MAX_NOTE_BYTES)
    result: dict[str, object]
    try:
        opened = note.open_note(wire.parse_note(data), [key])
    except MalformedResponseError as exc:
        result = {"verdict": "invalid", "note": "malformed", "reason": str(exc)}
    except SignatureError as exc:
        result = {"verdict": "invalid", "note": "invalid_signature", "reason": str(exc)}
    except UnknownKeyError as exc:
        result = {
            "verdict": "invalid",
            "note": "no_verifiable_signature",
            "reason": str(exc),
            "unverified": [_signer(n, k) for n, k in exc.signers],
        }
    else:
        result = {
            "verdict": "valid",
            "note": "opened",
            "reason": "the note is signed by the given key",
            "text": opened.text,
            "verified": [_signer(v.key.name, v.key.key_id) for v in opened.verified],
            "unverified": [_signer(s.name, s.key_id) for s in opened.unverified],
        }
    output.emit(result)
    return output.EXIT_GOOD if result["verdict"] == "valid" else output.EXIT_BAD_VERDICT


# ---------------------------------------------------------------------------- parser


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the log subcommands to the ``ledger-client`` parser."""
    p = sub.add_parser("verify-inclusion", help="check that an entry is in the log under a checkpoint")
    p.add_argument("--trust", required=True, help="TRUST.json: log key, origin, witnesses and quorum")
    p.add_argument("--entry", required=True, help="the raw entry bytes")
    p.add_argument("--index", required=True, type=arguments.non_negative, help="the entry's leaf index")
    p.add_argument("--proof", required=True, help="one base64 hash per line, leaf sibling first")
    p.add_argument("--checkpoint", help="the signed checkpoint note")
    p.add_argument("--unsigned-size", type=arguments.non_negative, help="a tree size from outside the checkpoint")
    p.add_argument("--unsigned-root", help="a base64 root from outside the checkpoint")
    p.add_argument("--now", type=arguments.non_negative, help="POSIX time to judge cosignature ages at")
    p.set_defaults(run=_run_verify_inclusion)

    p = sub.add_parser("verify-proof-file", help="check a c2sp.org/tlog-proof@v1 file for an entry")
    p.add_argument("--trust", required=True)
    p.add_argument("--entry", required=True)
    p.add_argument("--now", type=arguments.non_negative)
    p.add_argument("proof_file", metavar="PROOF_FILE")
    p.set_defaults(run=_run_verify_proof_file)

    p = sub.add_parser("verify-checkpoint", help="check a signed checkpoint under the trust policy")
    p.add_argument("--trust", required=True)
    p.add_argument("--now", type=arguments.non_negative)
    p.add_argument("checkpoint", metavar="CHECKPOINT")
    p.set_defaults(run=_run_verify_checkpoint)

    p = sub.add_parser("verify-note", help="open a signed note with one verifier key")
    p.add_argument("--vkey", required=True, help="<name>+<key id>+<base64 key>")
    p.add_argument("note", metavar="NOTE")
    p.set_defaults(run=_run_verify_note)
