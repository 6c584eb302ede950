"""How the client reaches a node: which proxy, which certificate authorities (parsed once, then frozen).

On a government network the workstation sits behind a proxy that may inspect
TLS with the agency's own certificate authority. :class:`NetworkSettings` says
what to do there; :mod:`ledger_client.transport` applies it and reports, as a
:class:`ProxyRoute`, which proxy it actually uses for a URL and why.

Proxy setting:
    ``system``   the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``,
                 ``NO_PROXY``, upper or lower case) and, where Python's standard
                 library can read them, the operating system's settings (the
                 Windows registry, macOS System Settings). On Linux only the
                 environment is read: desktop sessions export the GNOME or KDE
                 proxy there.
    ``direct``   no proxy at all.
    a URL        ``http://host:port`` for every ledger URL (``NO_PROXY`` does not apply).

CA bundle: a PEM file of certificate authorities that *replaces* the built-in
list (Mozilla's, from ``certifi``) for TLS to the node and through the proxy.
An agency whose bundle must also accept public servers concatenates both.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SYSTEM_PROXY = "system"
DIRECT = "direct"
#: How the built-in CA list is named where the CA in use is shown.
BUILT_IN_CAS = "built-in list (Mozilla's, from certifi)"


class NetworkSettingsError(ValueError):
    """A proxy setting or CA bundle that cannot be used; the message says which and why.

    Attributes:
        setting: ``"proxy"`` or ``"ca_bundle"``.
        value: what was given.
    """

    def __init__(self, message: str, *, setting: str, value: str) -> None:
        super().__init__(message)
        self.setting = setting
        self.value = value


def parse_proxy(text: str) -> str:
    """``system``, ``direct``, or an ``http://``/``https://`` proxy URL with a host (trimmed)."""
    value = text.strip()
    if value.lower() in ("", SYSTEM_PROXY):
        return SYSTEM_PROXY
    if value.lower() in (DIRECT, "none"):
        return DIRECT
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NetworkSettingsError(
            "a proxy is 'system', 'direct' or a URL such as http://proxy.agency.example:3128",
            setting="proxy",
            value=value,
        )
    try:
        _ = parts.port
    except ValueError as exc:
        raise NetworkSettingsError(
            "the proxy URL's port is not a number from 1 to 65535", setting="proxy", value=value
        ) from exc
    return value


def check_ca_bundle(path: Path) -> Path:
    """``path`` if it is a readable PEM file holding at least one certificate authority."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NetworkSettingsError(f"cannot read the CA bundle {path}", setting="ca_bundle", value=str(path)) from exc
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise NetworkSettingsError(
            f"the CA bundle {path} holds no PEM certificate", setting="ca_bundle", value=str(path)
        )
    try:
        ssl.create_default_context().load_verify_locations(cadata=data.decode("ascii", "replace"))
    except (ssl.SSLError, ValueError) as exc:
        raise NetworkSettingsError(
            f"the CA bundle {path} holds a certificate that cannot be read", setting="ca_bundle", value=str(path)
        ) from exc
    return path


@dataclass(frozen=True, slots=True)
class NetworkSettings:
    """The proxy setting (see the module) and the CA bundle (None: the built-in list)."""

    proxy: str = SYSTEM_PROXY
    ca_bundle: Path | None = None

    @classmethod
    def parse(cls, proxy: str = SYSTEM_PROXY, ca_bundle: str | Path | None = None) -> NetworkSettings:
        """Check both values (the CA bundle is read) and freeze them.

        Raises:
            NetworkSettingsError: naming the setting and what is wrong with it.
        """
        path = Path(ca_bundle) if ca_bundle not in (None, "") else None
        return cls(parse_proxy(proxy), check_ca_bundle(path) if path is not None else None)

    def describe_ca(self) -> str:
        """The certificate authorities in use, in words."""
        return str(self.ca_bundle) if self.ca_bundle is not None else BUILT_IN_CAS


@dataclass(frozen=True, slots=True)
class ProxyRoute:
    """The proxy the client uses for one URL, and where that choice came from.

    Attributes:
        proxy: the proxy URL, or None for a direct connection.
        source: why, in words: ``HTTPS_PROXY``, ``the system settings``, ``NO_PROXY``,
            ``the proxy setting``, ``no proxy is set``...
    """

    proxy: str | None
    source: str

    def describe(self) -> str:
        """For display: the proxy without any user name or password in its URL."""
        if self.proxy is None:
            return f"direct connection ({self.source})"
        return f"{redact_url(self.proxy)} (from {self.source})"


def redact_url(url: str) -> str:
    """``url`` without the ``user:password@`` part a proxy URL may carry."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()
