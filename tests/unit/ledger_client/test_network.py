"""Network settings: the proxy setting parsed once, the proxy route named, credentials never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger_client.network import NetworkSettings, NetworkSettingsError, ProxyRoute, parse_proxy
from ledger_client.transport import HttpTransport, resolve_proxy


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("", "system"), (" System ", "system"), ("direct", "direct"), ("none", "direct"), ("http://p:3128", "http://p:3128")],
)
def test_proxy_settings(text: str, parsed: str) -> None:
    assert parse_proxy(text) == parsed


@pytest.mark.parametrize("text", ["socks5://p:1080", "p:3128", "http://", "http://p:99999"])
def test_proxy_settings_refused(text: str) -> None:
    with pytest.raises(NetworkSettingsError) as caught:
        parse_proxy(text)
    assert caught.value.setting == "proxy" and caught.value.value == text


def test_a_ca_bundle_must_hold_a_certificate(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_text("not a certificate\n")
    with pytest.raises(NetworkSettingsError, match="holds no PEM certificate"):
        NetworkSettings.parse("system", empty)
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(NetworkSettingsError, match="cannot be read"):
        NetworkSettings.parse("system", broken)


def test_routes_name_their_source(monkeypatch: pytest.MonkeyPatch) -> None:
    system = NetworkSettings()
    assert resolve_proxy("https://ledger.example/", system) == ProxyRoute(None, "no proxy is set")
    monkeypatch.setenv("HTTP_PROXY", "http://plain:3128")
    assert resolve_proxy("https://ledger.example/", system).proxy is None  # HTTP_PROXY is for http:// URLs
    assert resolve_proxy("http://ledger.example/", system) == ProxyRoute("http://plain:3128", "HTTP_PROXY")
    monkeypatch.setenv("https_proxy", "http://secure:3128")
    assert resolve_proxy("https://ledger.example/", system) == ProxyRoute("http://secure:3128", "https_proxy")
    monkeypatch.setenv("NO_PROXY", ".example")
    assert resolve_proxy("https://ledger.example/", system).proxy is None
    assert resolve_proxy("https://ledger.example/", NetworkSettings(proxy="direct")).proxy is None
    fixed = resolve_proxy("https://ledger.example/", NetworkSettings(proxy="http://set:8080"))
    assert fixed == ProxyRoute("http://set:8080", "the proxy setting")  # NO_PROXY applies to 'system' only


def test_a_proxy_password_is_never_shown() -> None:
    route = ProxyRoute("http://officer:s3cret@proxy.agency.example:3128", "HTTPS_PROXY")
    assert route.describe() == "http://***@proxy.agency.example:3128 (from HTTPS_PROXY)"
    transport = HttpTransport("http://127.0.0.1:1/", network=NetworkSettings(proxy=route.proxy or ""), retries=0)
    assert "s3cret" not in transport.route.describe()
    transport.close()
