"""Photo, clip and live-frame measurement over HTTP (needs the vision extra).

Uploaded images and frames are measured in memory or a temporary file and
dropped at once: only numbers are returned, and only numbers are stored, and
only when the person accepts a reading.
"""

from __future__ import annotations

import base64
import functools
import os
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from psoas.core.measure import CAPTURES_PER_MEASURING, POSITIONS
from psoas.exceptions import BadInput, PsoasError
from psoas.web.api import ERRORS
from psoas.web.auth import app_state, current_viewer
from psoas.web.state import AppState, Viewer

router = APIRouter(prefix="/api/measure", tags=["measure"], responses=ERRORS)
State = Annotated[AppState, Depends(app_state)]
Who = Annotated[Viewer, Depends(current_viewer)]
MAX_UPLOAD = 25 * 1024 * 1024
MAX_FRAME = 2 * 1024 * 1024
#: ISO media brands of still images (HEIC, AVIF) that come in the same box as MP4.
STILL_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}
_lock = threading.Lock()


@functools.cache
def _model() -> Any:
    """The one pose model, made on first use. It reads every picture, live frames too,
    as a still: a tracking model would carry one person's position over to the next
    frame it is sent, which may be someone else's, and at a frame every 0.7 s tracking
    saves nothing worth that (a still takes about 30 ms)."""
    from psoas.vision.pose import PoseModel

    return PoseModel()


async def _body(request: Request, limit: int) -> bytes:
    data = await request.body()
    if not data:
        raise BadInput("send the photo or clip as the request body")
    if len(data) > limit:
        raise BadInput(f"the file is too large (at most {limit // (1024 * 1024)} MB)")
    return data


def _sniff(data: bytes) -> str:
    """``"photo"``, or the file suffix of the clip, from the file's first bytes.

    Browsers do not always say what a file is (an empty type for a clip picked from
    the Files app, say), so the bytes decide, not the Content-Type.
    """
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
        return "photo"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "photo"
    if data[4:8] == b"ftyp":
        if data[8:12] in STILL_BRANDS:
            raise BadInput(
                "psoas cannot read HEIC or AVIF photos: send it as a JPEG (on an iPhone, "
                "Settings > Camera > Formats > Most Compatible)"
            )
        return ".mov" if data[8:12] == b"qt  " else ".mp4"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return ".webm"
    raise BadInput("send a JPEG, PNG or WebP photo, or an MP4, MOV or WebM clip")


#: The most pixels a photo may have. The app's own choice: a 48 MP phone photo passes;
#: a file claiming 20000 × 20000 is refused before it is decoded.
MAX_PIXELS = 64_000_000
#: Measurements at once; more wait for a slot (up to QUEUE_WAIT_S, then a 503), so
#: decoding and the model never hold more than this many pictures in memory.
MEASURE_SLOTS = max(1, min(4, os.cpu_count() or 1))
QUEUE_WAIT_S = 60.0
#: What measuring may add to a warmed-up server at most: 250 MB a slot, each busy on the
#: largest photo accepted (a 64 MP PNG is decoded whole, about 190 MB, plus the
#: decoder's own buffers; a JPEG decodes reduced). ``bench/measure_memory.py`` checks it:
#: two slots measured +358 to +398 MB in runs on a 2-core machine.
MEMORY_CEILING_MB = 250 * MEASURE_SLOTS
_slots = threading.BoundedSemaphore(MEASURE_SLOTS)


class Busy(PsoasError):
    """Every measuring slot is taken (HTTP 503)."""


def _pixels(data: bytes) -> int:
    """Width × height from the image's header alone (nothing is decoded)."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own guard, far above ours
        return MAX_PIXELS + 1
    except (UnidentifiedImageError, OSError, ValueError):
        raise BadInput("that is not an image psoas can read (JPEG, PNG or WebP)") from None
    return int(width * height)


def _decode(data: bytes) -> Any:
    """The photo as RGB at most MAX_SIDE across, decoded at a reduced scale when it is
    large (a JPEG decodes straight to 1/2, 1/4 or 1/8 size), so a big photo never sits
    in memory at full size."""
    from psoas.vision.pose import MAX_SIDE, _fit, _imports

    pixels = _pixels(data)
    if pixels > MAX_PIXELS:
        raise BadInput(f"the photo has too many pixels (at most {MAX_PIXELS // 1_000_000} MP)")
    cv2, _mp, np = _imports()
    flag = cv2.IMREAD_COLOR
    for factor, reduced in ((8, "IMREAD_REDUCED_COLOR_8"), (4, "IMREAD_REDUCED_COLOR_4"),
                            (2, "IMREAD_REDUCED_COLOR_2")):  # fmt: skip
        if pixels >= (MAX_SIDE * factor) ** 2:
            flag = getattr(cv2, reduced)
            break
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), flag)
    if image is None:
        raise BadInput("that is not an image psoas can read (JPEG, PNG or WebP)")
    return _fit(cv2, cv2.cvtColor(image, cv2.COLOR_BGR2RGB))


def _annotated_png(rgb: Any, reading: Any) -> str:
    """The photo with the skeleton drawn, as a data URL (never written to disk)."""
    from psoas.vision.annotate import draw_on
    from psoas.vision.pose import _imports

    cv2, _mp, _np = _imports()
    ok, png = cv2.imencode(".png", draw_on(rgb, reading))
    return "data:image/png;base64," + base64.b64encode(png.tobytes()).decode() if ok else ""


@router.post("")
async def measure_upload(request: Request, state: State, who: Who, position: str = "lying") -> Any:
    """Measure an uploaded photo or clip (the body is the file, whatever its declared
    type). Nothing is kept."""
    if position not in POSITIONS:
        raise BadInput(f"position must be one of {', '.join(POSITIONS)}")
    data = await _body(request, MAX_UPLOAD)
    kind = _sniff(data)
    # Decoding and measuring take seconds for a clip: in a worker thread, so the server
    # keeps answering everyone else meanwhile.
    result = await run_in_threadpool(_measure_upload, data, kind, position == "lying")
    return JSONResponse(result)


def _measure_upload(data: bytes, kind: str, lying: bool) -> dict[str, Any]:
    """The reading and its annotated picture, in one of the measuring slots."""
    if not _slots.acquire(timeout=QUEUE_WAIT_S):
        raise Busy("psoas is busy measuring other pictures: try again in a minute")
    try:
        return _measure_in_slot(data, kind, lying)
    finally:
        _slots.release()


def _measure_in_slot(data: bytes, kind: str, lying: bool) -> dict[str, Any]:
    """The reading and its annotated picture; the model is held only while it runs."""
    from psoas.vision.pose import load_clip, measure_clip, measure_photo

    if kind == "photo":
        rgb = _decode(data)
        with _lock:
            reading = measure_photo(_model(), rgb, lying)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"clip{kind}"
            path.write_bytes(data)
            frames, per_second = load_clip(path)
        with _lock:
            reading = measure_clip(_model(), frames, per_second, lying)
        rgb = frames[reading.frame_index]
    annotated = _annotated_png(rgb, reading) if reading.detected else ""
    return {**reading.to_data(), "annotated": annotated}


@router.post("/frame")
async def measure_frame(request: Request, state: State, who: Who, practice: str) -> Any:
    """One live camera frame (JPEG): is the person in the practice's position?"""
    data = await _body(request, MAX_FRAME)
    return JSONResponse(await run_in_threadpool(_check_frame, data, practice))


def _check_frame(data: bytes, practice: str) -> dict[str, Any]:
    from psoas.core.measure import in_position, read

    rgb = _decode(data)
    height, width = rgb.shape[:2]
    with _lock:
        frame = _model().keypoints(rgb)
    reading = read([frame], width, height, lying=practice == "bolster-release")
    ok, hint = in_position(practice, reading)
    return {"in_position": ok, "hint": hint, "angles": reading.to_data()["angles"]}


#: The angles a reading has, each a number of degrees.
ANGLE_NAMES = {"thigh_to_floor_deg", "hip_deg", "knee_deg", "trunk_to_floor_deg"}


def _angles(found: Any) -> dict[str, float]:
    if not isinstance(found, dict) or set(found) != ANGLE_NAMES:
        raise BadInput("send the reading's angles and side")
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) and -180 <= v <= 180
        for v in found.values()
    ):
        raise BadInput("angles must be numbers of degrees")
    return {k: float(v) for k, v in found.items()}


@router.post("/accept", status_code=201)
def accept(body: Annotated[dict[str, Any], Body()], state: State, who: Who) -> Any:
    """Store an accepted measuring with the latest self-test: ``captures``, the angles
    of each capture (1 to 3; the wizard takes three), or one reading's ``angles``."""
    from psoas.core.photo_statement import statement
    from psoas.usecases.measuring import keep_measuring
    from psoas.usecases.record import progress_of

    side, position = body.get("side"), body.get("position", "lying")
    captures = body.get("captures", [body.get("angles")])
    if not isinstance(captures, list) or not 1 <= len(captures) <= CAPTURES_PER_MEASURING:
        raise BadInput(f"send 1 to {CAPTURES_PER_MEASURING} captures of one side")
    kept = [_angles(c) for c in captures]
    if side not in ("left", "right"):
        raise BadInput("send the reading's angles and side")
    if position not in POSITIONS:
        raise BadInput(f"position must be one of {', '.join(POSITIONS)}")
    with state.db.session() as db:
        arched = keep_measuring(db, who.profile_id, position, side, kept)
    with state.db.session() as db:
        told = progress_of(db, who.profile_id).photo_words(only=side)
    mean = {k: sum(c[k] for c in kept) / len(kept) for k in ANGLE_NAMES}
    return JSONResponse(
        {
            "ok": True,
            "kept": len(kept),
            "back_arched": arched,
            "statement": statement(mean, arched),
            # The side's progress sentence; None while no measuring of the side counts in
            # the trend (each thigh laid flat only by arching the low back).
            "progress": told[0] if told else None,
        },
        status_code=201,
    )
