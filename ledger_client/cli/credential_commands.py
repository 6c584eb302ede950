"""``verify-credential``, ``sign-credential`` and ``keygen``: signed trade records from the command line.

``verify-credential`` reads the document as text, so member order, duplicate
members and number spelling are judged on what was received, and prints
``proof``, ``credential``, ``verdict``, ``reason`` and ``verified_document``.
Status lists and non-did:key keys come from files named on the command line:
nothing is fetched. Exit 0 for accept, 1 for reject, 2 for usage or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from ledger_client import party_keys
from ledger_client.cli import output
from ledger_client.credentials import (
    JsonObject,
    ProofOptions,
    SigningKey,
    TrustedKeys,
    Verdict,
    check_credential_text,
    keyfile,
    parse_json_object,
    sign_credential,
)
from ledger_client.credentials.data_integrity import ASSERTION_METHOD
from ledger_client.credentials.xsd_datetime import parse_date_time_stamp
from ledger_client.errors import CredentialFormatError, KeyFileError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the credential subcommands to ``ledger-client``."""
    verify = subparsers.add_parser("verify-credential", help="verify a VC 2.0 credential secured with eddsa-jcs-2022")
    verify.add_argument("file", metavar="FILE|-", help="the secured credential (JSON text); - for stdin")
    verify.add_argument("--at", metavar="ISO8601", help="evaluation time with a time zone (default: now)")
    verify.add_argument("--purpose", default=ASSERTION_METHOD, help="expected proof purpose")
    verify.add_argument(
        "--status-list",
        metavar="URL=FILE",
        action="append",
        default=[],
        help="a status list credential for URL, read from FILE (split at the last '=')",
    )
    verify.add_argument("--key-lookup", metavar="KEYS.json", help="trusted verification methods that are not did:key")
    verify.set_defaults(run=run_verify)

    sign = subparsers.add_parser(
        "sign-credential",
        help="secure a credential with eddsa-jcs-2022 (a did:web issuer's proof names <did:web>#<key multibase>)",
    )
    sign.add_argument("file", metavar="FILE|-", help="the unsigned credential (JSON text); - for stdin")
    sign.add_argument("--key", required=True, metavar="KEYFILE", help="the issuer's key file")
    sign.add_argument("--created", metavar="ISO8601", help="the proof's created time (default: now)")
    sign.set_defaults(run=run_sign)

    keygen = subparsers.add_parser("keygen", help="create an Ed25519 key file (mode 0600) and print its did:key")
    keygen.add_argument("--out", required=True, metavar="KEYFILE", help="where to write the new key file")
    keygen.add_argument("--name", default="issuer key", help="a label stored in the key file")
    keygen.set_defaults(run=run_keygen)


def _time(text: str | None, option: str) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        return parse_date_time_stamp(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        output.fail_usage(f"{option} {text!r} is not an ISO 8601 date-time")
    if moment.tzinfo is None:
        output.fail_usage(f"{option} {text!r} needs a time zone (e.g. Z or +02:00)")
    return moment


def _json_object_file(path: str, what: str) -> JsonObject:
    text = output.read_text(path, what=what)
    try:
        return parse_json_object(text, what=what)
    except CredentialFormatError as exc:
        output.fail_usage(f"{what} {path!r}: {exc}")


def _status_lists(pairs: list[str]) -> dict[str, JsonObject]:
    lists: dict[str, JsonObject] = {}
    for pair in pairs:
        url, equals, path = pair.rpartition("=")
        if not equals or not url or not path:
            output.fail_usage(f"--status-list {pair!r} is not URL=FILE")
        if url in lists:
            output.fail_usage(f"--status-list gives {url!r} twice")
        lists[url] = _json_object_file(path, "status list")
    return lists


def run_verify(args: argparse.Namespace) -> int:
    """``verify-credential``: print the outcome; exit 0 for accept, 1 for reject."""
    at = _time(args.at, "--at")
    keys = None
    if args.key_lookup is not None:
        try:
            keys = TrustedKeys.from_json(_json_object_file(args.key_lookup, "key lookup"))
        except ValueError as exc:
            output.fail_usage(f"key lookup {args.key_lookup!r}: {exc}")
    status_lists = _status_lists(args.status_list)
    text = output.read_text(args.file, what="credential")
    check = check_credential_text(text, at=at, purpose=args.purpose, keys=keys, status_lists=status_lists)
    output.emit(check.to_json())
    return output.EXIT_GOOD if check.verdict is Verdict.ACCEPT else output.EXIT_BAD_VERDICT


def _load_key(path: str) -> SigningKey:
    try:
        loaded = keyfile.load_key_file(path)
    except KeyFileError as exc:
        output.fail_usage(f"key file {path!r}: {exc}")
    if loaded.demo:
        sys.stderr.write(f"warning: {path} is a DEMO key, published with the source code; never use it for real.\n")
    return loaded.key


def run_sign(args: argparse.Namespace) -> int:
    """``sign-credential``: print the secured credential."""
    key = _load_key(args.key)
    created = _time(args.created, "--created")
    document = _json_object_file(args.file, "credential")
    method = None
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if isinstance(issuer_id, str) and issuer_id.startswith(party_keys.WEB_PREFIX):
        # a did:web issuer names the key it signs with as <did:web>#<multibase> (ledger_client.party_keys)
        method = f"{issuer_id}#{key.public_key_multibase}"
    try:
        signed = sign_credential(document, key, ProofOptions(created=created, verification_method=method))
    except ValueError as exc:
        output.fail_usage(f"cannot sign {args.file!r}: {exc}")
    output.emit(signed)
    return output.EXIT_GOOD


def run_keygen(args: argparse.Namespace) -> int:
    """``keygen``: write a new key file (mode 0600) and print its did:key."""
    key = SigningKey.generate()
    try:
        keyfile.write_key_file(args.out, key, name=args.name)
    except KeyFileError as exc:
        output.fail_usage(f"key file {args.out!r}: {exc}")
    output.emit(
        {
            "did": key.did,
            "verificationMethod": key.verification_method_id,
            "publicKeyMultibase": key.public_key_multibase,
            "keyFile": args.out,
        }
    )
    return output.EXIT_GOOD
