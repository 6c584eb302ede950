"""Where ``ledger-client audit`` reads a log from: a directory laid out as tlog-tiles, or a server.

Both give bytes by resource path (``checkpoint``, ``tile/0/x001/234``,
``tile/entries/000.p/7``) and report a missing resource as a
:class:`~ledger_client.errors.TransportError` with status 404, as a server would.
"""

from __future__ import annotations

import os
from pathlib import Path

from ledger_client.errors import MalformedResponseError, TransportError
from ledger_client.transport import Transport


class DirectorySource:
    """A log's files in a local directory (what Tessera's POSIX driver, or ``ledger-node --tiles-dir``, writes)."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise ValueError(f"{root} is not a directory")
        self._root = root

    @property
    def base_url(self) -> str:
        return self._root.as_uri() + "/"

    def read(self, path: str, *, limit: int) -> bytes:
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"{path!r} is not a resource path")  # our own paths never look like this
        file = self._root / path
        try:
            with file.open("rb") as fh:
                # Ask for the file's size, not the limit: a read of the limit would allocate it each time.
                size = os.fstat(fh.fileno()).st_size
                data = fh.read(min(size, limit) + 1)
        except FileNotFoundError as exc:
            raise TransportError(f"{file} does not exist", url=str(file), status=404) from exc
        except OSError as exc:
            raise TransportError(f"{file} cannot be read: {exc.strerror or exc}", url=str(file)) from exc
        if len(data) > limit:
            raise MalformedResponseError(f"{file} is over its limit of {limit} bytes", what="file", received=data[:256])
        return data


class TransportSource:
    """A log served over HTTP(S), through the bounded :class:`~ledger_client.transport.Transport`."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def read(self, path: str, *, limit: int) -> bytes:
        return self._transport.get(path, limit=limit)
