"""The demo ledger: a node and its witness holding the DEMO records of ``trade.demo`` (docs/domain.md §6).

``ledger-node serve --demo --data DIR`` starts a witness process with the DEMO
witness key, then a node with the DEMO log key that cosigns through it, and
seeds the node's empty log with ``trade.demo.generate().entries`` in order.
Every entry goes through admission, except the one record the demo breaks on
purpose (C-U-015, altered after signing to show what an altered record looks
like): admission would rightly refuse it, so it alone is appended directly, as
a published-but-unbelievable record that the workstation must flag.

Every key used here is a DEMO key published in ``resources/demo``; none protects anything.
"""

from __future__ import annotations

import ctypes
import json
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ledger_client import merkle
from ledger_node.errors import ConfigurationError
from ledger_node.node import Node

_PR_SET_PDEATHSIG = 1
_LISTENING = re.compile(r"listening on (http://[0-9.]+:[0-9]+)")
WITNESS_START_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class DemoKeys:
    """The DEMO keys and trust file shipped in ``resources/demo``."""

    folder: Path
    origin: str
    cbp_did: str
    log_key: Path
    witness_key: Path
    witness_vkey: str
    log_vkey: str

    @classmethod
    def shipped(cls) -> DemoKeys:
        folder = Path(str(resources.files("resources") / "demo"))
        try:
            trust = json.loads((folder / "trust.json").read_text(encoding="utf-8"))
            return cls(
                folder=folder,
                origin=str(trust["expected_origin"]),
                cbp_did=str(trust["cbp_issuer_key"]),
                log_key=folder / "log.key",
                witness_key=folder / "witness.key",
                witness_vkey=str(trust["witness_vkeys"][0]),
                log_vkey=str(trust["log_vkey"]),
            )
        except (OSError, ValueError, KeyError, IndexError) as exc:
            raise ConfigurationError(f"the DEMO resources in {folder} are missing or damaged") from exc


def start_witness(demo: DemoKeys, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start the DEMO witness as its own process on a free loopback port; returns it and its URL."""
    log_path = data / "witness.log"
    data.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "ledger_node", "witness", "--data", str(data / "witness"), "--key", str(demo.witness_key),
        "--log", f"{demo.origin}={demo.log_vkey}", "--port", "0",
    ]  # fmt: skip
    with log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(  # noqa: S603 - our interpreter, our files
            command,
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509 - only prctl, before exec
        )
    deadline = time.monotonic() + WITNESS_START_TIMEOUT
    while time.monotonic() < deadline:
        found = _LISTENING.search(log_path.read_text(encoding="utf-8", errors="replace"))
        if found:
            return process, found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise ConfigurationError(f"the DEMO witness did not start (see {log_path})")


def _die_with_parent() -> None:
    """In the witness child, before exec: get SIGTERM when the node exits, however it exits.

    uvicorn re-raises the signal that stopped it once it has shut down, so the node's
    own clean-up after ``serve`` does not always run; the kernel's parent-death signal does.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


async def seed(node: Node, entries: tuple[bytes, ...], tampered: tuple[int, ...]) -> int:
    """Load the demo records into an empty log; a log that already holds them is left alone.

    Returns the number of entries appended.

    Raises:
        ConfigurationError: the log holds something other than the demo ledger.
    """
    present = node.storage.entry_count()
    if present == len(entries):
        return 0
    if present != 0:
        raise ConfigurationError(f"the data directory holds {present} entries, not the demo ledger")
    start = 0
    for broken in (*tampered, len(entries)):
        await node.seed(entries[start:broken])  # through admission
        if broken < len(entries):  # the record altered on purpose: appended as published, never admitted
            await node.sequencer.submit(entries[broken], merkle.leaf_hash(entries[broken]))
        start = broken + 1
    return len(entries)
