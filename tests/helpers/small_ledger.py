"""Fixtures of a small ledger served on loopback, shared by the workstation's headless and GUI tests.

``ledger``: a registered party and 20 of its records (21 entries); ``served``: the
first :data:`PUBLISHED` of them under a checkpoint signed by the test log and
witnesses; ``url``: that log on a loopback port; ``trust`` and ``trust_file``: what a
profile pins for it. Registered for every test by ``tests/conftest.py``; a test module
may override any of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog

PUBLISHED = 15


@pytest.fixture(scope="module")
def ledger() -> CredentialLog:
    log = CredentialLog()
    log.register("P-NOPAL")
    for i in range(20):
        log.record("P-NOPAL", hs=f"7323.{i:02d}")
    return log


@pytest.fixture
def served(ledger: CredentialLog) -> ServedLog:
    log = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    log.publish(PUBLISHED)
    return log


@pytest.fixture
def url(served: ServedLog) -> Iterator[str]:
    with serve(served) as base:
        yield base


@pytest.fixture
def trust(ledger: CredentialLog) -> dict[str, object]:
    return {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp.did}


@pytest.fixture
def trust_file(tmp_path: Path, trust: dict[str, object]) -> Path:
    path = tmp_path / "trust.json"
    path.write_text(json.dumps(trust))
    return path
