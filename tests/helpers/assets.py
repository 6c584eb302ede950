"""Load the recorded test vectors and adversarial inputs in ``tests/assets``."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def load(name: str) -> Any:
    """The parsed JSON of ``tests/assets/<name>.json``."""
    return json.loads((ASSETS / f"{name}.json").read_text(encoding="utf-8"))


def read(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


def b64(text: str) -> bytes:
    """Decode vector base64 leniently: negative vectors hold values of the wrong length."""
    return base64.b64decode(text)


def case_id(case: dict[str, Any]) -> str:
    return str(case.get("name") or case.get("desc") or case.get("file") or "case")
