"""The person's current test picture: the full self-test as the baseline, and the
check-ins before a release laid over it, field by field; and the bolster height.

Which tests a plan may learn from is one rule (:func:`plans_from`): the full
self-test and the check-in *before* a release describe where the person starts;
the re-test *after* the release shows tonight's effect of the release (000, 003:
compare the re-test with the starting test) and is shown as such, never planned
from. A check-in measures less than a full test (the web player's skips the
descent, and nobody is asked the signs again), so it may only replace what it
measured. Each value remembers when and where it was measured, so reasons can
quote it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from psoas.core.assessment import Answers, measured_lift_cm, no_height_because
from psoas.core.bolster import BolsterHeight
from psoas.core.units import format_day

#: The phase of a full self-test ...
FULL_TEST = "check"
#: ... of the check-in that opens a session, before its release ...
BEFORE_RELEASE = "pre"
#: ... and of the re-test after the release (tonight's effect).
AFTER_RELEASE = "post"
#: The fields a check-in may update (signs and red flags come from the full test
#: and tonight's screen, pain from the newest rating of any kind).
MEASURED_FIELDS = ("thighs_flat", "back_gap", "gap_even", "ribs_stick_out")


def plans_from(phase: str) -> bool:
    """True for a test the plan may learn from: the full self-test and the check-in
    before a release. The re-test after the release measures tonight's effect of the
    release (000, 003), with the body just released; planning from it would set the
    next night by a state the person does not start in."""
    return phase != AFTER_RELEASE


#: The phases :func:`plans_from` accepts, for reads that look for them.
PLANNING_PHASES = (FULL_TEST, BEFORE_RELEASE)


@dataclass(frozen=True)
class StoredTest:
    """One stored test: when, which phase, and its answers."""

    taken_at: datetime
    phase: str
    answers: Answers

    @property
    def label(self) -> str:
        """How a reason names it: "the self-test of 3 Nov" or "the check-in of 21 Nov"."""
        what = "the self-test" if self.phase == FULL_TEST else "the check-in"
        return f"{what} of {format_day(self.taken_at)}"


def bolster_height(tests: Sequence[StoredTest], starting_cm: float) -> BolsterHeight:
    """The bolster height for the next release (003: the torso's height when the thighs
    lifted in the descent), from the tests a plan learns from (:func:`plans_from`).

    The newest measured height holds. A newer descent in which the thighs stayed down,
    or whose height was not noted, keeps it: that descent measured no height, so it
    never replaces a measured one, and never raises it to the starting height (the
    app's own choice: a height the person measured is a better guide than a default).
    Without any measured height: the starting height (003: 13–20 cm).
    """
    ordered = sorted((t for t in tests if plans_from(t.phase)), key=lambda t: t.taken_at)
    descents = [t for t in ordered if t.answers.thighs_lift is not None]
    measured = [t for t in descents if measured_lift_cm(t.answers) is not None]
    if not measured:
        return BolsterHeight(starting_cm, "starting", why_not=_why_none(descents))
    last = measured[-1]
    height = measured_lift_cm(last.answers)
    assert height is not None
    newest = descents[-1]
    if newest == last:
        return BolsterHeight(height, "measured", last.label)
    return BolsterHeight(height, "kept", last.label, newest.label, _why_none([newest]))


def _why_none(descents: Sequence[StoredTest]) -> str:
    """Why the newest descent measured no height, in words for a reason."""
    return no_height_because(descents[-1].answers if descents else None)


@dataclass(frozen=True)
class Baseline:
    """The answers that hold now, where each measured field came from, and the bolster."""

    answers: Answers
    #: Field name -> the label of the test that measured the value now in use.
    measured: dict[str, str]
    #: When the baseline (the full test) was taken.
    since: datetime
    bolster: BolsterHeight | None = None


def current_baseline(
    tests: Sequence[StoredTest], starting_cm: float | None = None
) -> Baseline | None:
    """The newest full test, with newer check-ins before a release laid over what
    they measured; re-tests after the release are left out (:func:`plans_from`).

    Without any full test (an import of check-ins only), the oldest test is the base.
    The descent (whether the thighs lifted) changes only when a newer check-in did it;
    the tighter side stays until a newer check-in finds the gap even, or names the
    other side. With ``starting_cm``, the baseline carries the bolster height by
    :func:`bolster_height` over the same ``tests`` (which may include older tests, to
    find the last measured height: they are not part of the answers).
    """
    usable = sorted((t for t in tests if plans_from(t.phase)), key=lambda t: t.taken_at)
    if not usable:
        return None
    full = [i for i, t in enumerate(usable) if t.phase == FULL_TEST]
    start = full[-1] if full else 0
    base = usable[start]
    values: dict[str, Any] = dict(base.answers.to_data())
    kept = (*MEASURED_FIELDS, "thighs_lift", "lift_height_cm", "tighter_side")
    measured = dict.fromkeys(kept, base.label)
    for test in usable[start + 1 :]:
        data = test.answers.to_data()
        for name in MEASURED_FIELDS:
            if data.get(name) is not None:
                values[name], measured[name] = data[name], test.label
        if data.get("thighs_lift") is not None:
            values["thighs_lift"] = data["thighs_lift"]
            values["lift_height_cm"] = data.get("lift_height_cm")
            measured["thighs_lift"] = measured["lift_height_cm"] = test.label
        if data.get("gap_even") is True:
            values["tighter_side"] = None
            measured["tighter_side"] = test.label
        elif data.get("gap_even") is False and data.get("tighter_side"):
            values["tighter_side"], measured["tighter_side"] = data["tighter_side"], test.label
    values["pain"] = usable[-1].answers.pain
    if values.get("gap_even") is not False:
        values["tighter_side"] = None
    answers = replace(
        base.answers,
        **{k: values[k] for k in (*MEASURED_FIELDS, "thighs_lift", "lift_height_cm")},
        tighter_side=values["tighter_side"],
        pain=values["pain"],
    )
    bolster = None if starting_cm is None else bolster_height(tests, starting_cm)
    return Baseline(answers, measured, base.taken_at, bolster)


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


__all__ = [
    "AFTER_RELEASE",
    "BEFORE_RELEASE",
    "FULL_TEST",
    "MEASURED_FIELDS",
    "PLANNING_PHASES",
    "Baseline",
    "StoredTest",
    "bolster_height",
    "current_baseline",
    "measures_better",
    "plans_from",
]
