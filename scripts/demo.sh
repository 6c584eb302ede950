#!/usr/bin/env bash
# Installs everything, then launches the workstation on the embedded DEMO ledger.
#
# `workstation --demo` starts a local demo ledger node and its witness (DEMO keys, invented
# records), creates or opens the demo profile, verifies and mirrors the ledger, and opens the
# window. Without a screen (no DISPLAY or WAYLAND_DISPLAY) it runs the same demo headless
# as a short guided tour instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
VENV="${VENV:-$ROOT/.venv}"
exec "$VENV/bin/workstation" --demo "$@"
