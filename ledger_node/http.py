"""The node's HTTP face: parse the request, call :class:`~ledger_node.node.Node`, serialise the answer.

Read path as c2sp.org/tlog-tiles (docs/protocol.md §3.2) serves it: ``GET /checkpoint``
(short cache), ``GET /tile/<L>/<N>[.p/<W>]`` and ``GET /tile/entries/<N>[.p/<W>]``
(immutable; bundles gzip-encoded when the client accepts it). Paths are parsed
by :func:`ledger_client.tiles.parse_path`, never joined onto a file path.
Write path: ``POST /add-entry`` with one secured credential, answered
``{"index": N, "checkpoint": "<signed note>"}`` or ``{"error": code, "message": text}``.
Also ``GET /healthz`` and ``GET /metrics``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ledger_client import tiles
from ledger_client.errors import MalformedResponseError
from ledger_node import admission, metrics
from ledger_node.errors import BodyTimeoutError, EntryTooLargeError, NodeError
from ledger_node.node import Node

IMMUTABLE = "public, max-age=31536000, immutable"
CHECKPOINT_CACHE = "public, max-age=1"
OCTETS = "application/octet-stream"


def error_response(exc: NodeError) -> JSONResponse:
    return JSONResponse({"error": exc.code, "message": str(exc)}, status_code=exc.status)


def not_found() -> JSONResponse:
    return JSONResponse({"error": "not_found", "message": "no such resource"}, status_code=404)


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


def create_app(
    node: Node, seed: Sequence[bytes] = (), on_start: Callable[[Node], Awaitable[object]] | None = None
) -> Starlette:
    """The ASGI application of ``node``; its lifespan runs the sequencer.

    Args:
        node: the opened node.
        seed: pre-signed entries (credential JSON) to submit at start-up, through admission, before
            the server answers requests; entries already on the log keep their index.
        on_start: run once the sequencer runs and before requests are answered (the demo seeds here).
    """

    async def get_checkpoint(request: Request) -> Response:
        note = node.checkpoint()
        if note is None:
            return not_found()
        return Response(note, media_type="text/plain; charset=utf-8", headers={"Cache-Control": CHECKPOINT_CACHE})

    async def get_tile(request: Request) -> Response:
        try:
            resource = tiles.parse_path("tile/" + request.path_params["rest"])
        except MalformedResponseError:
            return not_found()
        if isinstance(resource, tiles.TileId):
            data = node.tile(resource)
            return (
                not_found() if data is None else Response(data, media_type=OCTETS, headers={"Cache-Control": IMMUTABLE})
            )
        data = node.bundle(resource)
        if data is None:
            return not_found()
        headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            data, headers["Content-Encoding"] = gzip.compress(data, compresslevel=6, mtime=0), "gzip"
        return Response(data, media_type=OCTETS, headers=headers)

    async def add_entry(request: Request) -> Response:
        try:
            body = await read_body(request, admission.MAX_BODY_BYTES, node.body_timeout)
            ack = await node.add_entry(body)
        except NodeError as exc:
            node.metrics.refusal(exc.status)
            return error_response(exc)
        return JSONResponse({"index": ack.index, "checkpoint": ack.checkpoint.decode("utf-8")})

    async def healthz(request: Request) -> Response:
        note = node.checkpoint()
        size = None if note is None else node.metrics.checkpoint_size
        unpublished = node.metrics.entries - (size or 0)
        return JSONResponse({"status": "ok", "checkpoint_size": size, "unpublished_entries": unpublished})

    async def get_metrics(request: Request) -> Response:
        return Response(node.metrics.render(), media_type=metrics.CONTENT_TYPE)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(node.run())
        try:
            if seed:
                await node.seed(seed)
            if on_start is not None:
                await on_start(node)
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await node.sequencer.drain()
            node.close()

    routes = [
        Route("/checkpoint", get_checkpoint, methods=["GET"]),
        Route("/tile/{rest:path}", get_tile, methods=["GET"]),
        Route("/add-entry", add_entry, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", get_metrics, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
