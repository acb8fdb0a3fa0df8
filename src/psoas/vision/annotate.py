"""A photo with the found skeleton and the thigh angle drawn on it, for checking a reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psoas.core.measure import Reading
from psoas.vision.pose import _imports

BONES = [("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle")]


def save(rgb: Any, reading: Reading, target: Path) -> Path:
    """Write ``target``: the picture the reading was made on (RGB), with the skeleton
    of the measured side and the angle drawn."""
    cv2, _mp, _np = _imports()
    cv2.imwrite(str(target), draw_on(rgb, reading))
    return target


def draw_on(rgb: Any, reading: Reading) -> Any:
    """A BGR copy of ``rgb`` with the skeleton and the angle (or the reason) drawn."""
    cv2, _mp, _np = _imports()
    image = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    colour = (40, 160, 40) if reading.accepted else (40, 40, 200)
    for side in ("left", "right"):
        width = 3 if side == reading.side else 1
        for a, b in BONES:
            p, q = reading.keypoints.get(f"{side}_{a}"), reading.keypoints.get(f"{side}_{b}")
            if p and q:
                cv2.line(image, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), colour, width)
    label = (
        f"thigh {reading.angles.thigh_to_floor_deg:.0f} deg"
        if reading.accepted and reading.angles
        else reading.reason[:60]
    )
    cv2.putText(image, label, (8, 22), cv2.FONT_HERSHEY_SIMPLEX, 0.6, colour, 2)
    return image
