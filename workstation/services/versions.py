"""The versions the About dialog lists: the app, Python, Qt, PySide6, SQLCipher, and the ledger's origin."""

from __future__ import annotations

import platform
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import qVersion

from ledger_client import version
from workstation import session as session_module


@dataclass(frozen=True, slots=True)
class Versions:
    app: str
    python: str
    qt: str
    pyside: str
    sqlcipher: str
    origin: str


def app_version() -> str:
    return version.version()


def read_versions(opened: session_module.Session) -> Versions:
    """Collect the versions (runs in the worker: it asks the encrypted cache for SQLCipher's)."""
    row = opened.connection.execute("PRAGMA cipher_version").fetchone()
    return Versions(
        app=app_version(),
        python=platform.python_version(),
        qt=qVersion(),
        pyside=PySide6.__version__,
        sqlcipher=str(row[0]) if row else "unknown",
        origin=opened.trust.origin,
    )
