"""Parse once, strictly: every text byte the ledger sends is turned into frozen values here.

Formats: signed notes (c2sp.org/signed-note), checkpoint bodies
(c2sp.org/tlog-checkpoint), proof lines and proof files (c2sp.org/tlog-proof@v1).
Tile bytes and entry bundles are parsed in :mod:`ledger_client.wire_tiles`.

Every parser caps what it reads and raises only
:class:`~ledger_client.errors.MalformedResponseError`; nothing here checks a
signature or trusts a value: that is the job of :mod:`note` and
:mod:`checkpoint`.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from ledger_client import base64_strict
from ledger_client.errors import MalformedResponseError

HASH_SIZE = 32
#: Largest note we read. 100 lines of ML-DSA cosignatures are about 330 KB.
MAX_NOTE_BYTES = 1 << 20
#: Go's sumdb/note caps signature lines at 100; the spec asks for at least 16.
MAX_SIGNATURE_LINES = 100
#: A tree of up to 2**64 leaves never needs more proof hashes than this.
MAX_PROOF_HASHES = 64
MAX_CHECKPOINT_EXTENSION_LINES = 16
MAX_ORIGIN_BYTES = 1024
MAX_U64 = (1 << 64) - 1
EM_DASH_PREFIX = "\u2014 "
PROOF_FILE_HEADER = "c2sp.org/tlog-proof@v1"
#: RFC 9162 §2.1.1: MTH of the empty tree, as it must appear in a size-0 checkpoint.
EMPTY_ROOT_B64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
#: Unicode white space (``str.isspace``) and ``+`` may not appear in a key name.
_NAME_FORBIDDEN = re.compile(r"[\s\x1c-\x1f\x85+]")


def _malformed(what: str, why: str, received: bytes | str = b"") -> MalformedResponseError:
    raw = received.encode("utf-8", "replace") if isinstance(received, str) else received
    return MalformedResponseError(f"{what}: {why}", what=what, received=raw)


# ---------------------------------------------------------------------------- primitives


def parse_b64(text: str, *, what: str) -> bytes:
    """Standard, padded, canonical base64 (RFC 4648 §4, §3.5) and nothing else (``base64_strict``)."""
    try:
        return base64_strict.decode_base64(text, what=what)
    except base64_strict.Base64Error as exc:
        raise _malformed(what, "not canonical standard padded base64", text[:256]) from exc


def parse_hash_b64(text: str, *, what: str = "hash") -> bytes:
    """One base64 SHA-256 hash, exactly 32 bytes."""
    value = parse_b64(text, what=what)
    if len(value) != HASH_SIZE:
        raise _malformed(what, f"decodes to {len(value)} bytes, not {HASH_SIZE}", text[:256])
    return value


def parse_decimal_u64(text: str, *, what: str) -> int:
    """ASCII decimal with no sign and no leading zeros, fitting in an unsigned 64-bit integer."""
    if not _DECIMAL.fullmatch(text):
        raise _malformed(what, "not a canonical decimal number", text[:64])
    value = int(text)
    if value > MAX_U64:
        raise _malformed(what, "does not fit in 64 bits", text[:64])
    return value


def decode_text(data: bytes, *, what: str, limit: int) -> str:
    """UTF-8 text with no control character other than LF (so no CR, tab or NUL)."""
    if len(data) > limit:
        raise _malformed(what, f"{len(data)} bytes is over the limit of {limit}", data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _malformed(what, "not valid UTF-8", data) from exc
    bad = _CONTROL.search(text)
    if bad:
        raise _malformed(what, f"contains the control character U+{ord(bad.group()):04X}", data)
    return text


def parse_proof_lines(text: str, *, what: str = "proof") -> tuple[bytes, ...]:
    """A proof as text: one base64 hash per line, each ending in LF (leaf sibling first)."""
    if text == "":
        return ()
    if not text.endswith("\n"):
        raise _malformed(what, "last line does not end with a newline", text[-64:])
    lines = text[:-1].split("\n")
    if len(lines) > MAX_PROOF_HASHES:
        raise _malformed(what, f"{len(lines)} hashes is more than any tree needs")
    return tuple(parse_hash_b64(line, what=what) for line in lines)


# ---------------------------------------------------------------------------- signed notes


@dataclass(frozen=True, slots=True)
class SignatureLine:
    """One ``— <name> <b64>`` line of a signed note, not yet verified.

    Attributes:
        name: the key name (untrusted text).
        key_id: the first four bytes of the payload, as an integer.
        signature: the rest of the payload (algorithm-specific).
    """

    name: str
    key_id: int
    signature: bytes

    def to_line(self) -> str:
        payload = self.key_id.to_bytes(4, "big") + self.signature
        return f"{EM_DASH_PREFIX}{self.name} {base64.b64encode(payload).decode('ascii')}\n"


@dataclass(frozen=True, slots=True)
class Note:
    """A signed note split into its signed text and its signature lines (c2sp.org/signed-note)."""

    text: str
    signatures: tuple[SignatureLine, ...]

    def to_bytes(self) -> bytes:
        return (self.text + "\n" + "".join(s.to_line() for s in self.signatures)).encode("utf-8")


def valid_key_name(name: str) -> bool:
    """A key name is non-empty and has no Unicode white space and no ``+``."""
    return bool(name) and _NAME_FORBIDDEN.search(name) is None


def _parse_signature_line(line: str) -> SignatureLine:
    if not line.startswith(EM_DASH_PREFIX):
        raise _malformed("note", "a signature line does not start with an em dash and a space", line[:256])
    name, sep, b64 = line[len(EM_DASH_PREFIX) :].partition(" ")
    if not sep or not valid_key_name(name):
        raise _malformed("note", "a signature line has no valid key name", line[:256])
    payload = parse_b64(b64, what="note signature")
    if len(payload) < 5:
        raise _malformed("note", "a signature payload is shorter than 5 bytes", line[:256])
    return SignatureLine(name=name, key_id=int.from_bytes(payload[:4], "big"), signature=payload[4:])


def parse_note(data: bytes) -> Note:
    """Split a signed note at its *last* blank line (c2sp.org/signed-note).

    The signed text keeps its final LF; the blank line belongs to neither part.
    """
    text = decode_text(data, what="note", limit=MAX_NOTE_BYTES)
    split = text.rfind("\n\n")
    if split < 0:
        raise _malformed("note", "no blank line separates the text from the signatures", data)
    body, block = text[: split + 1], text[split + 2 :]
    if not block:
        raise _malformed("note", "there are no signature lines", data)
    if not block.endswith("\n"):
        raise _malformed("note", "the last signature line does not end with a newline", data)
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURE_LINES:
        raise _malformed("note", f"{len(lines)} signature lines is over the limit of {MAX_SIGNATURE_LINES}")
    return Note(text=body, signatures=tuple(_parse_signature_line(line) for line in lines))


# ---------------------------------------------------------------------------- checkpoints


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The body of a checkpoint (c2sp.org/tlog-checkpoint): origin, size, root, extensions.

    A value of this type says nothing about who signed it; see
    :class:`ledger_client.checkpoint.VerifiedCheckpoint`.
    """

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise ValueError("a checkpoint origin is one non-empty line")
        if not 0 <= self.size <= MAX_U64:
            raise ValueError(f"tree size {self.size} does not fit in 64 bits")
        if len(self.root) != HASH_SIZE:
            raise ValueError("a checkpoint root is 32 bytes")
        if any(not line or "\n" in line for line in self.extensions):
            raise ValueError("extension lines are non-empty single lines")

    def to_text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii"), *self.extensions]
        return "".join(line + "\n" for line in lines)


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse the signed text of a checkpoint note.

    Origins are compared exactly and may contain spaces; extension lines are kept
    and carry no meaning for us. A size-0 checkpoint must carry the empty-tree root.
    """
    if not text.endswith("\n"):
        raise _malformed("checkpoint", "the last line does not end with a newline", text[-64:])
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise _malformed("checkpoint", "fewer than three lines", text)
    origin, size_text, root_text, *extensions = lines
    if not origin:
        raise _malformed("checkpoint", "the origin line is empty", text)
    if len(origin.encode("utf-8")) > MAX_ORIGIN_BYTES:
        raise _malformed("checkpoint", "the origin line is over the length limit", text[:256])
    if len(extensions) > MAX_CHECKPOINT_EXTENSION_LINES:
        raise _malformed("checkpoint", f"more than {MAX_CHECKPOINT_EXTENSION_LINES} extension lines")
    if any(not line for line in extensions):
        raise _malformed("checkpoint", "an extension line is empty", text)
    size = parse_decimal_u64(size_text, what="checkpoint size")
    root = parse_hash_b64(root_text, what="checkpoint root")
    if size == 0 and root_text != EMPTY_ROOT_B64:
        raise _malformed("checkpoint", "an empty tree must have the empty-tree root", text)
    return Checkpoint(origin=origin, size=size, root=root, extensions=tuple(extensions))


# ---------------------------------------------------------------------------- proof files


@dataclass(frozen=True, slots=True)
class ProofFile:
    """A c2sp.org/tlog-proof@v1 file: leaf index, audit path and the signed checkpoint note.

    ``extra`` is opaque and unauthenticated: it is carried, never believed.
    """

    index: int
    proof: tuple[bytes, ...]
    checkpoint_note: bytes
    extra: bytes | None = None

    def to_bytes(self) -> bytes:
        head = [PROOF_FILE_HEADER]
        if self.extra is not None:
            head.append("extra " + base64.b64encode(self.extra).decode("ascii"))
        head.append(f"index {self.index}")
        head.extend(base64.b64encode(h).decode("ascii") for h in self.proof)
        return ("\n".join(head) + "\n\n").encode("utf-8") + self.checkpoint_note


def parse_proof_file(data: bytes) -> ProofFile:
    """Parse the framing of a c2sp.org/tlog-proof@v1 file; the checkpoint note stays raw bytes."""
    text = decode_text(data, what="proof file", limit=MAX_NOTE_BYTES + 8 * 1024)
    head, sep, note_text = text.partition("\n\n")
    if not sep:
        raise _malformed("proof file", "no blank line before the checkpoint", data)
    lines = head.split("\n")
    if lines[0] != PROOF_FILE_HEADER:
        raise _malformed("proof file", f"the first line is not {PROOF_FILE_HEADER!r}", data)
    pos, extra = 1, None
    if pos < len(lines) and lines[pos].startswith("extra "):
        extra = parse_b64(lines[pos][len("extra ") :], what="proof file extra")
        pos += 1
    if pos >= len(lines) or not lines[pos].startswith("index "):
        raise _malformed("proof file", "no index line", data)
    index = parse_decimal_u64(lines[pos][len("index ") :], what="proof file index")
    hashes = lines[pos + 1 :]
    if len(hashes) > MAX_PROOF_HASHES:
        raise _malformed("proof file", f"{len(hashes)} proof hashes is more than any tree needs")
    proof = tuple(parse_hash_b64(line, what="proof file hash") for line in hashes)
    # The checkpoint note is evidence to be judged, so it is parsed where it is verified.
    return ProofFile(index=index, proof=proof, checkpoint_note=note_text.encode("utf-8"), extra=extra)
