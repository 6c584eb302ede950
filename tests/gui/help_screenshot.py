"""A screenshot of the F1 user guide open at a reason code (not part of the test run).

Run under Xvfb::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.help_screenshot [OUT_DIR]

Writes ``help.png`` (default: ``/tmp/workstation-shots/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.gui.screenshots import shoot
from workstation import guide
from workstation.views.help_dialog import HelpDialog


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    dialog = HelpDialog(guide.read_guide())
    dialog.resize(1000, 680)
    dialog.show()
    dialog.show_code("REVOKED_AFTER_CLAIM")
    shoot(dialog, out, "help")
    dialog.close()
    del qapp
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workstation-shots")))
