"""The installed ``psoas`` command, run as a real process."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.answers import NEUTRAL


def _psoas() -> list[str]:
    script = Path(sys.executable).with_name("psoas")
    if script.exists():
        return [str(script)]
    found = shutil.which("psoas")
    return [found] if found else [sys.executable, "-m", "psoas"]


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PSOAS_HOME": str(home)}
    return subprocess.run([*_psoas(), *args], capture_output=True, text=True, env=env, timeout=60)


def test_show_json_as_a_process(psoas_home: Path) -> None:
    """``psoas show bolster-release --json`` works as a real command."""
    done = _run("show", "bolster-release", "--json", home=psoas_home)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sources"] == ["000", "003"]


def test_bad_input_is_one_line_exit_2(psoas_home: Path) -> None:
    """Bad input as a process: exit 2, one line on stderr, no traceback."""
    done = _run("show", "nope", home=psoas_home)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [("--help",), ("catalog", "--help"), ("show", "--help")])
def test_help_works(args: tuple[str, ...], psoas_home: Path) -> None:
    """Every help screen prints and exits 0."""
    done = _run(*args, home=psoas_home)
    assert done.returncode == 0
    assert "usage: psoas" in done.stdout


def test_only_the_command_being_run_is_imported() -> None:
    """Start-up imports the module of the command being run and no other command module."""
    script = (
        "import sys; from psoas.cli import build_parser; build_parser(['show', 'walking']); "
        "print(sorted(m for m in sys.modules if m.endswith('_cmd')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "['psoas.cli.catalog_cmd']"


def test_measure_prints_no_native_log_lines(psoas_home: Path, tmp_path: Path) -> None:
    """MediaPipe's and FFmpeg's own stderr lines stay out of ``psoas measure``: a clip and
    a photo of a different size (which makes MediaPipe start again) print results only,
    and a broken clip prints psoas's one line."""
    pytest.importorskip("cv2", reason="the vision extra is not installed")
    from tests.people import LYING_H264, WALKING

    done = _run("measure", str(LYING_H264), str(WALKING), home=psoas_home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 2
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42 and then nothing")
    done = _run("measure", str(broken), home=psoas_home)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"psoas: error: {broken}: not a video psoas can read")


def test_measure_runs_with_stderr_closed(psoas_home: Path) -> None:
    """Started with no stderr at all (as some schedulers do), measuring still works."""
    pytest.importorskip("cv2", reason="the vision extra is not installed")
    from tests.people import LYING_H264

    command = shlex.join([*_psoas(), "measure", str(LYING_H264), "--json"])
    env = {**os.environ, "PSOAS_HOME": str(psoas_home)}
    done = subprocess.run(
        ["sh", "-c", f"exec {command} 2>&-"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["accepted"] is True


#: Read commands and the modules they must start without: the ORM (issue 18: reads are
#: Core queries) and, for planning, the validator (stored answers were checked when saved).
READS_WITHOUT = {
    "plan --json": ("sqlalchemy.orm", "pydantic"),
    "history --json": ("sqlalchemy.orm",),
    "progress --json": ("sqlalchemy.orm",),
    "week --json": ("sqlalchemy.orm",),
    "export": ("sqlalchemy.orm",),
}


@pytest.mark.parametrize("command", READS_WITHOUT)
def test_read_commands_start_without_the_orm(
    command: str, psoas_home: Path, tmp_path: Path
) -> None:
    """Read commands answer from Core queries, so they never import SQLAlchemy's ORM
    (about a tenth of a second at start-up); `plan` never imports pydantic either."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(NEUTRAL))
    env = {**os.environ, "PSOAS_HOME": str(psoas_home)}
    psoas = [sys.executable, "-m", "psoas"]
    subprocess.run([*psoas, "check", "--answers", str(answers)], env=env, check=True, timeout=60)
    modules = READS_WITHOUT[command]
    script = (
        f"import sys, runpy; sys.argv = ['psoas', *{command.split()!r}];\n"
        "try:\n    runpy.run_module('psoas', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print([m for m in {modules!r} if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(done.stdout), done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_stored_answers_equal_validated_ones_and_odd_rows_are_still_checked() -> None:
    """Built directly or through the validator, stored answers are the same; a row that
    is not as psoas writes them goes through the validator and is refused."""
    from psoas.core.assessment import parse_answers, stored_answers
    from psoas.exceptions import BadInput

    data = {**NEUTRAL, "signs": ["tender"], "red_flags": []}
    assert stored_answers(data) == parse_answers(data)
    with pytest.raises(BadInput, match="answers"):
        stored_answers({**NEUTRAL, "surprise": 1})
