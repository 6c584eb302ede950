"""Test-only crash injection at the sequencer's persistence steps (CONTRIBUTING.md §9, modelled on sunlight's tests).

``LEDGER_NODE_CRASH_AT=<step>[:<n>]`` makes the node SIGKILL itself the
``n``-th time (default: first) it reaches ``<step>``. Only the fault-injection
tests set it; it never skips a check, it only stops the process dead, as a
power cut would. Steps, in the order one batch passes them:

``before-store``   entries admitted, nothing stored;
``after-store``    entries sequenced durably, no tiles;
``mid-tile-files`` (with ``--tiles-dir``) the first new tile or bundle file written, others not;
``after-tiles``    tiles and bundles written (database and files), checkpoint not signed;
``after-sign``     checkpoint signed, no witness asked;
``after-cosign``   witnesses cosigned (they now hold the new size), nothing published;
``before-publish`` about to compare-and-swap the checkpoint;
``before-checkpoint-file`` (with ``--tiles-dir``) checkpoint published in the database, its file not written;
``after-publish``  checkpoint published, submitters not yet answered.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping

CRASH_ENV = "LEDGER_NODE_CRASH_AT"
STEPS = (
    "before-store",
    "after-store",
    "mid-tile-files",
    "after-tiles",
    "after-sign",
    "after-cosign",
    "before-publish",
    "before-checkpoint-file",
    "after-publish",
)


class CrashPlan:
    """Where to crash, parsed from the environment; ``reached(step)`` is called at every step."""

    def __init__(self, step: str | None = None, at_pass: int = 1) -> None:
        if step is not None and step not in STEPS:
            raise ValueError(f"{CRASH_ENV} names no step; use one of {', '.join(STEPS)}")
        if at_pass < 1:
            raise ValueError(f"{CRASH_ENV} counts passes from 1")
        self.step = step
        self._remaining = at_pass

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> CrashPlan:
        text = env.get(CRASH_ENV, "")
        if not text:
            return cls()
        step, _, count = text.partition(":")
        return cls(step, int(count) if count else 1)

    def reached(self, step: str) -> None:
        assert step in STEPS
        if step != self.step:
            return
        self._remaining -= 1
        if self._remaining == 0:
            os.kill(os.getpid(), signal.SIGKILL)
