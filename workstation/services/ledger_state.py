"""The facts the status banner shows: checkpoint size and age, witnesses met, online or offline, forks.

:func:`read_mirror_facts` reads (and re-verifies) the stored checkpoint on the
session pool; :class:`LedgerStateService` combines those facts with what the
sync service last saw of the node into one :class:`LedgerStatus`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from workstation import freshness as freshness_module
from workstation import session as session_module
from workstation.services import worker
from workstation.services.notifier import Notifier
from workstation.services.sync_service import SyncService


class Connectivity(enum.Enum):
    UNKNOWN = "not contacted yet"
    ONLINE = "online"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class MirrorFacts:
    """What the encrypted mirror holds.

    Attributes:
        checkpoint_size: size of the last verified checkpoint (None before the first sync).
        cosigned_at: the newest counted witness cosignature's time (the checkpoint's age runs from it).
        verified_at: when this workstation last verified a checkpoint (the last good sync).
        witnesses_met: witnesses whose cosignatures counted.
        entries: entries mirrored.
        forks: unacknowledged fork or rollback evidence, oldest first.
    """

    checkpoint_size: int | None
    cosigned_at: int | None
    verified_at: int | None
    witnesses_met: int
    entries: int
    forks: tuple[ledger_client.ForkEvidence, ...]


def read_mirror_facts(opened: session_module.Session) -> MirrorFacts:
    """Read the mirror's state (runs in the worker: it re-verifies the stored checkpoint's signatures).

    Raises:
        LedgerError: the stored checkpoint no longer verifies under the trust file, or the cache failed.
    """
    verified = opened.client().trusted_checkpoint()
    history = opened.mirror.checkpoint_history()
    stamps = [w.timestamp for w in verified.witnesses if w.timestamp is not None] if verified else []
    return MirrorFacts(
        checkpoint_size=verified.size if verified else None,
        cosigned_at=max(stamps) if stamps else None,
        verified_at=history[-1][2] if history else None,
        witnesses_met=len(verified.witnesses) if verified else 0,
        entries=opened.mirror.entry_count(),
        forks=tuple(opened.mirror.forks(unacknowledged_only=True)),
    )


@dataclass(frozen=True, slots=True)
class LedgerStatus:
    """Everything the banner says, at one moment.

    Attributes:
        origin: the ledger's origin line (from the trust file).
        witnesses_total, quorum: the trust file's witness policy (n and k).
        facts: the mirror's facts (None until first read).
        connectivity: what the last sync attempt found.
        syncing: a sync is running.
        last_attempt_at: when a sync last ended (successfully or not).
        now: the clock when this status was made (ages are relative to it).
        policy: the checkpoint-age limits (the profile's warning limit, the trust file's refusal limit).
    """

    origin: str
    witnesses_total: int
    quorum: int
    facts: MirrorFacts | None
    connectivity: Connectivity
    syncing: bool
    last_attempt_at: int | None
    now: int
    policy: freshness_module.FreshnessPolicy

    @property
    def verdicts_blocked(self) -> bool:
        """True while a fork or rollback is unacknowledged: no new verdicts."""
        return bool(self.facts and self.facts.forks)

    @property
    def checkpoint_age(self) -> int | None:
        """Seconds since the checkpoint was cosigned (or verified, without timestamps)."""
        if self.facts is None:
            return None
        start = self.facts.cosigned_at or self.facts.verified_at
        return None if start is None else max(self.now - start, 0)

    @property
    def freshness(self) -> freshness_module.Freshness:
        """The checkpoint's age against the limits (the same rule the lookups apply)."""
        has_checkpoint = self.facts is not None and self.facts.checkpoint_size is not None
        anchor = (self.facts.cosigned_at or self.facts.verified_at) if self.facts and has_checkpoint else None
        return freshness_module.assess(anchor, self.now, self.policy)


class LedgerStateService(QObject):
    """Keeps the current :class:`LedgerStatus` and acknowledges forks.

    Args:
        opened: the open session.
        sync_service: its outcomes set online/offline and trigger a refresh.
        pool: the session pool.
        notifier: where read failures are reported.
        clock: POSIX seconds now.

    Signals:
        changed(LedgerStatus): the status changed.
        verdicts_blocked_changed(bool): a security alert started (True) or was acknowledged (False).
    """

    changed = Signal(LedgerStatus)
    verdicts_blocked_changed = Signal(bool)

    def __init__(
        self,
        opened: session_module.Session,
        sync_service: SyncService,
        pool: worker.WorkerPool,
        notifier: Notifier,
        *,
        clock: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = opened
        self._pool = pool
        self._notifier = notifier
        self._clock = clock
        trust = opened.trust
        self._status = LedgerStatus(
            trust.origin,
            len(trust.witnesses),
            trust.quorum,
            None,
            Connectivity.UNKNOWN,
            False,
            None,
            clock(),
            opened.freshness_policy,
        )
        sync_service.running_changed.connect(self._on_sync_service_running_changed)
        sync_service.finished.connect(self._on_sync_service_finished)
        sync_service.failed.connect(self._on_sync_service_failed)
        sync_service.offline.connect(self._on_sync_service_offline)
        sync_service.cancelled.connect(self._on_sync_service_cancelled)

    @property
    def status(self) -> LedgerStatus:
        return self._status

    def refresh(self) -> worker.Job:
        """Re-read the mirror's facts; ``changed`` follows."""
        opened = self._session
        job = self._pool.submit(
            "read ledger state", lambda _p: read_mirror_facts(opened), expected=(ledger_client.LedgerError,)
        )
        job.finished.connect(self._on_facts_job_finished)
        job.failed.connect(self._on_facts_job_failed)
        return job

    def acknowledge_forks(self, fork_ids: tuple[int, ...]) -> worker.Job:
        """Record that the officer has seen these alerts (the evidence is kept); a refresh follows."""
        opened, now = self._session, self._clock()

        def acknowledge(_p: worker.Progress) -> MirrorFacts:
            for fork_id in fork_ids:
                opened.mirror.acknowledge_fork(fork_id, now=now)
            return read_mirror_facts(opened)

        job = self._pool.submit("acknowledge forks", acknowledge, expected=(ledger_client.LedgerError,))
        job.finished.connect(self._on_facts_job_finished)
        job.failed.connect(self._on_facts_job_failed)
        return job

    def tick(self) -> None:
        """Re-emit the status with the clock moved on (ages grow while nothing else happens)."""
        self._update()

    def _update(
        self,
        *,
        facts: MirrorFacts | None = None,
        connectivity: Connectivity | None = None,
        syncing: bool | None = None,
        last_attempt_at: int | None = None,
    ) -> None:
        """Replace the fields given (None leaves a field as it is), stamp the clock and emit ``changed``."""
        was_blocked = self._status.verdicts_blocked
        old = self._status
        self._status = replace(
            old,
            facts=old.facts if facts is None else facts,
            connectivity=old.connectivity if connectivity is None else connectivity,
            syncing=old.syncing if syncing is None else syncing,
            last_attempt_at=old.last_attempt_at if last_attempt_at is None else last_attempt_at,
            now=self._clock(),
        )
        self.changed.emit(self._status)
        if self._status.verdicts_blocked != was_blocked:
            self.verdicts_blocked_changed.emit(self._status.verdicts_blocked)

    @Slot(object)
    def _on_facts_job_finished(self, facts: object) -> None:
        assert isinstance(facts, MirrorFacts)
        self._update(facts=facts)

    @Slot(Exception)
    def _on_facts_job_failed(self, exc: Exception) -> None:
        assert isinstance(exc, ledger_client.LedgerError)
        self._notifier.report(exc)

    @Slot(bool)
    def _on_sync_service_running_changed(self, running: bool) -> None:
        self._update(syncing=running)

    @Slot(ledger_client.SyncResult)
    def _on_sync_service_finished(self, _result: ledger_client.SyncResult) -> None:
        self._update(connectivity=Connectivity.ONLINE, last_attempt_at=self._clock())
        self.refresh()

    @Slot(ledger_client.LedgerError)
    def _on_sync_service_failed(self, exc: ledger_client.LedgerError) -> None:
        if not isinstance(exc, ledger_client.TransportError):  # it answered, but badly: it is reachable
            self._update(connectivity=Connectivity.ONLINE, last_attempt_at=self._clock())
        self.refresh()

    @Slot(ledger_client.TransportError)
    def _on_sync_service_offline(self, _exc: ledger_client.TransportError) -> None:
        self._update(connectivity=Connectivity.OFFLINE, last_attempt_at=self._clock())

    @Slot()
    def _on_sync_service_cancelled(self) -> None:
        self.refresh()
