"""Supervisor key files: the Ed25519 seed encrypted at rest under a passphrase (Argon2id + secret box).

Format (JSON, mode 0600, never overwritten)::

    {"type": "Ed25519ProtectedKeyFile", "version": 1, "name": "...", "did": "did:key:z6Mk...",
     "kdf": "argon2id", "opslimit": 2, "memlimit": 67108864, "salt": "<base64>",
     "box": "<base64 of nonce || XSalsa20-Poly1305(seed)>"}

The box key is Argon2id (memory-hard) of the passphrase and salt; the decrypted seed
must derive the ``did`` written beside it. The only plain key file accepted is a
published DEMO key (``ledger_client`` key file with ``"demo": true``): it loads
with ``SupervisorKey.demo`` set, so screens and reports can say so.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

import ledger_client
from ledger_client.credentials import (
    SigningKey,
    SmallFile,
    SmallFileError,
    canonicalize,
    load_key_file,
    parse_json_object,
    read_small_file,
)
from ledger_client.errors import CredentialFormatError, KeyFileError
from workstation.reports.errors import ReportKeyError, WrongKeyPassphraseError

FILE_TYPE = "Ed25519ProtectedKeyFile"
PLAIN_TYPE = "Ed25519KeyFile"
OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE
MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE
_MAX_BYTES = 16 * 1024


@dataclass(frozen=True, slots=True)
class SupervisorKey:
    """An unlocked supervisor key.

    Attributes:
        name: the label in the file (untrusted for display: the ledger's registration names the person).
        demo: a published DEMO key (never a secret; reports signed with it are demonstrations).
    """

    key: SigningKey
    name: str
    demo: bool
    path: str

    @property
    def did(self) -> str:
        return self.key.did


def _box(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> nacl.secret.SecretBox:
    secret = nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt, opslimit=opslimit, memlimit=memlimit
    )
    return nacl.secret.SecretBox(secret)


def write_protected_key(
    path: str | os.PathLike[str],
    key: SigningKey,
    *,
    name: str,
    passphrase: str,
    opslimit: int = OPSLIMIT,
    memlimit: int = MEMLIMIT,
) -> None:
    """Create a passphrase-protected key file with mode 0600 (refusing to replace a file).

    Raises:
        ValueError: the passphrase is empty.
        ReportKeyError: the file exists or cannot be written.
    """
    if not passphrase:
        raise ValueError("a supervisor key needs a passphrase")
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = _box(passphrase, salt, opslimit, memlimit).encrypt(key.seed)
    text = canonicalize(
        {
            "type": FILE_TYPE,
            "version": 1,
            "name": name,
            "did": key.did,
            "kdf": "argon2id",
            "opslimit": opslimit,
            "memlimit": memlimit,
            "salt": base64.b64encode(salt).decode("ascii"),
            "box": base64.b64encode(bytes(box)).decode("ascii"),
        }
    )
    target = os.fspath(path)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        raise ReportKeyError("the key file cannot be created", path=target, problem="exists_or_unwritable") from exc
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(text + b"\n")


def protect_key_file(plain: str | os.PathLike[str], out: str | os.PathLike[str], passphrase: str) -> str:
    """Write a protected copy of a plain ``ledger_client`` key file; returns the key's did."""
    try:
        loaded = load_key_file(plain)
    except KeyFileError as exc:
        raise ReportKeyError("the plain key file cannot be read", problem=exc.details().get("problem")) from exc
    write_protected_key(out, loaded.key, name=loaded.name, passphrase=passphrase)
    return loaded.key.did


def _read(target: str) -> tuple[dict[str, object], SmallFile]:
    try:
        read = read_small_file(target, limit=_MAX_BYTES)
    except SmallFileError as exc:
        unreadable = exc.problem == "unreadable"
        message = "the key file cannot be read" if unreadable else "the key file is not a small regular file"
        raise ReportKeyError(message, path=target, problem=exc.problem) from exc
    try:
        content = parse_json_object(read.data.decode("utf-8"), what="key file")
    except (UnicodeDecodeError, CredentialFormatError) as exc:
        raise ReportKeyError("the key file is not JSON", path=target, problem="malformed") from exc
    return dict(content), read


def needs_passphrase(path: str | os.PathLike[str]) -> bool:
    """Whether the file is a protected key (a DEMO key needs none). Raises ReportKeyError if unreadable."""
    content, _file = _read(os.fspath(path))
    return content.get("type") == FILE_TYPE


def load_supervisor_key(path: str | os.PathLike[str], passphrase: str | None = None) -> SupervisorKey:
    """Unlock a supervisor key file.

    Raises:
        ReportKeyError: unreadable, malformed, group/other-accessible, a plain key that is not a DEMO key
            (``problem="unprotected"``), or no passphrase given for a protected key (``problem="passphrase_needed"``).
        WrongKeyPassphraseError: the passphrase does not open the box.
    """
    target = os.fspath(path)
    content, read = _read(target)
    if content.get("type") == PLAIN_TYPE:
        try:
            plain = load_key_file(target)
        except KeyFileError as exc:
            raise ReportKeyError("the key file is not usable", path=target, problem="malformed") from exc
        if not plain.demo:
            raise ReportKeyError(
                "a supervisor key must be protected by a passphrase", path=target, problem="unprotected"
            )
        return SupervisorKey(plain.key, plain.name, True, target)
    if content.get("type") != FILE_TYPE or content.get("version") != 1 or content.get("kdf") != "argon2id":
        raise ReportKeyError("the file is not a supervisor key file", path=target, problem="malformed")
    if not read.private:
        raise ReportKeyError("the key file is accessible by group or others; chmod 600 it", path=target,
                             problem="permissions")  # fmt: skip
    if not passphrase:
        raise ReportKeyError("the key file needs its passphrase", path=target, problem="passphrase_needed")
    name, did, ops, mem, salt, box = (content.get(k) for k in ("name", "did", "opslimit", "memlimit", "salt", "box"))
    if not (isinstance(name, str) and isinstance(did, str) and isinstance(salt, str) and isinstance(box, str)):
        raise ReportKeyError("the key file lacks a member", path=target, problem="malformed")
    if not (isinstance(ops, int) and isinstance(mem, int)) or ops > 16 or mem > (1 << 31):
        raise ReportKeyError("the key file's work factors are not usable", path=target, problem="malformed")
    try:
        raw_salt, raw_box = ledger_client.decode_base64(salt, what="salt"), ledger_client.decode_base64(box, what="box")
        seed = _box(passphrase, raw_salt, ops, mem).decrypt(raw_box)
    except nacl.exceptions.CryptoError as exc:
        raise WrongKeyPassphraseError("the passphrase does not open the key", path=target) from exc
    except (ledger_client.Base64Error, ValueError, nacl.exceptions.ValueError) as exc:
        raise ReportKeyError("the key file's salt or box is malformed", path=target, problem="malformed") from exc
    try:
        key = SigningKey.from_seed(bytes(seed))
    except ValueError as exc:
        raise ReportKeyError("the key file holds no Ed25519 seed", path=target, problem="malformed") from exc
    if key.did != did:
        raise ReportKeyError("the key file's did does not match its key", path=target, problem="malformed")
    return SupervisorKey(key, name, False, target)


def demo_key_path() -> Path:
    """The published DEMO supervisor key (``resources/demo/supervisor.key``)."""
    import resources  # noqa: PLC0415 - only the demo needs it

    return Path(resources.__file__).parent / "demo" / "supervisor.key"
