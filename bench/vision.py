"""Frames per second of the pose measurement in video mode at 640×480.

This is the real-time capacity issue 7 asks for. The app itself reads photos,
clip frames and the player's live frames (one every 0.7 s) as stills, which
take about half as long again per frame.

Both psoas's path (keypoints, then the geometry and checks of every frame) and
the bare MediaPipe model (the same Tasks bundle, called directly) run over the same
frames in the same run. Targets (issue 7): >= 25 fps, and >= 0.8 of the bare
model's rate. Frames come from the labelled images beside the repo when present,
else from a plain picture.
"""

from __future__ import annotations

import time
from pathlib import Path

FRAMES = 120
DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "opensitup" / "images"


def frames() -> list:  # type: ignore[type-arg]
    import cv2
    import numpy as np

    pictures = sorted(DATA.glob("*.jpg"))[:30] if DATA.exists() else []
    if not pictures:
        return [np.full((480, 640, 3), 120, dtype=np.uint8)] * FRAMES
    loaded = [
        cv2.resize(cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB), (640, 480))
        for p in pictures
    ]
    return [loaded[i % len(loaded)] for i in range(FRAMES)]


def bare_rate(mp, clip: list) -> float:  # type: ignore[no-untyped-def, type-arg]
    """Frames a second of MediaPipe's PoseLandmarker alone, in video mode."""
    from psoas.vision.pose import landmarker

    with landmarker(video=True) as bare:

        def detect(i: int, frame: object) -> None:
            bare.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=frame), i)

        for i, f in enumerate(clip[:10]):
            detect(33 * (i + 1), f)
        start = time.perf_counter()
        for i, f in enumerate(clip):
            detect(33 * (i + 11), f)
        return len(clip) / (time.perf_counter() - start)


def main() -> int:
    """Time both, print fps and the ratio."""
    from psoas.exceptions import BadInput
    from psoas.vision.pose import PoseModel, _imports, native_logs_silenced

    try:
        _cv2, mp, _np = _imports()
    except BadInput:
        print("vision: the vision extra is not installed; skipped")
        return 0
    from psoas.core.measure import read

    clip = frames()
    with native_logs_silenced():
        bare_fps = bare_rate(mp, clip)
        with PoseModel(video=True) as model:
            for f in clip[:10]:
                model.keypoints(f)
            start = time.perf_counter()
            for f in clip:
                read([model.keypoints(f)], 640, 480)
            ours = len(clip) / (time.perf_counter() - start)
    ratio = ours / bare_fps
    verdict = "ok" if ours >= 25 and ratio >= 0.8 else "MISSED"
    print(f"vision: {len(clip)} frames at 640x480, video mode")
    print(
        f"  bare model {bare_fps:5.1f} fps   psoas {ours:5.1f} fps   ratio {ratio:4.2f}  {verdict}"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
