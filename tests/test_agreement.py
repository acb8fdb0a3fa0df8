"""One truth about a person: generated histories (hypothesis), imported for real, and
the five facts (bolster height, tighter side, pain change, adherence, PSFS change)
read off every surface: the command line's text and JSON, the web app's pages and API,
a coach's view, the PDF report, the JSON and CSV exports, and a FHIR export imported
into a fresh home. Every surface must tell the same value, and that value must be what
the rules say of the history (an oracle below, written from the rules' own words).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas.settings import Settings
from psoas.web.app import create_app
from psoas.web.auth import create_user
from tests.conftest import Run
from tests.core.answers import NEUTRAL
from tests.web.conftest import post

TODAY = date.today()
#: Activities the PSFS answerings name, in varying capitals (matched in any case).
ACTIVITIES = ("Sitting", "Running", "Lifting a child", "Gardening")
STARTING_CM = 15.0
PASSWORD = "a long enough password"


def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    """A moment ``days_ago`` days before today, at ``hour`` (UTC, away from midnight)."""
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


# --- the generated history -------------------------------------------------------------


@st.composite
def descents(draw: st.DrawFn) -> dict[str, Any]:
    """A test's descent: not done, thighs down, or lifted (the height noted or not)."""
    lifted = draw(st.sampled_from([None, False, True]))
    height = None
    if lifted and draw(st.booleans()):
        height = draw(st.sampled_from([9.0, 11.5, 13.0, 15.0, 18.0, 22.0]))
    return {"thighs_lift": lifted, "lift_height_cm": height}


@st.composite
def gaps(draw: st.DrawFn, measured: bool = False) -> dict[str, Any]:
    """A test's left and right: not checked, even, or uneven (a side named or not)."""
    even = draw(st.sampled_from([True, False] if measured else [None, True, False]))
    side = draw(st.sampled_from([None, "left", "right"])) if even is False else None
    return {"gap_even": even, "tighter_side": side}


@dataclass
class Night:
    days_ago: int
    screen_pain: int
    pre: dict[str, Any] | None
    post: dict[str, Any] | None
    planned: int
    rest_only: bool
    steps: list[str]
    status: str
    discomfort: int | None


@dataclass
class History:
    first_days_ago: int
    full: dict[str, Any]
    nights: list[Night]
    second_full: dict[str, Any] | None
    psfs: list[tuple[datetime, list[tuple[str, int]]]] = field(default_factory=list)


@st.composite
def histories(draw: st.DrawFn) -> History:
    first = draw(st.integers(10, 40))
    full = {
        **NEUTRAL,
        **draw(descents()),
        **draw(gaps(measured=True)),
        "pain": draw(st.integers(0, 10)),
    }
    days = draw(st.lists(st.integers(0, first - 1), max_size=7, unique=True))
    nights = []
    for days_ago in sorted(days, reverse=True):
        screen = draw(st.integers(0, 10))
        pre = None
        if draw(st.booleans()):
            pain = screen if draw(st.booleans()) else draw(st.integers(0, 10))
            pre = {**NEUTRAL, **draw(descents()), **draw(gaps()), "pain": pain}
        after = None
        if draw(st.booleans()):
            after = {
                **NEUTRAL,
                **draw(descents()),
                **draw(gaps()),
                "pain": draw(st.integers(0, 10)),
            }
        planned = draw(st.integers(2, 6))
        statuses = st.sampled_from(["done", "skipped", "partial", "unlogged"])
        nights.append(
            Night(
                days_ago,
                screen,
                pre,
                after,
                planned,
                draw(st.booleans()) and draw(st.booleans()),
                draw(st.lists(statuses, min_size=planned, max_size=planned)),
                draw(st.sampled_from(["finished", "ended_early", "abandoned"])),
                draw(st.one_of(st.none(), st.integers(0, 10))),
            )
        )
    second = None
    if draw(st.booleans()) and days:
        second_ago = draw(st.sampled_from(sorted(days)))
        second = {
            **NEUTRAL,
            **draw(descents()),
            **draw(gaps(measured=True)),
            "pain": draw(st.integers(0, 10)),
            "_days_ago": second_ago,
        }
    answered = []
    for _ in range(draw(st.integers(0, 3))):
        when = at(draw(st.integers(0, first)), draw(st.sampled_from([9, 10, 20])))
        names = draw(st.lists(st.sampled_from(ACTIVITIES), min_size=1, max_size=3, unique=True))
        cased = [n if draw(st.booleans()) else n.upper() for n in names]
        answered.append((when, [(n, draw(st.integers(0, 10))) for n in cased]))
    return History(first, full, nights, second, sorted(answered, key=lambda a: a[0]))


def export_of(history: History) -> dict[str, Any]:
    """The history as a psoas export file."""
    full = {k: v for k, v in history.full.items() if not k.startswith("_")}
    tests = [
        {"uid": "full-1", "taken_at": at(history.first_days_ago, 12).isoformat(), "answers": full}
    ]
    if history.second_full is not None:
        second = {k: v for k, v in history.second_full.items() if not k.startswith("_")}
        when = at(history.second_full["_days_ago"], 8)
        tests.append({"uid": "full-2", "taken_at": when.isoformat(), "answers": second})
    sessions, screens, ratings = [], [], []
    for n, night in enumerate(history.nights):
        uid = f"night-{n}"
        start = at(night.days_ago, 12)
        plan = {
            "routine": "bedtime",
            "rest_only": night.rest_only,
            "steps": [{"id": "bolster-release", "seconds": 600}] * night.planned,
        }
        steps = [
            {
                "index": i,
                "practice_id": "bolster-release",
                "role": "practice",
                "status": status,
                "planned_seconds": 600,
                "seconds_held": 0 if status == "skipped" else 300 if status == "partial" else 600,
                "ended_at": (start + timedelta(minutes=5 + i)).isoformat(),
            }
            for i, status in enumerate(night.steps)
            if status != "unlogged"
        ]
        ended = None if night.status == "abandoned" else (start + timedelta(minutes=40)).isoformat()
        sessions.append(
            {
                "uid": uid,
                "routine": "bedtime",
                "started_at": start.isoformat(),
                "ended_at": ended,
                "status": night.status,
                "discomfort": night.discomfort,
                "plan": plan,
                "steps": steps,
            }
        )
        screens.append(
            {
                "uid": f"screen-{n}",
                "answered_at": start.isoformat(),
                "red_flags": [],
                "pain": night.screen_pain,
                "session_uid": uid,
            }
        )
        for phase, answers, minute in (("pre", night.pre, 1), ("post", night.post, 30)):
            if answers is not None:
                when = start + timedelta(minutes=minute)
                tests.append(
                    {
                        "uid": f"{phase}-{n}",
                        "taken_at": when.isoformat(),
                        "phase": phase,
                        "session_uid": uid,
                        "answers": answers,
                    }
                )
        if night.discomfort is not None:
            ratings.append(
                {
                    "uid": f"after-{n}",
                    "rated_at": (start + timedelta(minutes=41)).isoformat(),
                    "value": night.discomfort,
                    "context": "after_session",
                    "session_uid": uid,
                }
            )
    psfs = [
        {
            "uid": f"psfs-{n}",
            "taken_at": when.isoformat(),
            "ratings": [{"activity": a, "score": s} for a, s in rated],
        }
        for n, (when, rated) in enumerate(history.psfs)
    ]
    return {
        "format": "psoas-export",
        "version": 1,
        "tests": tests,
        "sessions": sessions,
        "screens": screens,
        "pain_ratings": ratings,
        "psfs": psfs,
    }


# --- the oracle: each fact, from the rules' own words -----------------------------------


def expected_facts(history: History) -> dict[str, Any]:
    """What the rules say of the history (README, "How psoas tells a fact")."""
    tests = [(at(history.first_days_ago, 12), "check", history.full)]
    if history.second_full is not None:
        tests.append((at(history.second_full["_days_ago"], 8), "check", history.second_full))
    tests += [(at(n.days_ago, 12, 1), "pre", n.pre) for n in history.nights if n.pre]
    tests.sort(key=lambda t: t[0])  # the re-tests after the release never count
    # Bolster: the newest height measured at a full test or a check-in before a release.
    heights = [a["lift_height_cm"] for _, _, a in tests if a["thighs_lift"] and a["lift_height_cm"]]
    bolster = heights[-1] if heights else STARTING_CM
    # Tighter side: from the newest full test, then each check-in after it that checked.
    newest_full = max(i for i, (_, phase, _) in enumerate(tests) if phase == "check")
    even, side = tests[newest_full][2]["gap_even"], tests[newest_full][2]["tighter_side"]
    for _, _, answers in tests[newest_full + 1 :]:
        if answers["gap_even"] is True:
            even, side = True, None
        elif answers["gap_even"] is False:
            even = False
            side = answers["tighter_side"] or side
    side = side if even is False else None
    # Pain: tests, screens, and check-ins that rated anew (not the screen carried over).
    series = [(when, a["pain"]) for when, phase, a in tests if phase == "check"]
    for night in history.nights:
        series.append((at(night.days_ago, 12), night.screen_pain))
        if night.pre and night.pre["pain"] != night.screen_pain:
            series.append((at(night.days_ago, 12, 1), night.pre["pain"]))
    series.sort(key=lambda r: r[0])
    pain = None
    if len(series) >= 2:
        first, latest = series[0][1], series[-1][1]
        size = abs(latest - first)
        rule = (
            "points" if size >= 2 else "share" if first and size and size / first >= 0.3 else None
        )
        window = [v for w, v in series[:-1] if w >= series[-1][0] - timedelta(days=21)]
        low = min(window) if window else series[-2][1]
        pain = (first, latest, latest - first, rule, latest - low >= 2)
    # Adherence: done = ended with more than half of its planned steps done.
    outcomes = []
    for night in history.nights:
        done = night.steps.count("done")
        if night.rest_only:
            outcomes.append("rest")
        elif night.status != "abandoned" and done > night.planned / 2:
            outcomes.append("done")
        elif done or "partial" in night.steps:
            outcomes.append("partly")
        else:
            outcomes.append("none")
    # PSFS: an answering within a day replaces the one before; shared activities only.
    counted: list[tuple[datetime, list[tuple[str, int]]]] = []
    for when, rated in history.psfs:
        if counted and when - counted[-1][0] < timedelta(days=1):
            counted.pop()
        counted.append((when, rated))
    psfs: tuple[int, float | None, float | None] | None = None
    if len(counted) >= 2:
        before = {a.casefold(): s for a, s in counted[0][1]}
        both = [(before[a.casefold()], s) for a, s in counted[-1][1] if a.casefold() in before]
        if both:
            first_mean = round(sum(f for f, _ in both) / len(both), 1)
            latest_mean = round(sum(n for _, n in both) / len(both), 1)
            psfs = (len(both), first_mean, latest_mean)
        else:
            psfs = (0, None, None)
    return {
        "bolster_height_cm": bolster,
        "tighter_side": side,
        "pain": pain,
        "done": outcomes.count("done"),
        "partly": outcomes.count("partly"),
        "rest": outcomes.count("rest"),
        "psfs": psfs,
    }


def told(facts: dict[str, Any]) -> dict[str, Any]:
    """The same fields, as a surface's ``facts`` JSON tells them."""
    pain = facts["pain"]
    psfs = facts["psfs"]
    return {
        "bolster_height_cm": facts["bolster_height_cm"],
        "tighter_side": facts["tighter_side"],
        "pain": None
        if pain is None
        else (
            pain["first"],
            pain["latest"],
            pain["change"],
            pain["rule"],
            pain["rise"] is not None,
        ),
        "done": facts["sessions"]["done"],
        "partly": facts["sessions"]["partly_done"],
        "rest": facts["sessions"]["rest_nights"],
        "psfs": None if psfs is None else (len(psfs["shared"]), psfs["first"], psfs["latest"]),
    }


def squeezed(text: str) -> str:
    """Text with all white space taken out (a PDF or a page wraps lines anywhere)."""
    return re.sub(r"\s+", "", text)


# --- the surfaces ----------------------------------------------------------------------


def cli_facts(run: Run) -> dict[str, Any]:
    """psoas progress --json's facts, with the text's lines checked against them."""
    data: dict[str, Any] = json.loads(run("progress", "--json").out)["facts"]
    text = squeezed(run("progress").out)
    for line in data["lines"]:
        assert squeezed(line) in text, line
    return data


def other_cli_surfaces(run: Run, facts: dict[str, Any]) -> None:
    """The plan, the history, the PSFS and the JSON and CSV exports say the same."""
    plan = json.loads(run("plan", "--routine", "bedtime", "--json").out)
    heights = {s["bolster_height_cm"] for s in plan["steps"] if "bolster_height_cm" in s}
    if plan["tier"] != "stop":  # a rest plan (severe pain) has no bolster
        assert heights == {facts["bolster_height_cm"]}
    full = json.loads(run("plan", "--routine", "full", "--json").out)
    side = facts["tighter_side"]
    said = " ".join(s["why"] for s in full["steps"])
    per_side = any(s["side"] and s["kind"] == "stretch" for s in full["steps"])
    if side is None or not per_side:
        assert "side is tighter" not in said
    else:
        assert f"Your {side} side is tighter" in said
    summary = json.loads(run("history", "--json").out)["summary"]
    assert (summary["done"], summary["partly_done"], summary["rest_nights"]) == (
        facts["sessions"]["done"],
        facts["sessions"]["partly_done"],
        facts["sessions"]["rest_nights"],
    )
    assert json.loads(run("psfs", "--json").out)["change"] == facts["psfs"]
    exported = json.loads(run("export").out)["facts"]
    assert told(exported) == told(facts)
    rows = [r.split(",") for r in run("export", "--format", "csv").out.splitlines()]
    in_csv = {r[-1].split(":")[0]: r[-2] for r in rows if r[0] == "fact"}
    assert in_csv["bolster_height_cm"] == str(facts["bolster_height_cm"])
    assert in_csv["tighter_side"] == (side or "")
    assert in_csv["sessions_done_8_weeks"] == str(facts["adherence"]["done"])
    pain = facts["pain"]
    assert in_csv["pain_change_points"] == ("" if pain is None else str(pain["change"]))


def web_surfaces(home: Path, facts: dict[str, Any]) -> None:
    """The API and the pages of the person's own web app say the same."""
    settings = Settings(home, home / "cache", f"sqlite:///{home / 'psoas.db'}")
    with TestClient(create_app(settings, "127.0.0.1"), base_url="http://127.0.0.1") as web:
        assert told(web.get("/api/progress").json()["facts"]) == told(facts)
        plan = web.get("/api/plan", params={"routine": "bedtime"}).json()
        assert plan["findings"]["bolster_height_cm"] == facts["bolster_height_cm"]
        assert plan["findings"]["tighter_side"] == facts["tighter_side"]
        summary = web.get("/api/history").json()["summary"]
        assert summary["done"] == facts["sessions"]["done"]
        assert web.get("/api/psfs").json()["change"] == facts["psfs"]
        page = squeezed(html.unescape(web.get("/progress").text))
        for line in facts["lines"]:
            assert squeezed(line) in page, line


def coach_surfaces(home: Path, data: dict[str, Any], facts: dict[str, Any]) -> None:
    """A coach the person invited sees the same facts on the client's page and API."""
    settings = Settings(home, home / "cache", f"sqlite:///{home / 'coached.db'}")
    first = TestClient(create_app(settings, "127.0.0.1"), base_url="http://127.0.0.1")
    with first:
        state = first.app.state.psoas  # type: ignore[attr-defined]
        for name in ("ann", "cat"):
            create_user(state.db, name, PASSWORD)
    clients = [
        TestClient(create_app(settings, "0.0.0.0"), base_url="https://testserver") for _ in "ab"
    ]
    ann, cat = clients
    with ann, cat:
        for who, name in ((ann, "ann"), (cat, "cat")):
            assert (
                post(who, "/api/login", {"username": name, "password": PASSWORD}).status_code == 200
            )
        assert post(ann, "/api/import", data).status_code == 200
        assert post(ann, "/api/coaches", {"username": "cat"}).status_code == 201
        seen = cat.get("/api/clients/ann/progress").json()["facts"]
        assert told(seen) == told(facts)
        overview = cat.get("/api/clients/ann/overview").json()
        baseline = overview["baseline"]
        assert (baseline["bolster_height_cm"], baseline["tighter_side"]) == (
            facts["bolster_height_cm"],
            facts["tighter_side"],
        )
        assert overview["pain"] == facts["pain_latest"]
        assert overview["adherence"]["done"] == facts["adherence"]["done"]
        assert overview["psfs"]["change"] == facts["psfs"]
        page = squeezed(html.unescape(cat.get("/clients/ann").text))
        for line in facts["lines"]:
            assert squeezed(line) in page, line


def report_surface(run: Run, tmp: Path, history: History, facts: dict[str, Any]) -> None:
    """The PDF report of the whole record prints the same lines (pdftotext)."""
    pdf = tmp / "report.pdf"
    start = (TODAY - timedelta(days=history.first_days_ago)).isoformat()
    made = run("report", "--pdf", str(pdf), "--from", start, "--for", "Ann")
    assert made.code == 0, made.err
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    printed = squeezed(text.stdout)
    for line in facts["lines"]:
        if line.startswith("Sessions:"):  # the report's window is its own weeks
            line = line.split(". In the last")[0]
        assert squeezed(line) in printed, line


def fhir_round_trip(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch, facts: dict[str, Any]
) -> None:
    """A FHIR export imported into a fresh home tells the same facts."""
    bundle = home / "bundle.json"
    assert run("export", "--format", "fhir", "--output", str(bundle)).code == 0
    monkeypatch.setenv("PSOAS_HOME", str(home / "from-fhir"))
    imported = run("import", str(bundle))
    assert imported.code == 0, imported.err
    again = json.loads(run("progress", "--json").out)["facts"]
    assert told(again) == told(facts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@settings(
    max_examples=int(os.environ.get("PSOAS_AGREEMENT_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_every_surface_tells_the_same_facts_and_they_are_true(
    history: History,
    run: Run,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bolster height, tighter side, pain change, adherence and PSFS change: the same on
    every surface, and what the rules say of the generated history."""
    home = tmp_path_factory.mktemp("agreement")
    monkeypatch.setenv("PSOAS_HOME", str(home))
    data = export_of(history)
    path = home / "history.json"
    path.write_text(json.dumps(data))
    imported = run("import", str(path))
    assert imported.code == 0, imported.err
    facts = cli_facts(run)
    assert told(facts) == expected_facts(history)
    other_cli_surfaces(run, facts)
    web_surfaces(home, facts)
    coach_surfaces(home, data, facts)
    report_surface(run, home, history, facts)
    fhir_round_trip(run, home, monkeypatch, facts)
