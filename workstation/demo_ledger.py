"""The embedded demo: start ``ledger-node serve --demo`` on a free loopback port and point a profile at it.

The node (and its DEMO witness) run as child processes with their data under
the user data directory, so the demo ledger is the same from one run to the
next; the profile is told the node's new URL each time. Everything here uses
the published DEMO keys of ``resources/demo`` and protects nothing.

The node ends with the application however the application ends: :meth:`DemoLedger.stop`
on a normal quit or a handled signal, and on Linux the kernel's parent-death signal
(``prctl(PR_SET_PDEATHSIG)``) when the application is killed or crashes. The kernel sends
that signal when the *thread* that started the child ends, so the node is started from a
keeper thread of its own that lives until :meth:`DemoLedger.stop`.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from importlib import resources
from pathlib import Path

import ledger_client
from workstation import profiles

_LISTENING = re.compile(r"listening on (http://[0-9.]+:[0-9]+)")
START_TIMEOUT = 120.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
#: The demo profile's passphrase: its cache holds only the public demo data.
DEMO_PASSPHRASE = "demo profile passphrase"  # noqa: S105 - a DEMO value, protects nothing


#: The demo ledger's "today" (docs/demo-ledger.md): its records are judged as of this date.
DEMO_TODAY = date(2025, 6, 30)


class DemoLedgerError(OSError):
    """The demo node could not be started; the message says where its log is."""


def demo_trust() -> dict[str, object]:
    """The DEMO trust file shipped in ``resources/demo/trust.json``."""
    raw = json.loads((Path(str(resources.files("resources"))) / "demo" / "trust.json").read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return {k: v for k, v in raw.items() if k != "warning"}


def pins_demo_issuer(issuer_keys: tuple[str, ...]) -> bool:
    """Whether a trust configuration pins the published DEMO CBP key (the profile works on the demo ledger)."""
    return str(demo_trust().get("cbp_issuer_key")) in issuer_keys


class DemoLedger:
    """One demo node process (with its witness) for the lifetime of the application.

    Args:
        data_dir: where the node keeps its log (created if missing).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.url: str | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._keeper_done = threading.Event()

    @property
    def log_path(self) -> Path:
        return self.data_dir / "node.log"

    def start(self) -> str:
        """Start the node and wait until it answers with the demo ledger published; returns its URL."""
        if self.url is not None:
            return self.url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "ledger_node", "serve", "--demo", "--data", str(self.data_dir), "--port", "0"]
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            start_offset = log.tell()
            process = self._spawn(command, log.fileno())
        deadline = time.monotonic() + START_TIMEOUT
        url = None
        while url is None:
            with self.log_path.open("rb") as fh:
                fh.seek(start_offset)
                found = _LISTENING.search(fh.read().decode("utf-8", "replace"))
            url = found.group(1) if found else None
            self._check_alive(process, deadline)
            time.sleep(0.05)
        transport = ledger_client.HttpTransport(
            url, timeouts=ledger_client.Timeouts(connect=1, read=5, total=5), retries=0
        )
        while True:  # the node answers once its start-up (seeding the demo records) is complete
            try:
                health = json.loads(transport.get("healthz", limit=4096))
                if health.get("checkpoint_size"):
                    break
            except (ledger_client.TransportError, ledger_client.MalformedResponseError, ValueError):
                pass
            self._check_alive(process, deadline)
            time.sleep(0.1)
        transport.close()
        self.url = url
        return url

    def _spawn(self, command: list[str], log_fd: int) -> subprocess.Popen[bytes]:
        """Start the node from a keeper thread that outlives it (see the module's note on the parent-death signal)."""
        started: queue.Queue[subprocess.Popen[bytes] | OSError] = queue.Queue()
        self._keeper_done = done = threading.Event()
        parent = os.getpid()

        def keep() -> None:
            try:
                started.put(
                    subprocess.Popen(  # noqa: S603 - our interpreter, our files
                        command,
                        stdout=subprocess.DEVNULL,
                        stderr=log_fd,
                        start_new_session=True,  # the node and its witness: one group, stopped together
                        preexec_fn=(lambda: _die_with_parent(parent)) if sys.platform == "linux" else None,  # noqa: PLW1509 - only prctl, before exec
                    )
                )
            except OSError as exc:
                started.put(exc)
                return
            done.wait()  # this thread ends only once the node is stopped

        threading.Thread(target=keep, name="demo-ledger-keeper", daemon=True).start()
        got = started.get()
        if isinstance(got, OSError):
            raise DemoLedgerError(f"the demo ledger node could not be started: {got}") from got
        self._process = got
        return got

    def _check_alive(self, process: subprocess.Popen[bytes], deadline: float) -> None:
        if process.poll() is not None:
            raise DemoLedgerError(f"the demo ledger node stopped while starting; see {self.log_path}")
        if time.monotonic() > deadline:
            self.stop()
            raise DemoLedgerError(f"the demo ledger node did not start in time; see {self.log_path}")

    def settings_for(self, profile: profiles.Profile) -> profiles.ProfileSettings:
        """Start the node if needed; the settings that point ``profile`` at it (saved if the profile exists)."""
        settings = profiles.ProfileSettings(self.start() + "/", demo_trust())
        if profile.exists():
            profile.save_settings(settings)
        return settings

    def stop(self) -> None:
        """Stop the node and its witness (they share a process group of their own)."""
        if self._process is not None and self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=5)
        self._process = None
        self._keeper_done.set()
        self.url = None

    @property
    def pid(self) -> int | None:
        """The node's process id while it runs (its witness is its child)."""
        return self._process.pid if self._process is not None else None


def _die_with_parent(parent: int) -> None:
    """In the node child, before exec: get SIGTERM when the application ends, however it ends."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the application ended before the signal was armed
        os._exit(1)


def default_data_dir() -> Path:
    return profiles.data_root() / "demo-ledger"
