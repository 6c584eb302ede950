"""Signing-key files: the one module of ``ledger_client.credentials`` that touches the disk.

A key file is a small JSON object holding the seed as ``secretKeyMultibase``
(W3C layout ``8026 || seed``) with its did:key for a cross-check::

    {"type": "Ed25519KeyFile", "version": 1, "name": "...", "demo": false,
     "did": "did:key:z6Mk...", "secretKeyMultibase": "z3u2..."}

It is created with mode 0600 and never overwritten. Loading refuses a file that
group or others can access, except a DEMO key (``"demo": true``): DEMO keys are
published in the repository, where git does not keep file modes, and the
loaded key says it is one (``KeyFile.demo``). A DEMO key is never a secret.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from ledger_client.credentials import strict_json
from ledger_client.credentials.signing_key import SigningKey
from ledger_client.credentials.small_file import SmallFileError, read_small_file
from ledger_client.credentials.strict_json import JsonObject
from ledger_client.errors import CredentialFormatError, KeyFileError

FILE_TYPE = "Ed25519KeyFile"
FILE_VERSION = 1
DEMO_WARNING = "DEMO KEY: published with the source code. Never use it outside the demo; it protects nothing."
_MAX_KEY_FILE_BYTES = 16 * 1024
_MEMBERS = frozenset({"type", "version", "name", "demo", "did", "secretKeyMultibase", "warning"})


@dataclass(frozen=True, slots=True)
class KeyFile:
    """A loaded key file.

    Attributes:
        key: the signing key.
        name: the label written into the file (the owner's, untrusted for display).
        demo: whether this is a published DEMO key.
        path: where it was read from.
    """

    key: SigningKey
    name: str
    demo: bool
    path: str


def key_file_json(key: SigningKey, *, name: str, demo: bool = False) -> JsonObject:
    """The JSON object of a key file (a DEMO key carries a warning and a name starting with DEMO)."""
    if demo and not name.startswith("DEMO"):
        name = f"DEMO {name}"
    content: JsonObject = {
        "type": FILE_TYPE,
        "version": FILE_VERSION,
        "name": name,
        "demo": demo,
        "did": key.did,
        "secretKeyMultibase": key.secret_key_multibase(),
    }
    if demo:
        content["warning"] = DEMO_WARNING
    return content


def write_key_file(path: str | os.PathLike[str], key: SigningKey, *, name: str, demo: bool = False) -> None:
    """Create a new key file with mode 0600 (refusing to replace an existing file).

    Raises:
        KeyFileError: the file exists or cannot be written.
    """
    text = strict_json.canonicalize(key_file_json(key, name=name, demo=demo)) + b"\n"
    target = os.fspath(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, flags, 0o600)
    except FileExistsError:
        raise KeyFileError("a file already exists at the key file path", path=target, problem="exists") from None
    except OSError as exc:
        raise KeyFileError("the key file cannot be created", path=target, problem="unreadable") from exc
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise KeyFileError("the key file cannot be written", path=target, problem="unreadable") from exc


def load_key_file(path: str | os.PathLike[str]) -> KeyFile:
    """Read a key file, refusing one that others can read unless it is a DEMO key.

    1. Open it (no symlink following where the platform allows) and read at most 16 KiB.
    2. Parse it strictly; require the type, version and members above.
    3. Decode the seed and check that it derives the ``did`` written beside it.
    4. Unless ``demo`` is true, refuse modes that give group or others any access (POSIX).

    Raises:
        KeyFileError: any step fails (``problem`` says which: unreadable, malformed, permissions).
    """
    target = os.fspath(path)
    try:  # step 1
        read = read_small_file(target, limit=_MAX_KEY_FILE_BYTES)
    except SmallFileError as exc:
        unreadable = exc.problem == "unreadable"
        message = "the key file cannot be read" if unreadable else "the key file is not a small regular file"
        raise KeyFileError(message, path=target, problem=exc.problem) from exc
    raw, mode = read.data, read.mode
    try:  # step 2
        content = strict_json.parse_json_object(raw.decode("utf-8"), what="key file")
    except (UnicodeDecodeError, CredentialFormatError) as exc:
        raise KeyFileError("the key file is not a JSON object", path=target, problem="malformed") from exc
    name, demo, did, secret = (content.get(m) for m in ("name", "demo", "did", "secretKeyMultibase"))
    if (
        content.get("type") != FILE_TYPE
        or content.get("version") != FILE_VERSION
        or not set(content) <= _MEMBERS
        or not isinstance(name, str)
        or not isinstance(demo, bool)
        or not isinstance(did, str)
        or not isinstance(secret, str)
    ):
        raise KeyFileError("the key file is not an Ed25519 key file", path=target, problem="malformed")
    try:  # step 3
        key = SigningKey.from_secret_key_multibase(secret)
    except ValueError as exc:
        raise KeyFileError("the key file's secret key is malformed", path=target, problem="malformed") from exc
    if key.did != did:
        raise KeyFileError("the key file's did does not match its secret key", path=target, problem="malformed")
    if demo and not name.startswith("DEMO"):
        raise KeyFileError("a demo key file must be named DEMO", path=target, problem="malformed")
    if not demo and not read.private:  # step 4
        raise KeyFileError(
            f"the key file is accessible by group or others (mode {stat.S_IMODE(mode):04o}); chmod 600 it",
            path=target,
            problem="permissions",
        )
    return KeyFile(key=key, name=name, demo=demo, path=target)
