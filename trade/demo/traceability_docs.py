"""The demo records written in the W3C CCG Traceability vocabulary (unsigned; the generator signs them).

The anchors of ``docs/demo-ledger.md`` ("Traceability records"): ``TR-USMCA-001`` (a
``USMCACertificationOfOrigin`` by Fábrica Nopal for Bluegill, two goods), ``E-3001`` and
``E-3002`` (``CBP7501EntrySummaryCredential`` filed by Bluegill, citing it), ``TR-IPR-001``
(Larkspur's own ``IntellectualPropertyRightsCredential``) and ``TR-LIC-001`` (an
``IntellectualPropertyRightsLicenseCredential`` from Larkspur to Fjellstua Outdoor).
Parties are named by the did:key their registration lists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ledger_client.credentials import JsonObject
from trade import identifiers, traceability
from trade.demo import documents
from trade.demo.parties import BY_ID
from trade.record_types import TRACEABILITY_CONTEXT, TRADE_CONTEXT, V2_CONTEXT

#: The party id that signs each anchor and the day it is signed.
Dids = Callable[[str], str]
CERTIFICATION_ID = "TR-USMCA-001"
RIGHTS_ID = "TR-IPR-001"
LICENCE_ID = "TR-LIC-001"
SIGNED = {
    CERTIFICATION_ID: ("P-NOPAL", date(2024, 12, 15)),
    "E-3001": ("P-BLUEGILL", date(2025, 3, 20)),
    "E-3002": ("P-BLUEGILL", date(2025, 3, 21)),
    RIGHTS_ID: ("P-LARKSPUR", date(2024, 11, 1)),
    LICENCE_ID: ("P-LARKSPUR", date(2024, 12, 20)),
}


def _organization(party_id: str, did: Dids, *, with_id: bool = True) -> JsonObject:
    party = BY_ID[party_id]
    handle = party_id.removeprefix("P-").lower()
    org: JsonObject = {"type": ["Organization"], "name": party.legal_name}
    if with_id:
        org["id"] = did(party_id)
    org["email"] = f"compliance@{handle}.example"
    org["location"] = {
        "type": ["Place"],
        "address": {"type": ["PostalAddress"], "streetAddress": "1 Demo Street", "addressCountry": party.country},
    }
    return org


def usmca_certification(did: Dids) -> JsonObject:
    """TR-USMCA-001: Nopal certifies as producer and exporter, for Bluegill, a blanket for 2025."""
    issuer = _organization("P-NOPAL", did)
    del issuer["email"]
    issuer["employee"] = {
        "type": ["Person"],
        "firstName": "Marisol",
        "lastName": "Ortega",
        "jobTitle": "Trade Compliance Manager",
        "email": "compliance@nopal.example",
        "phoneNumber": "+52 81 5550 0100",
    }
    goods = [
        ("Enamelled steel cookware", "7323.93"),
        ("Wrought steel brackets", "7326.90"),
    ]
    return {
        "@context": list(traceability.CONTEXTS),
        "type": ["VerifiableCredential", traceability.USMCA_CERTIFICATION],
        "id": CERTIFICATION_ID,
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2025-12-31T23:59:59Z",
        "issuer": issuer,
        "credentialSubject": {
            "type": ["USMCAClaims"],
            "variousImporters": False,
            "importerDetails": [_organization("P-BLUEGILL", did)],
            "exporterDetails": _organization("P-NOPAL", did),
            "producerDetails": _organization("P-NOPAL", did),
            "goods": [
                {
                    "type": ["USMCAProduct"],
                    "description": description,
                    "commodityCode": code,
                    "commodityCodeType": "HS",
                    "originCriterion": "B",
                    "countryOfOrigin": "MX",
                }
                for description, code in goods
            ],
        },
    }


def entry_summary(entry_id: str, htsus: str, transaction: str, did: Dids) -> JsonObject:
    """A one-line entry summary Bluegill files for goods of Mexico, claiming USMCA on TR-USMCA-001.

    The vocabulary has no member for the preference claim or the certification cited; the
    line carries ours (``specialProgramIndicator``, ``certification``) under our context.
    """
    bluegill = BY_ID["P-BLUEGILL"]
    number = identifiers.EntryNumber.build(bluegill.filer_code or "B7A", transaction).text
    registration = documents.registration(bluegill, did("P-BLUEGILL")).subject
    ids = registration["identifiers"]
    assert isinstance(ids, dict)
    importer_number = ids["importerNumber"]
    return {
        "@context": [V2_CONTEXT, TRACEABILITY_CONTEXT, TRADE_CONTEXT],
        "type": ["VerifiableCredential", traceability.ENTRY_SUMMARY],
        "id": entry_id,
        "issuer": {"type": ["Organization"], "id": did("P-BLUEGILL"), "name": bluegill.legal_name},
        "validFrom": "2025-03-20T00:00:00Z",
        "credentialSubject": {
            "type": ["CBPEntrySummary"],
            "entryNumber": number,
            "entryType": "01",
            "summaryDate": "2025-03-20T10:00Z",
            "entryDate": "2025-03-10T08:00Z",
            "importDate": "2025-03-10T00:00Z",
            "transportMode": "Truck",
            "countryOfOrigin": "MX",
            "exportingCountry": "MX",
            "portCode": {"type": ["Place"], "usPortCode": "2304"},
            "importerNumber": {"type": ["CBPImporterOfRecord"], "number": importer_number, "identifierType": "CBP"},
            "importerOfRecord": _organization("P-BLUEGILL", did),
            "descriptionOfMerchandise": [
                {
                    "type": ["CBPEntrySummaryLineItem"],
                    "commodity": {
                        "type": ["Commodity"],
                        "commodityCode": htsus,
                        "commodityCodeType": "HTS",
                        "description": "Household articles of steel",
                    },
                    "enteredValue": {"type": ["PriceSpecification"], "price": 18400, "priceCurrency": "USD"},
                    "specialProgramIndicator": "S",
                    "certification": CERTIFICATION_ID,
                }
            ],
        },
    }


def rights(did: Dids) -> JsonObject:
    """TR-IPR-001: Larkspur states its trademark rights in its Fieldhouse hoodie."""
    owner = _organization("P-LARKSPUR", did)
    return {
        "@context": list(traceability.CONTEXTS),
        "type": ["VerifiableCredential", traceability.RIGHTS],
        "id": RIGHTS_ID,
        "issuer": {"type": ["Organization"], "id": did("P-LARKSPUR"), "name": BY_ID["P-LARKSPUR"].legal_name},
        "validFrom": "2024-11-01T00:00:00Z",
        "credentialSubject": {
            "type": ["IntellectualPropertyRights"],
            "intellectualPropertyRightsOwner": owner,
            "intellectualPropertyRightsType": "Trademark",
            "intellectualPropertyRightsProduct": {"type": ["Product"], "name": "LARKSPUR Fieldhouse hoodie"},
        },
    }


def licence(did: Dids) -> JsonObject:
    """TR-LIC-001: Larkspur licenses Fjellstua Outdoor, extending TR-IPR-001, from 2025-01-01."""
    fjell = BY_ID["P-FJELL"]
    return {
        "@context": list(traceability.CONTEXTS),
        "type": ["VerifiableCredential", traceability.RIGHTS_LICENCE],
        "id": LICENCE_ID,
        "issuer": {"type": ["Organization"], "id": did("P-LARKSPUR"), "name": BY_ID["P-LARKSPUR"].legal_name},
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["IntellectualPropertyRightsLicense"],
            "licensee": {
                "type": ["Organization"],
                "id": did("P-FJELL"),
                "name": fjell.legal_name,
                "location": {"type": ["Place"], "address": {"type": ["PostalAddress"], "addressCountry": "NO"}},
            },
            "intellectualPropertyRightsType": "Trademark",
            "intellectualPropertyRightsProduct": {"type": ["Product"], "name": "LARKSPUR Fieldhouse hoodie"},
            "extendsCredential": RIGHTS_ID,
        },
    }


def all_documents(did: Dids) -> dict[str, JsonObject]:
    """Every Traceability anchor by id, unsigned."""
    return {
        CERTIFICATION_ID: usmca_certification(did),
        "E-3001": entry_summary("E-3001", "7323.93.0045", "0003001", did),
        "E-3002": entry_summary("E-3002", "7323.99.9080", "0003002", did),
        RIGHTS_ID: rights(did),
        LICENCE_ID: licence(did),
    }
