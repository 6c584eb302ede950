"""``Test connection``: one GET of the node's checkpoint, and the first thing that stopped it, by name.

The check reports a :class:`ConnectionReport`: the stage that failed (DNS,
proxy, TLS certificate, connection, HTTP status, not a ledger, another ledger)
or ``OK``, one sentence saying so, and which proxy and certificate authorities
were used. It verifies no signature: syncing does that (docs/verification.md);
this only says whether the node can be reached and answers like a ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ledger_client import wire
from ledger_client.errors import MalformedResponseError, NetworkFailure, TransportError
from ledger_client.network import NetworkSettings, ProxyRoute
from ledger_client.transport import HttpTransport, Timeouts, resolve_proxy

CHECK_TIMEOUTS = Timeouts(connect=5.0, read=10.0, total=20.0)


class ConnectionStage(StrEnum):
    """Where the check stopped (``OK``: it did not)."""

    OK = "OK"
    DNS = "DNS"
    PROXY = "PROXY"
    TLS_CERTIFICATE = "TLS_CERTIFICATE"
    CONNECT = "CONNECT"
    TIMEOUT = "TIMEOUT"
    HTTP_STATUS = "HTTP_STATUS"
    NOT_A_LEDGER = "NOT_A_LEDGER"
    OTHER_LEDGER = "OTHER_LEDGER"


_FROM_FAILURE = {
    NetworkFailure.DNS: ConnectionStage.DNS,
    NetworkFailure.PROXY: ConnectionStage.PROXY,
    NetworkFailure.TLS: ConnectionStage.TLS_CERTIFICATE,
    NetworkFailure.CONNECT: ConnectionStage.CONNECT,
    NetworkFailure.TIMEOUT: ConnectionStage.TIMEOUT,
    NetworkFailure.HTTP_STATUS: ConnectionStage.HTTP_STATUS,
    NetworkFailure.BROKEN_ANSWER: ConnectionStage.CONNECT,
    NetworkFailure.REQUEST: ConnectionStage.CONNECT,
}

_HEADLINE = {
    ConnectionStage.OK: "Connected: the node answers with a checkpoint of the expected ledger.",
    ConnectionStage.DNS: "DNS: the ledger's host name did not resolve.",
    ConnectionStage.PROXY: "Proxy: the proxy could not be reached or refused the connection.",
    ConnectionStage.TLS_CERTIFICATE: "TLS certificate: the node's certificate is not trusted by the CA in use.",
    ConnectionStage.CONNECT: "Connection: the node refused or dropped the connection.",
    ConnectionStage.TIMEOUT: "Timeout: the node did not answer in time.",
    ConnectionStage.HTTP_STATUS: "HTTP status: the server answered, but not with 200 OK.",
    ConnectionStage.NOT_A_LEDGER: "Not a ledger: the server answered, but not with a ledger checkpoint.",
    ConnectionStage.OTHER_LEDGER: "Another ledger: the node serves a ledger other than the trust file's.",
}


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """What ``Test connection`` found.

    Attributes:
        stage: where it stopped, or ``OK``.
        detail: the evidence in one line (our text, plus the origin or status the server sent).
        proxy: the proxy in use, in words; ca: the certificate authorities in use.
        status: the HTTP status of a non-200 answer; origin: the origin line of the checkpoint received.
    """

    url: str
    stage: ConnectionStage
    detail: str
    proxy: str
    ca: str
    status: int | None = None
    origin: str | None = None

    @property
    def ok(self) -> bool:
        return self.stage is ConnectionStage.OK

    @property
    def headline(self) -> str:
        return _HEADLINE[self.stage]


def route_for(url: str, network: NetworkSettings) -> ProxyRoute:
    """The proxy the client would use for ``url`` (see :func:`ledger_client.transport.resolve_proxy`)."""
    return resolve_proxy(url, network)


def check_connection(
    url: str,
    network: NetworkSettings,
    *,
    expected_origin: str | None = None,
    transport_factory: Callable[[str, NetworkSettings], HttpTransport] | None = None,
) -> ConnectionReport:
    """GET ``<url>/checkpoint`` once (no retry) and say how far it got.

    Raises:
        ValueError: ``url`` is not an http:// or https:// URL.
    """
    factory = transport_factory or (
        lambda base, settings: HttpTransport(base, network=settings, timeouts=CHECK_TIMEOUTS, retries=0)
    )
    transport = factory(url, network)
    route, ca = transport.route.describe(), network.describe_ca()

    def report(
        stage: ConnectionStage, detail: str, *, status: int | None = None, origin: str | None = None
    ) -> ConnectionReport:
        return ConnectionReport(transport.base_url, stage, detail, route, ca, status=status, origin=origin)

    try:
        body = transport.get("checkpoint", limit=wire.MAX_NOTE_BYTES)
    except TransportError as exc:
        return report(_FROM_FAILURE[exc.failure], str(exc), status=exc.status)
    except MalformedResponseError as exc:
        return report(ConnectionStage.NOT_A_LEDGER, str(exc))
    finally:
        transport.close()
    try:
        checkpoint = wire.parse_checkpoint(wire.parse_note(body).text)
    except MalformedResponseError as exc:
        return report(ConnectionStage.NOT_A_LEDGER, f"/checkpoint is not a signed checkpoint: {exc}")
    if expected_origin is not None and checkpoint.origin != expected_origin:
        return report(
            ConnectionStage.OTHER_LEDGER,
            f"expected the ledger {expected_origin!r}; the node serves {checkpoint.origin!r}",
            origin=checkpoint.origin,
        )
    return report(ConnectionStage.OK, f"{checkpoint.origin}: {checkpoint.size} entries", origin=checkpoint.origin)
