"""Binding sockets and reading key files for the node and the witness; running the witness under uvicorn.

The listening socket is bound here, before either server starts, so a busy port is a
clear :class:`~ledger_node.errors.ConfigurationError` and ``--port 0`` works
(the chosen port is logged as ``listening on http://HOST:PORT``). The node serves
on :mod:`ledger_node.http_server`; the witness, which answers one request per
checkpoint, is an ASGI application under uvicorn with the same limits: request
headers up to 16 KiB, at most 1024 connections at once, 5 s keep-alive; bodies are
capped and timed by the handlers.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from pathlib import Path

import uvicorn
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ledger_client import keys
from ledger_client.credentials import did_key
from ledger_node.errors import ConfigurationError
from ledger_node.http_server import KEEP_ALIVE_SECONDS, MAX_CONNECTIONS, MAX_HEADER_BYTES

log = logging.getLogger("ledger_node")


def configure_logging() -> None:
    """One line per event on stderr."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def write_key(path: Path, key: keys.SigningKey) -> None:
    """Write ``PRIVATE+KEY+...`` to a new file readable by its owner only (mode 0600).

    Raises:
        ConfigurationError: the file exists or cannot be created.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise ConfigurationError(f"cannot create key file {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.to_private_key() + "\n")


def read_key(path: Path, kind: keys.SignatureType) -> keys.SigningKey:
    """Read a ``PRIVATE+KEY+...`` file holding a key of ``kind``.

    Raises:
        ConfigurationError: unreadable, malformed, or of the other type.
    """
    try:
        key = keys.SigningKey.from_private_key(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigurationError(f"{path} is not a readable PRIVATE+KEY file") from exc
    if key.type is not kind:
        wanted = "a note signing (type 0x01)" if kind is keys.SignatureType.ED25519 else "a cosigning (type 0x04)"
        raise ConfigurationError(f"{path} does not hold {wanted} key")
    return key


def parse_did_key(text: str) -> str:
    """CBP's key as ``did:key:z6Mk...`` or a bare ``z6Mk...`` multikey; returns the DID.

    Raises:
        ConfigurationError: not an Ed25519 did:key.
    """
    did = text if text.startswith(did_key.PREFIX) else did_key.PREFIX + text
    try:
        did_key.public_key_of(did)
    except ValueError as exc:
        raise ConfigurationError("--cbp-key is not an Ed25519 did:key or multikey") from exc
    return did


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket. Raises ConfigurationError when the address is busy or not ours."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # so asyncio sets TCP_NODELAY
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigurationError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.set_inheritable(True)
    return sock


class HeaderLimit:
    """Refuse (431) a request whose header block is over ``limit`` bytes.

    h11 caps only a header block still arriving; one sent whole is checked here.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_HEADER_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and sum(len(k) + len(v) for k, v in scope["headers"]) > self.limit:
            await PlainTextResponse("request headers too large\n", status_code=431)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def run(app: ASGIApp, sock: socket.socket) -> None:
    """Serve ``app`` (the witness) on ``sock`` under uvicorn (httptools on uvloop) until SIGINT or SIGTERM."""
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        HeaderLimit(app),
        log_config=None,
        access_log=False,
        http="httptools",
        loop="uvloop",
        lifespan="on",
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=5,
        server_header=False,
    )
    log.info("listening on http://%s:%d", host, port)
    uvicorn.Server(config).run(sockets=[sock])
