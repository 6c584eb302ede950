"""A sync killed with SIGKILL halfway resumes on the next run, and the mirror ends consistent;
its proof-checking worker processes do not outlive it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledger_client import sync
from tests.helpers import processes
from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from workstation import profiles, session
from workstation.__main__ import main

# The sync fetches up to 2 * sync._WINDOW + 2 bundles ahead of the last one it stored (docs/architecture.md §5),
# so the slow bundle lies further than that past the first commit batch (4096 entries, 16 bundles): by the time
# it is asked for, that batch is durable.
SLOW_BUNDLE = 16 + 2 * sync._WINDOW + 2 + 8
ENTRIES = (SLOW_BUNDLE + 4) * 256


def _alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


@pytest.mark.slow
def test_sync_killed_with_sigkill_resumes_and_ends_consistent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = CredentialLog()
    ledger.register("P-NOPAL")
    # Entries that are published but not credentials: cheap to make, stored flagged, never believed.
    entries = ledger.entries + [json.dumps({"n": i, "pad": "x" * 40}).encode() for i in range(ENTRIES - 1)]
    served = ServedLog(keys=SignedLog(), entries=entries)
    served.publish()
    slow_bundle = f"tile/entries/{SLOW_BUNDLE:03d}"
    served.delays[slow_bundle] = 30.0
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps({**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp.did}))
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "WORKSTATION_PASSPHRASE": "p4ss phrase"}
    for key in ("XDG_DATA_HOME", "WORKSTATION_PASSPHRASE"):
        monkeypatch.setenv(key, env[key])
    with serve(served) as url:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workstation", "sync", "--ledger", url, "--trust", str(trust)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while slow_bundle not in served.requests:
                assert proc.poll() is None, "the sync ended before it reached the slow bundle"
                assert time.monotonic() < deadline, "the sync never reached the slow bundle"
                time.sleep(0.05)
            workers = processes.children(proc.pid)  # the proof checkers (enough entries for workers)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait(timeout=10)
        assert workers
        deadline = time.monotonic() + 20
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _alive(workers) == [], "a worker process outlived the killed sync"
        profile = profiles.Profile.named("default")
        assert not profile.settings_path.exists()  # a first sync that did not finish stores no settings
        unsaved = profiles.ProfileSettings(url, json.loads(trust.read_text()))
        opened = session.open_session(profile, env["WORKSTATION_PASSPHRASE"], new_settings=unsaved,
                                      keep_new_settings=False)  # fmt: skip
        try:
            stored = opened.mirror.entry_count()
            assert opened.mirror.trusted_note() is None
            assert opened.mirror.pending_note() is not None
        finally:
            opened.close()
        assert 4096 <= stored < ENTRIES
        served.delays.clear()
        served.requests.clear()
        assert main(["sync", "--ledger", url, "--trust", str(trust)]) == 0
        assert "tile/entries/000" not in served.requests  # the durable part was not fetched again
    opened = session.open_session(profile, env["WORKSTATION_PASSPHRASE"])
    try:
        assert opened.mirror.entry_count() == ENTRIES
        assert opened.mirror.pending_note() is None
        trusted = opened.trusted_checkpoint()
        assert trusted is not None and trusted.size == ENTRIES
        assert opened.mirror.count_rejected() == ENTRIES - 1
    finally:
        opened.close()
