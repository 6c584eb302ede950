"""trade: the pure trade rules over verified ledger records (docs/architecture.md §6, docs/domain.md).

No I/O, no clock, no Qt, no network: "today" is always the ``as_of`` argument.

- ``identifiers``: HS, HTSUS, GTIN, ISO countries, USPTO numbers, CBP recordations, importer and entry numbers.
- ``records`` (types in ``record_types``, readers in ``record_parsing``): typed records parsed from
  credentials that ``ledger_client.credentials`` verified; ``FailedRecord`` for those that did not.
- ``traceability``: credentials in the W3C CCG Traceability vocabulary read into the same records.
- ``nomenclature``: whether an HS code exists in the WCO nomenclature (for forms, not for the rules).
- ``record_source``: ``RecordSource``, the questions the rules ask of the records.
- ``record_index``: ``RecordIndex`` (those questions answered from memory) and ``read_ledger``
  (verify and parse log entries).
- ``verdicts``: ``Verdict``, ``Status``, ``Reason`` (every reason code), ``Finding``, ``Note``, ``Evidence``.
- ``origin`` (with ``agreements``, ``origin_elements``, ``periods``): certificates of origin.
- ``licences``: trademark licence chains. ``products``: product profiles and serial sightings.
- ``suppliers``: the 24-month supplier history and rating.
- ``demo``: the deterministic demo ledger of docs/domain.md §6 and its DEMO keys.
"""
