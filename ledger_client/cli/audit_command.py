"""``ledger-client audit (URL | DIR) --trust TRUST.json [--since CHECKPOINT] [--entries]``: check a whole log.

Opens the checkpoint under the trust policy, then reads every hash tile (and
with ``--entries`` every entry bundle) and checks that they reproduce the
checkpoint's root at its size (:mod:`ledger_client.audit`). With ``--since``,
an earlier checkpoint of the same log must be a prefix of the audited tree.

Progress goes to standard error; standard output is one JSON object: the
verdict, what was checked, and the first disagreement with its coordinates and
both hashes. Exit 0 for ``valid``, 1 for any other verdict, 2 when the inputs or
the log could not be read at all.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ledger_client import assessment, audit, audit_source, trust, wire
from ledger_client.cli import arguments, output
from ledger_client.errors import LedgerError, MalformedResponseError, TransportError
from ledger_client.network import SYSTEM_PROXY, NetworkSettings, NetworkSettingsError
from ledger_client.transport import HttpTransport


def _b64(value: bytes | None) -> str | None:
    return base64.b64encode(value).decode("ascii") if value is not None else None


def _disagreement_json(found: audit.Disagreement) -> dict[str, object]:
    out: dict[str, object] = {
        "kind": found.kind.value,
        "path": found.path,
        "level": found.level,
        "tile_index": found.tile_index,
        "position": found.position,
    }
    if found.entry_index is not None:
        out["entry_index"] = found.entry_index
    out["expected_hash"] = _b64(found.expected)
    out["found_hash"] = _b64(found.found)
    out["checked_against"] = found.checked_against
    out["detail"] = found.detail
    return out


def _network(args: argparse.Namespace) -> NetworkSettings:
    try:
        return NetworkSettings.parse(args.proxy or SYSTEM_PROXY, args.ca_bundle)
    except NetworkSettingsError as exc:
        output.fail_usage(f"--{exc.setting.replace('_', '-')}: {exc}")


def _source(target: str, network: NetworkSettings) -> audit.AuditSource:
    if target.startswith(("http://", "https://")):
        return audit_source.TransportSource(HttpTransport(target, network=network))
    try:
        return audit_source.DirectorySource(Path(target))
    except ValueError as exc:
        output.fail_usage(f"{target!r} is neither an http(s) URL nor a directory: {exc}")


def _read_checkpoint(args: argparse.Namespace, source: audit.AuditSource) -> bytes:
    if args.checkpoint:
        return output.read_input(args.checkpoint, what="checkpoint", limit=wire.MAX_NOTE_BYTES)
    try:
        return source.read("checkpoint", limit=wire.MAX_NOTE_BYTES)
    except (TransportError, MalformedResponseError) as exc:
        output.fail_usage(f"the log's checkpoint cannot be read: {exc}")


class _Progress:
    """Prints a line on standard error at most once a second (and once at the end)."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, tiles_checked: int, bundles_checked: int, level0_tiles: int) -> None:
        now = time.monotonic()
        if now - self._last < 1.0 and bundles_checked < level0_tiles:
            return
        self._last = now
        sys.stderr.write(
            f"audit: {tiles_checked} hash tiles and {bundles_checked} entry bundles checked"
            f" ({level0_tiles} level-0 tiles in the tree)\n"
        )
        sys.stderr.flush()


def _since(
    data: bytes, config: trust.TrustConfig, size: int, root: bytes, source: audit.AuditSource
) -> tuple[dict[str, object], str | None]:
    """Check an earlier checkpoint against the audited tree; returns its JSON and a reason if it fails."""
    # A stored checkpoint's cosignatures have aged; its truth has not (no maximum age here).
    old = assessment.assess_checkpoint(data, dataclasses.replace(config, max_age=None))
    out: dict[str, object] = {"verdict": old.verdict.value, "size": old.size, "root": _b64(old.root)}
    if old.verdict is not assessment.Verdict.VALID or old.size is None or old.root is None:
        out["consistent"] = None
        return out, f"the --since checkpoint does not verify: {old.reason}"
    if old.size > size:
        out["consistent"] = False
        return out, f"rollback: the log now claims size {size}, below the {old.size} it signed before"
    if old.size in (0, size):
        consistent = old.size == 0 or old.root == root
    else:
        try:
            consistent = audit.old_root_from_tiles(old.size, size, root, source) == old.root
        except (LedgerError, ValueError) as exc:
            out["consistent"] = None
            return out, f"the tiles could not be read again to prove consistency: {exc}"
    out["consistent"] = consistent
    if not consistent:
        return out, f"fork: the tree of size {size} does not extend the --since checkpoint of size {old.size}"
    return out, None


def _run_audit(args: argparse.Namespace) -> int:
    try:
        config = trust.parse_trust_file(output.read_input(args.trust, what="trust file"))
    except trust.TrustFileError as exc:
        output.fail_usage(f"trust file {args.trust!r}: {exc}")
    source = _source(args.target, _network(args))
    since_data = (
        output.read_input(args.since, what="--since checkpoint", limit=wire.MAX_NOTE_BYTES) if args.since else None
    )
    data = _read_checkpoint(args, source)
    now: int | None = args.now
    clock: Callable[[], int] = (lambda: now) if now is not None else (lambda: int(time.time()))
    checked = assessment.assess_checkpoint(data, config, clock=clock)
    result: dict[str, object] = {"verdict": checked.verdict.value, "reason": checked.reason}
    result.update({k: v for k, v in checked.to_json().items() if k not in ("verdict", "reason")})
    unverifiable = config.log_key is None and checked.size is not None and checked.root is not None
    if checked.verdict is not assessment.Verdict.VALID and not unverifiable:
        result["audit"] = None
        output.emit(result)
        return output.EXIT_BAD_VERDICT
    assert checked.size is not None
    assert checked.root is not None
    try:
        found = audit.audit_tree(
            checked.size, checked.root, source, entries=args.entries, progress=_Progress() if not args.quiet else None
        )
    except TransportError as exc:
        output.fail_usage(f"the log could not be read: {exc}")
    result["audit"] = {
        "tiles_checked": found.tiles_checked,
        "bundles_checked": found.bundles_checked,
        "entries_checked": found.entries_checked,
        "entries": bool(args.entries),
        "disagreement": _disagreement_json(found.disagreement) if found.disagreement else None,
    }
    reason: str | None = None
    if found.disagreement is not None:
        reason = found.disagreement.detail
    elif since_data is not None:
        result["since"], reason = _since(since_data, config, checked.size, checked.root, source)
    if reason is not None:
        result["verdict"], result["reason"] = assessment.Verdict.INVALID.value, reason
    elif unverifiable:
        result["verdict"] = assessment.Verdict.MERKLE_VALID_CHECKPOINT_UNVERIFIABLE.value
        result["reason"] = (
            f"the tiles reproduce the checkpoint's root, but the checkpoint is unverifiable: {checked.reason}"
        )
    else:
        what = "hash tile and entry bundle" if args.entries else "hash tile"
        result["reason"] = f"every {what} of the log agrees with the signed root at size {checked.size}"
    output.emit(result)
    return output.EXIT_GOOD if result["verdict"] == assessment.Verdict.VALID.value else output.EXIT_BAD_VERDICT


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``audit`` to the ``ledger-client`` parser."""
    p = sub.add_parser("audit", help="check that every tile (and entry) of a log reproduces its signed root")
    p.add_argument("target", metavar="URL_OR_DIR", help="the log's base URL, or a directory laid out as tlog-tiles")
    p.add_argument("--trust", required=True, help="TRUST.json: log key, origin, witnesses and quorum")
    p.add_argument("--since", help="an earlier checkpoint of the log: prove the audited tree extends it")
    p.add_argument("--entries", action="store_true", help="also read every entry bundle and hash every entry")
    p.add_argument("--checkpoint", help="audit this checkpoint instead of the log's latest")
    p.add_argument("--now", type=arguments.non_negative, help="POSIX time to judge cosignature ages at")
    p.add_argument("--quiet", action="store_true", help="no progress lines on standard error")
    p.add_argument(
        "--proxy", help="for a URL: 'system' (the default: HTTPS_PROXY, NO_PROXY...), 'direct' or a proxy URL"
    )
    p.add_argument("--ca-bundle", help="PEM file of the certificate authorities to trust instead of the built-in list")
    p.set_defaults(run=_run_audit)
