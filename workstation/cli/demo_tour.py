"""``workstation --demo`` where there is no screen: the same demo, headless, as a short guided tour.

It starts the embedded demo ledger, syncs the demo profile (verifying every
checkpoint, tile and record), runs one lookup of each kind on documented demo
anchors, and prints what each found. On a desktop, ``workstation --demo`` opens
the window instead.
"""

from __future__ import annotations

import sys
from datetime import date

from workstation import demo_ledger, profiles, session
from workstation.lookups.kind import LookupKind
from workstation.lookups.queries import OriginByEntry, SupplierQuery
from workstation.lookups.registry import LOOKUPS

AS_OF = date(2025, 6, 30)  # the demo's "today" (docs/demo-ledger.md)


def _line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run() -> int:
    profile = profiles.Profile.named("demo")
    ledger = demo_ledger.DemoLedger(demo_ledger.default_data_dir())
    _line("No screen found: running the demo headless. (On a desktop, `workstation --demo` opens the window.)")
    _line("Starting the embedded demo ledger (DEMO keys, invented records)…")
    try:
        settings = ledger.settings_for(profile)
        opened = session.open_session(
            profile, demo_ledger.DEMO_PASSPHRASE, new_settings=None if profile.exists() else settings
        )
        try:
            result = opened.client().sync()
            _line(
                f"Verified checkpoint of {result.checkpoint.size} entries, cosigned by "
                f"{', '.join(w.key.name for w in result.checkpoint.witnesses)}; "
                f"{opened.mirror.count_rejected()} published record(s) not believed (signature broken on purpose)."
            )
            runner = opened.lookups()
            origin, supplier = LOOKUPS[LookupKind.ORIGIN].title, LOOKUPS[LookupKind.SUPPLIER].title
            outcomes = [
                (f"{origin}, entry E-1031", runner.run(OriginByEntry("E-1031"), AS_OF)),
                (f"{origin}, entry E-1021", runner.run(OriginByEntry("E-1021"), AS_OF)),
                (f"{supplier}, Talleres Ocotillo", runner.run(SupplierQuery("Talleres Ocotillo"), AS_OF)),
            ]
            for title, outcome in outcomes:
                reasons = ", ".join(r.value for r in outcome.verdict.reasons) or "no reason codes"
                _line(f"\n{title}: {outcome.verdict.status.value} ({reasons})")
                _line(f"  {outcome.verdict.summary}")
                for finding in outcome.verdict.findings:
                    _line(f"  - {finding.reason.value}: {finding.fact}")
                if outcome.supplier is not None:
                    for trigger in outcome.supplier.triggers:
                        _line(f"  - {trigger.trigger.value}: {trigger.fact}")
            _line("\nThe tool reports facts and reason codes; officers decide. See docs/cli.md for more lookups.")
        finally:
            opened.close()
    finally:
        ledger.stop()
    return 0
