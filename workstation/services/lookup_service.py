"""Runs lookups and the forms' completion queries on the worker pool, never on the GUI thread.

The runner shares the session's single SQLCipher connection; the session pool runs
one thread, so lookups, completions and syncs take turns on it. Each answer is one
signal carrying one typed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from trade import record_source
from workstation.lookups import context as lookup_context
from workstation.lookups.context import LookupContext, ProfileFacts
from workstation.lookups.inputs import InputError
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import LookupQuery
from workstation.lookups.registry import LOOKUPS
from workstation.lookups.runner import LookupBlockedError, LookupRunner
from workstation.services import worker
from workstation.session import Session
from workstation.store.trade_view import KEY_KINDS, fold

__all__ = ["Completions", "LookupAnswer", "LookupBlockedError", "LookupService", "ProfileAnswer"]

#: The errors a lookup reports as an answer (anything else is a crash).
EXPECTED = (InputError, ledger_client.LedgerError)
_PARTY_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    """One lookup's answer: the outcome (holding the verdict) and the facts shown beside it."""

    outcome: LookupOutcome
    context: LookupContext


@dataclass(frozen=True, slots=True)
class Completions:
    """Keys answering :meth:`LookupService.complete`: the asker's tag and (key, label) pairs."""

    tag: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ProfileAnswer:
    """Answering :meth:`LookupService.describe_profile`: the label asked for and its facts (None: no such profile)."""

    label: str
    facts: ProfileFacts | None


def _profile_label(profile_id: str, season: str) -> str:
    return f"{profile_id.strip()} {season.strip().upper()}"


class LookupService(QObject):
    """Runs ledger lookups off the GUI thread.

    Args:
        opened: the open session (its runner and trade view are only used on the pool).
        pool: the session pool (one thread).

    Signals:
        running_changed(bool): a lookup started (True) or ended (False).
        finished(LookupAnswer): every check ran; the outcome holds the Verdict, the context the facts beside it.
        input_refused(InputError): the query names something the ledger does not have (its ``field`` says which).
        no_verdict(LedgerError): no verdict can be given (a ``LookupBlockedError``, or the cache failed).
        completions(Completions): answering :meth:`complete`.
        profile_described(ProfileAnswer): answering :meth:`describe_profile`.
    """

    running_changed = Signal(bool)
    finished = Signal(LookupAnswer)
    input_refused = Signal(InputError)
    no_verdict = Signal(ledger_client.LedgerError)
    completions = Signal(Completions)
    profile_described = Signal(ProfileAnswer)

    def __init__(self, opened: Session, pool: worker.WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = opened
        self._pool = pool
        self._running = 0

    def today(self) -> date:
        """The date a form's "as of" starts at (the profile's today; see ``Session.today``)."""
        return self._session.today()

    def _runner(self) -> LookupRunner:
        return self._session.lookups()

    def _index(self) -> record_source.RecordSource:
        return self._session.trade_view().source()

    def run(self, query: LookupQuery, as_of: date | None) -> worker.Job:
        """Run the query's lookup; ``finished``, ``input_refused`` or ``no_verdict`` follows.

        Args:
            as_of: the date to judge at (None: the kind's default, see ``LookupRunner.run``).
        """
        spec = LOOKUPS[query.kind]

        def work(_p: worker.Progress) -> LookupAnswer:
            outcome = self._runner().run(query, as_of)
            return LookupAnswer(outcome, spec.context(outcome.query, outcome, self._index()))

        job = self._pool.submit(query.kind.action, work, expected=EXPECTED)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.done.connect(self._on_job_done)
        self._running += 1
        if self._running == 1:
            self.running_changed.emit(True)
        return job

    @Slot(object)
    def _on_job_finished(self, answer: object) -> None:
        assert isinstance(answer, LookupAnswer)
        self.finished.emit(answer)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        if isinstance(exc, InputError):
            self.input_refused.emit(exc)
        else:
            assert isinstance(exc, ledger_client.LedgerError), "the pool reports only the EXPECTED errors"
            self.no_verdict.emit(exc)

    @Slot()
    def _on_job_done(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.running_changed.emit(False)

    # ---------------------------------------------------------------- completion and profiles

    def complete(self, kind: str, prefix: str, tag: str | None = None) -> worker.Job:
        """Keys of ``kind`` (``trade_view.KEY_KINDS``) starting with ``prefix``; parties also match by name.

        ``completions(Completions(tag or kind, ((key, label), ...)))`` follows.
        """
        if kind not in KEY_KINDS:
            raise ValueError(f"no lookup keys of kind {kind!r}")
        opened = self._session

        def work(_p: worker.Progress) -> Completions:
            view = opened.trade_view()
            if kind != "party":
                return Completions(tag or kind, tuple(view.keys(kind, prefix)))
            wanted = fold(prefix)
            found = [
                (key, label)
                for key, label in view.keys("party", "", limit=_PARTY_LIMIT)
                if key.casefold().startswith(wanted) or fold(label).startswith(wanted)
            ]
            return Completions(tag or kind, tuple(found[:50]))

        job = self._pool.submit("complete", work, expected=(ledger_client.LedgerError,))
        job.finished.connect(self._on_complete_job_finished)
        return job

    @Slot(object)
    def _on_complete_job_finished(self, result: object) -> None:
        assert isinstance(result, Completions)
        self.completions.emit(result)

    def describe_profile(self, profile_id: str, season: str) -> worker.Job:
        """The expected values of a profile's season (``profile_described`` follows)."""
        opened = self._session
        label = _profile_label(profile_id, season)

        def work(_p: worker.Progress) -> ProfileAnswer:
            found = lookup_context.find_profile_facts(profile_id, season, opened.trade_view().source())
            return ProfileAnswer(found.label if found else label, found)

        job = self._pool.submit("read profile", work, expected=(ledger_client.LedgerError,))
        job.finished.connect(self._on_profile_job_finished)
        return job

    @Slot(object)
    def _on_profile_job_finished(self, result: object) -> None:
        assert isinstance(result, ProfileAnswer)
        self.profile_described.emit(result)
