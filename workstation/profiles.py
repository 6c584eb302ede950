"""Officer profiles: where each one's encrypted cache and settings live, and how the passphrase is asked.

A profile is a folder under the platform's user data directory
(``platformdirs``; ``XDG_DATA_HOME`` moves it on Linux) holding the encrypted
cache (``cache.db`` and its card) and ``settings.json`` (the ledger URL, the
trust file the agency installed, the proxy and CA bundle: public values, no
secrets). The folder is the officer's alone (mode 0700, ``settings.json`` 0600),
like the cache it holds; a profile found with wider permissions is closed again
when it is opened. What an agency sets in its defaults file overrides these
settings (:mod:`workstation.agency`).
"""

from __future__ import annotations

import getpass
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass
from pathlib import Path

import platformdirs

from ledger_client.network import SYSTEM_PROXY, NetworkSettings

APP_NAME = "customs-workstation"
FOLDER_MODE = 0o700
SETTINGS_MODE = 0o600
PASSPHRASE_ENV = "WORKSTATION_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ProfileError(ValueError):
    """A profile name, its settings or a passphrase source cannot be used (said plainly)."""


def data_root() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    """What a profile remembers between runs.

    ``proxy`` is ``system``, ``direct`` or a proxy URL; ``ca_bundle`` a PEM file path, or empty
    for the built-in certificate authorities (:mod:`ledger_client.network`).
    """

    ledger_url: str
    trust: Mapping[str, object]
    auto_sync_minutes: int = 0
    _: KW_ONLY  # the network and freshness settings are named where they are given
    proxy: str = SYSTEM_PROXY
    ca_bundle: str = ""
    stale_after_hours: int = 24  # the banner and sync warn past this checkpoint age

    def to_json(self) -> str:
        return json.dumps(
            {
                "ledger_url": self.ledger_url,
                "trust": dict(self.trust),
                "auto_sync_minutes": self.auto_sync_minutes,
                "proxy": self.proxy,
                "ca_bundle": self.ca_bundle,
                "stale_after_hours": self.stale_after_hours,
            },
            indent=2,
        )

    def network(self) -> NetworkSettings:
        """The proxy and CA bundle, checked (raises ``NetworkSettingsError`` naming the bad one)."""
        return NetworkSettings.parse(self.proxy, self.ca_bundle or None)


@dataclass(frozen=True, slots=True)
class Profile:
    """One officer profile's folder."""

    name: str
    folder: Path

    @classmethod
    def named(cls, name: str, root: Path | None = None) -> Profile:
        if not _PROFILE_NAME.fullmatch(name):
            raise ProfileError(
                "a profile name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        return cls(name, (root or data_root()) / "profiles" / name)

    @property
    def cache_path(self) -> Path:
        return self.folder / "cache.db"

    @property
    def settings_path(self) -> Path:
        return self.folder / "settings.json"

    def exists(self) -> bool:
        return self.cache_path.exists()

    def load_settings(self) -> ProfileSettings:
        try:
            raw = json.loads(self.settings_path.read_text(encoding="utf-8"))
            stale_after = raw.get("stale_after_hours", 24)
            if not isinstance(stale_after, int) or isinstance(stale_after, bool) or stale_after <= 0:
                raise ValueError("stale_after_hours must be a positive whole number")
            return ProfileSettings(
                str(raw["ledger_url"]),
                dict(raw["trust"]),
                int(raw.get("auto_sync_minutes", 0)),
                proxy=str(raw.get("proxy", SYSTEM_PROXY)),
                ca_bundle=str(raw.get("ca_bundle", "")),
                stale_after_hours=stale_after,
            )
        except FileNotFoundError as exc:
            raise ProfileError(
                f"profile {self.name!r} has no settings yet: run a sync with --ledger and --trust"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ProfileError(f"the settings of profile {self.name!r} cannot be read") from exc

    def make_folder(self) -> None:
        """Create the profile's folder (mode 0700), or close an existing one's permissions again."""
        self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        self.restrict_permissions()

    def restrict_permissions(self) -> None:
        """The folder 0700 and ``settings.json`` 0600, whatever they were (a profile from an older version)."""
        if os.name != "posix" or not self.folder.is_dir():
            return
        os.chmod(self.folder, FOLDER_MODE)
        if self.settings_path.exists():
            os.chmod(self.settings_path, SETTINGS_MODE)

    def save_settings(self, settings: ProfileSettings) -> None:
        self.make_folder()
        tmp = self.settings_path.with_suffix(".tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(tmp, flags, SETTINGS_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), SETTINGS_MODE)  # the umask may have taken bits away, never added
            handle.write(settings.to_json())
        os.replace(tmp, self.settings_path)


def read_passphrase(
    *,
    passphrase_file: Path | None,
    environ: Mapping[str, str],
    prompt: Callable[[str], str] = getpass.getpass,
    confirm_new: bool = False,
) -> str:
    """The passphrase from a file, ``WORKSTATION_PASSPHRASE``, or a prompt (typed twice for a new profile)."""
    if passphrase_file is not None:
        try:
            text = passphrase_file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ProfileError(f"cannot read the passphrase file {passphrase_file}") from exc
    elif PASSPHRASE_ENV in environ:
        text = environ[PASSPHRASE_ENV]
    else:
        text = prompt("Passphrase for the encrypted cache: ")
        if confirm_new and prompt("Type it again: ") != text:
            raise ProfileError("the two passphrases differ")
    if not text:
        raise ProfileError("the passphrase is empty")
    return text
