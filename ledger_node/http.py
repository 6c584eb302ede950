"""The node's HTTP face: route the request, call :class:`~ledger_node.node.Node`, serialise the answer.

Read path as c2sp.org/tlog-tiles (docs/protocol.md §3.2) serves it: ``GET /checkpoint``
(short cache), ``GET /tile/<L>/<N>[.p/<W>]`` and ``GET /tile/entries/<N>[.p/<W>]``
(immutable; bundles gzip-encoded when the client accepts it). Paths are parsed
by :func:`ledger_client.tiles.parse_path`, never joined onto a file path.
Write path: ``POST /add-entry`` with one secured credential, answered
``{"index": N, "checkpoint": "<signed note>"}`` or ``{"error": code, "message": text}``.
Also ``GET /healthz`` and ``GET /metrics``. The connections themselves are
:mod:`ledger_node.http_server`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from ledger_client import tiles
from ledger_client.errors import MalformedResponseError
from ledger_node import admission, metrics
from ledger_node.errors import NodeError
from ledger_node.http_server import HttpServer, Request, Response, plain
from ledger_node.node import Node

IMMUTABLE = "public, max-age=31536000, immutable"
CHECKPOINT_CACHE = "public, max-age=1"
OCTETS = "application/octet-stream"
JSON = "application/json"
_READ = ("GET", "HEAD")


def _json(value: object, status: int = 200) -> Response:
    return Response(status, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), JSON)


def error_response(exc: NodeError) -> Response:
    return _json({"error": exc.code, "message": str(exc)}, exc.status)


def not_found() -> Response:
    return _json({"error": "not_found", "message": "no such resource"}, 404)


def _not_allowed(allowed: str) -> Response:
    answer = plain(405, "Method Not Allowed")
    return Response(answer.status, answer.body, answer.content_type, (("allow", allowed),))


class NodeRoutes:
    """Answers the node's requests; one instance per served node."""

    def __init__(self, node: Node) -> None:
        self._node = node
        self._note: bytes | None = None
        self._note_json = b""

    def handle(self, request: Request) -> Response | Coroutine[Any, Any, Response]:
        path, method = request.path, request.method
        if path == "/add-entry":
            return self._add_entry(request.body) if method == "POST" else _not_allowed("POST")
        if path.startswith("/tile/"):
            return self._tile(path, request.accept_encoding) if method in _READ else _not_allowed("GET, HEAD")
        read = {"/checkpoint": self._checkpoint, "/healthz": self._healthz, "/metrics": self._metrics}.get(path)
        if read is None:
            return not_found()
        return read() if method in _READ else _not_allowed("GET, HEAD")

    def refuse(self, exc: NodeError) -> Response:
        """A refusal the server makes before the handler runs (413, 408): counted and answered as JSON."""
        self._node.metrics.refusal(exc.status)
        return error_response(exc)

    async def _add_entry(self, body: bytes) -> Response:
        try:
            ack = await self._node.add_entry(body)
        except NodeError as exc:
            return self.refuse(exc)
        if ack.checkpoint is not self._note:  # one JSON string per published checkpoint, not per answer
            self._note = ack.checkpoint
            self._note_json = json.dumps(ack.checkpoint.decode("utf-8"), ensure_ascii=False).encode("utf-8")
        return Response(200, b'{"index":%d,"checkpoint":%s}' % (ack.index, self._note_json), JSON)

    def _checkpoint(self) -> Response:
        note = self._node.checkpoint()
        if note is None:
            return not_found()
        return Response(200, note, "text/plain; charset=utf-8", (("cache-control", CHECKPOINT_CACHE),))

    def _tile(self, path: str, accept_encoding: str) -> Response:
        try:
            resource = tiles.parse_path(path.removeprefix("/"))
        except MalformedResponseError:
            return not_found()
        if isinstance(resource, tiles.TileId):
            data = self._node.tile(resource)
            return not_found() if data is None else Response(200, data, OCTETS, (("cache-control", IMMUTABLE),))
        data = self._node.bundle(resource)
        if data is None:
            return not_found()
        headers = [("cache-control", IMMUTABLE), ("vary", "Accept-Encoding")]
        if "gzip" in accept_encoding:
            data = gzip.compress(data, compresslevel=6, mtime=0)
            headers.append(("content-encoding", "gzip"))
        return Response(200, data, OCTETS, tuple(headers))

    def _healthz(self) -> Response:
        node = self._node
        size = None if node.checkpoint() is None else node.metrics.checkpoint_size
        return _json(
            {"status": "ok", "checkpoint_size": size, "unpublished_entries": node.metrics.entries - (size or 0)}
        )

    def _metrics(self) -> Response:
        return Response(200, self._node.metrics.render().encode("utf-8"), metrics.CONTENT_TYPE)


async def serve(
    node: Node,
    sock: socket.socket,
    seed: Sequence[bytes] = (),
    on_start: Callable[[Node], Awaitable[object]] | None = None,
) -> None:
    """Run the sequencer and answer requests on ``sock`` until SIGTERM or SIGINT; then close the node.

    Args:
        node: the opened node.
        sock: the bound, listening socket.
        seed: pre-signed entries (credential JSON) to submit at start-up, through admission, before
            the server answers requests; entries already on the log keep their index.
        on_start: run once the sequencer runs and before requests are answered (the demo seeds here).
    """
    task = asyncio.create_task(node.run())
    try:
        if seed:
            await node.seed(seed)
        if on_start is not None:
            await on_start(node)
        routes = NodeRoutes(node)
        server = HttpServer(
            routes.handle, routes.refuse, max_body=admission.MAX_BODY_BYTES, body_timeout=node.body_timeout
        )
        await server.serve(sock)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await node.sequencer.drain()
        node.close()
