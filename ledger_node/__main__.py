"""``ledger-node``: make keys, serve a log, run a witness (docs/architecture.md §4).

::

    ledger-node keygen --name NAME --out KEYFILE [--witness]     # prints the vkey
    ledger-node serve --data DIR --key KEYFILE --origin ORIGIN --cbp-key DID
                      [--witness URL=VKEY ...] [--quorum K] [--host 127.0.0.1] [--port 8400]
    ledger-node serve --demo --data DIR [--port 8400]            # the DEMO ledger and its witness
    ledger-node witness --data DIR --key KEYFILE --log ORIGIN=VKEY [...] [--host 127.0.0.1] [--port 8401]

Exit status: 0 after a clean shutdown, 2 for a configuration error (bad key
file, busy port, data directory of another origin), with one clear line on stderr.
Test-only environment: ``LEDGER_NODE_CRASH_AT`` (:mod:`ledger_node.faults`) and
``LEDGER_WITNESS_CLOCK`` (a fixed cosignature time, for the known-answer vectors).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from ledger_client import keys, version
from ledger_node import demo, http, http_server, serving
from ledger_node.errors import ConfigurationError
from ledger_node.node import Node, NodeConfig
from ledger_node.witness import Witness, create_witness_app
from ledger_node.witness_client import WitnessEndpoint
from ledger_node.witness_state import WitnessState

WITNESS_CLOCK_ENV = "LEDGER_WITNESS_CLOCK"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ledger-node", description="A C2SP tlog-tiles ledger node and witness.")
    parser.add_argument("--version", action="version", version=version.version_line("ledger-node"))
    commands = parser.add_subparsers(dest="command", required=True)
    keygen = commands.add_parser("keygen", help="make a key file and print its vkey")
    keygen.add_argument("--name", required=True, help="key name (for a log, usually its origin)")
    keygen.add_argument("--out", required=True, type=Path)
    keygen.add_argument("--witness", action="store_true", help="a cosignature/v1 key for a witness")
    serve = commands.add_parser("serve", help="serve a log")
    serve.add_argument("--data", required=True, type=Path)
    serve.add_argument("--demo", action="store_true", help="the DEMO ledger: DEMO keys, a witness, the demo records")
    serve.add_argument("--key", type=Path, help="the log's PRIVATE+KEY file (not with --demo)")
    serve.add_argument("--origin", help="the log's origin line (not with --demo)")
    serve.add_argument("--cbp-key", help="CBP's did:key (or multikey): may register parties (not with --demo)")
    serve.add_argument("--witness", action="append", default=[], metavar="URL=VKEY")
    serve.add_argument("--quorum", type=int, help="witnesses that must cosign (default: all)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8400)
    serve.add_argument("--max-batch", type=int, default=4096)
    serve.add_argument("--max-delay-ms", type=float, default=5.0)
    serve.add_argument("--witness-timeout", type=float, default=5.0)
    serve.add_argument("--body-timeout", type=float, default=10.0)
    serve.add_argument(
        "--tiles-dir", type=Path, help="also write checkpoint, tiles and bundles here, for a static file server"
    )
    serve.add_argument(
        "--admission-workers",
        type=int,
        default=min(os.cpu_count() or 1, 4),
        help="processes that check submitted credentials (0: in the serving process)",
    )
    witness = commands.add_parser("witness", help="run a witness")
    witness.add_argument("--data", required=True, type=Path)
    witness.add_argument("--key", required=True, type=Path)
    witness.add_argument("--log", required=True, action="append", metavar="ORIGIN=VKEY")
    witness.add_argument("--host", default="127.0.0.1")
    witness.add_argument("--port", type=int, default=8401)
    witness.add_argument("--body-timeout", type=float, default=10.0)
    return parser


def _keygen(args: argparse.Namespace) -> None:
    kind = keys.SignatureType.COSIGNATURE_V1 if args.witness else keys.SignatureType.ED25519
    try:
        key = keys.SigningKey(args.name, kind, os.urandom(32))
    except ValueError as exc:
        raise ConfigurationError(f"bad key name: {exc}") from exc
    serving.write_key(args.out, key)
    print(key.verifier().to_vkey())


def _serve(args: argparse.Namespace) -> None:
    if args.demo:
        _serve_demo(args)
        return
    if not (args.key and args.origin and args.cbp_key):
        raise ConfigurationError("serve needs --key, --origin and --cbp-key (or --demo)")
    _serve_log(args, args.key, args.origin, args.cbp_key, witness_specs=tuple(args.witness))


def _serve_demo(args: argparse.Namespace) -> None:
    if args.key or args.origin or args.cbp_key or args.witness:
        raise ConfigurationError("--demo brings its own DEMO keys, origin and witness")
    keys_ = demo.DemoKeys.shipped()
    from trade.demo import generate  # noqa: PLC0415 - only the demo needs the demo data

    ledger = generate()
    witness, url = demo.start_witness(keys_, args.data)
    serving.log.info("DEMO witness at %s (DEMO keys: they protect nothing)", url)
    try:
        _serve_log(
            args,
            keys_.log_key,
            keys_.origin,
            keys_.cbp_did,
            witness_specs=(f"{url}={keys_.witness_vkey}",),
            on_start=lambda node: demo.seed(node, ledger.entries, ledger.tampered),
        )
    finally:
        witness.terminate()
        witness.wait(timeout=10)


def _serve_log(
    args: argparse.Namespace,
    key: Path,
    origin: str,
    cbp_key: str,
    *,
    witness_specs: tuple[str, ...],
    on_start: Callable[[Node], Awaitable[object]] | None = None,
) -> None:
    witnesses = tuple(WitnessEndpoint.from_spec(spec) for spec in witness_specs)
    config = NodeConfig(
        data_dir=args.data,
        log_key=serving.read_key(key, keys.SignatureType.ED25519),
        origin=origin,
        cbp_did=serving.parse_did_key(cbp_key),
        witnesses=witnesses,
        quorum=len(witnesses) if args.quorum is None else args.quorum,
        max_batch=args.max_batch,
        max_delay=args.max_delay_ms / 1000,
        witness_timeout=args.witness_timeout,
        body_timeout=args.body_timeout,
        tiles_dir=args.tiles_dir,
        admission_workers=args.admission_workers,
    )
    node = Node.open(config)
    sock = serving.bind(args.host, args.port)
    serving.log.info("log %r at size %d", config.origin, node.metrics.checkpoint_size)
    serving.log.info("listening on http://%s:%d", *sock.getsockname()[:2])
    http_server.run(lambda: http.serve(node, sock, on_start=on_start))


def _witness(args: argparse.Namespace) -> None:
    key = serving.read_key(args.key, keys.SignatureType.COSIGNATURE_V1)
    logs: dict[str, keys.VerifierKey] = {}
    for spec in args.log:
        origin, sep, vkey = spec.partition("=")
        try:
            if not sep or not origin:
                raise ValueError("expected ORIGIN=VKEY")
            logs[origin] = keys.VerifierKey.from_vkey(vkey)
        except ValueError as exc:
            raise ConfigurationError(f"bad --log {spec!r}: {exc}") from exc
    fixed = os.environ.get(WITNESS_CLOCK_ENV)
    clock = (lambda: int(fixed)) if fixed else (lambda: int(time.time()))
    args.data.mkdir(parents=True, exist_ok=True)
    state = WitnessState(args.data / "witness.sqlite3", key.verifier().to_vkey())
    sock = serving.bind(args.host, args.port)
    for origin in logs:
        serving.log.info("witnessing %r at /%s/checkpoint", origin, hashlib.sha256(origin.encode()).hexdigest())
    serving.run(create_witness_app(Witness(key, logs, state, clock), body_timeout=args.body_timeout), sock)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    serving.configure_logging()
    try:
        {"keygen": _keygen, "serve": _serve, "witness": _witness}[args.command](args)
    except ConfigurationError as exc:
        print(f"ledger-node: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
