"""The node's HTTP/1.1 server: one asyncio protocol per connection over httptools (llhttp), on uvloop.

Why not an ASGI stack: at thousands of appends a second, the per-request layers of an
ASGI server and framework (scope dicts, receive/send coroutines, middleware, routing
objects) cost more serving-process CPU than the node's own work. Here a request is
parsed by llhttp into a :class:`Request`, handed to one handler, and its
:class:`Response` is written as one buffer.

Behaviour (RFC 9112):

- keep-alive by default (HTTP/1.1), closed after 5 s idle; pipelined requests are
  answered in order, one handler at a time per connection;
- a request head over 16 KiB is refused with 431, a body over ``max_body`` bytes with
  413 (declared or streamed), a body that does not arrive within ``body_timeout``
  seconds with 408, bytes that are not HTTP/1.1 with 400; each then closes the
  connection;
- at most 1024 connections at once (the next one is answered 503 and closed);
- ``Expect: 100-continue`` is answered before the body is read; ``HEAD`` gets the
  headers of ``GET`` without the body.

The handler returns a :class:`Response`, or an awaitable of one (run as a task);
``refuse`` turns the server's own refusals (413, 408) into the application's error body.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import http
import logging
import signal
import socket
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, cast

import httptools
import uvloop

from ledger_node.errors import BodyTimeoutError, EntryTooLargeError, NodeError

log = logging.getLogger("ledger_node")

MAX_HEADER_BYTES = 16 * 1024
MAX_CONNECTIONS = 1024
KEEP_ALIVE_SECONDS = 5
SHUTDOWN_SECONDS = 5.0
#: Parsed requests a connection may have waiting for their turn before it stops reading.
_MAX_QUEUED = 64
_REASONS = {s.value: s.phrase.encode("ascii") for s in http.HTTPStatus}


@dataclass(frozen=True, slots=True)
class Request:
    """One parsed request: method and path (no query), the Accept-Encoding header, and the whole body."""

    method: str
    path: str
    accept_encoding: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Response:
    """One answer; ``headers`` are extra lines beside Content-Type and Content-Length."""

    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()

    def encode(self, *, close: bool, head_only: bool = False) -> bytes:
        lines = [
            b"HTTP/1.1 %d %s\r\ncontent-type: %s\r\ncontent-length: %d\r\n"
            % (self.status, _REASONS.get(self.status, b""), self.content_type.encode("latin-1"), len(self.body))
        ]
        lines.extend(b"%s: %s\r\n" % (k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers)
        if close:
            lines.append(b"connection: close\r\n")
        lines.append(b"\r\n")
        if not head_only:
            lines.append(self.body)
        return b"".join(lines)


Handler = Callable[[Request], Response | Coroutine[Any, Any, Response]]
Refuse = Callable[[NodeError], Response]


def plain(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


class _StopParsingError(Exception):
    """Raised from a parser callback to stop parsing a request the server refuses."""


@dataclass(slots=True)
class _Turn:
    """A request waiting for its answer on a connection, or an answer ready to be written."""

    request: Request | None
    answer: Response | None
    keep_alive: bool
    head_only: bool


class _Connection(asyncio.Protocol):
    """One client connection: parse, queue, answer in order."""

    def __init__(self, server: HttpServer) -> None:
        self._server = server
        self._loop = server.loop
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._turns: collections.deque[_Turn] = collections.deque()
        self._busy = False  # a handler task is running for the first turn
        self._closing = False
        self._in_message = False
        self._head_bytes = 0
        self._url = b""
        self._accept = b""
        self._expect_continue = False
        self._body: list[bytes] = []
        self._body_size = 0
        self._body_timer: asyncio.TimerHandle | None = None
        self._idle_timer: asyncio.TimerHandle | None = None
        self._refusal: Response | None = None
        self._reading = True

    # ------------------------------------------------------------------ transport events

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's TCPTransport is not a subclass of it
        if len(self._server.connections) >= MAX_CONNECTIONS:
            self._transport.write(plain(503, "too many connections\n").encode(close=True))
            self._transport.close()
            self._closing = True
            return
        self._server.connections.add(self)
        self._arm_idle()

    def connection_lost(self, exc: Exception | None) -> None:
        self._closing = True
        self._server.connections.discard(self)
        for timer in (self._body_timer, self._idle_timer):
            if timer is not None:
                timer.cancel()

    def pause_writing(self) -> None:
        self._pause_reading()

    def resume_writing(self) -> None:
        self._resume_reading()

    def data_received(self, data: bytes) -> None:
        if self._closing:
            return
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserCallbackError:
            if self._refusal is None:
                raise
        except httptools.HttpParserUpgrade:
            self._refusal = plain(400, "upgrades are not supported\n")
        except httptools.HttpParserError:
            self._refusal = plain(400, "Invalid HTTP request received.\n")
        if self._refusal is not None:
            self._refuse(self._refusal)

    # ------------------------------------------------------------------ parser callbacks

    def on_message_begin(self) -> None:
        self._in_message = True
        self._head_bytes = 0
        self._url = b""
        self._accept = b""
        self._expect_continue = False
        self._body = []
        self._body_size = 0

    def on_url(self, url: bytes) -> None:
        self._url += url
        self._count_head(len(url))

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        lower = name.lower()
        if lower == b"accept-encoding":
            self._accept = value
        elif lower == b"content-length":
            if value.isdigit() and int(value) > self._server.max_body:
                self._stop(self._server.refuse(EntryTooLargeError(self._too_large())))
        elif lower == b"expect" and value.lower() == b"100-continue":
            self._expect_continue = True

    def on_headers_complete(self) -> None:
        if self._expect_continue and self._transport is not None and not self._turns:
            self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self._body_timer = self._loop.call_later(self._server.body_timeout, self._body_late)

    def on_body(self, body: bytes) -> None:
        self._body_size += len(body)
        if self._body_size > self._server.max_body:
            self._stop(self._server.refuse(EntryTooLargeError(self._too_large())))
        self._body.append(body)

    def on_message_complete(self) -> None:
        self._in_message = False
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        method = self._parser.get_method().decode("ascii", "replace")
        path = httptools.parse_url(self._url).path.decode("latin-1") if self._url else ""
        request = Request(method, path, self._accept.decode("latin-1"), b"".join(self._body))
        self._body = []
        self._turns.append(_Turn(request, None, self._parser.should_keep_alive(), method == "HEAD"))
        if len(self._turns) > _MAX_QUEUED:
            self._pause_reading()
        self._next()

    # ------------------------------------------------------------------ answering

    def _next(self) -> None:
        """Answer queued turns in order until one needs a task (or none are left)."""
        while self._turns and not self._busy and not self._closing:
            turn = self._turns[0]
            if turn.answer is None:
                assert turn.request is not None
                try:
                    result = self._server.handler(turn.request)
                except Exception:
                    log.exception("unhandled error answering %s %s", turn.request.method, turn.request.path)
                    result = plain(500, "internal error\n")
                if not isinstance(result, Response):
                    self._busy = True
                    task: asyncio.Task[Response] = asyncio.ensure_future(result)
                    self._server.tasks.add(task)
                    task.add_done_callback(self._answered)
                    return
                turn.answer = result
            self._turns.popleft()
            self._write(turn)
            if len(self._turns) <= _MAX_QUEUED // 2:
                self._resume_reading()
        if not self._turns and not self._in_message and not self._closing:
            self._arm_idle()

    def _answered(self, task: asyncio.Task[Response]) -> None:
        self._server.tasks.discard(task)
        self._busy = False
        if not self._turns or self._closing:
            return
        if task.cancelled():
            answer = plain(503, "the node is shutting down\n")
        elif (exc := task.exception()) is not None:
            log.error("unhandled error answering a request: %s: %s", type(exc).__name__, exc)
            answer = plain(500, "internal error\n")
        else:
            answer = task.result()
        self._turns[0].answer = answer
        self._next()

    def _write(self, turn: _Turn) -> None:
        assert turn.answer is not None
        assert self._transport is not None
        close = not turn.keep_alive or self._server.stopping
        self._transport.write(turn.answer.encode(close=close, head_only=turn.head_only))
        if close:
            self._close()

    # ------------------------------------------------------------------ refusals, timers, flow

    def _too_large(self) -> str:
        return f"the body is over the limit of {self._server.max_body} bytes"

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > MAX_HEADER_BYTES:
            self._stop(plain(431, "request headers too large\n"))

    def _stop(self, refusal: Response) -> None:
        self._refusal = refusal
        raise _StopParsingError

    def _refuse(self, answer: Response) -> None:
        """Answer ``answer`` after the turns before it, then close: the rest of the stream is not read."""
        self._pause_reading()
        self._in_message = False
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        self._turns.append(_Turn(None, answer, keep_alive=False, head_only=False))
        self._next()

    def _body_late(self) -> None:
        self._body_timer = None
        if self._in_message and not self._closing:
            self._refuse(self._server.refuse(BodyTimeoutError("the request body did not arrive in time")))

    def _arm_idle(self) -> None:
        if self._idle_timer is None and not self._closing:
            self._idle_timer = self._loop.call_later(KEEP_ALIVE_SECONDS, self._close)

    def _close(self) -> None:
        if not self._closing and self._transport is not None:
            self._closing = True
            self._transport.close()

    def _pause_reading(self) -> None:
        if self._reading and self._transport is not None and not self._closing:
            self._reading = False
            self._transport.pause_reading()

    def _resume_reading(self) -> None:
        if not self._reading and self._transport is not None and not self._closing and self._refusal is None:
            self._reading = True
            self._transport.resume_reading()

    def close_now(self) -> None:
        self._close()

    def close_if_idle(self) -> None:
        """At shutdown: close now unless a request is in progress (it closes after its answer)."""
        if not self._turns and not self._in_message:
            self._close()


class HttpServer:
    """Serves ``handler`` on a listening socket until SIGTERM or SIGINT.

    Args:
        handler: answers one request.
        refuse: the error body of a refusal the server makes itself (413, 408).
        max_body: largest request body, bytes.
        body_timeout: seconds a request body may take to arrive.
    """

    def __init__(self, handler: Handler, refuse: Refuse, *, max_body: int, body_timeout: float) -> None:
        self.handler = handler
        self.refuse = refuse
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.connections: set[_Connection] = set()
        self.tasks: set[asyncio.Task[Response]] = set()
        self.stopping = False
        self.loop = asyncio.get_running_loop()

    async def serve(self, sock: socket.socket) -> None:
        """Accept connections on ``sock`` until a stop signal, then finish the requests in progress."""
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(signum, stop.set)
        server = await self.loop.create_server(lambda: _Connection(self), sock=sock, backlog=2048)
        try:
            await stop.wait()
        finally:
            self.stopping = True
            server.close()
            for conn in list(self.connections):
                conn.close_if_idle()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(SHUTDOWN_SECONDS):
                    while self.tasks:
                        await asyncio.wait(set(self.tasks))
            for task in list(self.tasks):
                task.cancel()
            for conn in list(self.connections):
                conn.close_now()
            for signum in (signal.SIGTERM, signal.SIGINT):
                self.loop.remove_signal_handler(signum)


def run(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``main`` on a uvloop event loop (faster I/O and timers than asyncio's default loop)."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main())
