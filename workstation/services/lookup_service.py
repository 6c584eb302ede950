"""Runs the four lookups and the forms' completion queries on the worker pool, never on the GUI thread.

The runner shares the session's single SQLCipher connection; the session pool runs
one thread, so lookups, completions and syncs take turns on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from trade import record_index
from workstation.lookups import inputs
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.runner import LookupBlockedError, LookupRunner
from workstation.services import lookup_context, worker
from workstation.services.lookup_context import LookupContext, ProfileFacts
from workstation.session import Session
from workstation.store.trade_view import KEY_KINDS, fold

__all__ = ["LookupBlockedError", "LookupService"]

#: The errors a lookup reports as ``failed`` (anything else is a crash).
EXPECTED = (inputs.InputError, ledger_client.LedgerError)
_PARTY_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class _Answer:
    outcome: LookupOutcome
    context: LookupContext


def _answer(index: record_index.RecordIndex, outcome: LookupOutcome, **extra: object) -> _Answer:
    issuers = lookup_context.issuers_of(index, lookup_context.all_evidence(outcome.verdict))
    return _Answer(outcome, LookupContext(issuers=issuers, **extra))  # type: ignore[arg-type]


class LookupService(QObject):
    """Runs ledger lookups off the GUI thread.

    Args:
        opened: the open session (its runner and trade view are only used on the pool).
        pool: the session pool (one thread).

    Signals:
        running_changed(bool): a lookup started (True) or ended (False).
        context(LookupContext): the facts shown beside the verdict; emitted just before ``finished``.
        finished(LookupOutcome): every check ran; the outcome holds the Verdict.
        failed(Exception): the lookup could not run: an ``InputError`` (its message names the field),
            a ``LookupBlockedError`` or another ``LedgerError``.
        completions(str, list): (tag, [(key, label), ...]) answering :meth:`complete`.
        profile_found(ProfileFacts): answering :meth:`describe_profile`.
        profile_missing(str): no profile has that id and season.
    """

    running_changed = Signal(bool)
    context = Signal(LookupContext)
    finished = Signal(LookupOutcome)
    failed = Signal(Exception)
    completions = Signal(str, list)
    profile_found = Signal(ProfileFacts)
    profile_missing = Signal(str)

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

    def _index(self) -> record_index.RecordIndex:
        return self._session.trade_view().index()

    def _start(self, name: str, work: worker.Work) -> worker.Job:
        job = self._pool.submit(name, work, expected=EXPECTED)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.done.connect(self._on_job_done)
        self._running += 1
        if self._running == 1:
            self.running_changed.emit(True)
        return job

    def origin_by_entry(self, entry: str, as_of: date | None) -> worker.Job:
        """Check the origin claim of a line filed on the ledger (``E-1031``)."""

        def work(_p: worker.Progress) -> _Answer:
            return _answer(self._index(), self._runner().origin_by_entry(entry, as_of))

        return self._start("check origin", work)

    def origin_by_line(self, raw: dict[str, object], as_of: date | None) -> worker.Job:
        """Check the origin claim of an entry line typed by the officer (the shape of ``docs/cli.md``)."""

        def work(_p: worker.Progress) -> _Answer:
            return _answer(self._index(), self._runner().origin_by_line(raw, as_of))

        return self._start("check origin", work)

    def licence(self, raw: dict[str, object], as_of: date | None) -> worker.Job:
        """Check a shipment's licence chain; the context carries the chain from the recorded owner down."""

        def work(_p: worker.Progress) -> _Answer:
            outcome = self._runner().licence(raw, as_of)
            index = self._index()
            question, _name = inputs.shipment(raw, index)
            owner, chain = lookup_context.licence_chain(question, index, outcome.verdict)
            return _answer(index, outcome, owner=owner, chain=chain)

        return self._start("check licence", work)

    def product(self, raw: dict[str, object], as_of: date | None) -> worker.Job:
        """Check an item in hand; the context carries its profile's expected values."""

        def work(_p: worker.Progress) -> _Answer:
            outcome = self._runner().product(raw, as_of)
            index = self._index()
            facts = lookup_context.find_profile_facts(str(raw.get("profile", "")), str(raw.get("season", "")), index)
            return _answer(index, outcome, profile=facts)

        return self._start("check product", work)

    def supplier(self, party: str, window_from: date | None, as_of: date | None) -> worker.Job:
        """A supplier's history and rating; the context carries its records in the window."""

        def work(_p: worker.Progress) -> _Answer:
            outcome = self._runner().supplier(party, window_from=window_from, as_of=as_of)
            index = self._index()
            rows = lookup_context.supplier_records(outcome.supplier, index) if outcome.supplier else ()
            subject = index.party_name(outcome.supplier.party_id) if outcome.supplier else party
            return _answer(index, outcome, supplier_records=rows, subject=subject)

        return self._start("check supplier", work)

    @Slot(object)
    def _on_job_finished(self, answer: object) -> None:
        assert isinstance(answer, _Answer)
        self.context.emit(answer.context)
        self.finished.emit(answer.outcome)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        self.failed.emit(exc)

    @Slot()
    def _on_job_done(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.running_changed.emit(False)

    # ---------------------------------------------------------------- completion and profiles

    def complete(self, kind: str, prefix: str, tag: str | None = None) -> worker.Job:
        """Keys of ``kind`` (``trade_view.KEY_KINDS``) starting with ``prefix``; parties also match by name.

        ``completions(tag or kind, [(key, label), ...])`` follows.
        """
        if kind not in KEY_KINDS:
            raise ValueError(f"no lookup keys of kind {kind!r}")
        opened = self._session

        def work(_p: worker.Progress) -> tuple[str, list[tuple[str, str]]]:
            view = opened.trade_view()
            if kind != "party":
                return tag or kind, view.keys(kind, prefix)
            wanted = fold(prefix)
            found = [
                (key, label)
                for key, label in view.keys("party", "", limit=_PARTY_LIMIT)
                if key.casefold().startswith(wanted) or fold(label).startswith(wanted)
            ]
            return tag or kind, found[:50]

        job = self._pool.submit("complete", work, expected=(ledger_client.LedgerError,))
        job.finished.connect(self._on_complete_job_finished)
        return job

    @Slot(object)
    def _on_complete_job_finished(self, result: object) -> None:
        assert isinstance(result, tuple)
        tag, found = result
        self.completions.emit(tag, found)

    def describe_profile(self, profile_id: str, season: str) -> worker.Job:
        """The expected values of a profile's season (``profile_found`` or ``profile_missing`` follows)."""
        opened = self._session

        def work(_p: worker.Progress) -> ProfileFacts | str:
            found = lookup_context.find_profile_facts(profile_id, season, opened.trade_view().index())
            return found or f"{profile_id.strip()} {season.strip().upper()}"

        job = self._pool.submit("read profile", work, expected=(ledger_client.LedgerError,))
        job.finished.connect(self._on_profile_job_finished)
        return job

    @Slot(object)
    def _on_profile_job_finished(self, result: object) -> None:
        if isinstance(result, ProfileFacts):
            self.profile_found.emit(result)
        else:
            self.profile_missing.emit(str(result))
