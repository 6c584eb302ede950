"""Running a lookup against the mirror: input → trade rule → outcome, with a line in the audit log.

Lookups run on the local mirror only, so they work offline; every answer says
the verified checkpoint it rests on and how old the last sync is. A fork that
the officer has not acknowledged blocks new verdicts.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import ledger_client
from trade import licences, origin, products, suppliers, verdicts
from workstation import freshness as freshness_module
from workstation.lookups import inputs
from workstation.lookups.outcome import CheckpointFacts, LookupKind, LookupOutcome
from workstation.store.audit import AuditLog, AuditRecord
from workstation.store.trade_view import TradeView


class LookupBlockedError(ledger_client.LedgerError):
    """No verdict can be given: the mirror has no verified checkpoint, or a fork alert is unacknowledged."""

    USER_MESSAGE = (
        "No verdict can be given until the ledger's state is verified and any security alert is acknowledged."
    )


class NotACheckError(ValueError):
    """An audit line that does not record a lookup (so it cannot be run again)."""


class LookupRunner:
    """Runs the four lookups.

    Args:
        mirror, view, audit: the profile's stores.
        officer: who is asking (for the audit log).
        clock: POSIX seconds now.
        freshness: how old the trust root is now; a checkpoint past the trust file's limit refuses verdicts.
    """

    def __init__(
        self,
        mirror: ledger_client.Mirror,
        view: TradeView,
        audit: AuditLog,
        *,
        officer: str,
        clock: Callable[[], int],
        freshness: Callable[[], freshness_module.Freshness] | None = None,
    ) -> None:
        self._freshness = freshness
        self._mirror = mirror
        self._view = view
        self._audit = audit
        self._officer = officer
        self._clock = clock

    def _checkpoint(self) -> CheckpointFacts:
        if self._mirror.forks(unacknowledged_only=True):
            raise LookupBlockedError("a fork or rollback alert has not been acknowledged")
        history = self._mirror.checkpoint_history()
        if not history:
            raise LookupBlockedError("the mirror has never been synced with a verified checkpoint")
        size, _note, verified_at = history[-1]
        if self._freshness is not None:
            judged = self._freshness()
            if judged.refuses_verdicts:
                raise freshness_module.CheckpointTooOldError(judged)
        return CheckpointFacts(size=size, age_seconds=max(self._clock() - verified_at, 0))

    def _finish(  # noqa: PLR0917 - the parts of one outcome
        self,
        kind: LookupKind,
        query: dict[str, object],
        as_of: date,
        verdict: verdicts.Verdict,
        checkpoint: CheckpointFacts,
        supplier: suppliers.SupplierHistory | None = None,
    ) -> LookupOutcome:
        draft = LookupOutcome(kind, query, as_of, verdict, checkpoint, 0, supplier)
        audit_id = self._audit.record(
            at=self._clock(),
            officer=self._officer,
            action=f"check {kind.value}",
            input={**query, "as_of": as_of.isoformat()},
            verdict=verdict.status.value,
            checkpoint_size=checkpoint.size,
            result=draft.to_json(),
        )
        return LookupOutcome(kind, query, as_of, verdict, checkpoint, audit_id, supplier)

    def today(self) -> date:
        return datetime.fromtimestamp(self._clock(), tz=UTC).date()

    def origin_by_line(self, raw: dict[str, object], as_of: date | None = None) -> LookupOutcome:
        checkpoint = self._checkpoint()
        index = self._view.index()
        line = inputs.entry_line(raw, index)
        when = as_of or self.today()
        return self._finish(LookupKind.ORIGIN, raw, when, origin.check_origin(line, index, as_of=when), checkpoint)

    def origin_by_entry(self, entry: str, as_of: date | None = None) -> LookupOutcome:
        """An origin check of a line already on the ledger (an ``EntrySummaryLine`` filed with CBP)."""
        checkpoint = self._checkpoint()
        index = self._view.index()
        filed = [s for s in index.entry_lines.values() if entry in (s.line.line_id, s.line.entry_number)]
        if not filed:
            raise inputs.InputError(f"entry: no entry line {entry!r} is on the ledger")
        summary = min(filed, key=lambda item: item.line.line)
        when = as_of or self.today()
        verdict = origin.check_origin(summary.line, index, as_of=when)
        # The filed line is itself a record the answer rests on.
        verdict = dataclasses.replace(verdict, evidence=(summary.provenance.evidence, *verdict.evidence))
        query: dict[str, object] = {"entry": entry, "line": summary.line.line}
        return self._finish(LookupKind.ORIGIN, query, when, verdict, checkpoint)

    def licence(self, raw: dict[str, object], as_of: date | None = None) -> LookupOutcome:
        checkpoint = self._checkpoint()
        index = self._view.index()
        question, _name = inputs.shipment(raw, index)
        when = as_of or self.today()
        verdict = licences.check_licence(question, index, as_of=when)
        return self._finish(LookupKind.LICENCE, raw, when, verdict, checkpoint)

    def product(self, raw: dict[str, object], as_of: date | None = None) -> LookupOutcome:
        checkpoint = self._checkpoint()
        index = self._view.index()
        observed = inputs.observation(raw, index)
        when = as_of or observed.examined_on
        verdict = products.check_product(observed.item, index, as_of=when)
        return self._finish(LookupKind.PRODUCT, raw, when, verdict, checkpoint)

    def supplier(self, party: str, *, window_from: date | None = None, as_of: date | None = None) -> LookupOutcome:
        checkpoint = self._checkpoint()
        index = self._view.index()
        party_id = inputs.resolve_party(party, index, "party")
        when = as_of or self.today()
        months = 24
        if window_from is not None:
            if window_from > when:
                raise inputs.InputError("from: the window starts after its end")
            months = max(1, (when.year - window_from.year) * 12 + when.month - window_from.month)
        history = suppliers.supplier_history(party_id, index, as_of=when, months=months)
        failed = index.failed_for(party_id)
        if failed:
            verdict = verdicts.Verdict.unverifiable((f.reason, f.evidence) for f in failed)
        elif history.triggers:  # a rating is information for the officer, never a finding against the goods
            fired = ", ".join(t.trigger.value for t in history.triggers)
            verdict = verdicts.Verdict(
                verdicts.Status.REVIEW, (), (), history.evidence, f"supplier rating {history.rating.value}: {fired}"
            )
        else:
            verdict = verdicts.Verdict.judge([], history.evidence, passing=f"supplier rating {history.rating.value}")
        query: dict[str, object] = {"party": party_id, "from": window_from.isoformat() if window_from else None}
        return self._finish(LookupKind.SUPPLIER, query, when, verdict, checkpoint, history)

    def rerun(self, audited: AuditRecord) -> LookupOutcome:
        """Run an audited check again with the same input and date.

        Raises:
            NotACheckError: the audit line records something other than a lookup.
            InputError, LookupBlockedError: as for the lookup itself.
        """
        try:
            raw = json.loads(audited.input)
        except ValueError:
            raw = None
        if not isinstance(raw, dict) or not audited.action.startswith("check ") or "as_of" not in raw:
            raise NotACheckError(f"audit line {audited.id} is not a check")
        as_of = date.fromisoformat(str(raw.pop("as_of")))
        match audited.action.removeprefix("check "):
            case "origin" if "entry" in raw and set(raw) <= {"entry", "line"}:
                return self.origin_by_entry(str(raw["entry"]), as_of)
            case "origin":
                return self.origin_by_line(raw, as_of)
            case "licence":
                return self.licence(raw, as_of)
            case "product":
                return self.product(raw, as_of)
            case "supplier":
                start = date.fromisoformat(str(raw["from"])) if raw.get("from") else None
                return self.supplier(str(raw["party"]), window_from=start, as_of=as_of)
            case _:
                raise NotACheckError(f"audit line {audited.id} is not a check")
