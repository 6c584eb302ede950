"""Opening the profile a command names (``--profile``, ``--passphrase-file``): one way for every command."""

from __future__ import annotations

import argparse
import os

from workstation import profiles, session
from workstation.cli import exits


def open_profile(args: argparse.Namespace) -> session.Session:
    """The named profile, opened with its passphrase; a profile never synced is a usage error."""
    profile = profiles.Profile.named(args.profile)
    if not profile.exists():
        raise exits.UsageError(f"profile {profile.name!r} has no cache yet: run 'workstation sync' first")
    passphrase = profiles.read_passphrase(passphrase_file=args.passphrase_file, environ=os.environ)
    return session.open_session(profile, passphrase)
