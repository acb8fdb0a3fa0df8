"""The self-test: answers in, findings out (patterns, bolster height, safety).

Pure functions over dataclasses. The answers' field checks live in
``__post_init__`` so they hold however an ``Answers`` is built; the shells use
:func:`parse_answers` to turn JSON-like data into one with field-named errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from psoas.catalog.model import Catalog
from psoas.catalog.vocabulary import RedFlagId
from psoas.exceptions import BadInput
from psoas.validation import validate_as

BackGap = Literal["pencil", "fingers", "hand"]
Side = Literal["left", "right"]
Sign = Literal["short_stride", "squat_pain", "tender"]
PatternId = Literal["hip_flexion", "rib_thrust", "one_side_tighter", "subtle"]
SIGNS: tuple[Sign, ...] = get_args(Sign)
PATTERNS: tuple[PatternId, ...] = get_args(PatternId)

#: Pain above this (0–10 scale) means strengthening waits (002: relieve pain first).
STRENGTH_PAIN_LIMIT = 3
#: Unknown keys in an answers file are errors (they are usually typos).
_NO_EXTRA_FIELDS = {"extra": "forbid"}
#: The highest a bolster can sensibly be, in centimetres.
MAX_LIFT_HEIGHT_CM = 100


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
        if height is not None and not 0 <= height <= MAX_LIFT_HEIGHT_CM:
            raise ValueError(f"lift_height_cm must be 0 to {MAX_LIFT_HEIGHT_CM}, not {height}")
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
    bolster_height_cm: float
    #: True when the height came from the test, False when it is a starting guess.
    bolster_height_from_test: bool
    red_flags: tuple[RedFlagId, ...]
    see_provider: bool
    pain: int
    #: False when none of the test's checks were done (a safety screen only).
    tested: bool = True
    reasons: tuple[str, ...] = field(default=())

    def to_data(self) -> dict[str, Any]:
        """The findings as the documented ``psoas check --json`` object."""
        return {
            "patterns": list(self.patterns),
            "tighter_side": self.tighter_side,
            "bolster_height_cm": self.bolster_height_cm,
            "bolster_height_from_test": self.bolster_height_from_test,
            "red_flags": list(self.red_flags),
            "see_provider": self.see_provider,
            "pain": self.pain,
            "tested": self.tested,
            "reasons": list(self.reasons),
        }


def parse_answers(data: Any) -> Answers:
    """Validate JSON-like data into :class:`Answers`; raises :class:`BadInput` naming the field."""
    if not isinstance(data, dict):
        raise BadInput("answers must be a JSON object with the self-test's fields")
    return validate_as(Answers, data, "answers", BadInput)


def starting_bolster_height_cm(catalog: Catalog) -> float:
    """Where to start without a height from the test: low in the catalog's range.

    Starting low and raising the bolster until the thighs rest is easier than
    the reverse; the catalog gives 13–20 cm (5–8 in), so this is 15 cm.
    """
    bolster = catalog.require("bolster-release").bolster_height
    if bolster is None:  # pragma: no cover - the catalog tests guarantee it
        raise BadInput("the bolster release has no starting height in the catalog")
    return float(round(bolster.min_cm + (bolster.max_cm - bolster.min_cm) / 3))


def assess(answers: Answers, catalog: Catalog) -> Findings:
    """Turn answers into findings, each with a reason in plain words."""
    reasons: list[str] = []
    patterns: list[PatternId] = []

    hip_signs = []
    if answers.thighs_lift:
        hip_signs.append("your thighs lifted as you lowered yourself down")
    if answers.thighs_flat is False:
        hip_signs.append("the backs of your thighs did not rest on the floor")
    if hip_signs:
        patterns.append("hip_flexion")
        reasons.append(
            f"Hip flexion: {' and '.join(hip_signs)}, so tight psoas muscles are "
            "holding your hips slightly bent."
        )

    if answers.back_gap == "hand":
        patterns.append("rib_thrust")
        reasons.append(
            "Rib thrust: a whole hand fits under your back, far more than a pencil's worth, "
            "so the psoas is pulling your ribs up."
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
        reasons.append(f"One side tighter: {where}, so that psoas is tighter.")

    if answers.ribs_stick_out and not {"hip_flexion", "rib_thrust"} & set(patterns):
        patterns.append("subtle")
        reasons.append(
            "Subtle: your legs and back lie flat, but your lower front ribs still rise, "
            "so the psoas is still tight, just quietly."
        )

    if answers.thighs_lift and answers.lift_height_cm is not None:
        height, from_test = float(answers.lift_height_cm), True
        reasons.append(f"Bolster height {_cm(height)}: the height at which your thighs lifted.")
    else:
        height, from_test = starting_bolster_height_cm(catalog), False
        why = (
            "your thighs lifted but the height was not noted"
            if answers.thighs_lift
            else "your thighs stayed down"
        )
        reasons.append(
            f"Bolster height {_cm(height)}: a starting height, because {why}. "
            "Raise it if your thighs lift during the release."
        )

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

    if answers.pain > STRENGTH_PAIN_LIMIT:
        reasons.append(
            f"Pain {answers.pain}/10: strengthening waits until the pain has eased "
            f"to {STRENGTH_PAIN_LIMIT} or less."
        )
    for sign in answers.signs:
        fact = next((f for f in catalog.background.signs if f.id == sign), None)
        if fact is not None:
            reasons.append(f"You noticed: {fact.text[0].lower()}{fact.text[1:]}")

    for flag_id in answers.red_flags:
        flag = catalog.red_flag(flag_id)
        if flag is not None:
            reasons.append(f"{flag.name}: {flag.advice}")

    return Findings(
        patterns=tuple(patterns),
        tighter_side=answers.tighter_side if answers.gap_even is False else None,
        bolster_height_cm=height,
        bolster_height_from_test=from_test,
        red_flags=answers.red_flags,
        see_provider=bool(answers.red_flags),
        pain=answers.pain,
        tested=tested,
        reasons=tuple(reasons),
    )


_GAP_ORDER = {"pencil": 0, "fingers": 1, "hand": 2}


def compare_tests(before: Answers, after: Answers) -> list[str]:
    """What changed between the test before a release and the re-test after it."""
    lines: list[str] = []
    better = 0

    def flag(name: str, was: bool | None, now: bool | None, good: bool) -> None:
        nonlocal better
        if was is None or now is None:
            return
        if was == now:
            lines.append(f"{name}: no change.")
        elif now == good:
            better += 1
            lines.append(f"{name}: better now.")
        else:
            lines.append(f"{name}: not as good as at the start.")

    flag("Thighs resting on the floor", before.thighs_flat, after.thighs_flat, True)
    if before.back_gap and after.back_gap:
        was, now = _GAP_ORDER[before.back_gap], _GAP_ORDER[after.back_gap]
        change = "less arch" if now < was else "more arch" if now > was else "no change"
        better += now < was
        lines.append(f"Back gap: {before.back_gap} → {after.back_gap} ({change}).")
    flag("Left and right even", before.gap_even, after.gap_even, True)
    flag("Front ribs resting down", before.ribs_stick_out, after.ribs_stick_out, False)
    lines.append(f"Pain: {before.pain} → {after.pain}.")
    better += after.pain < before.pain
    if better:
        lines.append("The psoas has begun to let go.")
    else:
        lines.append("No change yet. Keep going: a full release can take months.")
    return lines


def _cm(height: float) -> str:
    from psoas.core.units import format_length

    return format_length(height)


__all__ = [
    "PATTERNS",
    "SIGNS",
    "STRENGTH_PAIN_LIMIT",
    "Answers",
    "Findings",
    "assess",
    "compare_tests",
    "parse_answers",
    "starting_bolster_height_cm",
]
