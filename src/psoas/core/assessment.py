"""The self-test: answers in, findings out (patterns, bolster height, safety).

Pure functions over dataclasses. The answers' field checks live in
``__post_init__`` so they hold however an ``Answers`` is built; the shells use
:func:`parse_answers` to turn JSON-like data into one with field-named errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from psoas.catalog.model import Catalog
from psoas.catalog.vocabulary import RedFlagId, Tier
from psoas.core.bolster import BolsterHeight, lift_measured, starting_bolster_height_cm
from psoas.core.safety import (
    MODERATE_PAIN_FROM,
    SEVERE_PAIN_FROM,
    Clearance,
    PainBand,
    clearance_words,
    pain_band,
    tier_of,
    urgent_message,
)
from psoas.exceptions import BadInput
from psoas.validation import validate_as

BackGap = Literal["pencil", "fingers", "hand"]
Side = Literal["left", "right"]
Sign = Literal["short_stride", "squat_pain", "tender"]
PatternId = Literal["hip_flexion", "rib_thrust", "one_side_tighter", "subtle"]
SIGNS: tuple[Sign, ...] = get_args(Sign)
PATTERNS: tuple[PatternId, ...] = get_args(PatternId)

#: Pain above this (0–10 scale) means strengthening waits (002: relieve pain first).
STRENGTH_PAIN_LIMIT = MODERATE_PAIN_FROM - 1
#: Unknown keys in an answers file are errors (they are usually typos).
_NO_EXTRA_FIELDS = {"extra": "forbid"}
#: The highest the descent can give, in centimetres: sitting bolt upright, the lower
#: tips of the shoulder blades (where the bolster's edge goes, 003) are about 52 cm
#: above the floor for a 175 cm adult of Winter's proportions (the body model);
#: 57 leaves room for taller people. A test keeps this in step with the model.
MAX_LIFT_HEIGHT_CM = 57
#: Heights above the catalog's usual starting range are asked to be confirmed.
USUAL_LIFT_HEIGHT_CM = 20


#: Above this a height is confirmed; the half centimetre lets 8 in (20.3 cm), the top
#: of the same range in inches, count as usual.
CONFIRM_LIFT_ABOVE_CM = USUAL_LIFT_HEIGHT_CM + 0.5


def unusually_high(height_cm: float) -> bool:
    """True for a lift height above the usual range, which is asked to be confirmed."""
    return height_cm > CONFIRM_LIFT_ABOVE_CM


@dataclass(frozen=True)
class Answers:
    """What a person observed in the self-test, plus pain, signs and red flags.

    ``None`` for a check means it was not done (for example, skipped because of a
    red flag); findings then say nothing about it.
    """

    __pydantic_config__ = _NO_EXTRA_FIELDS

    #: Did the thighs lift during the sit-to-lie descent?
    thighs_lift: bool | None
    #: Lying flat, do the backs of the thighs rest on the floor?
    thighs_flat: bool | None
    back_gap: BackGap | None
    gap_even: bool | None
    ribs_stick_out: bool | None
    #: Numeric pain rating, 0 (none) to 10 (worst imaginable).
    pain: int
    #: Height of the torso off the floor when the thighs lifted, in centimetres.
    lift_height_cm: float | None = None
    #: The side with the bigger arch under the back, when the gap is uneven.
    tighter_side: Side | None = None
    signs: tuple[Sign, ...] = ()
    red_flags: tuple[RedFlagId, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """JSON-ready answers (lists, not tuples), as stored and exported."""
        from dataclasses import asdict

        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    def __post_init__(self) -> None:
        if not 0 <= self.pain <= 10:
            raise ValueError(f"pain must be 0 to 10, not {self.pain}")
        height = self.lift_height_cm
        if height is not None and height <= 0:
            raise ValueError(
                "lift_height_cm 0 means the thighs did not lift: set thighs_lift false, "
                "or give the height they lifted at"
            )
        if height is not None and height > MAX_LIFT_HEIGHT_CM:
            raise ValueError(
                f"lift_height_cm must be at most {MAX_LIFT_HEIGHT_CM} cm, the most the descent "
                f"can give (sitting upright), not {height}"
            )
        if height is not None and self.thighs_lift is False:
            raise ValueError("lift_height_cm is given but thighs_lift is false")
        if self.tighter_side is not None and self.gap_even is True:
            raise ValueError("tighter_side is given but gap_even is true")
        for name, values in (("signs", self.signs), ("red_flags", self.red_flags)):
            if len(set(values)) != len(values):
                raise ValueError(f"{name} lists the same item twice")


@dataclass(frozen=True)
class Findings:
    """What the answers mean: patterns, bolster height, safety and the reasons."""

    patterns: tuple[PatternId, ...]
    tighter_side: Side | None
    #: The bolster height as one fact: its value, where it comes from and the test
    #: that measured it (psoas.core.bolster).
    bolster: BolsterHeight
    red_flags: tuple[RedFlagId, ...]
    see_provider: bool
    pain: int
    #: False when none of the test's checks were done (a safety screen only).
    tested: bool = True
    reasons: tuple[str, ...] = field(default=())
    #: The most urgent tier among the red flags (None without flags).
    tier: Tier | None = None
    #: Mild (0–3), moderate (4–6) or severe (7+, or 2+ above the last rating).
    pain_band: PainBand = "mild"
    #: The rating a rise is measured from (psoas.core.pain.pain_now), when there is one.
    previous_pain: int | None = None
    signs: tuple[str, ...] = ()
    #: Caution flags a provider has cleared, with the date.
    cleared: tuple[Clearance, ...] = ()

    @property
    def bolster_height_cm(self) -> float:
        """The bolster height the plan uses."""
        return self.bolster.cm

    @property
    def bolster_height_from_test(self) -> bool:
        """True when a test measured the height (now or earlier), False for a starting one."""
        return self.bolster.from_test

    @property
    def bolster_height_source(self) -> str:
        """``measured`` at the newest descent, ``kept`` from an earlier one, or the
        ``starting`` height."""
        return self.bolster.source

    @property
    def urgent(self) -> bool:
        """True when an answer means *get care now*: no session starts."""
        return self.tier == "urgent"

    @property
    def cleared_ids(self) -> frozenset[str]:
        """The ids of the cleared caution flags."""
        return frozenset(c.flag_id for c in self.cleared)

    def to_data(self) -> dict[str, Any]:
        """The findings as the documented ``psoas check --json`` object."""
        return {
            "patterns": list(self.patterns),
            "tighter_side": self.tighter_side,
            "bolster_height_cm": self.bolster_height_cm,
            "bolster_height_from_test": self.bolster_height_from_test,
            "bolster_height_source": self.bolster_height_source,
            "red_flags": list(self.red_flags),
            "tier": self.tier,
            "urgent": self.urgent,
            "see_provider": self.see_provider,
            "pain": self.pain,
            "pain_band": self.pain_band,
            "previous_pain": self.previous_pain,
            "signs": list(self.signs),
            "cleared": [c.to_data() for c in self.cleared],
            "tested": self.tested,
            "reasons": list(self.reasons),
        }


def parse_answers(data: Any) -> Answers:
    """Validate JSON-like data into :class:`Answers`; raises :class:`BadInput` naming the field."""
    if not isinstance(data, dict):
        raise BadInput("answers must be a JSON object with the self-test's fields")
    return validate_as(Answers, data, "answers", BadInput)


def stored_answers(data: dict[str, Any]) -> Answers:
    """Answers as psoas stored them (validated when they were saved), built directly:
    reading history should not pay for loading the validator. Anything unexpected
    (an older or hand-edited row) still goes through :func:`parse_answers`."""
    try:
        return Answers(
            **{
                **data,
                "signs": tuple(data.get("signs") or ()),
                "red_flags": tuple(data.get("red_flags") or ()),
            }
        )
    except TypeError:
        return parse_answers(data)


def measured_lift_cm(answers: Answers) -> float | None:
    """The bolster height a test measured (:func:`lift_measured`)."""
    return lift_measured(answers.thighs_lift, answers.lift_height_cm)


def no_height_because(answers: Answers | None) -> str:
    """Why a descent measured no height, in words for a reason."""
    if answers is None or answers.thighs_lift is None:
        return "the descent was not done"
    if answers.thighs_lift:
        return "your thighs lifted but the height was not noted"
    return "your thighs stayed down"


def bolster_of_answers(answers: Answers, catalog: Catalog) -> BolsterHeight:
    """The bolster height from one test's answers alone (no earlier tests to keep a
    height from): the height measured at its descent, else the starting height."""
    height = measured_lift_cm(answers)
    if height is not None:
        return BolsterHeight(height, "measured", "this test")
    return BolsterHeight(
        starting_bolster_height_cm(catalog), "starting", why_not=no_height_because(answers)
    )


def assess(
    answers: Answers,
    catalog: Catalog,
    *,
    previous_pain: int | None = None,
    previous_pain_words: str | None = None,
    clearances: Iterable[Clearance] = (),
    measured: Mapping[str, str] | None = None,
    bolster: BolsterHeight | None = None,
) -> Findings:
    """Turn answers into findings, each with a reason in plain words.

    ``previous_pain`` is the rating a rise is measured from (psoas.core.pain.pain_now:
    the lowest of the last three weeks; a rise of 2 or more counts as severe), named in
    the reason by ``previous_pain_words``; ``clearances`` are their records that a provider has
    cleared a caution flag; ``measured`` names, per answer field, the test that
    measured it (see :mod:`psoas.core.baseline`), which the reasons then quote;
    ``bolster`` is the height by :func:`psoas.core.baseline.bolster_height` (without
    it, the height these answers alone give).
    Findings describe what the answers often mean; they never state a diagnosis.
    """
    reasons: list[str] = []

    def when(*fields: str) -> str:
        labels = list(dict.fromkeys(measured[f] for f in fields if measured and f in measured))
        return f" ({' and '.join(labels)})" if labels else ""

    patterns: list[PatternId] = []
    band = pain_band(answers.pain, previous_pain)
    flags = list(answers.red_flags)
    if band == "severe" and "severe_pain" not in flags:
        flags.append("severe_pain")
    tier = tier_of(flags, catalog)

    hip_signs = []
    if answers.thighs_lift:
        hip_signs.append("your thighs lifted as you lowered yourself down")
    if answers.thighs_flat is False:
        hip_signs.append("the backs of your thighs did not rest on the floor")
    if hip_signs:
        patterns.append("hip_flexion")
        reasons.append(
            f"Hip flexion: {' and '.join(hip_signs)}, which is often a sign that tight "
            f"psoas muscles are holding the hips slightly bent{when('thighs_lift', 'thighs_flat')}."
        )

    if answers.back_gap == "hand":
        patterns.append("rib_thrust")
        reasons.append(
            "Rib thrust: a whole hand fits under your back, far more than a pencil's worth, "
            f"which often means the psoas is pulling the ribs up{when('back_gap')}."
        )
    elif answers.back_gap == "fingers":
        reasons.append(
            "Your back gap is a bit more than a pencil but less than a hand: worth watching. "
            "See whether it shrinks after the release."
        )

    if answers.gap_even is False:
        patterns.append("one_side_tighter")
        side = answers.tighter_side
        where = f"the {side} side arches more" if side else "one side arches more"
        reasons.append(
            f"One side tighter: {where}, often because that psoas is the tighter "
            f"one{when('gap_even', 'tighter_side')}."
        )

    if answers.ribs_stick_out and not {"hip_flexion", "rib_thrust"} & set(patterns):
        patterns.append("subtle")
        reasons.append(
            "Subtle: your legs and back lie flat, but your lower front ribs still rise, "
            f"which can mean the psoas is still tight, just quietly{when('ribs_stick_out')}."
        )

    bolster = bolster or bolster_of_answers(answers, catalog)
    reasons.append(bolster.reason(_cm(bolster.cm)))

    checked = [answers.thighs_lift, answers.thighs_flat, answers.back_gap, answers.gap_even]
    tested = any(value is not None for value in [*checked, answers.ribs_stick_out])
    if not tested:
        reasons.append("The test was not done, so there are no findings about the psoas yet.")
    elif not patterns and all(value is not None for value in checked):
        reasons.append(
            "No sign of a tight psoas today. The release still helps you unwind; "
            "keep testing to see how it holds."
        )
    elif any(value is None for value in [*checked, answers.ribs_stick_out]):
        reasons.append("Some checks were not done, so the findings only cover the others.")

    reasons.append(_pain_reason(answers.pain, previous_pain, band, previous_pain_words))
    for sign in answers.signs:
        fact = next((f for f in catalog.background.signs if f.id == sign), None)
        if fact is not None:
            reasons.append(f"You noticed: {fact.text[0].lower()}{fact.text[1:]}")

    cleared = tuple(c for c in clearances if c.flag_id in flags)
    cleared_ids = {c.flag_id for c in cleared}
    for flag_id in flags:
        flag = catalog.red_flag(flag_id)
        if flag is None or flag.tier == "urgent":
            continue
        reasons.append(f"{flag.name}: {flag.labelled_advice}")
    for clearance in cleared:
        flag = catalog.red_flag(clearance.flag_id)
        if flag is None:
            continue
        by = f" by {clearance.by}" if clearance.by else ""
        reasons.append(
            f"Cleared{by} on {clearance.cleared_on:%d %b %Y} ({flag.name.lower()}): "
            f"{clearance_words(flag)}."
        )
    standing = [f for f in flags if f not in cleared_ids]
    if tier == "urgent":
        reasons = [urgent_message(flags, catalog)]  # one clear message, nothing else
    return Findings(
        patterns=tuple(patterns),
        tighter_side=answers.tighter_side if answers.gap_even is False else None,
        bolster=bolster,
        red_flags=tuple(flags),
        see_provider=bool(standing),
        pain=answers.pain,
        tested=tested,
        reasons=tuple(reasons),
        tier=tier,
        pain_band=band,
        previous_pain=previous_pain,
        signs=tuple(answers.signs),
        cleared=cleared,
    )


def _pain_reason(pain: int, previous: int | None, band: PainBand, words: str | None) -> str:
    """What tonight's pain rating does to the plan, in one sentence."""
    rise = previous is not None and pain > previous
    since = f", up from {previous} {words or 'at your last rating'}" if rise else ""
    if band == "severe" and pain < SEVERE_PAIN_FROM:
        return (
            f"Pain {pain}/10{since}: a rise that quick is treated like severe pain, so "
            "tonight is rest in gentle positions only."
        )
    if band == "severe":
        return f"Pain {pain}/10{since}: severe, so tonight is rest in gentle positions only."
    if band == "moderate":
        return (
            f"Pain {pain}/10{since}: releases, bed positions and gentle stretches tonight; "
            f"no ball massage, no end-range stretches and no strength until it eases to "
            f"{STRENGTH_PAIN_LIMIT} or less."
        )
    return f"Pain {pain}/10{since}: mild, so the whole program is open to you."


def _cm(height: float) -> str:
    from psoas.core.units import format_length

    return format_length(height)


__all__ = [
    "CONFIRM_LIFT_ABOVE_CM",
    "MAX_LIFT_HEIGHT_CM",
    "PATTERNS",
    "SIGNS",
    "STRENGTH_PAIN_LIMIT",
    "USUAL_LIFT_HEIGHT_CM",
    "Answers",
    "Findings",
    "assess",
    "bolster_of_answers",
    "measured_lift_cm",
    "no_height_because",
    "parse_answers",
    "stored_answers",
    "unusually_high",
]
