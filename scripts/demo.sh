#!/usr/bin/env bash
# Installs everything, then launches the main program.
#
# Until the desktop workstation lands, "the main program" is the verification command line:
# this checks a shipped inclusion proof (a real tlog-proof@v1 file from the Tessera test log,
# cosigned by a test witness) for its record, then shows the same proof refusing a swapped record.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
VENV="${VENV:-$ROOT/.venv}"
EX="$ROOT/resources/examples/tessera"

printf '\n\033[1m==> ledger-client verify-proof-file (the record "four" at index 3)\033[0m\n'
"$VENV/bin/ledger-client" verify-proof-file --trust "$EX/trust.json" --entry "$EX/entry-four.bin" \
    --now 1700000100 "$EX/four.tlog-proof"

printf '\n\033[1m==> the same proof, offered for a swapped record ("five"): it must be refused\033[0m\n'
if "$VENV/bin/ledger-client" verify-proof-file --trust "$EX/trust.json" --entry "$EX/entry-five.bin" \
    --now 1700000100 "$EX/four.tlog-proof"; then
    echo "UNEXPECTED: a swapped record was accepted" >&2
    exit 1
fi
printf '\nBoth verdicts are as they should be. The desktop workstation will replace this demo.\n'
