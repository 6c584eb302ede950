"""Opening and creating profiles off the GUI thread (Argon2id and SQLCipher take about half a second).

Signals carry typed results: the open :class:`~workstation.session.Session`, or
an :class:`OpenFailure` saying which of the cache's distinct failures happened.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from ledger_client.network import NetworkSettingsError
from workstation import agency, messages, profiles, session
from workstation.services import worker
from workstation.services.trust_summary import TrustSummary


class OpenFailureKind(enum.Enum):
    WRONG_PASSPHRASE = "wrong passphrase"  # noqa: S105 - a name, not a secret
    DAMAGED = "damaged cache"
    FOREIGN = "foreign cache"
    UNWRITABLE = "unwritable cache"
    NEWER = "newer cache"
    SETTINGS = "unusable settings"


@dataclass(frozen=True, slots=True)
class OpenFailure:
    """Why a profile did not open.

    Attributes:
        kind: which failure; a wrong passphrase may be retried.
        message: fixed text from :mod:`workstation.messages` (plus our own ProfileError text).
        moved_to: where a damaged cache was set aside, if it was.
    """

    kind: OpenFailureKind
    message: str
    moved_to: str | None = None


def _failure(exc: Exception) -> OpenFailure:
    if isinstance(exc, ledger_client.WrongPassphraseError):
        return OpenFailure(OpenFailureKind.WRONG_PASSPHRASE, messages.WRONG_PASSPHRASE)
    if isinstance(exc, ledger_client.CacheCorruptedError):
        return OpenFailure(OpenFailureKind.DAMAGED, messages.CACHE_DAMAGED, exc.moved_to)
    if isinstance(exc, ledger_client.ForeignCacheError):
        return OpenFailure(OpenFailureKind.FOREIGN, messages.CACHE_FOREIGN)
    if isinstance(exc, ledger_client.CacheSchemaError):
        return OpenFailure(OpenFailureKind.NEWER, messages.CACHE_NEWER)
    if isinstance(exc, ledger_client.CacheError):
        return OpenFailure(OpenFailureKind.UNWRITABLE, messages.CACHE_UNWRITABLE)
    # ProfileError and TrustFileError texts are ours (they never quote file contents).
    return OpenFailure(OpenFailureKind.SETTINGS, f"{messages.SETTINGS_UNUSABLE} {exc}")


_MAX_TRUST_FILE_BYTES = 256 * 1024


def read_trust_summary(path: Path) -> TrustSummary:
    """Read and check a trust file (runs in the worker).

    Raises:
        TrustFileError: unreadable, not JSON, or not usable as a trust file.
    """
    try:
        data = path.read_bytes()
        if len(data) > _MAX_TRUST_FILE_BYTES:
            raise ValueError("over the size limit")
        raw = json.loads(data)
    except (OSError, ValueError) as exc:
        raise ledger_client.TrustFileError(messages.TRUST_UNREADABLE) from exc
    if not isinstance(raw, dict):
        raise ledger_client.TrustFileError("the trust file is not a JSON object")
    return TrustSummary.from_config(session.parse_trust(raw), raw)


_OPEN_ERRORS: tuple[type[Exception], ...] = (
    ledger_client.LedgerError,
    profiles.ProfileError,
    ledger_client.TrustFileError,
    NetworkSettingsError,  # the profile's proxy or CA bundle (the message names which)
)


class ProfileService(QObject):
    """Unlocks, creates and reconfigures profiles on the worker pool.

    Args:
        pool: the session pool (one thread).
        clock: POSIX seconds now, handed to the sessions it opens.
        defaults: the agency defaults the sessions honour (default: read the agency's file at each open;
            the embedded demo passes empty defaults: its loopback DEMO ledger is not the agency's).

    Signals:
        opened(Session): the profile is open; the receiver owns the session (close it).
        failed(OpenFailure): it did not open; a wrong passphrase may be retried.
        trust_read(TrustSummary): a trust file was read and is usable.
        trust_rejected(str): it is not (our own text).
        settings_saved(ProfileSettings): the settings file was written.
        save_failed(str): it was not (our own text).
    """

    opened = Signal(session.Session)
    failed = Signal(OpenFailure)
    trust_read = Signal(TrustSummary)
    trust_rejected = Signal(str)
    settings_saved = Signal(profiles.ProfileSettings)
    save_failed = Signal(str)

    def __init__(
        self,
        pool: worker.WorkerPool,
        clock: Callable[[], int] = lambda: int(time.time()),
        parent: QObject | None = None,
        *,
        defaults: agency.AgencyDefaults | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool
        self._clock = clock
        self._defaults = defaults

    def unlock(self, profile: profiles.Profile, passphrase: str) -> worker.Job:
        """Open an existing profile with its passphrase."""
        return self._open(profile, passphrase, None)

    def create(self, profile: profiles.Profile, passphrase: str, settings: profiles.ProfileSettings) -> worker.Job:
        """Create the profile's encrypted cache and save its settings."""
        return self._open(profile, passphrase, settings)

    def _open(
        self, profile: profiles.Profile, passphrase: str, settings: profiles.ProfileSettings | None
    ) -> worker.Job:
        clock, defaults = self._clock, self._defaults
        job = self._pool.submit(
            "open profile",
            lambda _p: session.open_session(profile, passphrase, new_settings=settings, clock=clock, agency=defaults),
            expected=_OPEN_ERRORS,
        )
        job.finished.connect(self._on_open_job_finished)
        job.failed.connect(self._on_open_job_failed)
        return job

    @Slot(object)
    def _on_open_job_finished(self, opened: object) -> None:
        assert isinstance(opened, session.Session)
        self.opened.emit(opened)

    @Slot(Exception)
    def _on_open_job_failed(self, exc: Exception) -> None:
        self.failed.emit(_failure(exc))

    def read_trust_file(self, path: Path) -> worker.Job:
        """Read a trust file and list what it pins."""
        job = self._pool.submit(
            "read trust file", lambda _p: read_trust_summary(path), expected=(ledger_client.TrustFileError,)
        )
        job.finished.connect(self._on_trust_job_finished)
        job.failed.connect(self._on_trust_job_failed)
        return job

    @Slot(object)
    def _on_trust_job_finished(self, summary: object) -> None:
        assert isinstance(summary, TrustSummary)
        self.trust_read.emit(summary)

    @Slot(Exception)
    def _on_trust_job_failed(self, exc: Exception) -> None:
        self.trust_rejected.emit(str(exc))

    def save_settings(self, profile: profiles.Profile, settings: profiles.ProfileSettings) -> worker.Job:
        """Write the profile's settings (they take full effect the next time it is opened)."""

        def save(_p: worker.Progress) -> profiles.ProfileSettings:
            profile.save_settings(settings)
            return settings

        job = self._pool.submit("save settings", save, expected=(OSError,))
        job.finished.connect(self._on_save_job_finished)
        job.failed.connect(self._on_save_job_failed)
        return job

    @Slot(object)
    def _on_save_job_finished(self, saved: object) -> None:
        assert isinstance(saved, profiles.ProfileSettings)
        self.settings_saved.emit(saved)

    @Slot(Exception)
    def _on_save_job_failed(self, _exc: Exception) -> None:
        self.save_failed.emit("The settings could not be written to disk.")
