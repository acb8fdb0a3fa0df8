"""House rules for catalog text: units, short cues, honest labels."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from psoas.catalog.model import Catalog


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_centimetres_always_come_with_inches(catalog: Catalog) -> None:
    """Every length in cm is followed by the same length in inches."""
    for practice in catalog.practices:
        for text in _strings(asdict(practice)):
            for match in re.finditer(r"\bcm\b", text):
                after = text[match.end() : match.end() + 16]
                assert re.match(r" \([\d.–]+ in\)", after), f"{practice.id}: {text!r}"


def test_no_text_claims_to_diagnose_or_treat(catalog: Catalog) -> None:
    """The catalog never presents itself as diagnosis or treatment."""
    for text in _strings(catalog.as_data()):
        lowered = text.lower()
        for claim in ("diagnos", "will cure", "treats ", "guaranteed"):
            assert claim not in lowered, text


def test_general_safety_advice_is_labelled_in_practices(catalog: Catalog) -> None:
    """Advice beyond the articles in a practice says so in the same sentence."""
    for practice in catalog.practices:
        for caution in practice.cautions:
            if "tingling" in caution or "pulse" in caution:
                assert "(general safety advice)" in caution
