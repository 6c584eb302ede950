"""The agency's defaults file: settings an agency installs for every user, which user settings cannot weaken.

``/etc/customs-workstation/defaults.json`` on Linux (``%ProgramData%`` and
``/Library/Application Support`` on Windows and macOS; the ``CUSTOMS_WORKSTATION_DEFAULTS``
variable names another file, for tests and staging) is written by the desktop
team and only readable by users. Every member is optional::

    {
      "ledger_url": "https://ledger.customs.example/",
      "trust_file": "/etc/customs-workstation/TRUST.json",
      "proxy": "http://proxy.agency.example:3128",
      "ca_bundle": "/etc/customs-workstation/agency-ca.pem",
      "theme": "light"
    }

Each of ``ledger_url``, ``trust_file`` (the log key, witnesses and quorum: the
witness policy), ``proxy`` and ``ca_bundle`` that the file sets is *locked*: it
replaces the profile's value whenever a profile is opened, and Settings shows
it read-only. ``theme`` is a default a user may change. A file that exists but
cannot be read or parsed stops the workstation with :class:`AgencyDefaultsError`:
falling back to user settings would be the weakening the file exists to prevent.
docs/deployment.md describes the file for desktop teams.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

import ledger_client
from ledger_client.network import NetworkSettings, NetworkSettingsError
from workstation.profiles import APP_NAME, ProfileError, ProfileSettings

DEFAULTS_ENV = "CUSTOMS_WORKSTATION_DEFAULTS"
THEMES = ("system", "light", "dark")
#: The settings a defaults file locks (in the order Settings lists them).
LOCKABLE = ("ledger_url", "trust_file", "proxy", "ca_bundle")
_MEMBERS = frozenset({*LOCKABLE, "theme"})


class AgencyDefaultsError(ProfileError):
    """The agency's defaults file exists but cannot be used; the message names the file and the problem.

    Attributes:
        path: the defaults file.
    """

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path


class LockedSettingError(ProfileError):
    """A user tried to change a setting the agency locked (``setting`` names it)."""

    def __init__(self, message: str, *, setting: str) -> None:
        super().__init__(message)
        self.setting = setting


def default_path() -> Path:
    """Where the defaults file is looked for on this platform (before ``CUSTOMS_WORKSTATION_DEFAULTS``)."""
    linux = sys.platform.startswith("linux")
    folder = Path("/etc") / APP_NAME if linux else Path(platformdirs.site_config_dir(APP_NAME, appauthor=False))
    return folder / "defaults.json"


@dataclass(frozen=True, slots=True)
class AgencyDefaults:
    """What the agency's file sets (None: not set). ``source`` is the file, or None when there is none."""

    source: Path | None = None
    ledger_url: str | None = None
    trust_file: Path | None = None
    trust: Mapping[str, object] | None = None
    proxy: str | None = None
    ca_bundle: str | None = None
    theme: str | None = None

    @property
    def locked(self) -> frozenset[str]:
        """The names (of :data:`LOCKABLE`) this file sets."""
        return frozenset(name for name in LOCKABLE if getattr(self, name) is not None)

    def apply(self, settings: ProfileSettings) -> ProfileSettings:
        """``settings`` with every locked value replaced by the agency's."""
        return replace(
            settings,
            ledger_url=self.ledger_url if self.ledger_url is not None else settings.ledger_url,
            trust=dict(self.trust) if self.trust is not None else settings.trust,
            proxy=self.proxy if self.proxy is not None else settings.proxy,
            ca_bundle=self.ca_bundle if self.ca_bundle is not None else settings.ca_bundle,
        )

    def refuse_different(self, settings: ProfileSettings) -> None:
        """Raise :class:`LockedSettingError` if new ``settings`` name another ledger or trust file than the agency's.

        (A new profile's proxy and CA bundle are not chosen with it: :meth:`apply` sets the agency's.)
        """
        if self.ledger_url is not None and settings.ledger_url != self.ledger_url:
            self.refuse_change("ledger_url")
        if self.trust is not None and dict(settings.trust) != dict(self.trust):
            self.refuse_change("trust_file")

    def refuse_change(self, setting: str) -> None:
        """Raise :class:`LockedSettingError` if the agency locked ``setting``."""
        if setting in self.locked:
            raise LockedSettingError(
                f"{setting} is set by the agency in {self.source} and cannot be changed here", setting=setting
            )


def load(environ: Mapping[str, str] | None = None) -> AgencyDefaults:
    """Read the defaults file (``CUSTOMS_WORKSTATION_DEFAULTS`` or :func:`default_path`); none: empty defaults.

    Raises:
        AgencyDefaultsError: the file exists but is unreadable, not JSON, has unknown or
            badly typed members, or names a trust file or CA bundle that cannot be used.
    """
    env = os.environ if environ is None else environ
    path = Path(env[DEFAULTS_ENV]) if env.get(DEFAULTS_ENV) else default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AgencyDefaults()
    except OSError as exc:
        raise AgencyDefaultsError(f"the agency defaults file {path} cannot be read", path=path) from exc
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise AgencyDefaultsError(f"the agency defaults file {path} is not valid JSON", path=path) from exc
    return _parse(raw, path)


def _bad(path: Path, why: str) -> AgencyDefaultsError:
    return AgencyDefaultsError(f"the agency defaults file {path}: {why}", path=path)


def _parse(raw: object, path: Path) -> AgencyDefaults:
    if not isinstance(raw, dict):
        raise _bad(path, "the file is not a JSON object")
    unknown = sorted(set(raw) - _MEMBERS)
    if unknown:
        raise _bad(path, f"unknown member(s) {', '.join(unknown)}; known: {', '.join(sorted(_MEMBERS))}")
    for name, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise _bad(path, f"{name} must be a non-empty string")
    url = raw.get("ledger_url")
    if url is not None and not url.startswith(("http://", "https://")):
        raise _bad(path, "ledger_url must start with http:// or https://")
    theme = raw.get("theme")
    if theme is not None and theme not in THEMES:
        raise _bad(path, f"theme must be one of {', '.join(THEMES)}")
    try:
        network = NetworkSettings.parse(raw.get("proxy", "system"), raw.get("ca_bundle"))
    except NetworkSettingsError as exc:
        raise _bad(path, f"{exc.setting}: {exc}") from exc
    trust_file = Path(raw["trust_file"]) if "trust_file" in raw else None
    return AgencyDefaults(
        source=path,
        ledger_url=url,
        trust_file=trust_file,
        trust=_read_trust(path, trust_file) if trust_file is not None else None,
        proxy=network.proxy if "proxy" in raw else None,
        ca_bundle=raw.get("ca_bundle"),
        theme=theme,
    )


def _read_trust(path: Path, trust_file: Path) -> dict[str, object]:
    try:
        trust = json.loads(trust_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _bad(path, f"the trust file {trust_file} cannot be read as JSON") from exc
    if not isinstance(trust, dict):
        raise _bad(path, f"the trust file {trust_file} is not a JSON object")
    trust = {k: v for k, v in trust.items() if k != "warning"}
    try:
        ledger_client.parse_trust_file(json.dumps(trust).encode())
    except ledger_client.TrustFileError as exc:
        raise _bad(path, f"the trust file {trust_file} cannot be used: {exc}") from exc
    return trust
