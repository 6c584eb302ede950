"""Files the programs ship: the DEMO ledger's keys and trust file (``demo/``), a DEMO credential key
(``demo_keys/``) and worked examples (``examples/``). Every key here is a published DEMO key."""
