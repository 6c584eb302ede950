"""The workstation on a government network: https:// ledgers, a TLS-inspecting agency CA, an HTTP proxy.

Real parts on loopback: the demo ledger node (``ledger-node serve --demo``), a
TLS front with a certificate from a CA made in the test (``openssl``), an HTTP
CONNECT proxy (tests/helpers/tls_network.py), the real client and CLI. Mocked:
only the DNS failure test replaces ``socket.getaddrinfo`` for one invented name,
since a real lookup would leave loopback.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import ledger_client
from ledger_client.cli.main import main as client_main
from ledger_client.connection_check import ConnectionStage, check_connection
from ledger_client.network import NetworkSettings
from tests.helpers.loopback_http import QuietHandler, loopback_server
from tests.helpers.tls_network import Certificates, ConnectProxy, TlsFront, make_ca
from workstation import profiles
from workstation.__main__ import main
from workstation.demo_ledger import DemoLedger

DEMO = Path(str(resources.files("resources"))) / "demo"
ORIGIN = json.loads((DEMO / "trust.json").read_text(encoding="utf-8"))["expected_origin"]
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_ca(tmp_path_factory.mktemp("agency-ca"))


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory, certificates: Certificates) -> Iterator[TlsFront]:
    node = DemoLedger(tmp_path_factory.mktemp("demo-ledger"))
    parts = urlsplit(node.start())
    tls = TlsFront(certificates, (parts.hostname or "127.0.0.1", parts.port or 80))
    try:
        yield tls
    finally:
        tls.close()
        node.stop()


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    server = ConnectProxy()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No proxy variable from the machine running the tests; profiles under tmp_path."""
    for name in (*PROXY_VARIABLES, "NO_PROXY", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "network test passphrase")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    capsys.readouterr()
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.slow
def test_sync_over_https_through_the_proxy_with_the_agency_ca(  # type: ignore[no-untyped-def]
    capsys, monkeypatch, front, proxy, certificates
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    code, out = run(
        capsys, "--ca-bundle", str(certificates.ca), "sync", "--ledger", front.url, "--trust", str(DEMO / "trust.json")
    )
    assert code == 0, out
    checkpoint = out["checkpoint"]
    assert isinstance(checkpoint, dict) and checkpoint["origin"] == ORIGIN and checkpoint["size"] > 0
    assert proxy.tunnels and set(proxy.tunnels) == {f"localhost:{front.port}"}
    stored = profiles.Profile.named("default").load_settings()
    assert (stored.ledger_url, stored.ca_bundle, stored.proxy) == (front.url, str(certificates.ca), "system")

    # The next run reads the CA bundle from the profile.
    code, out = run(capsys, "sync")
    assert code == 0, out


@pytest.mark.slow
def test_without_the_agency_ca_the_certificate_is_refused(capsys, front, proxy) -> None:  # type: ignore[no-untyped-def]
    code, out = run(capsys, "--proxy", proxy.url, "sync", "--ledger", front.url, "--trust", str(DEMO / "trust.json"))
    assert code == 4, out
    details = out["details"]
    assert isinstance(details, dict) and details["failure"] == "TLS"
    assert "certificate was not accepted" in str(details["message"])
    assert str(out["message"]).startswith("The ledger node's TLS certificate was not accepted.")
    report = check_connection(front.url, NetworkSettings.parse(proxy.url), expected_origin=ORIGIN)
    assert report.stage is ConnectionStage.TLS_CERTIFICATE
    assert "Test Agency" not in report.ca and "certifi" in report.ca


@pytest.mark.slow
def test_connection_check_names_the_proxy_and_ca_in_use(monkeypatch, front, proxy, certificates) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    report = check_connection(front.url, NetworkSettings.parse("system", certificates.ca), expected_origin=ORIGIN)
    assert report.ok, report
    assert report.origin == ORIGIN
    assert report.proxy == f"{proxy.url} (from HTTPS_PROXY)"
    assert report.ca == str(certificates.ca)
    assert proxy.tunnels == [f"localhost:{front.port}"]


@pytest.mark.slow
def test_no_proxy_goes_direct(monkeypatch, front, proxy, certificates) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    report = check_connection(front.url, NetworkSettings.parse("system", certificates.ca))
    assert report.ok, report
    assert report.proxy.startswith("direct connection (NO_PROXY")
    assert proxy.tunnels == []


@pytest.mark.slow
def test_a_proxy_that_refuses_the_tunnel(front, proxy, certificates) -> None:  # type: ignore[no-untyped-def]
    proxy.refuse = True
    report = check_connection(front.url, NetworkSettings.parse(proxy.url, certificates.ca))
    assert report.stage is ConnectionStage.PROXY
    assert report.headline.startswith("Proxy:")


def test_a_proxy_that_is_not_there(certificates: Certificates) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    network = NetworkSettings.parse(f"http://127.0.0.1:{port}", certificates.ca)
    report = check_connection("https://localhost:1/", network)
    assert report.stage is ConnectionStage.PROXY


def test_a_host_name_that_does_not_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host == "ledger.agency.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type] # passes the caller's arguments on

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    report = check_connection("https://ledger.agency.invalid/", NetworkSettings.parse("direct"))
    assert report.stage is ConnectionStage.DNS
    assert report.headline.startswith("DNS:")


@pytest.mark.slow
def test_an_http_error_status(front, certificates) -> None:  # type: ignore[no-untyped-def]
    report = check_connection(front.url + "no-such-prefix/", NetworkSettings.parse("direct", certificates.ca))
    assert report.stage is ConnectionStage.HTTP_STATUS
    assert report.status == 404


@pytest.mark.slow
def test_another_ledger(front, certificates) -> None:  # type: ignore[no-untyped-def]
    report = check_connection(
        front.url, NetworkSettings.parse("direct", certificates.ca), expected_origin="other.example/ledger"
    )
    assert report.stage is ConnectionStage.OTHER_LEDGER
    assert report.origin == ORIGIN


def test_a_web_server_that_is_not_a_ledger() -> None:
    class Portal(QuietHandler):
        def on_get(self) -> None:
            self.answer(b"<html><body>Welcome to the agency intranet</body></html>", "text/html")

    with loopback_server(Portal) as url:
        report = check_connection(url, NetworkSettings.parse("direct"))
    assert report.stage is ConnectionStage.NOT_A_LEDGER
    assert report.headline.startswith("Not a ledger:")


def test_a_tls_failure_is_not_retried(certificates: Certificates) -> None:
    """A certificate that is not trusted stays untrusted: one attempt, failure TLS."""
    front = TlsFront(certificates, ("127.0.0.1", 9))
    try:
        transport = ledger_client.HttpTransport(front.url, network=NetworkSettings.parse("direct"), retries=3)
        with pytest.raises(ledger_client.TransportError) as caught:
            transport.get("checkpoint", limit=100)
    finally:
        front.close()
    assert caught.value.failure == "TLS"
    assert "after" not in str(caught.value)


@pytest.mark.slow
def test_ledger_client_audit_over_https_through_the_proxy(  # type: ignore[no-untyped-def]
    capsys, front, proxy, certificates
) -> None:
    argv = ["audit", front.url, "--trust", str(DEMO / "trust.json"), "--quiet"]
    code = client_main([*argv, "--proxy", proxy.url, "--ca-bundle", str(certificates.ca)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    assert out["verdict"] == "valid"
    assert proxy.tunnels and set(proxy.tunnels) == {f"localhost:{front.port}"}
    code = client_main([*argv, "--proxy", proxy.url])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and "certificate was not accepted" in str(out["reason"])
