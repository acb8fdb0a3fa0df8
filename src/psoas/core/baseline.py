"""The person's current test picture: the full self-test as the baseline, and the
quick check-ins before and after sessions laid over it, field by field.

A check-in measures less than a full test (the web player's skips the descent,
and nobody is asked the signs again), so it may only replace what it measured.
Each value remembers when and where it was measured, so reasons can quote it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from psoas.core.assessment import Answers

#: The phase of a full self-test; ``pre`` and ``post`` are a session's check-ins.
FULL_TEST = "check"
#: The fields a check-in may update (signs and red flags come from the full test
#: and tonight's screen, pain from the newest rating of any kind).
MEASURED_FIELDS = ("thighs_flat", "back_gap", "gap_even", "ribs_stick_out")


@dataclass(frozen=True)
class StoredTest:
    """One stored test: when, which phase, and its answers."""

    taken_at: datetime
    phase: str
    answers: Answers

    @property
    def label(self) -> str:
        """How a reason names it: "your self-test of 3 Nov" or "the check-in of 21 Nov"."""
        what = "your self-test" if self.phase == FULL_TEST else "the check-in"
        return f"{what} of {self.taken_at.day} {self.taken_at:%b}"


@dataclass(frozen=True)
class Baseline:
    """The answers that hold now, and where each measured field came from."""

    answers: Answers
    #: Field name -> the label of the test that measured the value now in use.
    measured: dict[str, str]
    #: When the baseline (the full test) was taken.
    since: datetime


def current_baseline(tests: Sequence[StoredTest]) -> Baseline | None:
    """The newest full test, with newer check-ins laid over what they measured.

    Without any full test (an import of check-ins only), the oldest test is the base.
    The descent (whether the thighs lifted, and at what height) changes only when a
    newer test measured it, and a lift whose height was not noted keeps the last
    height measured; the tighter side stays until a newer test finds the gap even,
    or names the other side.
    """
    ordered = sorted(tests, key=lambda t: t.taken_at)
    if not ordered:
        return None
    full = [i for i, t in enumerate(ordered) if t.phase == FULL_TEST]
    start = full[-1] if full else 0
    base = ordered[start]
    values: dict[str, Any] = dict(base.answers.to_data())
    kept = (*MEASURED_FIELDS, "thighs_lift", "lift_height_cm", "tighter_side")
    measured = dict.fromkeys(kept, base.label)
    for test in ordered[start + 1 :]:
        data = test.answers.to_data()
        for name in MEASURED_FIELDS:
            if data.get(name) is not None:
                values[name], measured[name] = data[name], test.label
        if data.get("thighs_lift") is not None:
            values["thighs_lift"] = data["thighs_lift"]
            measured["thighs_lift"] = test.label
            if data["thighs_lift"] is False:
                values["lift_height_cm"] = None
            elif data.get("lift_height_cm") is not None:
                values["lift_height_cm"] = data["lift_height_cm"]
                measured["lift_height_cm"] = test.label
            # Lifted but the height not noted: the last measured height still holds.
        if data.get("gap_even") is True:
            values["tighter_side"] = None
            measured["tighter_side"] = test.label
        elif data.get("gap_even") is False and data.get("tighter_side"):
            values["tighter_side"], measured["tighter_side"] = data["tighter_side"], test.label
    newest = ordered[-1].answers
    values["pain"] = newest.pain
    if values.get("gap_even") is not False:
        values["tighter_side"] = None
    answers = replace(
        base.answers,
        **{k: values[k] for k in (*MEASURED_FIELDS, "thighs_lift", "lift_height_cm")},
        tighter_side=values["tighter_side"],
        pain=values["pain"],
    )
    return Baseline(answers, measured, base.taken_at)


_GAP = {"pencil": 0, "fingers": 1, "hand": 2}


def measures_better(first: Answers, now: Answers) -> list[str]:
    """The measures of the test that are better now than at ``first`` (for the review):
    thighs resting, less back gap, left and right even, ribs down, a lower lift."""
    better = []
    if first.thighs_flat is False and now.thighs_flat:
        better.append("thighs_flat")
    if first.back_gap and now.back_gap and _GAP[now.back_gap] < _GAP[first.back_gap]:
        better.append("back_gap")
    if first.gap_even is False and now.gap_even:
        better.append("gap_even")
    if first.ribs_stick_out and now.ribs_stick_out is False:
        better.append("ribs_stick_out")
    lifted, lifts = first.thighs_lift, now.thighs_lift
    if lifted and (lifts is False or _lower(first.lift_height_cm, now.lift_height_cm)):
        better.append("thighs_lift")
    return better


def _lower(was: float | None, now: float | None) -> bool:
    return was is not None and now is not None and now < was


def session_bolster_cm(check_in: Answers, starting_cm: float) -> float | None:
    """The bolster height the test at the start of a session sets for the rest of it:
    the height measured at the descent, the starting height when the thighs stayed
    down, or None when the descent was not done or its height not noted (003)."""
    if check_in.thighs_lift is False:
        return starting_cm
    if check_in.thighs_lift and check_in.lift_height_cm is not None:
        return float(check_in.lift_height_cm)
    return None


__all__ = [
    "FULL_TEST",
    "MEASURED_FIELDS",
    "Baseline",
    "StoredTest",
    "current_baseline",
    "measures_better",
    "session_bolster_cm",
]
