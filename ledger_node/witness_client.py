"""The node's side of c2sp.org/tlog-witness: ask witnesses to cosign, k of n (docs/protocol.md §7).

Spec: C2SP ``tlog-witness.md`` at commit 5ba5ee83. The request body is
``old <size>`` LF, the consistency-proof hashes one per line, an empty line,
then the signed checkpoint. A 409 answer (``text/x.tlog.size``) tells the
witness's last cosigned size; the client retries once with a proof from that
size. A 200 answer is cosignature lines; each is checked against the witness's
pinned cosignature/v1 key before it counts. Outgoing HTTP uses
:mod:`http.client` (``requests`` is reserved to ``ledger_client.transport``).
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ledger_client import keys, note, wire
from ledger_client.errors import LedgerError
from ledger_node.errors import ConfigurationError, WitnessQuorumUnavailableError, WitnessRequestError

SIZE_CONTENT_TYPE = "text/x.tlog.size"
MAX_ANSWER_BYTES = 64 * 1024
#: ``prove(old_size)``: the consistency proof from ``old_size`` to the size being cosigned.
Prover = Callable[[int], Sequence[bytes]]


@dataclass(frozen=True, slots=True)
class WitnessEndpoint:
    """A witness: its submission prefix URL and its pinned cosignature/v1 key."""

    url: str
    key: keys.VerifierKey

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("a witness URL is http(s)://host[:port][/prefix]")
        if self.key.type is not keys.SignatureType.COSIGNATURE_V1:
            raise ValueError("a witness key is a cosignature/v1 (type 0x04) vkey")

    @classmethod
    def from_spec(cls, spec: str) -> WitnessEndpoint:
        """Parse ``URL=VKEY`` (split at the first ``=``).

        Raises:
            ConfigurationError: not that shape, or a bad URL or key.
        """
        url, sep, vkey = spec.partition("=")
        try:
            if not sep:
                raise ValueError("expected URL=VKEY")
            return cls(url.rstrip("/"), keys.VerifierKey.from_vkey(vkey))
        except ValueError as exc:
            raise ConfigurationError(f"bad --witness {spec!r}: {exc}") from exc


def request_body(old_size: int, proof: Sequence[bytes], signed_note: bytes) -> bytes:
    lines = [f"old {old_size}\n"] + [base64.b64encode(h).decode("ascii") + "\n" for h in proof]
    return ("".join(lines) + "\n").encode("ascii") + signed_note


def post(url: str, body: bytes, timeout: float) -> tuple[int, str, bytes]:
    """POST ``body`` to ``url``; returns (status, content type, body up to a cap). Raises OSError."""
    parts = urllib.parse.urlsplit(url)
    conn_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = conn_class(parts.netloc, timeout=timeout)
    try:
        conn.request("POST", parts.path or "/", body=body, headers={"Content-Type": "text/plain"})
        answer = conn.getresponse()
        return answer.status, answer.getheader("Content-Type", ""), answer.read(MAX_ANSWER_BYTES)
    finally:
        conn.close()


class Cosigner:
    """Collects cosignatures from ``witnesses`` until ``quorum`` of them signed.

    Args:
        witnesses: the configured witnesses.
        quorum: how many must cosign before a checkpoint is published (0 only with no witnesses).
        timeout: seconds per HTTP request.
        attempts: tries per witness for a checkpoint (409 answers and failures alike).
    """

    def __init__(
        self, witnesses: Sequence[WitnessEndpoint], quorum: int, *, timeout: float = 5.0, attempts: int = 3
    ) -> None:
        if not 0 <= quorum <= len(witnesses) or (witnesses and quorum == 0):
            raise ConfigurationError(f"a quorum of {quorum} does not fit {len(witnesses)} witnesses")
        if len({w.key.public_key for w in witnesses}) != len(witnesses):
            raise ConfigurationError("one key is configured for two witnesses")
        self.witnesses = tuple(witnesses)
        self.quorum = quorum
        self._timeout = timeout
        self._attempts = attempts
        self._lock = threading.Lock()
        self._known: dict[str, int] = {}  # witness URL -> the size it last cosigned, as far as we know

    def assume_size(self, size: int) -> None:
        """Start from ``size`` (the published checkpoint) for witnesses we have not heard from."""
        with self._lock:
            for w in self.witnesses:
                self._known.setdefault(w.url, size)

    def _ask(
        self, witness: WitnessEndpoint, text: str, signed_note: bytes, size: int, prove: Prover
    ) -> wire.SignatureLine:
        """Ask one witness, following its 409 answers; returns its verified cosignature line."""
        failure: WitnessRequestError | None = None
        for attempt in range(self._attempts):
            with self._lock:
                old = self._known.get(witness.url, 0)
            if old > size:
                raise WitnessRequestError("the witness has cosigned a larger tree", witness=witness.key.name)
            proof = prove(old) if 0 < old < size else ()
            try:
                status, content_type, answer = post(
                    witness.url + "/add-checkpoint", request_body(old, proof, signed_note), self._timeout
                )
            except (OSError, http.client.HTTPException) as exc:
                failure = WitnessRequestError(f"no answer: {type(exc).__name__}", witness=witness.key.name)
                time.sleep(min(0.05 * 2**attempt, 1.0))
                continue
            if status == 409 and content_type.startswith(SIZE_CONTENT_TYPE):
                try:
                    stored = wire.parse_decimal_u64(answer.decode("ascii").removesuffix("\n"), what="size")
                except (UnicodeDecodeError, LedgerError):
                    raise WitnessRequestError("409 without a size", witness=witness.key.name, http_status=409) from None
                with self._lock:
                    self._known[witness.url] = stored
                failure = WitnessRequestError(
                    "the witness kept answering 409", witness=witness.key.name, http_status=409
                )
                continue
            if status != 200:
                failure = WitnessRequestError(f"answered {status}", witness=witness.key.name, http_status=status)
                if status < 500:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
                continue
            line = self._verified_line(witness, text, answer)
            with self._lock:
                self._known[witness.url] = size
            return line
        assert failure is not None
        raise failure

    @staticmethod
    def _verified_line(witness: WitnessEndpoint, text: str, answer: bytes) -> wire.SignatureLine:
        try:
            block = wire.decode_text(answer, what="cosignature", limit=MAX_ANSWER_BYTES)
            parsed = wire.parse_note((text + "\n" + block).encode("utf-8"))
            note.open_note(parsed, [witness.key])  # raises unless the witness's line verifies
        except LedgerError as exc:
            raise WitnessRequestError(
                "the cosignature does not verify", witness=witness.key.name, http_status=200
            ) from exc
        return next(s for s in parsed.signatures if s.name == witness.key.name and s.key_id == witness.key.key_id)

    async def cosign(self, text: str, signed_note: bytes, size: int, prove: Prover) -> tuple[wire.SignatureLine, ...]:
        """Cosignature lines from at least ``quorum`` witnesses (all that answered by then).

        Raises:
            WitnessQuorumUnavailableError: fewer than ``quorum`` cosigned.
        """
        if not self.witnesses:
            return ()
        tasks = [
            asyncio.ensure_future(asyncio.to_thread(self._ask, w, text, signed_note, size, prove))
            for w in self.witnesses
        ]
        for task in tasks:  # a witness still answering after the quorum was met must not log its failure
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
        lines: list[wire.SignatureLine] = []
        failures: list[str] = []
        for next_done in asyncio.as_completed(tasks):
            try:
                lines.append(await next_done)
            except WitnessRequestError as exc:
                failures.append(f"{exc.witness}: {exc}")
            if len(lines) >= self.quorum or len(tasks) - len(failures) < self.quorum:
                break
        if len(lines) < self.quorum:
            raise WitnessQuorumUnavailableError(
                f"{len(lines)} of the required {self.quorum} witnesses cosigned ({'; '.join(failures)})"
            )
        return tuple(lines)
