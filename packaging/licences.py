"""Write the Debian ``copyright`` file of the bundle and copy the licence texts of what it bundles.

    python packaging/licences.py DOC_DIR

DOC_DIR becomes ``/usr/share/doc/customs-workstation`` in the package: it gets
``copyright`` (machine-readable format 1.0) naming every bundled Python
distribution (the runtime dependencies of customs-workstation, found from the
installed metadata) with its version and licence, the native libraries they
carry, and ``licences/<distribution>/`` with the licence files each ships.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT_DIST = "customs-workstation"
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)

#: Libraries bundled inside wheels (or with the interpreter), which have no metadata of their own.
NATIVE = (
    ("Python runtime (CPython) and its standard library", "PSF-2.0", "Python Software Foundation"),
    ("OpenSSL (loaded by Python's ssl module)", "Apache-2.0", "The OpenSSL Project Authors"),
    ("Qt 6 libraries and plugins (in PySide6)", "LGPL-3.0-only", "The Qt Company Ltd. and other contributors"),
    ("SQLCipher (in sqlcipher3)", "BSD-3-Clause", "Zetetic LLC"),
    ("libsodium (in PyNaCl)", "ISC", "Frank Denis"),
)
_COMMON = {"Apache-2.0": "Apache-2.0", "LGPL-3.0-only": "LGPL-3", "GPL-3.0-only": "GPL-3", "MPL-2.0": "MPL-2.0"}


def _build_time() -> int:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())


def bundled() -> list[metadata.Distribution]:
    """The runtime dependency closure of customs-workstation (no extras), by name."""
    found: dict[str, metadata.Distribution] = {}
    todo = [ROOT_DIST]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a dependency for another platform
        found[key] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return [found[k] for k in sorted(found)]


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    text = str(meta.get("License") or "").strip()
    if classifiers:
        return ", ".join(classifiers)
    return text.splitlines()[0][:80] if text else "see the licence files"


def write(doc: Path) -> None:
    doc.mkdir(parents=True, exist_ok=True)
    texts = doc / "licences"
    root = metadata.distribution(ROOT_DIST)
    lines = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        f"Upstream-Name: {ROOT_DIST}",
        "Comment: A self-contained bundle (PyInstaller). Every bundled part is listed below; the licence",
        " files each ships are under /usr/share/doc/customs-workstation/licences/<name>/.",
        "",
        "Files: *",
        f"Copyright: {time.gmtime(_build_time()).tm_year} The customs-workstation authors",
        f"License: {licence_of(root)}",
        "",
    ]
    for dist in bundled():
        name = dist.metadata["Name"]
        copied = 0
        for file in dist.files or []:
            if _LICENCE_FILE.search(str(file)):
                target = texts / name / Path(str(file)).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(str(dist.locate_file(file))), target)
                copied += 1
        if name == ROOT_DIST:
            continue
        author = str(dist.metadata.get("Author") or dist.metadata.get("Author-email") or "its authors")
        lines += [
            f"Files: opt/customs-workstation/_internal/{name}*",
            f"Comment: {name} {dist.version} (Python distribution); licence files: {copied}",
            f"Copyright: {author.splitlines()[0][:120]}",
            f"License: {licence_of(dist)}",
            "",
        ]
    for what, licence, holder in NATIVE:
        lines += [
            "Files: opt/customs-workstation/_internal/*",
            f"Comment: {what}",
            f"Copyright: {holder}",
            f"License: {licence}",
            "",
        ]
    for spdx, common in _COMMON.items():
        lines += [
            f"License: {spdx}",
            f" On Debian systems the full text is in /usr/share/common-licenses/{common}.",
            "",
        ]
    (doc / "copyright").write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
