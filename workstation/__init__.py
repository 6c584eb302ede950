"""The officer's workstation: the desktop application, the headless command line, and signed reports.

``store`` and ``reports`` are Qt-free; ``services`` run work off the GUI thread;
``views`` and ``models`` only show and ask.
"""
