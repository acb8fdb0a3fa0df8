"""The bolster height as one fact: its value, where it comes from, and its words.

003 sets the bolster at the torso's height when the thighs lift during the
sit-to-lie descent, and gives 13–20 cm (5–8 in) to start with when the test gives
no height. The rule that picks the height from a person's tests is
:func:`psoas.core.baseline.bolster_height`; what one test measured
(:func:`lift_measured`), the starting height (:func:`starting_bolster_height_cm`) and the
value the rule gives live here, so the findings, the plan, the player and every export
say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.catalog.model import Catalog

#: Where a bolster height comes from: measured at the newest descent, kept from an
#: earlier one (the newer descent measured no height), or the starting height.
BolsterSource = Literal["measured", "kept", "starting"]
#: How each source is said after the height, on every page and in every text:
#: "13 cm (last measured)".
SOURCE_WORDS: dict[str, str] = {
    "measured": "measured",
    "kept": "last measured",
    "starting": "a starting height",
}
#: How a plan's release step says it: "with the bolster at 13 cm (your last measured
#: height)".
STEP_WORDS: dict[str, str] = {
    "measured": "from your test",
    "kept": "your last measured height",
    "starting": "a starting height",
}


@dataclass(frozen=True)
class BolsterHeight:
    """The bolster height a plan uses, and where it comes from."""

    cm: float
    source: BolsterSource
    #: The test that measured it ("the self-test of 3 Nov"); None for a starting height.
    measured_by: str | None = None
    #: For a kept height, the newer test whose descent measured nothing.
    kept_at: str | None = None
    #: Why the newest descent measured no height (kept and starting heights).
    why_not: str | None = None

    @property
    def from_test(self) -> bool:
        """True when a test measured it (the newest descent or an earlier one)."""
        return self.source != "starting"

    @property
    def said(self) -> str:
        """Where it comes from, with the test that measured it: "last measured at the
        self-test of 3 Nov", or "a starting height"."""
        words = SOURCE_WORDS[self.source]
        return f"{words} at {self.measured_by}" if self.measured_by else words

    def reason(self, shown: str) -> str:
        """The sentence that says the height (``shown``, already in the person's units)
        and where it comes from."""
        if self.source == "measured":
            return (
                f"Bolster height {shown}: the height at which your thighs lifted "
                f"({self.measured_by})."
            )
        if self.source == "kept":
            return (
                f"Bolster height {shown}: measured at {self.measured_by}. At {self.kept_at} "
                f"{self.why_not}, which gives no new height, so it stays."
            )
        return (
            f"Bolster height {shown}: a starting height, because {self.why_not}. Raise it "
            "if your thighs lift during the release."
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "cm": self.cm,
            "source": self.source,
            "measured_by": self.measured_by,
            "kept_at": self.kept_at,
        }


def lift_measured(thighs_lift: Any, lift_height_cm: Any) -> float | None:
    """The bolster height a test measured, from its two answers as stored: the torso's
    height when the thighs lifted in the sit-to-lie descent (003); None when they stayed
    down, the height was not noted, or the descent was not done."""
    if thighs_lift and lift_height_cm is not None:
        return float(lift_height_cm)
    return None


def starting_bolster_height_cm(catalog: Catalog) -> float:
    """Where to start without a height from the test: low in the catalog's range.

    Starting low and raising the bolster until the thighs rest is easier than
    the reverse; the catalog gives 13–20 cm (5–8 in), so this is 15 cm.
    """
    bolster = catalog.require("bolster-release").bolster_height
    if bolster is None:  # pragma: no cover - the catalog tests guarantee it
        raise BadInput("the bolster release has no starting height in the catalog")
    return float(round(bolster.min_cm + (bolster.max_cm - bolster.min_cm) / 3))


__all__ = [
    "SOURCE_WORDS",
    "STEP_WORDS",
    "BolsterHeight",
    "BolsterSource",
    "lift_measured",
    "starting_bolster_height_cm",
]
