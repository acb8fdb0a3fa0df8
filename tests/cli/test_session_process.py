"""The whole journey as real processes: check, start, kill -9 mid-release, resume, history.

Runs against SQLite and against a real PostgreSQL server (PSOAS_DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from psoas.catalog.loader import load_catalog
from tests.cli.test_entry_point import _psoas
from tests.core.answers import NEUTRAL

SCREEN_INPUT = "none\n5\n"  # tonight's screen: no red flags, pain 5
TEST_INPUT = (
    SCREEN_INPUT + "\nn\ny\nhand\ny\nn\n"  # Enter, lift? n, flat? y, gap hand, even, ribs n
)
RETEST_INPUT = "\nn\ny\nfingers\ny\nn\n3\n1\n"  # ... gap fingers, pain 3, then discomfort 1


def env_for(home: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "PSOAS_HOME": str(home)}
    if database_url.startswith("postgresql"):
        env["PSOAS_DATABASE_URL"] = database_url
    return env


def psoas(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_psoas(), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def start_session(
    env: dict[str, str], routine: str, speed: str, *more: str
) -> subprocess.Popen[str]:
    """``psoas start ROUTINE --speed N --quiet`` running, with its pipes open."""
    return subprocess.Popen(
        [*_psoas(), "start", routine, "--speed", speed, "--quiet", *more],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def history(env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    done = psoas(env, "history", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def hold_elapsed_s(env: dict[str, str]) -> float:
    """How far the hold under way has run, from the progress the runner keeps in the
    database about once a second (0 before the first hold is under way)."""
    from sqlalchemy import select

    from psoas.settings import Settings
    from psoas.store.database import open_database
    from psoas.store.models import SessionRecord

    database = open_database(Settings.from_env(env).database_url)
    try:
        with database.session() as db:
            record = db.scalars(select(SessionRecord).order_by(SessionRecord.id.desc())).first()
            kept = record.hold_progress if record is not None else None
    finally:
        database.close()
    return float(kept["total_s"] - kept["left_s"]) if kept else 0.0


def wait_for_hold(env: dict[str, str], process: subprocess.Popen[str], elapsed_s: float) -> None:
    """Wait until the session's hold has run ``elapsed_s`` seconds of its own time: a
    sign that the runner is well under way (its signal handlers in place), not a guess."""
    deadline = time.monotonic() + 60
    while hold_elapsed_s(env) < elapsed_s:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.communicate(timeout=10)
            pytest.fail(f"the hold never ran {elapsed_s} s")
        time.sleep(0.1)


def test_kill_mid_release_then_resume(tmp_path: Path, database_url: str) -> None:
    """A session killed with SIGKILL during the release loses nothing and resumes to the end."""
    env = env_for(tmp_path / "home", database_url)
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({**NEUTRAL, "back_gap": "hand", "pain": 5}))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0

    process = start_session(env, "bedtime", "80")
    assert process.stdin is not None
    process.stdin.write(TEST_INPUT)
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for the pre-test to be saved
        sessions = history(env)["sessions"]
        if sessions and sessions[-1]["done"] >= 1:
            break
        time.sleep(0.2)
    else:
        process.kill()
        process.communicate(timeout=10)
        pytest.fail("the pre-test step was never saved")
    wait_for_hold(env, process, 60)  # well into the 600 s release (7.5 s at --speed 80)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)  # reaps it and closes the pipes

    killed = history(env)["sessions"][-1]
    assert killed["status"] == "active"
    assert (killed["done"], killed["skipped"], killed["partial"]) == (1, 0, 0)

    resumed = psoas(env, "resume", "--speed", "400", "--quiet", stdin=RETEST_INPUT)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming the bedtime session" in resumed.stdout
    assert "1 of 4 steps done." in resumed.stdout
    # The release goes on from where it was killed, not from the top of its 10 minutes.
    left = re.search(r"goes on with (\d\d):(\d\d) left", resumed.stdout)
    assert left is not None, resumed.stdout
    seconds_left = 60 * int(left.group(1)) + int(left.group(2))
    assert 0 < seconds_left < 600 - 30
    assert "Back gap: hand → fingers (less arch)" in resumed.stdout

    final = history(env)
    session = final["sessions"][-1]
    assert session["status"] == "finished"
    assert (session["done"], session["skipped"], session["partial"]) == (4, 0, 0)
    assert session["minutes"] == pytest.approx(15.0)
    assert session["discomfort"] == 1
    assert final["summary"]["current_streak_days"] == 1

    progress = psoas(env, "progress", "--json")
    assert progress.returncode == 0, progress.stderr
    data = json.loads(progress.stdout)
    trends = {t["measure"]: t for t in data["trends"]}
    # Where the nights start: the check and the session's first test (both "hand").
    assert (trends["back_gap"]["first"], trends["back_gap"]["latest"]) == (2, 2)
    assert trends["pain"]["count"] == 2
    # The re-test after the release is its own series: "fingers".
    assert data["series"]["after_back_gap"] == [1]


def test_resume_counts_a_skipped_step_as_skipped(tmp_path: Path) -> None:
    """The test skipped, the process killed in the release: the resume and the closing
    summary both say one skipped, none done before."""
    env = env_for(tmp_path / "home", "sqlite")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({**NEUTRAL, "pain": 2}))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    process = start_session(env, "bedtime", "80")
    assert process.stdin is not None
    process.stdin.write("none\n2\ns\n")  # tonight's screen, then skip the test
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sessions = history(env)["sessions"]
        if sessions and sessions[-1]["skipped"] >= 1:
            break
        time.sleep(0.2)
    else:
        process.kill()
        process.communicate(timeout=10)
        pytest.fail("the skipped test was never saved")
    wait_for_hold(env, process, 5)  # into the release after the skipped test
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)

    resumed = psoas(env, "resume", "--speed", "400", "--quiet", stdin="s\n1\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "0 of 4 steps done, 1 skipped." in resumed.stdout
    closing = r"Session complete: (\d+) of 4 steps done.*?, (\d+) skipped"
    summary = re.search(closing, resumed.stdout)
    assert summary is not None, resumed.stdout
    assert (int(summary.group(1)), int(summary.group(2))) == (2, 2)
    session = history(env)["sessions"][-1]
    assert (session["done"], session["skipped"]) == (2, 2)


def test_resume_with_nothing_to_resume(tmp_path: Path) -> None:
    """No unfinished session: exit 2 saying how to start one."""
    env = env_for(tmp_path, "sqlite")
    done = psoas(env, "resume")
    assert done.returncode == 2
    assert "no unfinished session" in done.stderr


def test_start_without_a_test_says_check_first(tmp_path: Path) -> None:
    """A first-time user is told to take the test first."""
    done = psoas(env_for(tmp_path, "sqlite"), "start")
    assert done.returncode == 2
    assert "psoas check" in done.stderr


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 143)])
def test_closed_terminal_exits_cleanly_and_resumably(
    tmp_path: Path, signum: int, code: int
) -> None:
    """A hang-up (closed terminal) or SIGTERM mid-hold: a clean exit, the session resumable."""
    env = env_for(tmp_path, "sqlite")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(NEUTRAL))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    with start_session(env, "pre-walk", "20") as process:
        assert process.stdin is not None
        process.stdin.write("none\n0\n")  # tonight's screen
        process.stdin.flush()
        wait_for_hold(env, process, 1)  # in the bolster release (no test in pre-walk)
        process.send_signal(signum)
        _, err = process.communicate(timeout=20)
    assert process.returncode == code
    assert "Traceback" not in err
    assert history(env)["sessions"][-1]["status"] == "active"
    assert "Next: psoas resume" in psoas(env).stdout


def _started_hours_ago(env: dict[str, str], hours: float) -> None:
    """Move the newest session's start back by ``hours`` (as if it began another night)."""
    from datetime import timedelta

    from sqlalchemy import select

    from psoas.settings import Settings
    from psoas.store.database import open_database
    from psoas.store.models import SessionRecord

    home = Path(env["PSOAS_HOME"])
    database = open_database(Settings.from_env({"PSOAS_HOME": str(home)}).database_url)
    with database.session() as db:
        record = db.scalars(select(SessionRecord).order_by(SessionRecord.id.desc())).first()
        assert record is not None
        record.started_at -= timedelta(hours=hours)
    database.close()


def test_start_with_a_get_care_now_answer_starts_nothing(tmp_path: Path) -> None:
    """Tonight's screen with an emergency answer: one message, exit 1, no session."""
    env = env_for(tmp_path, "sqlite")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(NEUTRAL))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    asked = [f.id for f in load_catalog().asked_flags()]
    number = asked.index("bladder_bowel_change") + 1
    done = psoas(env, "start", "--quiet", stdin=f"{number}\n")
    assert done.returncode == 1
    assert "Get medical care today: new bladder or bowel changes" in done.stdout
    assert "No session was started" in done.stdout
    assert history(env)["sessions"] == []
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"red_flags": ["worsening_leg_weakness"], "pain": 3}))
    by_file = psoas(env, "start", "--quiet", "--screen", str(screen))
    assert by_file.returncode == 1
    assert "Get medical care today" in by_file.stdout
    assert history(env)["sessions"] == []


def test_a_bad_screen_file_is_exit_2(tmp_path: Path) -> None:
    """A screen file naming an unknown flag is bad input, and starts nothing."""
    env = env_for(tmp_path, "sqlite")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(NEUTRAL))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"red_flags": ["sore_toe"], "pain": 3}))
    done = psoas(env, "start", "--screen", str(screen))
    assert done.returncode == 2
    assert "red_flags" in done.stderr
    assert "Traceback" not in done.stderr
    assert history(env)["sessions"] == []


def test_resume_on_another_night_asks_again_and_follows_the_answers(tmp_path: Path) -> None:
    """Resumed 13 h later: the screen is asked again; bruising tonight means a rest plan,
    so the old session is set aside and a new one starts from tonight's plan."""
    env = env_for(tmp_path, "sqlite")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(NEUTRAL))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"red_flags": [], "pain": 1}))
    with start_session(env, "pre-walk", "1", "--screen", str(screen)) as process:
        deadline = time.monotonic() + 60
        while not history(env)["sessions"]:
            assert time.monotonic() < deadline, "the session never started"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    _started_hours_ago(env, 13)
    asked = [f.id for f in load_catalog().asked_flags()]
    bruising = asked.index("bruising") + 1
    resumed = psoas(env, "resume", "--speed", "10000", "--quiet", stdin=f"{bruising}\n2\n\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "tonight's screen comes first" in resumed.stdout
    assert "Tonight's answers change the plan" in resumed.stdout
    assert "See a healthcare provider first (visible bruising)" in resumed.stdout
    sessions = history(env)["sessions"]
    assert [s["status"] for s in sessions] == ["abandoned", "finished"]
    exported = json.loads(psoas(env, "export", "--format", "json").stdout)
    screens = exported["screens"]
    assert [s["red_flags"] for s in screens] == [[], ["bruising"]]
    assert screens[-1]["session_uid"] == sessions[-1]["uid"]


def test_a_session_keeps_the_bolster_height_and_tighter_side(tmp_path: Path) -> None:
    """A whole session whose check-ins note no height and no side: the next plan still
    uses the measured 20 cm and the tighter left side, and says where each came from."""
    env = env_for(tmp_path, "sqlite")
    answers = tmp_path / "a.json"
    full = {
        **NEUTRAL,
        "thighs_lift": True,
        "lift_height_cm": 20,
        "thighs_flat": False,
        "gap_even": False,
        "tighter_side": "left",
        "pain": 2,
    }
    answers.write_text(json.dumps(full))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"red_flags": [], "pain": 2}))
    # Each check-in: Enter, lifted? y, height not noted, flat? no, gap fingers,
    # even? no, side unsure, ribs no; the re-test adds pain 2; then no discomfort.
    check_in = "\ny\n\nno\nfingers\nno\nunsure\nno\n"
    done = psoas(
        env,
        "start",
        "bedtime",
        "--speed",
        "10000",
        "--quiet",
        "--screen",
        str(screen),
        stdin=check_in + check_in + "2\n\n",
    )
    assert done.returncode == 0, done.stderr
    assert history(env)["sessions"][-1]["status"] == "finished"
    plan = json.loads(psoas(env, "plan", "--routine", "full", "--json").stdout)
    bolster = next(s for s in plan["steps"] if s["id"] == "bolster-release")
    assert bolster["bolster_height_cm"] == 20
    assert "(your last measured height)" in bolster["why"]
    sides = {
        s["side"]: s["seconds"] for s in plan["steps"] if s["id"] == "lunge-hip-flexor-stretch"
    }
    assert sides["left"] > sides["right"]
    text = psoas(env, "plan", "--routine", "full").stdout
    assert "Your left side is tighter" in " ".join(text.split())
