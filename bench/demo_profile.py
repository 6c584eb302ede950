"""The profile the benchmarks measure: the demo ledger served over loopback and synced once (about 3 s).

``synced_demo()`` makes a fresh ``XDG_DATA_HOME``, serves the demo ledger with the test
log keys and a witness quorum of 2, runs ``workstation sync`` against it and returns
what a benchmark needs: the trust file, the parsed trust, and the profile's passphrase
(also set in ``WORKSTATION_PASSPHRASE``, so ``workstation`` commands open the profile).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ledger_client
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import profiles, session
from workstation.__main__ import main

PASSPHRASE = "bench"


@dataclass(frozen=True, slots=True)
class DemoProfile:
    """The synced default profile under a temporary ``XDG_DATA_HOME``."""

    home: Path
    trust_path: Path
    trust: ledger_client.TrustConfig

    def open(self) -> session.Session:
        return session.open_session(profiles.Profile.named("default"), PASSPHRASE)


def synced_demo() -> DemoProfile:
    """Sync the demo ledger into a new default profile (the node stops once synced)."""
    ledger = demo.generate()
    home = Path(tempfile.mkdtemp())
    trust_path = home / "trust.json"
    trust_path.write_text(json.dumps({**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}))
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    os.environ.update({"XDG_DATA_HOME": str(home), "WORKSTATION_PASSPHRASE": PASSPHRASE})
    with serve(served) as url, contextlib.redirect_stdout(io.StringIO()):
        assert main(["sync", "--ledger", url, "--trust", str(trust_path)]) == 0
    return DemoProfile(home, trust_path, ledger_client.parse_trust_file(trust_path.read_bytes()))
