"""A government network on loopback: a CA made here, a TLS-terminating front, an HTTP CONNECT proxy.

* :func:`make_ca` runs the ``openssl`` command line to make a certificate
  authority and a server certificate for ``localhost`` and ``127.0.0.1``
  (``cryptography`` is not a project dependency).
* :class:`TlsFront` terminates TLS with that certificate and relays the
  plain bytes to a real ledger node's HTTP port, as an agency's reverse proxy does.
* :class:`ConnectProxy` is an HTTP proxy that only tunnels (``CONNECT host:port``),
  records every tunnel it opened, and can be told to refuse them.

All of them listen on 127.0.0.1 with a free port and run an asyncio loop in a
daemon thread; ``close`` stops it. Nothing leaves loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import subprocess
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA certificate (the "agency CA bundle")
    cert: Path  # the server certificate, signed by the CA
    key: Path  # the server's private key


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder: Path, name: str = "Test Agency Inspection CA") -> Certificates:
    """A CA and a server certificate for localhost/127.0.0.1 under ``folder`` (valid 2 days)."""
    folder.mkdir(parents=True, exist_ok=True)
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=folder,
    )
    _openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
        cwd=folder,
    )
    (folder / "server.ext").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        encoding="ascii",
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-out", "server.pem", "-extfile", "server.ext",
        cwd=folder,
    )
    return Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(ConnectionError, OSError, RuntimeError):
            writer.close()


async def _relay(
    a: tuple[asyncio.StreamReader, asyncio.StreamWriter], b: tuple[asyncio.StreamReader, asyncio.StreamWriter]
) -> None:
    # return_exceptions: closing the server cancels both pipes; their ends are results, not errors to log
    await asyncio.gather(_pipe(a[0], b[1]), _pipe(b[0], a[1]), return_exceptions=True)


class _LoopServer:
    """An asyncio server on 127.0.0.1:<free port>, in its own thread."""

    def __init__(
        self,
        handler: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await handler(reader, writer)
            except asyncio.CancelledError:  # closing the server ends open connections quietly
                writer.transport.abort()
            except (ConnectionError, OSError, ssl.SSLError):
                writer.transport.abort()

        started = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(handle, "127.0.0.1", 0, ssl=ssl_context), self._loop
        )
        self._server = started.result(timeout=10)
        self.port: int = self._server.sockets[0].getsockname()[1]

    def close(self) -> None:
        async def stop() -> None:
            self._server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            # Let every cancelled connection finish (its transport aborted) before the loop stops and closes:
            # a task still pending at loop.close() is reported as destroyed, which the suite treats as an error.
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.sleep(0)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


class TlsFront(_LoopServer):
    """TLS on ``https://localhost:<port>`` in front of the plain HTTP server at ``backend`` (host, port)."""

    def __init__(self, certificates: Certificates, backend: tuple[str, int]) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificates.cert, certificates.key)
        self._backend = backend
        super().__init__(self._handle, context)
        self.url = f"https://localhost:{self.port}/"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream = await asyncio.open_connection(*self._backend)
        except OSError:
            writer.close()
            return
        await _relay((reader, writer), upstream)


class ConnectProxy(_LoopServer):
    """An HTTP proxy that tunnels ``CONNECT host:port`` (and answers 405 to anything else).

    Attributes:
        tunnels: every ``host:port`` it was asked to CONNECT to, in order.
        refuse: answer ``403 Forbidden`` instead of tunnelling (a proxy policy that blocks the ledger).
    """

    def __init__(self) -> None:
        self.tunnels: list[str] = []
        self.refuse = False
        super().__init__(self._handle)
        self.url = f"http://127.0.0.1:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readline()
        while (await reader.readline()).strip():  # the headers, up to the blank line
            pass
        method, _, rest = request.decode("latin-1").partition(" ")
        target = rest.split(" ")[0]
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        self.tunnels.append(target)
        if self.refuse:
            writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        host, _, port = target.rpartition(":")
        try:
            upstream = await asyncio.open_connection(host, int(port))
        except OSError:
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await _relay((reader, writer), upstream)
