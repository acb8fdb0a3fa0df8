"""``make eval``'s input: a labelled set it cannot read is refused in one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / "eval_pose.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    done = _eval("--data", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert f"{tmp_path / 'nowhere'} not found" in done.stdout
    assert "Traceback" not in done.stderr


def test_labels_it_cannot_use_are_refused_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.jpg").write_bytes(b"")
    for labels, reason in (
        ("{not json", "Expecting property name"),
        (json.dumps({"pictures": {}}), "KeyError('images')"),
        (json.dumps({"images": {"b.jpg": {}}}), "images/b.jpg is missing"),
        (json.dumps({"images": {"a.jpg": {"width": 10, "head": [1, 2], "hip": [3, 4],
                                          "knees": []}}}), "a.jpg: a head, a hip and knees"),
    ):  # fmt: skip
        (tmp_path / "labels.json").write_text(labels)
        done = _eval("--data", str(tmp_path))
        assert done.returncode == 2, done.stderr
        assert "is not a labelled set psoas can read" in done.stdout
        assert reason in done.stdout
        assert "Traceback" not in done.stderr


def test_an_unknown_flag_is_refused() -> None:
    done = _eval("--bogus")
    assert done.returncode == 2
    assert "unrecognized arguments: --bogus" in done.stderr
