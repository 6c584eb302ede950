#!/usr/bin/env bash
# Builds the Linux package, offline: dist/customs-workstation_<version>_amd64.deb
#
#   bash packaging/build-linux.sh            # bundle, package, validate, smoke-test
#   SMOKE=0 bash packaging/build-linux.sh    # without the smoke test
#   DEB_COMPRESSION=xz bash packaging/build-linux.sh   # a smaller package, built more slowly
#
# 1. PyInstaller bundles the application (packaging/customs-workstation.spec) into one folder;
#    its work folder (build/pyinstaller/work) is kept between local runs to make rebuilds faster.
# 2. The folder goes to /opt/customs-workstation/ with a /usr/bin/workstation launcher, a .desktop
#    entry, hicolor icons, AppStream metainfo, a man page and the copyright file of what is bundled.
# 3. dpkg-deb builds the package; appstreamcli and lintian check it when they are installed.
# 4. packaging/smoke-test-linux.sh runs the extracted package with no Python on the PATH.
# Needs: the project's virtual environment (scripts/bootstrap.sh, with the dev extras), dpkg-deb.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
APP_ID="io.github.customsworkstation.Workstation"
NAME="customs-workstation"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m (%d s)\n' "$*" "$SECONDS" >&2; }

VERSION="$("$PY" -c 'from ledger_client import version; print(version.version())')"
case "$VERSION" in *unknown*) echo "the project is not installed in $VENV (run scripts/bootstrap.sh)" >&2; exit 1;; esac
BUILD="$ROOT/build/linux"
STAGE="$BUILD/stage"
DEB="$ROOT/dist/${NAME}_${VERSION}_amd64.deb"

say "bundling with PyInstaller (version $VERSION)"
"$VENV/bin/pyinstaller" --noconfirm --log-level ERROR \
    --distpath "$BUILD/bundle" --workpath "$ROOT/build/pyinstaller/work" packaging/customs-workstation.spec

say "staging the package tree"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/man/man1" "$STAGE/usr/share/doc/$NAME" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/lintian/overrides"
cp -a "$BUILD/bundle/$NAME" "$STAGE/opt/$NAME"
cat > "$STAGE/usr/bin/workstation" <<'LAUNCHER'
#!/bin/sh
# The customs workstation: the bundled program in /opt/customs-workstation.
exec /opt/customs-workstation/workstation "$@"
LAUNCHER
cp packaging/linux/$APP_ID.desktop "$STAGE/usr/share/applications/"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%F)/" \
    packaging/linux/$APP_ID.metainfo.xml.in > "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
gzip -9n < packaging/linux/workstation.1 > "$STAGE/usr/share/man/man1/workstation.1.gz"
cp packaging/icons/$NAME.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/"
for png in build/icons/*x*/$NAME.png; do
    size="$(basename "$(dirname "$png")")"
    mkdir -p "$STAGE/usr/share/icons/hicolor/$size/apps"
    cp "$png" "$STAGE/usr/share/icons/hicolor/$size/apps/"
done
"$PY" packaging/licences.py "$STAGE/usr/share/doc/$NAME"
printf '%s (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- The customs-workstation authors <workstation@customs.invalid>  %s\n' \
    "$NAME" "$VERSION" "$VERSION" "$(date -u -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
    | gzip -9n > "$STAGE/usr/share/doc/$NAME/changelog.gz"
cp packaging/linux/lintian-overrides "$STAGE/usr/share/lintian/overrides/$NAME"
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod 0644 {} +
chmod 0755 "$STAGE/usr/bin/workstation" "$STAGE/opt/$NAME/workstation"
# Shared objects lose their symbol tables (the program itself is left alone: in a PyInstaller
# bundle its archive is appended after the ELF part, and strip would cut it off).
find "$STAGE/opt/$NAME" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} + \
    -exec strip --strip-unneeded {} +
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $VERSION
Architecture: amd64
Maintainer: The customs-workstation authors <workstation@customs.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1
Section: utils
Priority: optional
Homepage: https://customs.invalid/workstation
Description: customs officer's verification workstation
 Verifies certificates of origin, licence chains, product checks and
 supplier histories against an encrypted, verified mirror of a
 tamper-evident trade ledger (C2SP tlog-tiles), offline. Reports are
 signed, sealed PDFs. Self-contained: Python, Qt, SQLCipher, libsodium and
 reportlab are bundled under /opt/customs-workstation.
CONTROL

say "building $DEB"
mkdir -p "$ROOT/dist"
# gzip by default: xz makes the package a quarter smaller but takes minutes on a two-core machine.
case "${DEB_COMPRESSION:-gzip}" in
    xz) dpkg-deb --root-owner-group -Zxz -z6 --build "$STAGE" "$DEB" >/dev/null ;;
    *) dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null ;;
esac
ls -l "$DEB" >&2

if command -v appstreamcli >/dev/null; then
    say "appstreamcli validate"
    appstreamcli validate --no-net "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
fi
if command -v lintian >/dev/null; then
    say "lintian (errors fail the build; the accepted warnings are in packaging/linux/lintian-overrides)"
    lintian --fail-on error "$DEB"
fi
if [ "${SMOKE:-1}" != 0 ]; then
    bash packaging/smoke-test-linux.sh "$DEB"
fi
say "done"
echo "$DEB"
