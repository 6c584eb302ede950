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
from workstation import freshness as freshness_module
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import CheckpointFacts, LookupOutcome
from workstation.lookups.queries import LookupQuery
from workstation.lookups.registry import LOOKUPS, parse_query, split_as_of
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
    """Runs a lookup of any kind: the kind's rule (``registry.LOOKUPS``) on the mirror's index, then the audit line.

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

    def today(self) -> date:
        return datetime.fromtimestamp(self._clock(), tz=UTC).date()

    def run(self, query: LookupQuery, as_of: date | None = None) -> LookupOutcome:
        """Run the query's lookup on the mirror and record it in the audit log.

        Args:
            as_of: the date to judge at (default: today; for a product check, the day the item was examined).

        Raises:
            LookupBlockedError: no verified checkpoint, or an unacknowledged fork alert.
            InputError: the query names something the ledger does not have (a party, a filed entry...).
        """
        checkpoint = self._checkpoint()
        index = self._view.source()
        judged = LOOKUPS[query.kind].rule(query, index, as_of, self.today())
        draft = LookupOutcome(judged.query, judged.as_of, judged.verdict, checkpoint, 0, judged.supplier)
        audit_id = self._audit.record(
            at=self._clock(),
            officer=self._officer,
            action=draft.kind.action,
            input={**judged.query.to_json(), "as_of": judged.as_of.isoformat()},
            verdict=judged.verdict.status.value,
            checkpoint_size=checkpoint.size,
            result=draft.to_json(),
        )
        return dataclasses.replace(draft, audit_id=audit_id)

    def rerun(self, audited: AuditRecord) -> LookupOutcome:
        """Run an audited check again with the same input and date.

        Raises:
            NotACheckError: the audit line records something other than a lookup.
            InputError, LookupBlockedError: as for the lookup itself.
        """
        _kind, query, as_of = audited_query(audited)
        return self.run(query, as_of)


def audited_query(audited: AuditRecord) -> tuple[LookupKind, LookupQuery, date]:
    """The kind, typed query and date of an audited check, read back by the kind's one parser.

    Raises:
        NotACheckError: the audit line records something other than a lookup.
        InputError: the recorded input no longer parses (the parser became stricter).
    """
    kind = LookupKind.from_action(audited.action)
    try:
        raw = json.loads(audited.input)
    except ValueError:
        raw = None
    if kind is None or not isinstance(raw, dict) or "as_of" not in raw:
        raise NotACheckError(f"audit line {audited.id} is not a check")
    recorded, as_of = split_as_of(raw)
    assert as_of is not None
    return kind, parse_query(kind, recorded), as_of
