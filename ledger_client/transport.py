"""HTTP to a ledger node: the only module that imports ``requests`` (STYLE §1, §4 "Bound every request").

Every request has a connect timeout, a read timeout and an overall deadline,
and its body is streamed and cut off at a byte cap, so a node that sends too
much, or trickles forever, costs bounded time and memory. Connection failures
and timeouts are retried with exponential backoff; an HTTP status is an answer
and is never retried. Failures raise :class:`TransportError` (the request did
not complete) or :class:`MalformedResponseError` (the body is over its cap).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin

import requests
import urllib3

from ledger_client import version
from ledger_client.errors import MalformedResponseError, TransportError


class Transport(Protocol):
    """Fetches and posts bytes relative to a ledger node's base URL.

    Contract: ``get`` and ``post`` return the whole body of a 200 answer, at
    most ``limit`` bytes after HTTP content decoding. Anything else raises:
    ``TransportError`` when the exchange did not complete or the answer was
    not 200 (``status`` is then set, e.g. 404 for a tile that does not exist),
    ``MalformedResponseError`` when the body is over ``limit``.
    """

    @property
    def base_url(self) -> str: ...

    def get(self, path: str, *, limit: int) -> bytes: ...

    def post(self, path: str, body: bytes, *, limit: int, content_type: str) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds: to connect, between two reads, and for the whole exchange."""

    connect: float = 5.0
    read: float = 15.0
    total: float = 60.0


class HttpTransport:
    """:class:`Transport` over HTTP(S) with ``requests``.

    Args:
        base_url: the node's URL prefix (``http://127.0.0.1:8400/``).
        timeouts: see :class:`Timeouts`.
        retries: how many times a connection failure or timeout is retried.
        backoff: the first retry's delay in seconds; it doubles each time.
        sleep: injected for tests.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeouts: Timeouts = Timeouts(),
        retries: int = 2,
        backoff: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("a ledger URL starts with http:// or https://")
        self._base = base_url if base_url.endswith("/") else base_url + "/"
        self._timeouts = timeouts
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep
        self._session = requests.Session()
        self._session.headers["User-Agent"] = version.user_agent()

    @property
    def base_url(self) -> str:
        return self._base

    def close(self) -> None:
        self._session.close()

    def get(self, path: str, *, limit: int) -> bytes:
        return self._exchange("GET", path, None, limit, None)

    def post(self, path: str, body: bytes, *, limit: int, content_type: str) -> bytes:
        return self._exchange("POST", path, body, limit, content_type)

    # ------------------------------------------------------------------ internals

    def _exchange(self, method: str, path: str, body: bytes | None, limit: int, content_type: str | None) -> bytes:
        url = urljoin(self._base, path.lstrip("/"))
        delay = self._backoff
        for attempt in range(self._retries + 1):
            try:
                return self._once(method, url, body, limit, content_type)
            except _RetryableError as exc:
                if attempt == self._retries:
                    raise TransportError(
                        f"{method} {path} failed after {attempt + 1} attempts: {exc.why}", url=url
                    ) from exc.__cause__
                self._sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, url: str, body: bytes | None, limit: int, content_type: str | None) -> bytes:
        deadline = time.monotonic() + self._timeouts.total
        headers = {"Content-Type": content_type} if content_type else {}
        try:
            response = self._session.request(
                method,
                url,
                data=body,
                headers=headers,
                stream=True,
                timeout=(self._timeouts.connect, self._timeouts.read),
                allow_redirects=False,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _RetryableError(type(exc).__name__) from exc
        except requests.RequestException as exc:
            raise TransportError(f"{method} {url} could not be sent", url=url) from exc
        with response:
            if response.status_code != 200:
                try:
                    error_body = response.raw.read(4096, decode_content=True) or b""
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
                    error_body = b""
                raise TransportError(
                    f"{method} {url} answered HTTP {response.status_code}",
                    url=url,
                    status=response.status_code,
                    body=error_body,
                )
            chunks: list[bytes] = []
            received = 0
            try:
                # read1 returns what has arrived, so a node that trickles bytes is caught by the
                # overall deadline; each single read is still bounded by the read timeout.
                while chunk := response.raw.read1(65536, decode_content=True):
                    received += len(chunk)
                    if received > limit:
                        raise MalformedResponseError(
                            f"the answer to {method} {url} is over its limit of {limit} bytes",
                            what="response",
                            received=b"".join(chunks)[:256],
                        )
                    if time.monotonic() > deadline:
                        raise TransportError(f"{method} {url} took longer than {self._timeouts.total:.0f} s", url=url)
                    chunks.append(chunk)
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError, OSError) as exc:
                raise _RetryableError(f"the answer broke off: {type(exc).__name__}") from exc
            except urllib3.exceptions.HTTPError as exc:
                raise TransportError(f"the answer to {method} {url} could not be read", url=url) from exc
        return b"".join(chunks)


class _RetryableError(Exception):
    """A connection failure or timeout: worth another try."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why
