"""Start ``ledger-node serve`` and ``ledger-node witness`` as real subprocesses on loopback, for tests.

Each process gets a free port (it binds ``--port 0`` and logs the port it got),
its own data directory and key file under a directory you pass (``tmp_path``),
and its own log file (``<name>.log``): nothing it logs reaches the test
process's ``logging``. Start-up waits for ``GET /healthz`` with a bounded
deadline; :meth:`LedgerProcess.stop` sends SIGTERM then SIGKILL. Use the
context managers (or the ``stop`` of every process you start) so no process
outlives its test::

    with start_witness(tmp_path, logs={ORIGIN: log_vkey}) as witness, \\
         start_node(tmp_path, origin=ORIGIN, cbp_did=parties.cbp.did, witnesses=[witness]) as node:
        ack = requests.post(node.url + "/add-entry", data=parties.registration("P-NOPAL", key)).json()

:class:`NodeParties` makes signed credentials (CBP, ``PartyRegistration``s and
party records) to submit. Keys here are for tests only.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from ledger_client import checkpoint, keys, merkle, tile_proofs, tiles, wire, wire_tiles, witness
from ledger_client import checkpoint as ckpt
from ledger_client.credentials import ProofOptions, SigningKey, sign_credential
from ledger_client.credentials.strict_json import JsonObject
from ledger_node import serving

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
_LISTENING = re.compile(rb"listening on (http://[0-9.]+:[0-9]+)")


def fixed_signing_key(name: str, kind: keys.SignatureType) -> keys.SigningKey:
    """A note key from a fixed seed derived from its name (tests only)."""
    return keys.SigningKey(name, kind, hashlib.sha256(f"node test seed {name} {int(kind)}".encode()).digest())


@dataclass
class LedgerProcess:
    """One running ``ledger-node`` subprocess.

    Attributes:
        url: ``http://127.0.0.1:<port>`` (no trailing slash).
        process: the subprocess.
        log_path: its stderr.
        data_dir: its data directory.
        vkey: the verifier key of its key (log key for a node, cosignature key for a witness).
        args: the command line it was started with (to restart it: :func:`restart`).
    """

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    data_dir: Path
    vkey: str
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM, then SIGKILL after a deadline; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL (a crash)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(STOP_TIMEOUT)

    def wait_exit(self, timeout: float = START_TIMEOUT) -> int:
        """Wait until the process exits by itself (an injected crash); returns its status."""
        return self.process.wait(timeout)

    def __enter__(self) -> LedgerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def command(*args: str) -> list[str]:
    """The argv that runs ``ledger-node <args>`` with this interpreter."""
    return [sys.executable, "-m", "ledger_node", *args]


def launch(
    args: Sequence[str], *, log_path: Path, data_dir: Path, vkey: str, env: Mapping[str, str] | None = None
) -> LedgerProcess:
    """Run ``ledger-node <args>`` (which must include ``--port 0``) and wait until it answers /healthz.

    Raises:
        RuntimeError: it exited or did not answer in time (the message holds its log).
    """
    full_env = {**os.environ, **(env or {})}
    log_file = log_path.open("ab")
    process = subprocess.Popen(command(*args), stdout=log_file, stderr=log_file, env=full_env)
    log_file.close()
    running = LedgerProcess("", process, log_path, data_dir, vkey, list(args), dict(env or {}))
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while not running.url:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ledger-node did not start:\n{running.log_text()}")
            found = _LISTENING.findall(log_path.read_bytes())
            if found:
                running.url = found[-1].decode("ascii")
            else:
                time.sleep(0.02)
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(running.url + "/healthz", timeout=2).status_code == 200:
                    return running
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ledger-node did not answer /healthz:\n{running.log_text()}")
            time.sleep(0.02)
    except BaseException:
        running.kill()
        raise


def wait_until_published(node: LedgerProcess, timeout: float = START_TIMEOUT) -> int:
    """Wait until the node has published every entry it stored (after a restart it recovers them
    in the background); returns the published size.

    Raises:
        TimeoutError: not within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        health = requests.get(node.url + "/healthz", timeout=5).json()
        if health["checkpoint_size"] is not None and health["unpublished_entries"] == 0:
            return int(health["checkpoint_size"])
        if time.monotonic() > deadline:
            raise TimeoutError(f"{node.url} still has unpublished entries: {health}")
        time.sleep(0.02)


def restart(previous: LedgerProcess, *, env: Mapping[str, str] | None = None) -> LedgerProcess:
    """Stop ``previous`` if it runs, and start the same command again on the same port (same data
    directory and key), with ``env`` instead of its old extra environment."""
    previous.stop()
    args = list(previous.args)
    args[args.index("--port") + 1] = previous.url.rsplit(":", 1)[1]
    return launch(args, log_path=previous.log_path, data_dir=previous.data_dir, vkey=previous.vkey, env=env)


def start_node(
    tmp: Path,
    *,
    origin: str,
    cbp_did: str,
    witnesses: Sequence[LedgerProcess] = (),
    quorum: int | None = None,
    name: str = "node",
    key: keys.SigningKey | None = None,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
) -> LedgerProcess:
    """Start ``ledger-node serve`` for ``origin`` in ``tmp/<name>`` (key made up unless given)."""
    base = tmp / name
    base.mkdir(parents=True, exist_ok=True)
    key = key or fixed_signing_key(origin.replace(" ", "_"), keys.SignatureType.ED25519)
    key_file = base / "log.key"
    if not key_file.exists():
        serving.write_key(key_file, key)
    args = ["serve", "--data", str(base / "data"), "--key", str(key_file), "--origin", origin]
    args += ["--cbp-key", cbp_did, "--host", "127.0.0.1", "--port", "0"]
    for w in witnesses:
        args += ["--witness", f"{w.url}={w.vkey}"]
    if quorum is not None:
        args += ["--quorum", str(quorum)]
    args += list(extra_args)
    return launch(args, log_path=base / f"{name}.log", data_dir=base / "data", vkey=key.verifier().to_vkey(), env=env)


def start_witness(
    tmp: Path,
    *,
    logs: Mapping[str, str],
    name: str = "witness",
    key: keys.SigningKey | None = None,
    env: Mapping[str, str] | None = None,
) -> LedgerProcess:
    """Start ``ledger-node witness`` trusting ``logs`` (origin to log vkey) in ``tmp/<name>``."""
    base = tmp / name
    base.mkdir(parents=True, exist_ok=True)
    key = key or fixed_signing_key(name, keys.SignatureType.COSIGNATURE_V1)
    key_file = base / "witness.key"
    if not key_file.exists():
        serving.write_key(key_file, key)
    args = ["witness", "--data", str(base / "data"), "--key", str(key_file), "--host", "127.0.0.1", "--port", "0"]
    for origin, vkey in logs.items():
        args += ["--log", f"{origin}={vkey}"]
    return launch(args, log_path=base / f"{name}.log", data_dir=base / "data", vkey=key.verifier().to_vkey(), env=env)


# ---------------------------------------------------------------------------- credentials to submit

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CREATED = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class NodeParties:
    """CBP's key and party keys from fixed seeds, and the credentials they sign (tests only)."""

    cbp: SigningKey = field(default_factory=lambda: SigningKey.from_seed(hashlib.sha256(b"test CBP").digest()))

    @staticmethod
    def party_key(party_id: str) -> SigningKey:
        return SigningKey.from_seed(hashlib.sha256(f"test party {party_id}".encode()).digest())

    @staticmethod
    def sign(key: SigningKey, types: Sequence[str], subject: JsonObject) -> JsonObject:
        document: JsonObject = {
            "@context": [V2_CONTEXT],
            "type": ["VerifiableCredential", *types],
            "issuer": key.did,
            "credentialSubject": subject,
        }
        return sign_credential(document, key, ProofOptions(created=CREATED))

    def registration(self, party_id: str, *party_keys: SigningKey) -> bytes:
        """A ``PartyRegistration`` of ``party_id`` signed by CBP (keys default to :meth:`party_key`)."""
        listed = party_keys or (self.party_key(party_id),)
        subject: JsonObject = {
            "id": party_id,
            "type": "Party",
            "legalName": f"{party_id} Ltd.",
            "country": "MX",
            "roles": ["exporter"],
            "keys": [k.did for k in listed],
        }
        return to_body(self.sign(self.cbp, ["PartyRegistration"], subject))

    def record(self, key: SigningKey, serial: int | str, **extra: str) -> bytes:
        """A small trade record signed by ``key``; ``serial`` makes each one distinct."""
        return to_body(self.sign(key, ["TestRecord"], {"id": f"urn:test:{serial}", **extra}))


def to_body(document: JsonObject) -> bytes:
    return json.dumps(document, indent=1).encode("utf-8")


@contextlib.contextmanager
def running(*processes: LedgerProcess) -> Iterator[tuple[LedgerProcess, ...]]:
    """Stop every process on the way out, even on failure."""
    try:
        yield processes
    finally:
        for p in processes:
            p.stop()


# ---------------------------------------------------------------------------- checking a node through the client


class HttpTileSource:
    """A ``ledger_client.tile_proofs.TileSource`` reading tiles from a running node over HTTP.

    Tiles and bundles are immutable, so each is fetched once and kept (the checkpoint never is).
    """

    def __init__(self, url: str, session: requests.Session | None = None) -> None:
        self.url = url
        self.session = session or requests.Session()
        self._kept: dict[str, bytes] = {}

    def get(self, path: str) -> bytes:
        from ledger_client.errors import TransportError

        if path in self._kept:
            return self._kept[path]
        answer = self.session.get(f"{self.url}/{path}", timeout=10)
        if answer.status_code != 200:
            raise TransportError(f"{path}: {answer.status_code}", url=path, status=answer.status_code)
        if path.startswith("tile/"):
            self._kept[path] = answer.content
        return answer.content

    def read_tile(self, tile: tiles.TileId) -> bytes:
        return self.get(tile.path())


def verify_node(
    url: str,
    trust: checkpoint.LogTrust,
    *,
    acknowledged: Mapping[int, bytes] = {},
    checkpoints: Sequence[bytes] = (),
    witnessed: bool = False,
) -> wire.Checkpoint:
    """Check a node with the client's tile-only verifier; returns the checkpoint it serves now.

    1. ``GET /checkpoint`` is signed by the log key for the origin (and meets the witness
       policy when ``witnessed``); 2. its edge tiles reproduce its root; 3. every entry bundle
       hashes to the verified tiles; 4. every acknowledged ``index -> entry`` is there, with a
       verified inclusion proof; 5. every pair of ``checkpoints`` (and the current one) is
       consistent, proved from tiles.

    Raises:
        LedgerError: a subclass, for the first thing that does not verify.
        AssertionError: an acknowledged entry is missing or different.
    """
    source = HttpTileSource(url)
    served = source.get("checkpoint")
    if witnessed:
        body = ckpt.verify_checkpoint(served, trust).checkpoint
    else:
        body = ckpt.open_log_note(served, trust)[1]
    if body.size == 0:
        assert not acknowledged
        return body
    tree = tile_proofs.TileTree(body.size, body.root, source)
    entries: list[bytes] = []
    for bundle in tiles.bundles_for_size(body.size):
        records = wire_tiles.parse_entry_bundle(source.get(bundle.path()), bundle)
        tree.verify_bundle(bundle, records)
        entries.extend(records)
    for index, entry in acknowledged.items():
        assert index < body.size, f"acknowledged entry {index} is not in the tree of size {body.size}"
        assert entries[index] == entry, f"entry {index} is not the acknowledged bytes"
        merkle.verify_inclusion(merkle.leaf_hash(entry), index, body.size, tree.inclusion_proof(index), body.root)
    bodies = sorted(
        {(b.size, b.root) for b in (ckpt.open_log_note(c, trust)[1] for c in checkpoints)} | {(body.size, body.root)}
    )
    for (old_size, old_root), (new_size, new_root) in itertools.combinations(bodies, 2):
        if old_size == new_size:
            raise AssertionError(f"two published roots for size {old_size}")
        if old_size == 0:
            continue
        newer = tile_proofs.TileTree(new_size, new_root, source)
        merkle.verify_consistency(old_size, new_size, old_root, new_root, newer.consistency_proof(old_size))
    return body


def log_trust(origin: str, log_vkey: str, witness_vkeys: Sequence[str] = (), quorum: int = 1) -> checkpoint.LogTrust:
    """The client's trust in a test node; without witnesses the policy is never applied (``witnessed=False``)."""
    vkeys = list(witness_vkeys) or [
        fixed_signing_key("no-witness", keys.SignatureType.COSIGNATURE_V1).verifier().to_vkey()
    ]
    return checkpoint.LogTrust(
        origin, keys.VerifierKey.from_vkey(log_vkey), witness.QuorumPolicy.from_vkeys(vkeys, quorum)
    )
