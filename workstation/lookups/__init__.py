"""The four officer lookups, headless: parse the officer's input, run the trade rule, shape the outcome.

Qt-free: the command line calls it directly and the GUI's lookup service runs it on a worker.
"""
