"""HTTP to a ledger node: the only module that imports ``requests`` (CONTRIBUTING.md §1, §4 "Bound every request").

Every request has a connect timeout, a read timeout and an overall deadline,
and its body is streamed and cut off at a byte cap, so a node that sends too
much, or trickles forever, costs bounded time and memory. Connection failures
and timeouts are retried with exponential backoff; an HTTP status is an answer
and is never retried, and neither is a TLS failure (a certificate does not
become trusted by asking again). Failures raise :class:`TransportError` (the
request did not complete; its ``failure`` names where it stopped) or
:class:`MalformedResponseError` (the body is over its cap).

Proxy and certificate authorities come from :class:`NetworkSettings` only: the
proxy for the node's URL is resolved once (:func:`resolve_proxy`) and nothing
else in the environment (``REQUESTS_CA_BUNDLE``, ``.netrc``) changes a request.
"""

from __future__ import annotations

import os
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
import requests.utils
import urllib3

from ledger_client import version
from ledger_client.errors import MalformedResponseError, NetworkFailure, TransportError
from ledger_client.network import DIRECT, SYSTEM_PROXY, NetworkSettings, ProxyRoute, redact_url


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
        network: the proxy setting and CA bundle (default: the system proxy, the built-in CAs).
        timeouts: see :class:`Timeouts`.
        retries: how many times a connection failure or timeout is retried.
        backoff: the first retry's delay in seconds; it doubles each time.
        sleep: injected for tests.
    """

    def __init__(
        self,
        base_url: str,
        *,
        network: NetworkSettings | None = None,
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
        network = network or NetworkSettings()
        self._network = network
        self.route = resolve_proxy(self._base, network)
        self._session = requests.Session()
        self._session.trust_env = False  # the route above is the only proxy; the CA bundle the only CAs
        self._session.headers["User-Agent"] = version.user_agent()
        self._session.proxies = {"http": self.route.proxy, "https": self.route.proxy} if self.route.proxy else {}
        self._session.verify = str(network.ca_bundle) if network.ca_bundle is not None else True

    @property
    def base_url(self) -> str:
        return self._base

    @property
    def network(self) -> NetworkSettings:
        return self._network

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
                        f"{method} {path} failed after {attempt + 1} attempts: {exc.why}", url=url, failure=exc.failure
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
        except requests.exceptions.SSLError as exc:
            raise TransportError(
                f"{method} {url}: TLS failed: {_tls_why(exc)} (certificate authorities: {self._network.describe_ca()})",
                url=url,
                failure=NetworkFailure.TLS,
            ) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            failure = _classify(exc)
            raise _RetryableError(_WHY[failure] + self._via(), failure) from exc
        except requests.RequestException as exc:
            raise TransportError(f"{method} {url} could not be sent", url=url, failure=NetworkFailure.REQUEST) from exc
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
                        raise TransportError(
                            f"{method} {url} took longer than {self._timeouts.total:.0f} s",
                            url=url,
                            failure=NetworkFailure.TIMEOUT,
                        )
                    chunks.append(chunk)
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError, OSError) as exc:
                raise _RetryableError(
                    f"the answer broke off: {type(exc).__name__}", NetworkFailure.BROKEN_ANSWER
                ) from exc
            except urllib3.exceptions.HTTPError as exc:
                raise TransportError(
                    f"the answer to {method} {url} could not be read", url=url, failure=NetworkFailure.BROKEN_ANSWER
                ) from exc
        return b"".join(chunks)

    def _via(self) -> str:
        return f" (via the proxy {redact_url(self.route.proxy)})" if self.route.proxy else ""


def resolve_proxy(url: str, network: NetworkSettings) -> ProxyRoute:
    """The proxy the transport uses for ``url`` under ``network``, and where that choice came from.

    ``system`` follows what ``requests`` would read: ``NO_PROXY`` (and, on Windows
    and macOS, the system's bypass list) first, then the scheme's proxy variable
    (``HTTPS_PROXY`` for an ``https://`` URL), ``ALL_PROXY``, then the operating
    system's settings where the standard library reads them.
    """
    if network.proxy == DIRECT:
        return ProxyRoute(None, "the proxy setting is 'direct'")
    if network.proxy != SYSTEM_PROXY:
        return ProxyRoute(network.proxy, "the proxy setting")
    scheme = urlsplit(url).scheme
    if requests.utils.should_bypass_proxies(url, no_proxy=None):
        return ProxyRoute(None, "NO_PROXY or the system's bypass list names this host")
    found = requests.utils.get_environ_proxies(url, no_proxy=None)
    proxy = found.get(scheme) or found.get("all")
    if not proxy:
        return ProxyRoute(None, "no proxy is set")
    for name in (f"{scheme}_proxy", "all_proxy"):
        for variable in (name.upper(), name):
            if os.environ.get(variable):
                return ProxyRoute(proxy, variable)
    return ProxyRoute(proxy, "the system proxy settings")


_WHY = {
    NetworkFailure.DNS: "the host name did not resolve",
    NetworkFailure.PROXY: "the proxy could not be reached or refused the connection",
    NetworkFailure.TIMEOUT: "no answer in time",
    NetworkFailure.CONNECT: "the connection was refused or reset",
}


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything it wraps (``__cause__``, ``__context__`` and urllib3's ``reason``)."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        todo.extend(item for item in linked if isinstance(item, BaseException))
    return seen


def _classify(exc: requests.RequestException) -> NetworkFailure:
    causes = _causes(exc)
    if isinstance(exc, requests.exceptions.ProxyError):
        return NetworkFailure.PROXY
    if isinstance(exc, requests.Timeout) or any(isinstance(c, (TimeoutError, socket.timeout)) for c in causes):
        return NetworkFailure.TIMEOUT
    if any(isinstance(c, (socket.gaierror, urllib3.exceptions.NameResolutionError)) for c in causes):
        return NetworkFailure.DNS
    return NetworkFailure.CONNECT


def _tls_why(exc: requests.exceptions.SSLError) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"the server's certificate was not accepted ({cause.verify_message})"
    return "the handshake did not complete"


class _RetryableError(Exception):
    """A connection failure or timeout: worth another try."""

    def __init__(self, why: str, failure: NetworkFailure) -> None:
        super().__init__(why)
        self.why = why
        self.failure = failure
