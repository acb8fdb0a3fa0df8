"""Pose estimation from photos and clips (the optional ``psoas[vision]`` extra).

MediaPipe Pose (Apache-2.0, Google) finds the body keypoints; the geometry and
the sanity checks are in :mod:`psoas.core.measure`. Nothing here is imported
unless a measurement is asked for.
"""

INSTALL_HINT = (
    "measuring from photos needs the vision extra: run `make sync` in the psoas folder, "
    "or `uv sync --extra vision` / `pip install 'psoas[vision]'`"
)
