"""``workstation sync``: verify the ledger and bring the profile's mirror up to date."""

from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import os
import sys
from pathlib import Path

import ledger_client
from ledger_client import credentials
from workstation import profiles, session
from workstation.cli import exits, opening
from workstation.store.officer_key import OfficerKeyStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help="verify the ledger and update the profile's encrypted mirror")
    p.add_argument("--ledger", help="the ledger node's URL (stored in the profile once a sync verified it)")
    p.add_argument("--trust", type=Path, help="TRUST.json installed by the agency (stored with --ledger)")
    p.add_argument(
        "--officer-key", type=Path, help="the officer's registered key file (stored, encrypted, in the profile)"
    )
    p.add_argument(
        "--stale-after-hours",
        type=int,
        help="warn when the verified checkpoint is older than this many hours (stored in the profile; default 24)",
    )
    p.set_defaults(run=run)


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rsync: {done} of {total} entries verified")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _stored_settings(profile: profiles.Profile) -> profiles.ProfileSettings:
    try:
        return profile.load_settings()
    except profiles.ProfileError as exc:
        raise exits.UsageError(str(exc)) from exc


def _warn_if_stale(opened: session.Session) -> None:
    try:
        fresh = opened.checkpoint_freshness()
    except ledger_client.LedgerError:
        return  # the stored checkpoint cannot be read either: the sync's own error says enough
    if fresh.warns:
        sys.stderr.write(f"sync: warning: {fresh.reason}\n")


def run(args: argparse.Namespace) -> int:
    profile = profiles.Profile.named(args.profile)
    new_settings = None
    if args.ledger or args.trust:
        if not (args.ledger and args.trust):
            raise exits.UsageError("--ledger and --trust go together")
        try:
            trust = json.loads(args.trust.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise exits.UsageError(f"cannot read the trust file {args.trust}") from exc
        if not isinstance(trust, dict):
            raise exits.UsageError("the trust file is not a JSON object")
        new_settings = profiles.ProfileSettings(args.ledger, trust)
        override = opening.network_override(args)
        if override is not None:  # stored with the ledger URL and trust file
            new_settings = override(new_settings)
    if args.stale_after_hours is not None:
        if args.stale_after_hours <= 0:
            raise exits.UsageError("--stale-after-hours must be a positive whole number")
        base = new_settings or _stored_settings(profile)
        new_settings = dataclasses.replace(base, stale_after_hours=args.stale_after_hours)
    passphrase = profiles.read_passphrase(
        passphrase_file=args.passphrase_file, environ=os.environ, confirm_new=not profile.exists()
    )
    officer_key = None
    if args.officer_key:
        try:
            officer_key = credentials.load_key_file(args.officer_key)
        except ledger_client.KeyFileError as exc:
            raise exits.UsageError(f"--officer-key: {exc}") from exc
    opened = session.open_session(
        profile,
        passphrase,
        new_settings=new_settings,
        keep_new_settings=False,
        network_override=opening.network_override(args),
    )
    try:
        if officer_key is not None:
            OfficerKeyStore(opened.connection, profile.cache_path).save(officer_key.key, name=officer_key.name)
        try:
            result = opened.client().sync(_progress if sys.stderr.isatty() else None)
        except ledger_client.TransportError:
            _warn_if_stale(opened)  # offline: the mirror's checkpoint is all there is; say how old it is
            raise
        if new_settings is not None:  # only a node that passed a verified sync is remembered
            profile.save_settings(opened.settings)  # as used: with the agency's locks and --proxy/--ca-bundle
        fresh = opened.checkpoint_freshness()
        if fresh.warns:
            sys.stderr.write(f"sync: warning: {fresh.reason}\n")
        exits.emit(
            {
                "profile": profile.name,
                "checkpoint": {
                    "origin": result.checkpoint.origin,
                    "size": result.checkpoint.size,
                    "root": base64.b64encode(result.checkpoint.root).decode(),
                    "witnesses": [w.key.name for w in result.checkpoint.witnesses],
                },
                "previous_size": result.previous_size,
                "new_entries": result.new_entries,
                "not_believed": result.rejected,
                "freshness": fresh.to_json(),
            }
        )
    finally:
        opened.close()
    return exits.RAN
