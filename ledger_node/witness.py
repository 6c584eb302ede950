"""A checkpoint witness: ``POST /add-checkpoint`` of c2sp.org/tlog-witness, and its monitoring read.

Spec: C2SP ``tlog-witness.md`` at commit 5ba5ee83 (docs/protocol.md §7); cosignatures
are cosignature/v1 (c2sp.org/tlog-cosignature). :func:`add_checkpoint` takes
the steps in the spec's order, one status each:

1. origin not configured: **404**;
2. no trusted log signature, or a trusted line that fails: **403**;
3. old size larger than the checkpoint's: **400** (a malformed body is 400 too);
4. old size not the stored size (0 if never cosigned): **409**, body ``<size>`` LF, ``text/x.tlog.size``;
5. size 0 with a root other than the empty-tree hash: **422**;
6. old 0 with proof lines, old = size with another root, or a failing consistency proof: **422**;
7. otherwise store it (compare-and-update, atomic per origin) and answer **200** with the cosignature line.

Monitors read ``GET /<lowercase hex SHA-256(origin)>/checkpoint`` (404 if never cosigned).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ledger_client import cosignature, keys, merkle, note, wire
from ledger_client.errors import ConsistencyProofError, LedgerError, MalformedResponseError
from ledger_node.errors import BodyTimeoutError, EntryTooLargeError, NodeError, StaleOldSizeError, WitnessRefusalError
from ledger_node.witness_state import CosignedCheckpoint, WitnessState

log = logging.getLogger(__name__)

SIZE_CONTENT_TYPE = "text/x.tlog.size"
MAX_REQUEST_BYTES = 256 * 1024
#: A tree of up to 2**64 leaves needs at most 63 consistency-proof hashes (docs/protocol.md §7).
MAX_PROOF_LINES = 63


@dataclass(frozen=True, slots=True)
class AddCheckpointRequest:
    """A parsed request body: the old size, the proof hashes and the signed note."""

    old_size: int
    proof: tuple[bytes, ...]
    note: wire.Note


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused past ``limit`` bytes or ``timeout`` seconds (a slow client)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise EntryTooLargeError(f"the body is over the limit of {limit} bytes")
    chunks, size = [], 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise EntryTooLargeError(f"the body is over the limit of {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise BodyTimeoutError("the request body did not arrive in time") from None
    return b"".join(chunks)


def parse_request(body: bytes) -> AddCheckpointRequest:
    """Split ``old N`` LF, proof lines, an empty line and the note. Raises WitnessRefusalError (400)."""
    try:
        text = wire.decode_text(body, what="add-checkpoint request", limit=MAX_REQUEST_BYTES)
        head, sep, rest = text.partition("\n\n")
        lines = head.split("\n")
        if not sep or not lines[0].startswith("old ") or len(lines) - 1 > MAX_PROOF_LINES:
            raise WitnessRefusalError(400, "the body is not old, proof lines, an empty line and a note")
        old = wire.parse_decimal_u64(lines[0][4:], what="old size")
        proof = tuple(wire.parse_hash_b64(line, what="proof hash") for line in lines[1:])
        return AddCheckpointRequest(old, proof, wire.parse_note(rest.encode("utf-8")))
    except MalformedResponseError as exc:
        raise WitnessRefusalError(400, "the body is malformed") from exc


@dataclass(frozen=True, slots=True)
class Witness:
    """One witness: its cosigning key, the logs it witnesses (origin to log key), its state and clock."""

    key: keys.SigningKey
    logs: Mapping[str, keys.VerifierKey]
    state: WitnessState
    clock: Callable[[], int]

    def __post_init__(self) -> None:
        if self.key.type is not keys.SignatureType.COSIGNATURE_V1:
            raise ValueError("a witness cosigns with a cosignature/v1 (type 0x04) key")

    def add_checkpoint(self, body: bytes) -> bytes:
        """Steps 1-7; returns the cosignature line(s). Raises WitnessRefusalError with the spec's status."""
        request = parse_request(body)
        text = request.note.text
        origin = text.split("\n", 1)[0]
        log_key = self.logs.get(origin)
        if log_key is None:  # 1
            raise WitnessRefusalError(404, "this witness does not witness that origin")
        try:  # 2
            note.open_note(request.note, [log_key])
        except LedgerError as exc:
            raise WitnessRefusalError(403, "the checkpoint has no valid signature of the log key") from exc
        lines = text.split("\n")
        try:
            size = wire.parse_decimal_u64(lines[1], what="checkpoint size") if len(lines) > 3 else -1
            root = wire.parse_hash_b64(lines[2], what="checkpoint root") if size >= 0 else b""
        except MalformedResponseError:
            size = -1
        if size < 0:
            raise WitnessRefusalError(400, "the note is not a checkpoint")
        if request.old_size > size:  # 3
            raise WitnessRefusalError(400, "the old size is larger than the checkpoint's")
        stored = self.state.latest(origin)
        stored_size = 0 if stored is None else stored.size
        if request.old_size != stored_size:  # 4
            raise StaleOldSizeError(stored_size)
        if size == 0 and root != merkle.EMPTY_ROOT:  # 5
            raise WitnessRefusalError(422, "a size-0 checkpoint must carry the empty-tree root")
        try:
            wire.parse_checkpoint(text)  # every other rule of tlog-checkpoint
        except MalformedResponseError as exc:
            raise WitnessRefusalError(400, "the note is not a checkpoint") from exc
        self._check_consistency(request, size, root, stored)  # 6
        line = cosignature.cosign(self.key, text, self.clock())  # 7
        cosigned = wire.Note(text, (*request.note.signatures, line)).to_bytes()
        current = self.state.compare_and_update(origin, stored_size, CosignedCheckpoint(size, root, cosigned))
        if current is not None:
            raise StaleOldSizeError(current)
        log.info("cosigned %r at size %d", origin, size)
        return line.to_line().encode("utf-8")

    @staticmethod
    def _check_consistency(
        request: AddCheckpointRequest, size: int, root: bytes, stored: CosignedCheckpoint | None
    ) -> None:
        old = request.old_size
        if old == 0:
            if request.proof:
                raise WitnessRefusalError(422, "old size 0 takes no proof")
            return
        assert stored is not None
        assert stored.size == old
        try:
            merkle.verify_consistency(old, size, stored.root, root, request.proof)
        except ConsistencyProofError as exc:
            raise WitnessRefusalError(422, "the checkpoint is not consistent with the one cosigned before") from exc

    def monitoring_checkpoint(self, origin_hash_hex: str) -> bytes | None:
        for origin in self.logs:
            if hashlib.sha256(origin.encode("utf-8")).hexdigest() == origin_hash_hex:
                stored = self.state.latest(origin)
                return None if stored is None else stored.note
        return None


def create_witness_app(witness: Witness, *, body_timeout: float = 10.0) -> Starlette:
    """The witness's ASGI application."""

    async def add_checkpoint(request: Request) -> Response:
        try:
            body = await read_body(request, MAX_REQUEST_BYTES, body_timeout)
            return Response(witness.add_checkpoint(body), media_type="text/plain; charset=utf-8")
        except StaleOldSizeError as exc:
            log.info("answered 409: the stored size is %d", exc.stored_size)
            # Set the header directly: Starlette would add "; charset=utf-8" to a text/ media type.
            return Response(f"{exc.stored_size}\n", status_code=409, headers={"Content-Type": SIZE_CONTENT_TYPE})
        except NodeError as exc:
            log.info("refused with %d: %s", exc.status, exc)
            return PlainTextResponse(f"{exc}\n", status_code=exc.status)

    async def monitoring(request: Request) -> Response:
        found = witness.monitoring_checkpoint(request.path_params["origin_hash"])
        if found is None:
            return PlainTextResponse("not found\n", status_code=404)
        return Response(found, media_type="text/plain; charset=utf-8", headers={"Cache-Control": "no-cache"})

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok\n")

    return Starlette(
        routes=[
            Route("/add-checkpoint", add_checkpoint, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/{origin_hash:str}/checkpoint", monitoring, methods=["GET"]),
        ]
    )
