"""Taking the self-test (``psoas check``, the wizard, ``POST /api/tests``): the findings
from tonight's picture with these answers (the bolster kept from earlier tests when
this one measured none, the pain against the ratings before it), stored with the test."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psoas.catalog.model import Catalog
from psoas.core.assessment import Answers, Findings
from psoas.store.repository import add_test
from psoas.usecases.tonight import load_tonight

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def take_test(
    db: Session, profile: int, catalog: Catalog, answers: Answers, *, save: bool = True
) -> Findings:
    """The findings of a full self-test with ``answers``, stored unless ``save`` is off."""
    tonight = load_tonight(db, profile, catalog, given=answers)
    assert tonight is not None  # given answers always make a picture
    if save:
        add_test(db, profile, answers.to_data(), tonight.findings.to_data())
    return tonight.findings


__all__ = ["take_test"]
