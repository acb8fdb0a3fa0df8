"""Keypoints from images with MediaPipe Pose, loaded once and run offline.

The server runs the very model the phone runs (pose-device.js): MediaPipe Tasks'
``PoseLandmarker`` on the ``.task`` bundle packed from the pose models the
``mediapipe`` 0.10.21 wheel carries (the "full" landmark model; see
:mod:`psoas.vision.browser_assets`), with the same options. So a photo measured on
the server, when a browser cannot run the model, reads as it would on the phone,
and a person's readings do not shift with where they were made.

Each photo is read twice, as taken and mirrored: the model's gross errors rarely
repeat in the mirror image, so two readings that disagree mark a photo to retake
instead of a wrong number; the direct reading is the one reported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from psoas.core.measure import (
    TWO_PEOPLE,
    UNSURE,
    Frame,
    Keypoint,
    Reading,
    another_person,
    mirror_agrees,
    read,
    search_for_others,
)
from psoas.exceptions import BadInput
from psoas.vision import INSTALL_HINT

#: MediaPipe landmark index of each keypoint psoas uses.
LANDMARKS = {
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".avi", ".webm", ".mkv"}
#: Largest side an image is scaled down to before the model sees it.
MAX_SIDE = 1280
#: What to say about a photo that cannot be decoded ...
UNREADABLE_IMAGE = "not an image psoas can read (JPEG, PNG, WebP...)"
#: ... and about a clip that cannot be decoded (psoas reads H.264, HEVC and VP9).
UNREADABLE_VIDEO = (
    "not a video psoas can read: film in H.264 or HEVC (MP4 or MOV) or WebM, or take a photo"
)
#: Frames taken from each second of a clip ...
CLIP_RATE = 5.0
#: ... and at most this many in all (a longer clip is sampled evenly over its length).
MAX_CLIP_FRAMES = 75
#: The largest clip frame psoas decodes (8K video is 33 MP) and the most frames it
#: steps through (ten minutes at 60 a second). The app's own choice: beyond these a
#: clip would cost memory or minutes of work for nothing the test needs.
MAX_FRAME_PIXELS = 40_000_000
MAX_CLIP_GRABS = 36_000
#: A clip must show the person holding still for this long.
STEADY_SECONDS = 1.0


def _imports() -> tuple[Any, Any, Any]:
    # MediaPipe's C++ side logs to stderr by default; keep the command line clean.
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # FFmpeg's own complaints about a broken clip; psoas says it in one line itself.
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    try:
        import cv2
        import mediapipe as mp  # type: ignore[import-untyped]
        import numpy as np
    except ImportError:
        raise BadInput(INSTALL_HINT) from None
    return cv2, mp, np


@contextmanager
def native_logs_silenced() -> Iterator[None]:
    """Send what native code writes to stderr to /dev/null while the block runs.

    MediaPipe's C++ side writes start-up notes and warnings straight to file
    descriptor 2, not through Python, on its first frames and whenever the picture
    size changes. Only for single-threaded commands: the whole process's stderr is
    silenced meanwhile. C's buffered streams are flushed before it is put back, so
    what the native code wrote goes to /dev/null rather than out at exit.
    """
    import ctypes

    if sys.stderr is not None:
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        ctypes.CDLL(None).fflush(None)
        os.dup2(saved, 2)
        os.close(saved)


#: The time between two frames the video mode is told of: its tracking wants times
#: that grow, and psoas's clips and benchmarks hand it frames at about this rate.
VIDEO_FRAME_MS = 33


def landmarker(video: bool = False) -> Any:
    """MediaPipe's PoseLandmarker on the phone's bundle, with the phone's options: up to
    two people a still, or one person followed from frame to frame (``video``)."""
    from psoas.vision.browser_assets import task_bundle

    _cv2, mp, _np = _imports()
    vision = mp.tasks.vision
    options = vision.PoseLandmarkerOptions(
        base_options=mp.tasks.BaseOptions(model_asset_buffer=task_bundle()),
        running_mode=vision.RunningMode.VIDEO if video else vision.RunningMode.IMAGE,
        num_poses=1 if video else 2,
    )
    return vision.PoseLandmarker.create_from_options(options)


class PoseModel:
    """The pose model, loaded once for many files: stills (``video=False``, up to two
    people each, as the phone reads a photo) or a stream of frames that follows one
    person (``video=True``, as the phone's live check does)."""

    def __init__(self, video: bool = False) -> None:
        _cv2, mp, _np = _imports()
        self.video = video
        self._landmarker = landmarker(video)
        self._image = mp.Image
        self._srgb = mp.ImageFormat.SRGB
        self._clock_ms = 0

    def close(self) -> None:
        """Free the model."""
        self._landmarker.close()

    def __enter__(self) -> PoseModel:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def poses(self, rgb: Any) -> list[Frame]:
        """Each person found, most certain first, as keypoints in pixels."""
        _cv2, _mp, np = _imports()
        height, width = rgb.shape[:2]
        image = self._image(image_format=self._srgb, data=np.ascontiguousarray(rgb))
        if self.video:
            self._clock_ms += VIDEO_FRAME_MS
            result = self._landmarker.detect_for_video(image, self._clock_ms)
        else:
            result = self._landmarker.detect(image)
        return [_pixels(marks, width, height) for marks in result.pose_landmarks]

    def keypoints(self, rgb: Any) -> Frame:
        """The most certain person's keypoints in pixels (empty when nobody is found)."""
        found = self.poses(rgb)
        return found[0] if found else {}


def _pixels(marks: Any, width: int, height: int) -> Frame:
    """One person's landmarks (0–1 of the picture) as keypoints in pixels; a landmark
    without a visibility counts as seen, as pose-rules.js counts it."""
    return {
        name: Keypoint(
            marks[i].x * width,
            marks[i].y * height,
            1.0 if marks[i].visibility is None else float(marks[i].visibility),
        )
        for name, i in LANDMARKS.items()
    }


def _mirror(frame: Frame, width: int) -> Frame:
    """Keypoints found in a mirrored image, put back into the original image."""
    back = {}
    for name, point in frame.items():
        side, joint = name.split("_", 1)
        other = "right" if side == "left" else "left"
        back[f"{other}_{joint}"] = replace(point, x=width - point.x)
    return back


def load_image(path: Path) -> Any:
    """An RGB image array, scaled so its longest side is at most MAX_SIDE."""
    cv2, _mp, _np = _imports()
    image = cv2.imread(str(path))
    if image is None:
        raise BadInput(f"{path}: {UNREADABLE_IMAGE}")
    return _fit(cv2, cv2.cvtColor(image, cv2.COLOR_BGR2RGB))


def _fit(cv2: Any, rgb: Any) -> Any:
    height, width = rgb.shape[:2]
    scale = MAX_SIDE / max(height, width)
    if scale < 1:
        rgb = cv2.resize(
            rgb, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
    return rgb


def _open_clip(cv2: Any, path: Path) -> Any:
    """A capture that turns frames the way the clip is meant to be shown: phones store
    a turn in the clip's metadata (an iPhone held the other way round is 180°), which
    OpenCV ignores unless asked, and an upside-down picture flips the thigh angle."""
    capture = cv2.VideoCapture(str(path))
    capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    return capture


def load_clip(path: Path) -> tuple[list[Any], float]:
    """RGB frames from the whole clip, CLIP_RATE a second (or MAX_CLIP_FRAMES spread
    evenly over a longer clip), and how many frames that is per second of the clip."""
    cv2, _mp, _np = _imports()
    capture = _open_clip(cv2, path)
    if not capture.isOpened():
        raise BadInput(f"{path}: {UNREADABLE_VIDEO}")
    fps = capture.get(cv2.CAP_PROP_FPS)
    fps = fps if 1 <= fps <= 1000 else 30.0
    total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH) or 0)
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0)
    if width * height > MAX_FRAME_PIXELS:
        capture.release()
        raise BadInput(f"{path}: the clip's frames are too large (at most 8K video)")
    if total > MAX_CLIP_GRABS:
        capture.release()
        raise BadInput(f"{path}: the clip is too long: a few seconds of lying still is enough")
    step = max(1.0, fps / CLIP_RATE, total / MAX_CLIP_FRAMES)
    frames: list[Any] = []
    index, wanted = 0, 0.0
    while len(frames) < MAX_CLIP_FRAMES and index < MAX_CLIP_GRABS and capture.grab():
        if index >= wanted:
            ok, image = capture.retrieve()
            if ok:
                frames.append(_fit(cv2, cv2.cvtColor(image, cv2.COLOR_BGR2RGB)))
            wanted += step
        index += 1
    capture.release()
    if not frames:
        raise BadInput(f"{path}: the video has no frames psoas can read")
    return frames, fps / step


def check_readable(path: Path) -> None:
    """Refuse a missing or unreadable file before any measuring starts.

    Cheap: an image's header is checked, a clip's first frame is decoded.
    """
    cv2, _mp, _np = _imports()
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    if path.suffix.lower() in VIDEO_SUFFIXES:
        capture = _open_clip(cv2, path)
        readable = capture.isOpened() and capture.read()[0]
        capture.release()
        if not readable:
            raise BadInput(f"{path}: {UNREADABLE_VIDEO}")
    elif not cv2.haveImageReader(str(path)):
        raise BadInput(f"{path}: {UNREADABLE_IMAGE}")


def second_person(model: PoseModel, rgb: Any, frame: Frame) -> bool:
    """True when someone else is found once the measured person is covered up.

    The pose model often misses a second, smaller person beside the first, so the
    found person is blanked out and the rest searched again, where
    psoas.core.measure.search_for_others says.
    """
    _cv2, _mp, np = _imports()
    height, width = rgb.shape[:2]
    (x0, y0, x1, y1), parts = search_for_others(frame, width, height)
    covered = rgb.copy()
    covered[y0:y1, x0:x1] = np.median(rgb.reshape(-1, 3), axis=0).astype(rgb.dtype)
    return any(
        another_person(pose)
        for a, b, c, d in parts
        for pose in model.poses(np.ascontiguousarray(covered[b:d, a:c]))
    )


def measure_photo(model: PoseModel, rgb: Any, lying: bool = True) -> Reading:
    """Read a photo as taken and mirrored; keep the reading only if both agree and
    nobody else is in the picture (pose-device.js's measurePhoto does the same)."""
    _cv2, _mp, np = _imports()
    height, width = rgb.shape[:2]
    people = model.poses(rgb)
    found = people[0] if people else {}
    direct = read([found], width, height, lying)
    if not direct.accepted:
        return direct
    if any(another_person(p) for p in people[1:]) or second_person(model, rgb, found):
        return replace(direct, accepted=False, reason=TWO_PEOPLE)
    mirrored = read(
        [_mirror(model.keypoints(np.ascontiguousarray(rgb[:, ::-1])), width)], width, height, lying
    )
    if not mirror_agrees(direct, mirrored):
        return replace(direct, accepted=False, reason=UNSURE)
    # The mirrored reading only vouches for the direct one: on the evaluation images it
    # is the less accurate of the two, so averaging them would blur the direct reading.
    return direct


def measure_clip(
    model: PoseModel, frames: list[Any], per_second: float, lying: bool = True
) -> Reading:
    """Measure a clip's frames (``per_second`` of them to a second of the clip) over
    the longest stretch in which the person holds still for STEADY_SECONDS or more."""
    height, width = frames[0].shape[:2]
    steady = max(2, round(STEADY_SECONDS * per_second))
    return read([model.keypoints(f) for f in frames], width, height, lying, steady)


def measure_and_picture(model: PoseModel, path: Path, lying: bool = True) -> tuple[Reading, Any]:
    """Measure a photo or a clip (by its suffix); also return the picture (RGB) the
    reading's keypoints belong to: the photo, or the clip frame they were read from."""
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    if path.suffix.lower() in VIDEO_SUFFIXES:
        frames, per_second = load_clip(path)
        reading = measure_clip(model, frames, per_second, lying)
        return reading, frames[reading.frame_index]
    rgb = load_image(path)
    return measure_photo(model, rgb, lying), rgb


__all__ = [
    "LANDMARKS",
    "PoseModel",
    "check_readable",
    "landmarker",
    "load_clip",
    "load_image",
    "measure_and_picture",
    "measure_clip",
    "measure_photo",
    "native_logs_silenced",
]
