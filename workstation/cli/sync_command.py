"""``workstation sync``: verify the ledger and bring the profile's mirror up to date."""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from pathlib import Path

import ledger_client
from ledger_client import credentials
from workstation import profiles, session
from workstation.cli import exits
from workstation.store.officer_key import OfficerKeyStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help="verify the ledger and update the profile's encrypted mirror")
    p.add_argument("--ledger", help="the ledger node's URL (stored in the profile once a sync verified it)")
    p.add_argument("--trust", type=Path, help="TRUST.json installed by the agency (stored with --ledger)")
    p.add_argument(
        "--officer-key", type=Path, help="the officer's registered key file (stored, encrypted, in the profile)"
    )
    p.set_defaults(run=run)


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rsync: {done} of {total} entries verified")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


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
    passphrase = profiles.read_passphrase(
        passphrase_file=args.passphrase_file, environ=os.environ, confirm_new=not profile.exists()
    )
    officer_key = None
    if args.officer_key:
        try:
            officer_key = credentials.load_key_file(args.officer_key)
        except ledger_client.KeyFileError as exc:
            raise exits.UsageError(f"--officer-key: {exc}") from exc
    opened = session.open_session(profile, passphrase, new_settings=new_settings, keep_new_settings=False)
    try:
        if officer_key is not None:
            OfficerKeyStore(opened.connection, profile.cache_path).save(officer_key.key, name=officer_key.name)
        result = opened.client().sync(_progress if sys.stderr.isatty() else None)
        if new_settings is not None:  # only a node that passed a verified sync is remembered
            profile.save_settings(new_settings)
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
            }
        )
    finally:
        opened.close()
    return exits.RAN
