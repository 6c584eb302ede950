"""The bundled application's entry point (PyInstaller's script): ``workstation``, and the demo node it starts.

A bundle has no Python interpreter to run ``python -m ledger_node``: the
embedded demo starts ``sys.executable -m ledger_node ...``, which in a bundle is
this program, so those arguments run the node here. ``freeze_support`` lets the
client's verification workers (``multiprocessing``, spawn) start from a bundle.
"""

from __future__ import annotations

import multiprocessing
import sys

from ledger_node.__main__ import main as node_main
from workstation.__main__ import main as workstation_main


def main() -> int:
    multiprocessing.freeze_support()
    if sys.argv[1:3] == ["-m", "ledger_node"]:
        return node_main(sys.argv[3:])
    return workstation_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
