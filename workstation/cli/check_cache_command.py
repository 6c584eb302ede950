"""``workstation check-cache``: read every page of the profile's encrypted cache and say whether it is sound.

Opening a profile reads only the first pages of the cache (a full check takes
seconds on a large ledger); this command runs the full check on demand. A
damaged cache is moved aside, never deleted, and the command exits 4.
"""

from __future__ import annotations

import argparse

from workstation.cli import exits
from workstation.cli.opening import open_profile


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check-cache", help="read every page of the encrypted cache (exit 0 sound, 4 damaged)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    opened = open_profile(args)
    try:
        entries = opened.mirror.entry_count()
        opened.check_cache()  # CacheCorruptedError reaches main(): exit 4 with the evidence
    finally:
        opened.close()
    exits.emit({"cache": str(opened.profile.cache_path), "sound": True, "entries": entries})
    return exits.RAN
