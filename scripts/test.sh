#!/usr/bin/env bash
# Installs everything, then runs every quality gate and the whole test suite (slow tests included).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
VENV="${VENV:-$ROOT/.venv}"
cd "$ROOT"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "ruff check"
"$VENV/bin/ruff" check .
step "mypy --strict"
"$VENV/bin/mypy"
step "import contracts"
"$VENV/bin/lint-imports"
step "pytest (all tests, slow ones included; the GUI tests on a virtual screen)"
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
    exec xvfb-run -a -s "-screen 0 1280x1024x24" "$VENV/bin/python" -m pytest "$@"
fi
exec "$VENV/bin/python" -m pytest "$@"
