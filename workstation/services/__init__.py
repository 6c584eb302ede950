"""Qt services: QObjects that run sync, unlock and mirror reads on a thread pool and report back with signals.

Nothing here imports ``PySide6.QtWidgets``: services run headless (CONTRIBUTING.md §1, §5).
Importing the package installs :mod:`~workstation.services.emit_refcount` (a
PySide6 6.12 workaround that keeps long sessions from aborting).
"""

from workstation.services import emit_refcount

emit_refcount.install()
