#!/usr/bin/env bash
# Installs what the project needs on a Debian/Ubuntu machine: the apt packages listed in
# scripts/apt-packages.txt, a virtual environment in .venv, and the Python packages of
# pyproject.toml (with the dev extras). Safe to run again: it only does what is missing.
#
#   PYTHON=python3.12 scripts/bootstrap.sh     # choose the interpreter (3.11 or newer)
#   VENV=/somewhere/else scripts/bootstrap.sh  # choose where the environment lives
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$ROOT/.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        echo "these system packages are needed but apt-get is not available: ${missing[*]}" >&2
        return 1
    fi
    say "installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# 1. A Python that is new enough.
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed; '$PYTHON' is not (set PYTHON=...)." >&2
    exit 1
fi

# 2. System packages (those listed, plus venv support where Debian splits it out).
mapfile -t APT_PACKAGES < <(grep -v '^\s*#' "$ROOT/scripts/apt-packages.txt" | grep -v '^\s*$' || true)
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    APT_PACKAGES+=("python${ver}-venv")
fi
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then apt_install "${APT_PACKAGES[@]}"; fi

# 3. The virtual environment and the Python packages (skipped when pyproject.toml is unchanged).
if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment in $VENV"
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    say "installing Python packages"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
