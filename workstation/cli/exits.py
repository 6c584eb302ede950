"""Exit codes of the ``workstation`` command and how errors map to them.

0: the command ran (whatever the verdict). 2: usage, or input that cannot be
read. 3: a security failure (a fork or rollback, a checkpoint or proof that does
not verify). 4: the cache or the network could not be used.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import ledger_client

RAN = 0
USAGE = 2
SECURITY = 3
UNAVAILABLE = 4


class UsageError(Exception):
    """The command line or an input file cannot be used (exit 2); the message is ours."""


def emit(obj: Mapping[str, object]) -> None:
    """One JSON object on standard output; text from outside cannot reorder or hide what the terminal shows.

    Such characters only occur inside JSON strings, where their ``\\uXXXX`` escape means the same.
    """
    sys.stdout.write(ledger_client.terminal_json(obj, default=str) + "\n")
    sys.stdout.flush()


def for_error(exc: ledger_client.LedgerError) -> tuple[int, dict[str, object]]:
    """The exit code and JSON body for a ledger error; the message shown is ours, the evidence is data."""
    code = SECURITY if isinstance(exc, ledger_client.VerificationError) else UNAVAILABLE
    if isinstance(exc, ledger_client.MalformedResponseError):
        code = SECURITY  # a node that sends junk is not to be believed either
    return code, {
        "error": type(exc).__name__,
        "security_alert": isinstance(exc, ledger_client.LogForkError),
        "message": exc.user_message(),
        "details": dict(exc.details()),
    }
