"""A ledger node for client tests: serves a tiled log over real HTTP on loopback, and can lie.

It serves exactly what a tlog-tiles read path serves (``/checkpoint``,
``/tile/...``, ``/tile/entries/...``) from an in-memory :class:`TileLog`, at
a published size with a signed checkpoint. Tests then make it lie: replace a
path's bytes, serve a forked or rolled-back checkpoint, drop a path (404),
send more bytes than any cap, or never finish an answer.

Mocked on purpose: this stands in for a *dishonest* node, which the real
``ledger_node`` never is; honest-path tests use the real node.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.helpers.signed_log import SignedLog
from tests.helpers.tile_log import TileLog

#: A lie: given the path, the honest body or None; returns the body to send, or None for 404.
Lie = Callable[[str, bytes | None], bytes | None]


@dataclass
class ServedLog:
    """What the server publishes: the log's entries up to ``size``, with a checkpoint signed by ``keys``."""

    keys: SignedLog
    entries: list[bytes]
    size: int = 0
    checkpoint: bytes = b""
    lies: dict[str, Lie] = field(default_factory=dict)
    stall_paths: set[str] = field(default_factory=set)
    delays: dict[str, float] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def publish(self, size: int | None = None, **sign_options: object) -> None:
        """Publish the first ``size`` entries (all by default) under a fresh checkpoint."""
        self.size = len(self.entries) if size is None else size
        self._tiles = TileLog.from_entries(self.entries[: max(self.size, 1)] if self.size else [])
        body = self.keys.body(self.size, self._tiles.root(self.size) if self.size else None)
        self.checkpoint = self.keys.sign(body, **sign_options)  # type: ignore[arg-type]
        self._paths = {t.path(): b for t, b in self._tiles.published_tiles(self.size).items()} if self.size else {}
        if self.size:
            self._paths.update({b.path(): d for b, d in self._tiles.published_bundles(self.size).items()})

    def honest(self, path: str) -> bytes | None:
        if path == "checkpoint":
            return self.checkpoint
        return self._paths.get(path)

    def body(self, path: str) -> bytes | None:
        honest = self.honest(path)
        lie = self.lies.get(path) or self.lies.get("*")
        return lie(path, honest) if lie else honest


def _handler(log: ServedLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.lstrip("/")
            log.requests.append(path)
            if path in log.stall_paths:  # answer the headers, then trickle forever (until the client gives up)
                self.send_response(200)
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                try:
                    for _ in range(600):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    return
                return
            if path in log.delays:
                time.sleep(log.delays[path])
            body = log.body(path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serve(log: ServedLog) -> Iterator[str]:
    """Serve ``log`` on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(log))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="log-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
