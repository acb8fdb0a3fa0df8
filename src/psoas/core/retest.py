"""What changed between the self-test before a release and the re-test after it: the
same checks, compared one by one (000, 003: re-test after the release and compare with
the starting test)."""

from __future__ import annotations

from psoas.core.assessment import Answers

_GAP_ORDER = {"pencil": 0, "fingers": 1, "hand": 2}


def compare_tests(before: Answers, after: Answers) -> list[str]:
    """What changed between the test before a release and the re-test after it, one
    line a check, then whether the psoas has begun to let go (000, 003)."""
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


__all__ = ["compare_tests"]
