"""A person's records as a FHIR Bundle (R4B, 4.3.0), and back again.

Built from the JSON export (:func:`psoas.store.exporting.export_data`) and read back
into it, so the FHIR file imports through the same all-or-nothing path. Validated with
the ``fhir.resources`` models before it is written or read. What goes where:

- the person: a Patient with only the name they gave (none on the command line);
- each self-test: a panel Observation (psoas's own code system) whose members are one
  Observation per measure, pain among them as LOINC 72514-3 (0-10 pain severity);
- each pain rating after a session: LOINC 72514-3; each photo measurement, tonight's
  screens: Observations in psoas's code system;
- each session: a Procedure, with an Observation of its exercise duration (LOINC
  55411-3) and one Observation per finished step;
- each routine: a CarePlan (its practices as activities);
- each PSFS answering: a QuestionnaireResponse to the PSFS Questionnaire in the Bundle.

Clearances and the person's choices (massage, props) are not in it: they stay in the
JSON export.
"""

from __future__ import annotations

import json
from typing import Any

from psoas.exceptions import BadInput

#: psoas's own code system for the self-test's checks, its records and its practices.
CODES = "urn:psoas:codesystem"
#: The uid each psoas record keeps (so an import skips what is already there).
UIDS = "urn:psoas:uid"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
PAIN = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
EXERCISE_MINUTES = {"system": LOINC, "code": "55411-3", "display": "Exercise duration"}
PSFS_URL = "urn:psoas:questionnaire:psfs"
EXTENSION = "urn:psoas:extension:"
#: Each answer of the self-test: (code, what it is, how its value is written).
MEASURES: dict[str, tuple[str, str, str]] = {
    "thighs_lift": ("thighs-lift", "The thighs lift during the sit-to-lie descent", "boolean"),
    "lift_height_cm": ("lift-height", "Torso height off the floor as the thighs lift", "cm"),
    "thighs_flat": ("thighs-flat", "Lying flat, the thighs rest on the floor", "boolean"),
    "back_gap": ("back-gap", "Gap under the low back: pencil, fingers or hand", "code"),
    "gap_even": ("gap-even", "The gap is even left and right", "boolean"),
    "tighter_side": ("tighter-side", "The side with the bigger gap", "code"),
    "ribs_stick_out": ("ribs-rising", "The front ribs rise when lying flat", "boolean"),
}
SESSION_STATUS = {
    "finished": "completed",
    "ended_early": "stopped",
    "active": "in-progress",
    "abandoned": "not-done",
}
PLAN_STATUS = {
    "own": "active",
    "accepted": "active",
    "offered": "draft",
    "declined": "revoked",
    "archived": "revoked",
}


def _code(code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": CODES, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _uid(uid: str) -> list[dict[str, str]]:
    return [{"system": UIDS, "value": uid}]


def _value(kind: str, value: Any) -> dict[str, Any]:
    if kind == "boolean":
        return {"valueBoolean": bool(value)}
    if kind == "cm":
        return {"valueQuantity": {"value": value, "unit": "cm", "system": UCUM, "code": "cm"}}
    if kind == "integer":
        return {"valueInteger": int(value)}
    return {"valueCodeableConcept": _code(str(value))}


def _read(kind: str, entry: dict[str, Any]) -> Any:
    if kind == "boolean":
        return entry["valueBoolean"]
    if kind == "cm":
        return entry["valueQuantity"]["value"]
    if kind == "integer":
        return entry["valueInteger"]
    return entry["valueCodeableConcept"]["coding"][0]["code"]


class _Builder:
    """Collects the Bundle's entries, each with a urn:uuid full URL."""

    def __init__(self, patient: str) -> None:
        self.entries: list[dict[str, Any]] = []
        self.patient = {"reference": patient}

    def add(self, resource: dict[str, Any], key: str) -> str:
        url = f"urn:uuid:{_uuid(key)}"
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def observation(self, key: str, code: dict[str, Any], when: str, **more: Any) -> str:
        resource = {
            "resourceType": "Observation",
            "status": "final",
            "code": code,
            "subject": self.patient,
            "effectiveDateTime": when,
            **more,
        }
        return self.add(resource, key)


def _uuid(key: str) -> str:
    """A stable UUID for a record's resource, so the same export gives the same Bundle."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:psoas:{key}"))


def to_bundle(export: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """The export as a FHIR Bundle of type collection (validated)."""
    patient_url = f"urn:uuid:{_uuid('patient')}"
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if name:
        patient["name"] = [{"text": name}]
    out = _Builder(patient_url)
    out.entries.append({"fullUrl": patient_url, "resource": patient})
    sessions = {s["uid"]: _session(out, s) for s in export.get("sessions", [])}
    for test in export.get("tests", []):
        _test(out, test, sessions)
    for rating in export.get("pain_ratings", []):
        _pain_rating(out, rating, sessions)
    for measured in export.get("measurements", []):
        _measurement(out, measured)
    for screen in export.get("screens", []):
        _screen(out, screen, sessions)
    for routine in export.get("routines", []):
        _care_plan(out, routine)
    if export.get("psfs"):
        out.add(PSFS_QUESTIONNAIRE, "psfs-questionnaire")
    for answered in export.get("psfs", []):
        _psfs(out, answered)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": export.get("exported_at"),
        "entry": out.entries,
    }
    if bundle["timestamp"] is None:
        del bundle["timestamp"]
    validate_bundle(bundle)
    return bundle


def _session(out: _Builder, session: dict[str, Any]) -> str:
    period = {"start": session["started_at"]}
    if session.get("ended_at"):
        period["end"] = session["ended_at"]
    procedure: dict[str, Any] = {
        "resourceType": "Procedure",
        "identifier": _uid(session["uid"]),
        "status": SESSION_STATUS[session["status"]],
        "code": _code(f"session-{session['routine']}", f"psoas session ({session['routine']})"),
        "subject": out.patient,
        "performedPeriod": period,
    }
    if session.get("flag"):
        procedure["note"] = [{"text": session["flag"]}]
    extensions = []
    if session.get("discomfort") is not None:  # also a pain Observation after the session
        extensions.append({"url": EXTENSION + "discomfort", "valueInteger": session["discomfort"]})
    if session.get("plan") is not None:
        # The plan the session ran, as psoas saved it: how many steps it planned and
        # whether it was a rest night decide how the session counts (psoas.core.
        # session_record), so an import from this Bundle counts it the same way.
        plan = json.dumps(session["plan"], ensure_ascii=False, separators=(",", ":"))
        extensions.append({"url": EXTENSION + "plan", "valueString": plan})
    if extensions:
        procedure["extension"] = extensions
    url = out.add(procedure, f"session:{session['uid']}")
    held = sum(step["seconds_held"] for step in session.get("steps", []))
    minutes = {"value": round(held / 60, 1), "unit": "min", "system": UCUM, "code": "min"}
    out.observation(
        f"duration:{session['uid']}",
        {"coding": [EXERCISE_MINUTES]},
        session["started_at"],
        valueQuantity=minutes,
        partOf=[{"reference": url}],
    )
    for step in session.get("steps", []):
        parts = [
            ("step-index", "integer", step["index"]),
            ("role", "code", step["role"]),
            ("step-status", "code", step["status"]),
            ("planned-seconds", "integer", step["planned_seconds"]),
            ("seconds-held", "integer", step["seconds_held"]),
        ]
        if step.get("side"):
            parts.append(("side", "code", step["side"]))
        components = [{"code": _code(c), **_value(k, v)} for c, k, v in parts]
        out.observation(
            f"step:{session['uid']}:{step['index']}",
            _code(step["practice_id"]),
            step["ended_at"],
            component=components,
            partOf=[{"reference": url}],
            category=[_code("session-step")],
        )
    return url


def _part_of(record: dict[str, Any], sessions: dict[str, str]) -> dict[str, Any]:
    """``partOf`` the record's session, when it has one in the Bundle."""
    url = sessions.get(record.get("session_uid") or "")
    return {"partOf": [{"reference": url}]} if url else {}


def _test(out: _Builder, test: dict[str, Any], sessions: dict[str, str]) -> None:
    answers, members = test["answers"], []
    link = _part_of(test, sessions)
    for field, (code, display, kind) in MEASURES.items():
        if answers.get(field) is not None:
            key = f"test:{test['uid']}:{code}"
            members.append(
                out.observation(
                    key,
                    _code(code, display),
                    test["taken_at"],
                    **_value(kind, answers[field]),
                    **link,
                )
            )
    if answers.get("pain") is not None:
        members.append(
            out.observation(
                f"test:{test['uid']}:pain",
                {"coding": [PAIN]},
                test["taken_at"],
                valueInteger=answers["pain"],
                **link,
            )
        )
    components = [
        {"code": _code("phase"), **_value("code", test["phase"])},
        {"code": _code("source"), **_value("code", test["source"])},
    ]
    components += [{"code": _code("sign"), **_value("code", s)} for s in answers.get("signs", [])]
    components += [
        {"code": _code("red-flag"), **_value("code", f)} for f in answers.get("red_flags", [])
    ]
    out.observation(
        f"test:{test['uid']}",
        _code("sit-to-lie-test", "psoas self-test"),
        test["taken_at"],
        identifier=_uid(test["uid"]),
        hasMember=[{"reference": m} for m in members],
        component=components,
        **link,
    )


def _pain_rating(out: _Builder, rating: dict[str, Any], sessions: dict[str, str]) -> None:
    link = _part_of(rating, sessions)
    out.observation(
        f"pain:{rating['uid']}",
        {"coding": [PAIN]},
        rating["rated_at"],
        identifier=_uid(rating["uid"]),
        valueInteger=rating["value"],
        component=[{"code": _code("context"), **_value("code", rating["context"])}],
        **link,
    )


def _measurement(out: _Builder, measured: dict[str, Any]) -> None:
    angles = [
        {
            "code": _code(name),
            "valueQuantity": {"value": value, "unit": "deg", "system": UCUM, "code": "deg"},
        }
        for name, value in measured["angles"].items()
    ]
    angles.append({"code": _code("position"), **_value("code", measured["position"])})
    angles.append({"code": _code("side"), **_value("code", measured["side"])})
    if measured.get("back_arched") is not None:
        angles.append({"code": _code("back-arched"), **_value("boolean", measured["back_arched"])})
    out.observation(
        f"measured:{measured['uid']}",
        _code("photo-measurement"),
        measured["measured_at"],
        identifier=_uid(measured["uid"]),
        component=angles,
    )


def _screen(out: _Builder, screen: dict[str, Any], sessions: dict[str, str]) -> None:
    parts = [{"code": {"coding": [PAIN]}, "valueInteger": screen["pain"]}]
    parts += [{"code": _code("red-flag"), **_value("code", f)} for f in screen["red_flags"]]
    link = _part_of(screen, sessions)
    out.observation(
        f"screen:{screen['uid']}",
        _code("nightly-screen", "tonight's screen"),
        screen["answered_at"],
        identifier=_uid(screen["uid"]),
        component=parts,
        **link,
    )


def _care_plan(out: _Builder, routine: dict[str, Any]) -> None:
    spec = routine["routine"]
    activities = []
    for item in spec["items"]:
        detail: dict[str, Any] = {"status": "not-started", "code": _code(item["practice"])}
        if item.get("hold_s"):
            detail["quantity"] = {"value": item["hold_s"], "unit": "s", "system": UCUM, "code": "s"}
        extensions = [
            {
                "url": EXTENSION + k,
                **(
                    {"valueInteger": item[k]} if k in ("sets", "reps") else {"valueString": item[k]}
                ),
            }
            for k in ("sets", "reps", "side", "note")
            if item.get(k) is not None
        ]
        if extensions:
            detail["extension"] = extensions
        activities.append({"detail": detail})
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "identifier": _uid(routine["uid"]),
        "status": PLAN_STATUS[routine["status"]],
        "intent": "plan",
        "title": spec["name"],
        "subject": out.patient,
        "activity": activities,
        "extension": [
            {"url": EXTENSION + "status", "valueString": routine["status"]},
            {"url": EXTENSION + "chosen", "valueBoolean": bool(routine.get("chosen"))},
            {"url": EXTENSION + "with-tests", "valueBoolean": spec.get("with_tests", True)},
        ],
    }
    if spec.get("note"):
        plan["description"] = spec["note"]
    if routine.get("author"):
        plan["author"] = {"display": routine["author"]}
    if routine.get("starts_on"):
        plan["period"] = {"start": routine["starts_on"]}
    out.add(plan, f"routine:{routine['uid']}")


PSFS_QUESTIONNAIRE: dict[str, Any] = {
    "resourceType": "Questionnaire",
    "url": PSFS_URL,
    "name": "PSFS",
    "title": "Patient-Specific Functional Scale (Stratford and others, 1995)",
    "status": "active",
    "item": [
        {
            "linkId": f"activity-{n}",
            "type": "group",
            "required": n == 1,
            "item": [
                {
                    "linkId": f"activity-{n}-name",
                    "text": "An activity you find hard",
                    "type": "string",
                },
                {
                    "linkId": f"activity-{n}-score",
                    "text": "How well you can do it now: 0 (cannot) to 10 (as before the problem)",
                    "type": "integer",
                },
            ],
        }
        for n in (1, 2, 3)
    ],
}


def _psfs(out: _Builder, answered: dict[str, Any]) -> None:
    groups = [
        {
            "linkId": f"activity-{n}",
            "item": [
                {"linkId": f"activity-{n}-name", "answer": [{"valueString": r["activity"]}]},
                {"linkId": f"activity-{n}-score", "answer": [{"valueInteger": r["score"]}]},
            ],
        }
        for n, r in enumerate(answered["ratings"], 1)
    ]
    response = {
        "resourceType": "QuestionnaireResponse",
        "identifier": _uid(answered["uid"])[0],
        "questionnaire": PSFS_URL,
        "status": "completed",
        "subject": out.patient,
        "authored": answered["taken_at"],
        "item": groups,
    }
    out.add(response, f"psfs:{answered['uid']}")


def validate_bundle(bundle: Any) -> None:
    """Check the Bundle against the FHIR R4B models; :class:`BadInput` names the problem."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInput(f"not a valid FHIR R4B Bundle: {where}: {first['msg']}") from None


def from_bundle(bundle: Any) -> dict[str, Any]:
    """A Bundle psoas wrote, back as the JSON export (for :mod:`psoas.usecases.import_checks`)."""
    from psoas.fhir_import import export_from_bundle

    validate_bundle(bundle)
    return export_from_bundle(bundle)


def is_bundle(data: Any) -> bool:
    """True for a FHIR Bundle (an import file may be one)."""
    return isinstance(data, dict) and data.get("resourceType") == "Bundle"


__all__ = [
    "CODES",
    "LOINC",
    "PAIN",
    "UIDS",
    "from_bundle",
    "is_bundle",
    "to_bundle",
    "validate_bundle",
]
