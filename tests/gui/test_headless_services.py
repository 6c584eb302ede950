"""Services and reports run headless: importing all of them loads no widget module (CONTRIBUTING.md §1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workstation.reports
import workstation.services


def test_services_and_reports_import_no_widgets() -> None:
    modules = [
        f"{package.__name__}.{info.name}"
        for package in (workstation.services, workstation.reports)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    assert "workstation.services.sync_service" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'PySide6.QtWidgets' not in sys.modules, sorted(m for m in sys.modules if 'QtWidgets' in m)\n"
        "print(len(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
