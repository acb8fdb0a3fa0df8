"""``psoas routine``: compose, choose, plan and run a routine of one's own, and answer a
physiotherapist's; in-process on a real SQLite database, and one real session run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoas.catalog.model import Catalog
from tests.cli.test_session_process import env_for, psoas
from tests.conftest import Run
from tests.core.answers import write_answers

EVENING = ["Evening", "bolster-release:7min", "lunge-hip-flexor-stretch:60:left"]


def checked(run: Run, tmp_path: Path, **changes: object) -> None:
    assert run("check", "--answers", write_answers(tmp_path, **changes)).code == 0


def test_compose_choose_and_plan_a_routine(run: Run, tmp_path: Path) -> None:
    """A routine composed on the command line becomes tonight's plan once chosen, and the
    app's routines come back with --app."""
    checked(run, tmp_path)
    assert "No routines of your own yet" in run("routine", "list").out
    made = run("routine", "new", *EVENING, "squats:3x10", "--note", "Slowly")
    assert made.code == 0
    assert "psoas routine use Evening" in made.out
    assert json.loads(run("plan", "--json").out)["routine"] == "bedtime"  # not chosen yet
    assert "Tonight's plan is 'Evening'" in run("routine", "use", "evening").out
    plan = json.loads(run("plan", "--json").out)
    assert (plan["routine"], plan["title"]) == ("own", "Evening")
    steps = [(s["id"], s["side"], s["seconds"]) for s in plan["steps"]]
    assert steps[1:3] == [("bolster-release", None, 420), ("lunge-hip-flexor-stretch", "left", 60)]
    assert [s.get("reps") for s in plan["steps"] if s["id"] == "squats"] == [10] * 3
    assert plan["notes"] == ["Slowly"]
    assert "* Evening: 3 practices" in run("routine", "list").out
    assert "Squats, set 1 of 3: 10 reps" in run("plan").out
    assert json.loads(run("plan", "--routine", "full", "--json").out)["routine"] == "full"
    run("routine", "use", "--app")
    assert json.loads(run("plan", "--json").out)["routine"] == "bedtime"


def test_tonight_safety_rules_still_apply(run: Run, tmp_path: Path) -> None:
    """Pregnancy: the bolster release gives way to its safer version, and says why."""
    checked(run, tmp_path, red_flags=["pregnancy"])
    run("routine", "new", *EVENING)
    run("routine", "use", "Evening")
    plan = json.loads(run("plan", "--routine", "own", "--json").out)
    incline = next(s for s in plan["steps"] if s["id"] == "incline-release")
    assert incline["instead_of"] == "bolster-release"
    assert plan["warnings"]


def test_a_routine_file_round_trips_and_edits_by_name(run: Run, tmp_path: Path) -> None:
    """`show --json` writes what `save` reads; saving a routine of the same name changes
    it, and every change is listed."""
    run("routine", "new", *EVENING)
    data = json.loads(run("routine", "show", "Evening", "--json").out)
    assert data["items"][0] == {"practice": "bolster-release", "hold_s": 420}
    data["items"].append({"practice": "prone-press-up", "note": "Hips stay down"})
    path = tmp_path / "evening.json"
    path.write_text(json.dumps(data))
    assert run("routine", "save", str(path)).out.startswith("Changed 'Evening'")
    shown = run("routine", "show", "Evening").out
    assert "Prone press-up" in shown
    assert "Hips stay down" in shown
    assert shown.count("by you") == 2  # created, edited
    assert len(json.loads(run("routine", "list", "--json").out)) == 1
    assert run("routine", "delete", "Evening").code == 0
    assert json.loads(run("routine", "list", "--json").out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["routine", "new", "X", "bolster-release:2min"], "needs at least 300 s"),
        (["routine", "new", "X", "bolster-relase"], "did you mean: bolster-release"),
        (["routine", "new", "X", "squats:3x"], "cannot read '3x'"),
        (["routine", "use", "Nothing"], "no routine called 'Nothing'"),
        (["routine", "use"], "give --app"),
        (["routine", "accept", "Nothing"], "no routine called"),
        (["plan", "--routine", "own"], "no routine of your own is chosen"),
    ],
)
def test_bad_routine_commands_exit_2_in_one_line(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    checked(run, tmp_path)
    result = run(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_physiotherapists_routine_waits_for_acceptance(
    run: Run, tmp_path: Path, catalog: Catalog
) -> None:
    """A routine written by a coach is offered; accepted, it is tonight's plan, and the
    person cannot change it (only copy it)."""
    from psoas.core.own_routines import parse_routine
    from psoas.settings import Settings
    from psoas.store import open_store
    from psoas.store.reads import profile_id
    from psoas.usecases import routines
    from psoas.web.auth import create_user

    checked(run, tmp_path)
    db = open_store(Settings.from_env())
    sam = create_user(db, "sam", "a long enough password")
    with db.session() as c:
        routine = parse_routine({"name": "From Sam", "items": [{"practice": "squats"}]}, catalog)
        routines.save(c, profile_id(c), routine, author=(sam, "sam"))
    db.close()
    listed = run("routine", "list").out
    assert "From Sam: 1 practices, from your physiotherapist sam (waiting for you" in listed
    welcome = run().out  # `psoas` alone names what waits, and that the PSFS is due
    assert "Also: psoas routine accept 'From Sam'   (from your physiotherapist sam)" in welcome
    assert "Also: psoas psfs answer" in welcome
    assert "accept it first" in run("routine", "use", "From Sam").err
    assert "Accepted" in run("routine", "accept", "From Sam").out
    assert json.loads(run("plan", "--json").out)["title"] == "From Sam"
    path = tmp_path / "copy.json"
    path.write_text(run("routine", "show", "From Sam", "--json").out)
    refused = run("routine", "save", str(path))
    assert refused.code == 2
    assert "save a copy under a new name" in refused.err


def test_start_runs_the_chosen_routine_and_history_names_it(tmp_path: Path) -> None:
    """A real `psoas start` of the chosen routine, at speed, to the end."""
    env = env_for(tmp_path, "sqlite")
    answers = write_answers(tmp_path)
    assert psoas(env, "check", "--answers", answers).returncode == 0
    made = psoas(env, "routine", "new", "Short", "side-lying-release:5min", "--no-tests")
    assert made.returncode == 0, made.stderr
    assert psoas(env, "routine", "use", "Short").returncode == 0
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"red_flags": [], "pain": 1}))
    done = psoas(env, "start", "--speed", "10000", "--quiet", "--screen", str(screen), stdin="1\n")
    assert done.returncode == 0, done.stderr
    history = json.loads(psoas(env, "history", "--json").stdout)
    session = history["sessions"][-1]
    assert (session["routine"], session["status"], session["done"]) == ("own", "finished", 1)


def test_routines_travel_with_export_and_import(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export holds each routine and which one is chosen; a fresh home imports them,
    with tonight's plan the same, and a second import adds nothing."""
    checked(run, tmp_path)
    run("routine", "new", *EVENING)
    run("routine", "use", "Evening")
    exported = tmp_path / "export.json"
    assert run("export", "--output", str(exported)).code == 0
    [routine] = json.loads(exported.read_text())["routines"]
    assert (routine["routine"]["name"], routine["status"], routine["chosen"]) == (
        "Evening",
        "own",
        True,
    )
    monkeypatch.setenv("PSOAS_HOME", str(tmp_path / "other-home"))
    first = json.loads(run("import", str(exported), "--json").out)
    assert first["added"]["routines"] == 1
    assert json.loads(run("plan", "--json").out)["title"] == "Evening"
    again = json.loads(run("import", str(exported), "--json").out)
    assert (again["added"]["routines"], again["skipped"]["routines"]) == (0, 1)
    broken = json.loads(exported.read_text())
    broken["routines"][0]["uid"] = "another"
    broken["routines"][0]["routine"]["items"][0]["hold_s"] = 10
    exported.write_text(json.dumps(broken))
    refused = run("import", str(exported))
    assert refused.code == 2
    assert "import: routines.0: routine item 1: Bolster release needs at least" in refused.err


def test_the_handout_prints_the_chosen_routine(run: Run, tmp_path: Path) -> None:
    """`psoas handout --routine own` prints one's own routine, one side only as asked."""
    import shutil
    import subprocess

    checked(run, tmp_path)
    run("routine", "new", *EVENING)
    run("routine", "use", "Evening")
    pdf = tmp_path / "own.pdf"
    done = run("handout", "--routine", "own", "--pdf", str(pdf))
    assert done.code == 0, done.err
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        words = " ".join(text.split())
        assert "psoas · Evening" in words
        assert "1 min, left side only" in words


def test_a_name_in_any_script_is_found_in_any_case(run: Run, tmp_path: Path) -> None:
    """'Été' saved is found as 'été' and 'ÉTÉ' (casefold, not ASCII lower); saving the
    same name in other capitals changes it rather than making a second routine."""
    checked(run, tmp_path)
    assert run("routine", "new", "Été", "bolster-release:7min").code == 0
    for typed in ("été", "ÉTÉ", "  Été "):
        used = run("routine", "use", typed)
        assert used.code == 0, used.err
        assert "Tonight's plan is 'Été'" in used.out
    again = run("routine", "new", "ÉTÉ", "bolster-release:8min")
    assert again.code == 0
    assert "Changed 'ÉTÉ'" in again.out
    listed = json.loads(run("routine", "list", "--json").out)
    assert len(listed) == 1
