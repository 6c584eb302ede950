"""A real encrypted profile synced over loopback HTTP with the entries a test chooses (DEMO keys).

The log is served by ``log_server`` with the test log keys of ``signed_log`` and a witness
quorum of 2; the profile verifies and mirrors every entry, as a first sync does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from workstation import profiles, session
from workstation.__main__ import main

PASSPHRASE = "demo officer passphrase"


def trust_for(cbp_issuer: str) -> dict[str, object]:
    """The trust file of the test log, with ``cbp_issuer`` as the CBP issuer key."""
    return {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": cbp_issuer}


@contextmanager
def serving(entries: Iterable[bytes]) -> Iterator[str]:
    """Serve ``entries`` under a signed, witnessed checkpoint; yields the node's URL."""
    served = ServedLog(keys=SignedLog(), entries=list(entries))
    served.publish()
    with serve(served) as url:
        yield url


def synced_profile(root: Path, name: str, entries: Iterable[bytes], cbp_issuer: str) -> profiles.Profile:
    """A profile named ``name`` under ``root``, synced once with ``entries`` (the node then stops)."""
    profile = profiles.Profile.named(name, root=root)
    with serving(entries) as url:
        settings = profiles.ProfileSettings(url, trust_for(cbp_issuer), 0)
        opened = session.open_session(profile, PASSPHRASE, new_settings=settings)
        try:
            opened.client().sync()
        finally:
            opened.close()
    return profile


@contextmanager
def synced_cli_env(
    tmp_path_factory: pytest.TempPathFactory, entries: Iterable[bytes], cbp_issuer: str
) -> Iterator[dict[str, str]]:
    """The environment of a ``workstation`` command line whose default profile was synced with ``entries``.

    The node stays up while the context is open.
    """
    home = tmp_path_factory.mktemp("xdg")
    trust = tmp_path_factory.mktemp("trust") / "trust.json"
    trust.write_text(json.dumps(trust_for(cbp_issuer)))
    env = {"XDG_DATA_HOME": str(home), "WORKSTATION_PASSPHRASE": PASSPHRASE}
    with serving(entries) as url, pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        assert main(["sync", "--ledger", url, "--trust", str(trust)]) == 0
        yield env
