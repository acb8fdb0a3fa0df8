"""Faults: a session killed with SIGKILL at twenty random moments loses nothing that was
saved, never leaves a damaged database, and still runs to the end."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import func, select

from psoas.settings import Settings
from psoas.store.database import open_database
from psoas.store.models import SessionRecord, StepLog
from tests.cli.test_session_process import (
    _psoas,
    env_for,
    hold_elapsed_s,
    psoas,
    start_session,
)
from tests.core.answers import NEUTRAL

KILLS = 20
#: Fast enough that a 10-minute release runs in 3 s, so kills land in every part.
SPEED = "200"


def saved(env: dict[str, str]) -> tuple[int, int, str]:
    """(sessions, steps saved, status of the newest): opening the database also runs
    its integrity check, so a damaged file fails here."""
    database = open_database(Settings.from_env(env).database_url)
    try:
        with database.session() as db:
            sessions = db.scalar(select(func.count(SessionRecord.id))) or 0
            steps = db.scalar(select(func.count(StepLog.id))) or 0
            newest = db.scalars(select(SessionRecord).order_by(SessionRecord.id.desc())).first()
            return sessions, steps, newest.status if newest else ""
    finally:
        database.close()


def resume(env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [*_psoas(), "resume", "--speed", SPEED, "--quiet"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None
    process.stdin.write("\n" * 5)
    process.stdin.flush()
    return process


def wait_for_life(env: dict[str, str], process: subprocess.Popen[str]) -> None:
    """Wait until the database changes under this process: its hold's progress (kept
    about once a second) or a step saved."""
    first = (saved(env)[1], hold_elapsed_s(env))
    deadline = time.monotonic() + 60
    while (saved(env)[1], hold_elapsed_s(env)) == first:
        if process.poll() is not None or time.monotonic() > deadline:
            return  # it ended (or never got going): the kill below is harmless
        time.sleep(0.05)


def begin(env: dict[str, str]) -> subprocess.Popen[str]:
    process = start_session(env, "pre-walk", SPEED)
    assert process.stdin is not None
    process.stdin.write("none\n0\n")  # tonight's screen
    process.stdin.flush()
    return process


def test_twenty_kills_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    """Start, kill, resume, kill...: each kill at a random moment (starting up, in a
    hold, between steps); after each, the database is whole, no step saved is gone and
    no session was opened twice. A session that finished makes way for a new one."""
    env = env_for(tmp_path, "sqlite")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(NEUTRAL))
    assert psoas(env, "check", "--answers", str(answers)).returncode == 0
    chance = random.Random(16)  # the same twenty moments on every run
    process, started, kept = begin(env), 1, 0
    for _ in range(KILLS):
        # The fault itself, at a random moment: now and then while the process starts up,
        # else a random time after a sign that the runner is live (the hold's progress or
        # a step reaching the database), so kills land in every part on a busy machine too.
        if chance.random() < 0.25:
            time.sleep(chance.uniform(0.0, 0.6))
        else:
            wait_for_life(env, process)
            time.sleep(chance.uniform(0.0, 1.2))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        sessions, steps, status = saved(env)
        assert sessions <= started  # a resume never opens a session of its own
        assert steps >= kept  # nothing saved is lost
        kept = steps
        if status == "finished" or not sessions:
            process, started = begin(env), started + (status == "finished")
        else:
            process = resume(env)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)
    assert kept > 0  # the kills did land mid-session, after steps were saved
    if saved(env)[2] != "finished":
        ended = psoas(env, "resume", "--speed", "400", "--quiet", stdin="\n" * 5)
        assert ended.returncode == 0, ended.stderr
    sessions, steps, status = saved(env)
    assert status == "finished"
    assert steps >= kept
