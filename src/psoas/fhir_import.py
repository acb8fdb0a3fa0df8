"""A FHIR Bundle written by psoas (:mod:`psoas.fhir_bundle`), read back as the JSON export.

Only what psoas wrote is read: resources are recognised by psoas's codes and record
uids, and everything else in the Bundle is left alone. The result goes through the
export's own checks and import (:mod:`psoas.usecases.import_checks`,
:mod:`psoas.usecases.transfer`), all or nothing.
"""

from __future__ import annotations

from typing import Any

from psoas.exceptions import BadInput
from psoas.fhir_bundle import CODES, EXTENSION, LOINC, MEASURES, PLAN_STATUS, UIDS, _read

_BY_CODE = {code: (field, kind) for field, (code, _, kind) in MEASURES.items()}
_SESSION_STATUS = {
    "completed": "finished",
    "stopped": "ended_early",
    "in-progress": "active",
    "not-done": "abandoned",
}


def _code_of(concept: dict[str, Any] | None) -> tuple[str, str] | None:
    """(system, code) of a concept's first coding."""
    for coding in (concept or {}).get("coding", []):
        return coding.get("system", ""), coding.get("code", "")
    return None


def _own_code(concept: dict[str, Any] | None) -> str | None:
    found = _code_of(concept)
    return found[1] if found and found[0] == CODES else None


def _is_pain(concept: dict[str, Any] | None) -> bool:
    return _code_of(concept) == (LOINC, "72514-3")


def _uid(resource: dict[str, Any]) -> str | None:
    found = resource.get("identifier")
    for identifier in found if isinstance(found, list) else [found] if found else []:
        if identifier.get("system") == UIDS:
            return str(identifier["value"])
    return None


def _parts(observation: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    return [(_own_code(c.get("code")), c) for c in observation.get("component", [])]


def _part(observation: dict[str, Any], code: str, kind: str = "code") -> Any:
    for found, component in _parts(observation):
        if found == code:
            return _read(kind, component)
    return None


def _ext(resource: dict[str, Any], name: str) -> Any:
    for extension in resource.get("extension", []):
        if extension.get("url") == EXTENSION + name:
            return next(v for k, v in extension.items() if k.startswith("value"))
    return None


def export_from_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """The records psoas put in ``bundle``, in the JSON export's shape."""
    resources = {e.get("fullUrl"): e.get("resource", {}) for e in bundle.get("entry", [])}
    kinds: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for url, resource in resources.items():
        kinds.setdefault(resource.get("resourceType", ""), []).append((url, resource))
    session_uid = {url: _uid(r) for url, r in kinds.get("Procedure", []) if _uid(r)}
    observations = kinds.get("Observation", [])
    export: dict[str, Any] = {
        "format": "psoas-export",
        "version": 1,
        "sessions": [
            _session(url, r, observations)
            for url, r in kinds.get("Procedure", [])
            if url in session_uid
        ],
        "tests": [],
        "pain_ratings": [],
        "measurements": [],
        "screens": [],
        "routines": [_routine(r) for _, r in kinds.get("CarePlan", []) if _uid(r)],
        "psfs": [_psfs(r) for _, r in kinds.get("QuestionnaireResponse", []) if _uid(r)],
    }
    for _, observation in observations:
        uid = _uid(observation)
        if uid is None:
            continue  # a member of a test, a step or a duration: read with its owner
        linked = _linked_session(observation, session_uid)
        code = _own_code(observation.get("code"))
        when = observation.get("effectiveDateTime")
        if code == "sit-to-lie-test":
            export["tests"].append(_test(uid, observation, resources, linked))
        elif _is_pain(observation.get("code")):
            export["pain_ratings"].append(
                {
                    "uid": uid,
                    "rated_at": when,
                    "value": observation["valueInteger"],
                    "context": _part(observation, "context"),
                    "session_uid": linked,
                }
            )
        elif code == "photo-measurement":
            angles = {
                c: p["valueQuantity"]["value"]
                for c, p in _parts(observation)
                if c and "valueQuantity" in p
            }
            export["measurements"].append(
                {
                    "uid": uid,
                    "measured_at": when,
                    "angles": angles,
                    "position": _part(observation, "position"),
                    "side": _part(observation, "side"),
                    "back_arched": _part(observation, "back-arched", "boolean"),
                }
            )
        elif code == "nightly-screen":
            pain = next(
                c["valueInteger"]
                for c in observation.get("component", [])
                if _is_pain(c.get("code"))
            )
            flags = [_read("code", p) for c, p in _parts(observation) if c == "red-flag"]
            export["screens"].append(
                {
                    "uid": uid,
                    "answered_at": when,
                    "red_flags": flags,
                    "pain": pain,
                    "session_uid": linked,
                }
            )
    # A session without its own discomfort takes the pain rated after it.
    by_uid = {session["uid"]: session for session in export["sessions"]}
    for rating in export["pain_ratings"]:
        session = by_uid.get(rating["session_uid"])
        if rating["context"] == "after_session" and session and session["discomfort"] is None:
            session["discomfort"] = rating["value"]
    return export


def _linked_session(observation: dict[str, Any], session_uid: dict[str, str | None]) -> Any:
    for part in observation.get("partOf", []):
        if part.get("reference") in session_uid:
            return session_uid[part["reference"]]
    return None


def _session(url: str, procedure: dict[str, Any], observations: list[Any]) -> dict[str, Any]:
    code = _own_code(procedure.get("code")) or ""
    if not code.startswith("session-"):
        raise BadInput("FHIR import: a Procedure is not a psoas session")
    period = procedure.get("performedPeriod", {})
    steps = []
    for _, observation in observations:
        mine = any(p.get("reference") == url for p in observation.get("partOf", []))
        if not mine or _own_code((observation.get("category") or [{}])[0]) != "session-step":
            continue
        steps.append(
            {
                "index": _part(observation, "step-index", "integer"),
                "practice_id": _own_code(observation.get("code")),
                "side": _part(observation, "side"),
                "role": _part(observation, "role"),
                "status": _part(observation, "step-status"),
                "planned_seconds": _part(observation, "planned-seconds", "integer"),
                "seconds_held": _part(observation, "seconds-held", "integer"),
                "ended_at": observation.get("effectiveDateTime"),
            }
        )
    notes = procedure.get("note") or []
    plan = _ext(procedure, "plan")
    return {
        "plan": None if plan is None else _plan(plan),
        "discomfort": _ext(procedure, "discomfort"),
        "uid": _uid(procedure),
        "routine": code.removeprefix("session-"),
        "started_at": period.get("start"),
        "ended_at": period.get("end"),
        "status": _SESSION_STATUS.get(procedure.get("status", ""), "abandoned"),
        "flag": notes[0].get("text") if notes else None,
        "steps": sorted(steps, key=lambda s: s["index"] or 0),
    }


def _plan(text: Any) -> Any:
    """A session's saved plan from its extension (checked with the rest of the import)."""
    from psoas.validation import parse_json

    if not isinstance(text, str):
        raise BadInput("FHIR import: a session's plan must be text")
    return parse_json(text, "FHIR import: a session's plan", BadInput)


def _test(
    uid: str, panel: dict[str, Any], resources: dict[str, Any], session: str | None
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for member in panel.get("hasMember", []):
        observation = resources.get(member.get("reference"), {})
        if _is_pain(observation.get("code")):
            answers["pain"] = observation["valueInteger"]
            continue
        known = _BY_CODE.get(_own_code(observation.get("code")) or "")
        if known:
            answers[known[0]] = _read(known[1], observation)
    answers["signs"] = [_read("code", p) for c, p in _parts(panel) if c == "sign"]
    answers["red_flags"] = [_read("code", p) for c, p in _parts(panel) if c == "red-flag"]
    for field in ("thighs_lift", "thighs_flat", "back_gap", "gap_even", "ribs_stick_out"):
        answers.setdefault(field, None)
    return {
        "uid": uid,
        "taken_at": panel.get("effectiveDateTime"),
        "phase": _part(panel, "phase") or "check",
        "source": _part(panel, "source") or "import",
        "session_uid": session,
        "answers": answers,
    }


def _routine(plan: dict[str, Any]) -> dict[str, Any]:
    items = []
    for activity in plan.get("activity", []):
        detail = activity.get("detail", {})
        item: dict[str, Any] = {"practice": _own_code(detail.get("code"))}
        if detail.get("quantity"):
            item["hold_s"] = int(detail["quantity"]["value"])
        for name in ("sets", "reps", "side", "note"):
            value = _ext(detail, name)
            if value is not None:
                item[name] = value
        items.append(item)
    spec: dict[str, Any] = {
        "name": plan.get("title"),
        "items": items,
        "with_tests": _ext(plan, "with-tests") is not False,
    }
    if plan.get("description"):
        spec["note"] = plan["description"]
    status = _ext(plan, "status")
    return {
        "uid": _uid(plan),
        "routine": spec,
        "status": status if status in PLAN_STATUS else "own",
        "author": (plan.get("author") or {}).get("display"),
        "starts_on": (plan.get("period") or {}).get("start"),
        "chosen": bool(_ext(plan, "chosen")),
    }


def _psfs(response: dict[str, Any]) -> dict[str, Any]:
    ratings = []
    for group in response.get("item", []):
        answers = {
            i["linkId"].rsplit("-", 1)[-1]: i.get("answer", [{}])[0] for i in group.get("item", [])
        }
        ratings.append(
            {
                "activity": answers.get("name", {}).get("valueString"),
                "score": answers.get("score", {}).get("valueInteger"),
            }
        )
    return {"uid": _uid(response), "taken_at": response.get("authored"), "ratings": ratings}


__all__ = ["export_from_bundle"]
