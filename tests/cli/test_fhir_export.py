"""`psoas export --format fhir`: a FHIR R4B Bundle that the fhir.resources models accept,
with the codes a clinical system reads, and that imports back into a fresh home."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_routine_cmd import EVENING, checked
from tests.cli.test_session_process import env_for, psoas
from tests.conftest import Run
from tests.core.answers import write_answers


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.fixture
def recorded(tmp_path: Path) -> dict[str, str]:
    """A home with a test, a finished session of one's own routine (its check-ins, steps and
    rating), a second test and a PSFS answered twice: everything the Bundle carries."""
    env = env_for(tmp_path, "sqlite")
    assert psoas(env, "check", "--answers", write_answers(tmp_path, pain=4)).returncode == 0
    made = psoas(env, "routine", "new", "Short", "side-lying-release:5min", "--no-tests")
    assert made.returncode == 0, made.stderr
    psoas(env, "routine", "use", "Short")
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"red_flags": ["pregnancy"], "pain": 3}))
    ran = psoas(env, "start", "--speed", "10000", "--quiet", "--screen", str(screen), stdin="2\n")
    assert ran.returncode == 0, ran.stderr
    answers = write_answers(tmp_path, pain=2, back_gap="fingers", signs=["tender"])
    assert psoas(env, "check", "--answers", answers).returncode == 0
    from datetime import UTC, datetime, timedelta

    for scores, days_ago in (((3, 2), 15), ((6, 5), 0)):
        rated = [
            {"activity": "Sitting", "score": scores[0]},
            {"activity": "Run", "score": scores[1]},
        ]
        # Answered a fortnight apart (an answer within a day replaces the last one).
        when = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
        path = tmp_path / "psfs.json"
        path.write_text(
            json.dumps(
                {
                    "format": "psoas-export",
                    "version": 1,
                    "psfs": [{"uid": f"psfs-{days_ago}", "taken_at": when, "ratings": rated}],
                }
            )
        )
        assert psoas(env, "import", str(path)).returncode == 0
    return env


def test_the_bundle_is_valid_fhir_with_standard_codes(
    recorded: dict[str, str], tmp_path: Path
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    out = tmp_path / "fhir.json"
    done = psoas(recorded, "export", "--format", "fhir", "--name", "Ann", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 tests, 1 sessions, 1 pain ratings" in done.stderr  # it says what it holds
    assert "clearances and your choices stay in the JSON export" in done.stderr
    bundle = json.loads(out.read_text())
    Bundle.model_validate(bundle)  # raises on anything FHIR R4B does not allow
    assert bundle["type"] == "collection"
    [patient] = resources(bundle, "Patient")
    assert patient == {"resourceType": "Patient", "name": [{"text": "Ann"}]}
    observations = resources(bundle, "Observation")
    loinc = [(o, o["code"]["coding"][0]) for o in observations]
    pains = [
        o["valueInteger"]
        for o, coding in loinc
        if (coding.get("system"), coding.get("code")) == ("http://loinc.org", "72514-3")
        and "valueInteger" in o
    ]
    assert 4 in pains  # the first test's pain
    assert 2 in pains  # the discomfort after the session
    durations = [o for o in observations if o["code"]["coding"][0].get("code") == "55411-3"]
    assert durations[0]["valueQuantity"]["unit"] == "min"
    [procedure] = resources(bundle, "Procedure")
    assert procedure["status"] == "completed"
    [plan] = resources(bundle, "CarePlan")
    assert (plan["title"], plan["status"], plan["intent"]) == ("Short", "active", "plan")
    assert plan["activity"][0]["detail"]["quantity"]["value"] == 300
    [questionnaire] = resources(bundle, "Questionnaire")
    answered = resources(bundle, "QuestionnaireResponse")
    assert [r["questionnaire"] for r in answered] == [questionnaire["url"]] * 2
    assert answered[1]["item"][0]["item"][1]["answer"] == [{"valueInteger": 6}]


def test_the_bundle_imports_back_what_it_exported(recorded: dict[str, str], tmp_path: Path) -> None:
    """Tests, pain, sessions with their steps, screens, the routine and the PSFS come back
    the same: the JSON export of the new home equals the old one's in every record."""
    out = tmp_path / "fhir.json"
    psoas(recorded, "export", "--format", "fhir", "--output", str(out))
    before = json.loads(psoas(recorded, "export").stdout)
    fresh = env_for(tmp_path / "fresh", "sqlite")
    done = psoas(fresh, "import", str(out), "--json")
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)["added"]
    kinds = ("tests", "sessions", "pain_ratings", "screens", "routines", "psfs")
    assert {k: added[k] for k in kinds} == {k: len(before[k]) for k in kinds}
    assert (added["sessions"], added["screens"], added["psfs"]) == (1, 1, 2)
    after = json.loads(psoas(fresh, "export").stdout)
    for kind in ("tests", "pain_ratings", "screens", "psfs"):  # an import marks its source
        assert _without(after[kind], "findings", "source") == _without(
            before[kind], "findings", "source"
        ), kind
    old, new = before["sessions"][0], after["sessions"][0]
    assert _without([new], "plan") == _without([old], "plan")  # the plan stays behind
    assert after["routines"][0]["routine"] == before["routines"][0]["routine"]
    assert json.loads(psoas(fresh, "plan", "--json").stdout)["title"] == "Short"
    again = json.loads(psoas(fresh, "import", str(out), "--json").stdout)
    assert sum(again["added"].values()) == 0


def _without(records: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in keys} for r in records]


def test_a_broken_bundle_is_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    checked(run, tmp_path)
    run("routine", "new", *EVENING)
    out = tmp_path / "fhir.json"
    assert run("export", "--format", "fhir", "--output", str(out)).code == 0
    bundle = json.loads(out.read_text())
    bundle["entry"][0]["resource"]["birthDate"] = "not a date"
    out.write_text(json.dumps(bundle))
    refused = run("import", str(out))
    assert refused.code == 2
    assert "not a valid FHIR R4B Bundle" in refused.err
    assert "Traceback" not in refused.err
