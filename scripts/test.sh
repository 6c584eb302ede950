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
step "pytest (all tests, slow ones included)"
"$VENV/bin/python" -m pytest "$@"
