"""The pose model for the browser, built at set-up from what the registries ship.

The player's camera check and the wizard's measurement run the pose model on the
person's own device with MediaPipe Tasks for Web (``@mediapipe/tasks-vision``,
Apache-2.0, from the npm registry). That package carries no model: the two pose
models come from the ``mediapipe`` wheel psoas already installs (Apache-2.0), given
the metadata the web runtime asks for with MediaPipe's own metadata writer and packed
into one ``.task`` bundle. psoas serves all of it itself (no CDN), from
:func:`assets_dir`; without it the browser falls back to measuring on the server.

Version 0.10.35 is pinned on purpose: 1.0 and later post usage statistics to a
Google endpoint every minute; 0.10.35 has no such code (and the page's
``connect-src 'self'`` would block it anyway).
"""

from __future__ import annotations

import base64
import gc
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

TASKS_VISION = "0.10.35"
TARBALL = f"https://registry.npmjs.org/@mediapipe/tasks-vision/-/tasks-vision-{TASKS_VISION}.tgz"
#: The registry's own integrity value for that tarball (npm's lock-file format).
INTEGRITY = (
    "sha512-HOvadwVRE6JC+45nyYhmnywnr5h/J8KZvOeUNVOG9q/0875pZgItznFB9bRTvLc264YSJqiZ1NsIpCStJw/"
    "egg=="
)
#: What psoas takes from the tarball, and the name it serves each under.
FROM_TARBALL = {
    "package/vision_bundle.mjs": "vision_bundle.mjs",
    "package/wasm/vision_wasm_internal.js": "wasm/vision_wasm_internal.js",
    "package/wasm/vision_wasm_internal.wasm": "wasm/vision_wasm_internal.wasm",
    # For browsers without WebAssembly SIMD; the runtime picks one of the two itself.
    "package/wasm/vision_wasm_nosimd_internal.js": "wasm/vision_wasm_nosimd_internal.js",
    "package/wasm/vision_wasm_nosimd_internal.wasm": "wasm/vision_wasm_nosimd_internal.wasm",
}
TASK_FILE = "pose_landmarker_full.task"
#: The bundle's two models, by the names PoseLandmarker looks for, from the wheel, with
#: the input normalisation each was trained with (mean, std on 0–255 pixels).
MODELS = {
    "pose_detector.tflite": ("modules/pose_detection/pose_detection.tflite", 127.5, 127.5),
    "pose_landmarks_detector.tflite": (
        "modules/pose_landmark/pose_landmark_full.tflite",
        0.0,
        255.0,
    ),
}
STAMP = "VERSION"


def assets_dir() -> Path:
    """Where the browser assets live: ``PSOAS_POSE_ASSETS``, else in the environment."""
    chosen = os.environ.get("PSOAS_POSE_ASSETS")
    return Path(chosen) if chosen else Path(sys.prefix) / "share" / "psoas" / "pose"


def _stamp() -> str:
    return f"tasks-vision {TASKS_VISION}; mediapipe {metadata.version('mediapipe')}\n"


def ready(folder: Path) -> bool:
    """True when ``folder`` holds a complete set built from the pinned versions."""
    stamp = folder / STAMP
    try:
        return stamp.read_text() == _stamp() and all(
            (folder / name).is_file() for name in [*FROM_TARBALL.values(), TASK_FILE]
        )
    except (OSError, metadata.PackageNotFoundError):
        return False


def _download(say: Callable[[str], None]) -> bytes:
    say(f"downloading @mediapipe/tasks-vision {TASKS_VISION} from the npm registry")
    with urllib.request.urlopen(TARBALL, timeout=120) as answer:
        return verified(answer.read())


def verified(data: bytes, integrity: str = INTEGRITY) -> bytes:
    """``data`` when it matches the pinned integrity value, else RuntimeError."""
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"{TARBALL}: the download does not match its pinned integrity value")
    return data


def _unpack(data: bytes, folder: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for inside, name in FROM_TARBALL.items():
            member = tar.extractfile(inside)
            if member is None:
                raise RuntimeError(f"{TARBALL} has no {inside}")
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(member.read())


def pack_task(target: Path) -> None:
    """Pack the wheel's two pose models, with the metadata the web runtime needs, into
    one ``.task`` bundle (a zip of uncompressed, aligned models)."""
    import mediapipe  # type: ignore[import-untyped]
    from mediapipe.tasks.python.metadata.metadata_writers import (  # type: ignore[import-untyped]
        model_asset_bundle_utils,
    )

    root = Path(mediapipe.__file__).parent
    models = {}
    # MediaPipe's metadata code leaves a file to the garbage collector; collect it here,
    # where its ResourceWarning is expected, not at some later moment.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for name, (inside, mean, std) in MODELS.items():
            models[name] = _with_metadata((root / inside).read_bytes(), name, mean, std)
        gc.collect()
    model_asset_bundle_utils.create_model_asset_bundle(models, str(target))


def task_bundle() -> bytes:
    """The ``.task`` bundle's bytes, for the server to run the model the phone runs:
    the built one when :func:`assets_dir` holds a complete set, else packed afresh from
    the wheel (about a second; no network needed)."""
    import tempfile

    folder = assets_dir()
    if ready(folder):
        return (folder / TASK_FILE).read_bytes()
    with tempfile.TemporaryDirectory(prefix="psoas-pose-") as scratch:
        target = Path(scratch) / TASK_FILE
        pack_task(target)
        return target.read_bytes()


def _with_metadata(model: bytes, name: str, mean: float, std: float) -> bytes:
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    writer = metadata_writer.MetadataWriter.create(bytearray(model))
    writer.add_general_info(name.removesuffix(".tflite"), "MediaPipe pose model")
    writer.add_image_input(norm_mean=[mean], norm_std=[std])
    written, _json = writer.populate()
    # The writer keeps a temporary folder it only removes when garbage-collected.
    folder = getattr(writer, "_temp_folder", None)
    if folder is not None:
        folder.cleanup()
    return bytes(written)


def build(folder: Path | None = None, say: Callable[[str], None] = print) -> Path:
    """Make the browser assets in ``folder`` (by default :func:`assets_dir`), unless a
    complete set of the pinned versions is there already."""
    folder = folder or assets_dir()
    if ready(folder):
        (folder / STAMP).touch()  # newer than this file: make sees nothing to do
        return folder
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    _unpack(_download(say), staging)
    say("packing the pose model from the mediapipe wheel")
    pack_task(staging / TASK_FILE)
    licence = metadata.distribution("mediapipe").read_text("LICENSE") or ""
    if "Apache License" not in licence:
        raise RuntimeError("the mediapipe wheel's licence text was not found")
    notice = (
        "MediaPipe Tasks for Web (@mediapipe/tasks-vision "
        f"{TASKS_VISION}) and the MediaPipe pose models, (c) Google LLC, under the Apache "
        "License 2.0 below. The models are the mediapipe wheel's, with metadata added.\n\n"
    )
    (staging / "LICENSE").write_text(notice + licence)
    (staging / STAMP).write_text(_stamp())
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder


__all__ = [
    "TASKS_VISION",
    "TASK_FILE",
    "assets_dir",
    "build",
    "pack_task",
    "ready",
    "task_bundle",
    "verified",
]


def main() -> int:
    """``python -m psoas.vision.browser_assets``: build the assets, or say why not."""
    try:
        folder = build(say=lambda text: print(f"psoas: {text}", file=sys.stderr))
    except (OSError, RuntimeError, ImportError) as error:
        print(f"psoas: could not build the in-browser pose model ({error}); the camera "
              "check will measure on the server instead", file=sys.stderr)  # fmt: skip
        return 1
    print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
