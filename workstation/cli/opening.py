"""Opening the profile a command names (``--profile``, ``--passphrase-file``): one way for every command."""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable

from workstation import profiles, session
from workstation.cli import exits


def open_profile(args: argparse.Namespace) -> session.Session:
    """The named profile, opened with its passphrase; a profile never synced is a usage error."""
    profile = profiles.Profile.named(args.profile)
    if not profile.exists():
        raise exits.UsageError(f"profile {profile.name!r} has no cache yet: run 'workstation sync' first")
    passphrase = profiles.read_passphrase(passphrase_file=args.passphrase_file, environ=os.environ)
    return session.open_session(profile, passphrase, network_override=network_override(args))


def network_override(args: argparse.Namespace) -> Callable[[profiles.ProfileSettings], profiles.ProfileSettings] | None:
    """``--proxy`` and ``--ca-bundle`` as a change to the profile's settings for this run (None: neither given)."""
    changes: dict[str, str] = {}
    if getattr(args, "proxy", None):
        changes["proxy"] = args.proxy
    if getattr(args, "ca_bundle", None):
        changes["ca_bundle"] = str(args.ca_bundle.resolve())
    if not changes:
        return None
    return lambda settings: dataclasses.replace(settings, **changes)  # type: ignore[arg-type] # str fields only

