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
    xvfb-run -a -s "-screen 0 1280x1024x24" "$VENV/bin/python" -m pytest "$@"
else
    "$VENV/bin/python" -m pytest "$@"
fi
# The whole gate (no arguments) also builds the Linux package and smoke-tests it (a few minutes);
# PACKAGE=0 skips it. pytest's arguments select tests only, so a partial run skips it too.
if [ "$#" -eq 0 ] && [ "${PACKAGE:-1}" != 0 ]; then
    step "Linux package: build, appstreamcli, lintian, smoke test (packaging/build-linux.sh)"
    VENV="$VENV" bash "$ROOT/packaging/build-linux.sh"
fi
