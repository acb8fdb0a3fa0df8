"""history, progress, export, import and remind, in-process on a real SQLite database."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.core.answers import NEUTRAL, photo_measurings, write_answers


def check(run: Run, tmp_path: Path, **changes: Any) -> None:
    assert run("check", "--answers", write_answers(tmp_path, **changes)).code == 0


def test_empty_history_and_progress_say_what_to_do(run: Run) -> None:
    """With nothing stored, both commands name the next step."""
    assert "psoas start" in run("history").out
    assert "psoas check" in run("progress").out
    data = json.loads(run("history", "--json").out)
    assert data["sessions"] == []
    assert data["summary"]["current_streak_days"] == 0


def test_welcome_names_the_next_step(run: Run, tmp_path: Path) -> None:
    """``psoas`` alone points a new user to the test, then to a session."""
    assert "Next: psoas check" in run().out
    check(run, tmp_path)
    assert "Next: psoas start" in run().out


def test_progress_from_two_checks(run: Run, tmp_path: Path) -> None:
    """Two tests give trends; a drop of 3 pain points is a meaningful improvement."""
    check(run, tmp_path, back_gap="hand", pain=6)
    check(run, tmp_path, back_gap="fingers", pain=3)
    result = run("progress")
    assert result.code == 0
    assert "Back gap" in result.out
    assert "better" in result.out
    assert "meaningful improvement" in result.out
    data = json.loads(run("progress", "--json").out)
    assert data["tests"] == 2
    assert data["pain"]["meaningful_improvement"] is True


def test_progress_png_is_a_real_image(run: Run, tmp_path: Path) -> None:
    """--png writes a PNG chart of the test's measures."""
    check(run, tmp_path, pain=4)
    check(run, tmp_path, pain=2)
    png = tmp_path / "progress.png"
    assert run("progress", "--png", str(png)).code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000


def test_progress_png_is_drawn_once_per_state_of_the_data(
    run: Run, tmp_path: Path, psoas_home: Path
) -> None:
    """The PNG is kept in the cache folder: the same data is answered from there (a
    planted file comes back byte for byte), and a new test draws a new chart."""
    check(run, tmp_path, pain=4)
    png = tmp_path / "progress.png"
    assert run("progress", "--png", str(png)).code == 0
    [kept] = (psoas_home / "cache" / "charts").glob("progress-*.png")
    assert kept.read_bytes() == png.read_bytes()
    kept.write_bytes(b"\x89PNG planted")
    assert run("progress", "--png", str(png)).code == 0
    assert png.read_bytes() == b"\x89PNG planted"
    check(run, tmp_path, pain=2)
    assert run("progress", "--png", str(png)).code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(list(kept.parent.glob("progress-*.png"))) == 2


def test_export_import_round_trip_ignores_duplicates(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export imports into a fresh home; importing it again adds nothing."""
    check(run, tmp_path, pain=4)
    check(run, tmp_path, pain=3)
    exported = tmp_path / "export.json"
    assert run("export", "--output", str(exported)).code == 0
    data = json.loads(exported.read_text())
    assert data["format"] == "psoas-export"
    assert len(data["tests"]) == 2
    lines = [line.strip().rstrip(",") for line in exported.read_text().splitlines()]
    for test in data["tests"]:  # one record a line: readable, and compared line by line
        assert json.dumps(test, ensure_ascii=False) in lines

    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other-home"))
    first = json.loads(run("import", str(exported), "--json").out)
    assert first["added"]["tests"] == 2
    second = json.loads(run("import", str(exported), "--json").out)
    assert second["added"]["tests"] == 0
    assert second["skipped"]["tests"] == 2
    assert json.loads(run("progress", "--json").out)["tests"] == 2


def test_measurements_travel_with_export_and_import(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Angles from photos are part of the export (JSON and CSV), come back on import
    linked to their self-test, show in progress there, and are not added twice."""
    check(run, tmp_path, pain=4)
    data = json.loads(run("export").out)
    test_uid = data["tests"][0]["uid"]
    angles = {"thigh_to_floor_deg": 14.5, "hip_deg": 160.0, "knee_deg": 172.0}
    data["measurements"] = [
        {
            "uid": "m-1",
            "measured_at": "2026-11-20T21:00:00+00:00",
            "position": "lying",
            "side": "left",
            "angles": {**angles, "trunk_to_floor_deg": 2.0},
            "back_arched": True,
            "test_uid": test_uid,
        }
    ]
    exported = tmp_path / "with-measurement.json"
    exported.write_text(json.dumps(data))
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other-home"))
    first = json.loads(run("import", str(exported), "--json").out)
    assert first["added"]["measurements"] == 1
    again = json.loads(run("export").out)
    assert again["measurements"] == data["measurements"]
    assert json.loads(run("progress", "--json").out)["series"]["measured_thigh_deg"] == [14.5]
    csv_lines = run("export", "--format", "csv").out.splitlines()
    assert [line for line in csv_lines if line.startswith("measurement,")] == [
        "measurement,2026-11-20T21:00:00+00:00,,,,left,,,,14.5,lying"
    ]
    second = json.loads(run("import", str(exported), "--json").out)
    assert (second["added"]["measurements"], second["skipped"]["measurements"]) == (0, 1)


def test_progress_tells_a_photo_change_in_the_tables_numbers(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two measurings of three captures eight weeks apart: the trend line and the
    sentence about the change use the same one-decimal numbers."""
    check(run, tmp_path, pain=4)
    data = json.loads(run("export").out)
    test_uid = data["tests"][0]["uid"]
    data["measurements"] = photo_measurings(
        test_uid, datetime(2026, 9, 20, 21, tzinfo=UTC), datetime(2026, 11, 15, 21, tzinfo=UTC)
    )
    exported = tmp_path / "measurings.json"
    exported.write_text(json.dumps(data))
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other-home"))
    monkeypatch.setenv("COLUMNS", "80")
    assert run("import", str(exported)).code == 0
    out = run("progress").out
    told = " ".join(out[out.index("Thigh angle from photos, left:") :].split())
    # SEM = √((3.407 + 1.727) / 4) = 1.13° from the captures' squared deviations about
    # their means; MDC95 = 1.96 × √2 × 1.13 = 3.14°.
    assert told.startswith(
        "Thigh angle from photos, left: 13.9° → 3.4°; your readings vary by about 1.1°; "
        "this 10.5° change is real (more than 3.1°)."
    )
    assert out.count("13.9") == 1  # told once, not also as a bare trend line
    pdf = tmp_path / "report.pdf"
    assert run("report", "--pdf", str(pdf), "--from", "2026-09-01").code == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert " ".join(told.split("(more than 3.1°).")[0].split()) in " ".join(text.stdout.split())
    assert max(map(len, out.splitlines())) <= 80


def test_the_week_tells_a_photo_side_measured_again(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`psoas week` reads the stored photo angles: the left side measured ten days ago
    and again yesterday is told against the person's own MDC."""
    check(run, tmp_path, pain=4)
    data = json.loads(run("export").out)
    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    data["measurements"] = photo_measurings(
        data["tests"][0]["uid"], noon - timedelta(days=10), noon - timedelta(days=1)
    )
    exported = tmp_path / "week.json"
    exported.write_text(json.dumps(data))
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "week-home"))
    assert run("import", str(exported)).code == 0
    told = " ".join(run("week").out.split())
    assert (
        "Thigh angle from photos, left: 13.9° → 3.4°; your readings vary by about 1.1°; "
        "this 10.5° change is real (more than 3.1°)."
    ) in told


def test_safety_records_travel_with_export_and_import(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tonight's screens (with their session), clearances, the massage choice and a
    session's flag are exported (JSON and CSV), imported once, and not added twice."""
    check(run, tmp_path, pain=1)
    data = json.loads(run("export").out)
    data["sessions"] = [
        {
            "uid": "s-1",
            "routine": "bedtime",
            "started_at": "2026-11-20T21:00:00+00:00",
            "ended_at": "2026-11-20T21:20:00+00:00",
            "status": "finished",
            "discomfort": 8,
            "flag": "discomfort was 8/10 afterwards",
        }
    ]
    data["screens"] = [
        {
            "uid": "n-1",
            "answered_at": "2026-11-20T20:59:00+00:00",
            "red_flags": ["night_pain"],
            "pain": 3,
            "session_uid": "s-1",
        }
    ]
    data["clearances"] = [
        {"uid": "c-1", "flag": "pregnancy", "cleared_on": "2026-11-02", "by": "my midwife"}
    ]
    data["choices"] = {"massage_on_at": "2026-11-03T10:00:00+00:00"}
    exported = tmp_path / "safety.json"
    exported.write_text(json.dumps(data))
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other-home"))
    first = json.loads(run("import", str(exported), "--json").out)
    assert (first["added"]["screens"], first["added"]["clearances"]) == (1, 1)
    again = json.loads(run("export").out)
    assert again["screens"] == data["screens"]
    assert again["clearances"] == data["clearances"]
    assert again["choices"]["massage_on_at"] == "2026-11-03T10:00:00+00:00"
    assert again["sessions"][0]["flag"] == "discomfort was 8/10 afterwards"
    csv_rows = run("export", "--format", "csv").out.splitlines()
    assert "screen,2026-11-20T20:59:00+00:00,s-1,bedtime,,,,,,3,night_pain" in csv_rows
    assert "clearance,2026-11-02,,,,,,,,,pregnancy by my midwife" in csv_rows
    assert any(row.startswith("session-flag,") for row in csv_rows)
    second = json.loads(run("import", str(exported), "--json").out)
    assert (second["added"]["screens"], second["skipped"]["screens"]) == (0, 1)
    assert (second["added"]["clearances"], second["skipped"]["clearances"]) == (0, 1)


def test_export_csv(run: Run, tmp_path: Path) -> None:
    """CSV has a header and one row per test."""
    check(run, tmp_path, pain=4)
    lines = run("export", "--format", "csv").out.strip().splitlines()
    assert lines[0].startswith("record,time,session")
    assert lines[1].startswith("test-check,")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nope", "is not valid JSON"),
        ("[]", "must hold a JSON object"),
        ('{"format": "other", "version": 1}', "field 'format'"),
        (
            '{"format": "psoas-export", "version": 1, "tests": [{"uid": "a", '
            '"taken_at": "2026-01-01T00:00:00+00:00", "answers": {"pain": 3}}]}',
            "field 'tests.0.answers.thighs_lift' is required",
        ),
        (
            '{"format": "psoas-export", "version": 1, "pain_ratings": [{"uid": "a", '
            '"rated_at": "2026-01-01T00:00:00+00:00", "value": 14, "context": "test"}]}',
            "pain_ratings.0.value must be 0 to 10",
        ),
        (
            '{"format": "psoas-export", "version": 1, "pain_ratings": [{"uid": "a", '
            '"rated_at": "2026-01-01T00:00:00", "value": 1, "context": "test"}]}',
            "without a timezone",
        ),
        (
            '{"format": "psoas-export", "version": 1, "measurements": [{"uid": "m", '
            '"measured_at": "2026-01-01T00:00:00+00:00", "position": "lying", "side": "left", '
            '"angles": {"thigh_to_floor_deg": 999, "hip_deg": 1, "knee_deg": 1, '
            '"trunk_to_floor_deg": 1}}]}',
            "measurements.0.angles must be -180 to 180 degrees",
        ),
        (
            '{"format": "psoas-export", "version": 1, "measurements": [{"uid": "m", '
            '"measured_at": "2026-01-01T00:00:00+00:00", "position": "lying", "side": "left", '
            '"angles": {"thigh_to_floor_deg": 9, "hip_deg": 1, "knee_deg": 1, '
            '"trunk_to_floor_deg": 1}, "test_uid": "nowhere"}]}',
            "measurements.0 names a test that is not in the file",
        ),
        (
            '{"format": "psoas-export", "version": 1, "screens": [{"uid": "n", '
            '"answered_at": "2026-01-01T00:00:00+00:00", "red_flags": ["sore_toe"], "pain": 1}]}',
            "field 'screens.0.red_flags.0'",
        ),
        (
            '{"format": "psoas-export", "version": 1, "screens": [{"uid": "n", '
            '"answered_at": "2026-01-01T00:00:00+00:00", "red_flags": [], "pain": 12}]}',
            "screens.0.pain must be 0 to 10",
        ),
        (
            '{"format": "psoas-export", "version": 1, "clearances": [{"uid": "c", '
            '"flag": "bruising", "cleared_on": "2026-01-01"}]}',
            "field 'clearances.0.flag'",
        ),
    ],
)
def test_bad_import_exits_2_and_changes_nothing(
    run: Run, tmp_path: Path, content: str, message: str
) -> None:
    """Invalid files are refused whole, with the problem named; stored data is untouched."""
    check(run, tmp_path, pain=4)
    before = run("export").out
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run("import", str(bad))
    assert result.code == 2
    assert message in result.err
    after = run("export").out
    assert json.loads(after)["tests"] == json.loads(before)["tests"]


def test_import_is_all_or_nothing(run: Run, tmp_path: Path) -> None:
    """A file whose last row is bad adds none of its good rows."""
    good = {
        "uid": "good",
        "taken_at": "2026-01-01T00:00:00+00:00",
        "answers": NEUTRAL,
    }
    bad = {**good, "uid": "bad", "answers": {**NEUTRAL, "pain": 99}}
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"format": "psoas-export", "version": 1, "tests": [good, bad]}))
    refused = run("import", str(path))
    assert refused.code == 2
    assert "tests.1.answers" in refused.err
    assert "pain must be 0 to 10, not 99" in refused.err
    assert json.loads(run("export").out)["tests"] == []


def test_remind_writes_a_calendar(run: Run, tmp_path: Path) -> None:
    """A weekly recurring bedtime event, and stand-up breaks on weekdays."""
    from icalendar import Calendar

    ics = tmp_path / "psoas.ics"
    result = run(
        "remind",
        "--at",
        "21:30",
        "--days",
        "mon,wed,fri",
        "--ics",
        str(ics),
        "--breaks",
        "--work-hours",
        "09:00-12:00",
        "--every",
        "60",
    )
    assert result.code == 0, result.err
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 + 3
    bedtime = events[0]
    # 19 min of holds and 15 s to get ready, rounded up: the whole evening's length.
    assert bedtime["SUMMARY"] == "psoas: bedtime release (20 min)"
    length = bedtime.decoded("DTEND") - bedtime.decoded("DTSTART")
    assert length.total_seconds() == 20 * 60
    assert bedtime.decoded("DTSTART").strftime("%H:%M") == "21:30"
    assert bedtime.decoded("DTSTART").strftime("%a") in ("Mon", "Wed", "Fri")
    assert bedtime["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert "psoas start bedtime" in bedtime["DESCRIPTION"]
    assert [e.decoded("DTSTART").strftime("%H:%M") for e in events[1:]] == [
        "10:00",
        "11:00",
        "12:00",
    ]


def test_a_reminder_is_as_long_as_its_routine(run: Run, tmp_path: Path) -> None:
    """A desk break is a few minutes, standing; a budget fits the routine into it."""
    from icalendar import Calendar

    ics = tmp_path / "desk.ics"
    result = run("remind", "--at", "11:00", "--routine", "desk-break", "--ics", str(ics))
    assert result.code == 0, result.err
    event = next(iter(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    minutes = (event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() / 60
    check(run, tmp_path, pain=0)
    plan = json.loads(run("plan", "--routine", "desk-break", "--json").out)
    assert minutes == -(-plan["total_seconds"] // 60)  # the plan's own length, rounded up
    assert minutes < 15
    assert "Stand up from your chair" in event["DESCRIPTION"]
    assert "Lie down" not in event["DESCRIPTION"]
    fitted = tmp_path / "fitted.ics"
    result = run(
        "remind", "--at", "21:30", "--routine", "full", "--minutes", "20", "--ics", str(fitted)
    )
    assert result.code == 0, result.err
    event = next(iter(Calendar.from_ical(fitted.read_bytes()).walk("VEVENT")))
    assert (event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() <= 20 * 60


@pytest.mark.parametrize(
    "args",
    [
        ("--at", "25:00"),
        ("--at", "21:30", "--days", "someday"),
        ("--at", "21:30", "--breaks", "--work-hours", "17:00-09:00"),
        ("--at", "21:30", "--breaks", "--every", "5"),
        ("--at", "21:30", "--minutes", "0"),
        ("--at", "21:30", "--routine", "bedtime", "--minutes", "3"),
    ],
)
def test_remind_bad_input(run: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    """Bad times, days or hours exit 2 with a one-line message."""
    result = run("remind", *args, "--ics", str(tmp_path / "x.ics"))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


def test_week_in_the_terminal_and_as_json(run: Run, tmp_path: Path) -> None:
    """``psoas week``: this week's sessions from the record, and what changes next."""
    from tests.core.answers import calm_history

    history = tmp_path / "calm.json"
    history.write_text(json.dumps(calm_history(nights=3, days_ago=1)))
    assert run("import", str(history)).code == 0
    check(run, tmp_path, pain=1)
    data = json.loads(run("week", "--json").out)
    assert data["sessions"] == 3
    assert any(line.startswith("Strength starts") for line in data["next_week"])
    text = run("week").out
    assert "3 sessions (3 done)" in text
    assert data["done"] == 3
    assert "What changes next:" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 50_000 + "]" * 50_000, "nests too deeply"),
        ('{"format": "psoas-export", "version": 1, "n": ' + "7" * 5000 + "}", "not usable JSON"),
        ('{"format": "psoas-export", "version": 1, "n": NaN}', "not usable JSON"),
    ],
)
def test_hostile_json_is_one_line_and_exit_2(
    run: Run, tmp_path: Path, content: str, message: str
) -> None:
    """Deep nesting, a 5,000-digit number or NaN: one line on stderr, exit 2, no traceback,
    for `import` and for `check --answers` alike."""
    path = tmp_path / "hostile.json"
    path.write_text(content)
    for argv in (("import", str(path)), ("check", "--answers", str(path))):
        result = run(*argv)
        assert result.code == 2, argv
        assert message in result.err
        assert "Traceback" not in result.err
        assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ("export", "--output", "{missing}/export.json"),
        ("export", "--format", "csv", "--output", "{missing}/export.csv"),
        ("remind", "--at", "21:30", "--ics", "{missing}/psoas.ics"),
        ("progress", "--png", "{missing}/chart.png"),
        ("report", "--pdf", "{missing}/report.pdf"),
    ],
)
def test_an_output_path_that_cannot_be_written_is_exit_2(
    run: Run, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    """A file named where it cannot be written (no such folder) is the person's input:
    one line naming it, exit 2, not a failure of psoas (exit 1)."""
    check(run, tmp_path, pain=3)
    missing = tmp_path / "no-such-folder"
    result = run(*(part.format(missing=missing) for part in argv))
    assert result.code == 2
    assert f"cannot write {missing}" in result.err
    assert result.err.count("\n") == 1
