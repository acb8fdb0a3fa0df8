"""What a photo measurement says, stated plainly: the thigh, the hip, and the low back.

A thigh can reach the floor because the psoas let go, or because the low back arched
and tipped the pelvis to let it down (003: in the lying test a gap under the low back
of about a pencil is fine, a whole hand is too much). The photo's keypoints cannot see
the low back, so the back gap answered in the self-test the photo belongs to says
whether it was arched; a flat thigh with an arched back is not counted as a release.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: A thigh within this many degrees of the floor lies flat: the live check's own line
#: for the bolster release (psoas.core.measure.in_position).
FLAT_THIGH_DEG = 12.0


def back_arched(answers: Mapping[str, Any]) -> bool | None:
    """True when the test found a whole hand's gap under the low back (003), False for
    a pencil's or fingers' gap, None when the gap was not checked."""
    gap = answers.get("back_gap")
    if gap is None:
        return None
    return bool(gap == "hand")


def counts_as_release(thigh_deg: float, arched: bool | None) -> bool:
    """A flat thigh counts as a release only when the low back did not arch to let it
    down (the app's own rule, from 003's two lying checks read together)."""
    return not (arched and abs(thigh_deg) <= FLAT_THIGH_DEG)


def statement(angles: Mapping[str, float], arched: bool | None) -> str:
    """The measurement in one plain line: thigh, hip (trunk to thigh) and low back."""
    thigh, hip = angles["thigh_to_floor_deg"], angles["hip_deg"]
    line = f"Thigh {thigh:.0f}° to the floor · hip {hip:.0f}° (trunk to thigh)"
    if arched is None:
        return f"{line} · low back: not checked in the test"
    if not arched:
        return f"{line} · low back not arched (the test's back gap)"
    if counts_as_release(thigh, arched):
        return f"{line} · low back arched (a whole hand under it in the test)"
    return (
        f"{line} · the thigh lies down because the low back arched (a whole hand under it "
        "in the test): not counted as a release"
    )


__all__ = ["FLAT_THIGH_DEG", "back_arched", "counts_as_release", "statement"]
