"""Argument types shared by the ``ledger-client`` subcommands."""

from __future__ import annotations

import argparse

from ledger_client import wire
from ledger_client.errors import MalformedResponseError


def non_negative(text: str) -> int:
    """A decimal uint64 (an index, a size, a POSIX time), read as strictly as the wire format reads one."""
    try:
        return wire.parse_decimal_u64(text, what="number")
    except MalformedResponseError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative decimal integer") from None
