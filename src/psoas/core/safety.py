"""Safety rules: urgency tiers, pain bands, signs, and what each rules out tonight.

Every rule is a named constant or a small function whose docstring says where it
comes from: an article id, or the app's own choice with its reason. Rules work on
a practice's *demands* (what it asks of the body, listed in the catalog), so a
rule never names practices by hand and a new practice is covered by its data.
Nothing here diagnoses anything: the words are observations and advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from psoas.catalog.model import Catalog, Practice, PropInfo, RedFlag
from psoas.catalog.vocabulary import ABILITY_LIMITS, LIMIT_DEMANDS, Demand, Tier
from psoas.core.units import format_list

PainBand = Literal["mild", "moderate", "severe"]

#: A rating of 7 or more on the 0–10 scale counts as severe pain. The app's own
#: choice: 7–10 is the band usually called severe on the numeric rating scale.
SEVERE_PAIN_FROM = 7
#: A rating this many points above the person's last one also counts as severe,
#: once it has left the mild band (4 or more). The app's own choice: about 2
#: points is the smallest change on the 0–10 scale that people reliably notice;
#: a rise that stays within 0–3 (0 to 2, say) is still mild pain, for which the
#: whole program stays open, so it is noted but changes nothing.
PAIN_JUMP = 2
#: From 4 up to severe, pain is moderate. The app's own choice, following 002
#: (relieve pain before strengthening): 0–3 is the usual "mild" band.
MODERATE_PAIN_FROM = 4
#: What moderate pain rules out: ball massage, end-range face-down stretches and
#: strength, keeping releases, bed positions and gentle stretches. Strength waits
#: for pain to ease (002); the rest is the app's own choice, because pressure and
#: end-range work are what can stir up a sore area.
MODERATE_PAIN_AVOIDS: frozenset[Demand] = frozenset({"ball_pressure", "end_range", "strength_load"})
#: What the rest plan of a *see a provider first* flag leaves out of its calm
#: positions: anything held on a stretch. 001 says to rest a strained psoas; the
#: app's own choice is to treat every stop flag the same way.
REST_PLAN_AVOIDS: frozenset[Demand] = frozenset({"stretch_hold"})
#: After a session whose re-test was this many points more painful than its test,
#: or whose discomfort rating was this high, the next plan steps back. The app's
#: own choice, using the same jump and the same severe band as above.
SESSION_PAIN_RISE = PAIN_JUMP
SESSION_DISCOMFORT_FROM = SEVERE_PAIN_FROM


def limits_of(abilities: dict[str, bool]) -> frozenset[str]:
    """The limits the person's "no" answers mean (``no_floor``, ``no_prone``,
    ``no_kneel``: :data:`psoas.catalog.vocabulary.ABILITY_LIMITS`); an ability not
    answered yet is no limit."""
    return frozenset(
        ABILITY_LIMITS[k] for k, can in abilities.items() if can is False and k in ABILITY_LIMITS
    )


#: Why a limit the person gave leaves a practice out.
LIMIT_REASONS = {
    "no_floor": "you cannot get down to the floor",
    "no_prone": "you cannot lie face down",
    "no_kneel": "you cannot kneel",
}
#: How a demand is named when a rule leaves a practice out ("nothing face down").
DEMAND_PHRASES: dict[str, str] = {
    "floor": "nothing on the floor",
    "kneel": "no kneeling",
    "face_down": "nothing face down",
    "flat_on_back": "no long spells flat on the back",
    "curl_down": "no lowering backwards from sitting",
    "end_range": "no end-range stretches",
    "stretch_hold": "nothing held on a stretch",
    "spine_extension": "no end-range back bends",
    "spine_twist": "no end-range twists",
    "roller_pressure": "no roller pressure",
    "ball_pressure": "no ball pressure",
    "belly_pressure": "nothing pressing into the belly",
    "loaded_spine": "no lifting a load through the spine",
    "squat": "no squatting under load",
    "strength_load": "no strength work",
}


@dataclass(frozen=True)
class SignRule:
    """What one noticed sign does to the plan, and where the rule comes from."""

    sign: str
    #: Demands left out while the sign is noticed.
    avoid: frozenset[Demand]
    #: Demands that stay in but lighter (shortest hold, softer pressure).
    lighten: frozenset[Demand]
    #: Why, in a few words, for the plan's notes.
    reason: str


#: Pain when squatting leaves out squats and deadlifts. 001 links squat pain to weak
#: hip flexors; leaving the loaded leg work out until it is comfortable, and the
#: deadlift with it (same hips, same load), is the app's own choice.
SQUAT_PAIN = SignRule(
    "squat_pain",
    avoid=frozenset({"squat", "loaded_spine"}),
    lighten=frozenset(),
    reason="squatting hurts",
)
#: Tenderness when pressed (001) keeps ball massage, lighter: the shortest hold and
#: less weight on the ball. The app's own choice, because pressure is what hurts.
TENDERNESS = SignRule(
    "tender",
    avoid=frozenset(),
    lighten=frozenset({"ball_pressure"}),
    reason="tender when pressed",
)
SIGN_RULES: dict[str, SignRule] = {rule.sign: rule for rule in (SQUAT_PAIN, TENDERNESS)}


@dataclass(frozen=True)
class Clearance:
    """The person's record that a provider has cleared them for one caution flag."""

    flag_id: str
    cleared_on: date
    #: Who cleared them, in their words (optional).
    by: str | None = None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready, as stored in findings and exports."""
        return {"flag": self.flag_id, "cleared_on": self.cleared_on.isoformat(), "by": self.by}


def pain_band(pain: int, previous: int | None = None) -> PainBand:
    """Severe from 7, or from 4 when 2+ points above the last rating; moderate from 4;
    else mild (see the constants above)."""
    rose = previous is not None and pain - previous >= PAIN_JUMP
    if pain >= SEVERE_PAIN_FROM or (rose and pain >= MODERATE_PAIN_FROM):
        return "severe"
    return "moderate" if pain >= MODERATE_PAIN_FROM else "mild"


def tier_of(flag_ids: Iterable[str], catalog: Catalog) -> Tier | None:
    """The most urgent tier among the flags, or None without flags."""
    tiers = {f.tier for f in _flags(flag_ids, catalog)}
    return next((t for t in ("urgent", "stop", "caution") if t in tiers), None)


def flags_of_tier(flag_ids: Iterable[str], catalog: Catalog, tier: Tier) -> list[RedFlag]:
    """The flags among ``flag_ids`` of one tier, in the order given."""
    return [f for f in _flags(flag_ids, catalog) if f.tier == tier]


#: Where to go after a *get care now* answer (general safety advice).
URGENT_ADVICE = (
    "Go to an emergency department or an urgent care service, or call your doctor now "
    "(general safety advice). psoas starts no session until you answer otherwise."
)


def urgent_message(flag_ids: Iterable[str], catalog: Catalog) -> str:
    """The one message for a *get care now* answer: what, where to go, nothing starts."""
    names = [f.name.lower() for f in flags_of_tier(flag_ids, catalog, "urgent")]
    return f"Get medical care today: {format_list(names)}. {URGENT_ADVICE}"


def session_flag(pre_pain: int | None, post_pain: int | None, discomfort: int | None) -> str | None:
    """Why a finished session is flagged, or None: the pain rose 2+ points during it,
    or the discomfort afterwards was 7 or more (see the constants above)."""
    reasons = []
    if pre_pain is not None and post_pain is not None and post_pain - pre_pain >= SESSION_PAIN_RISE:
        reasons.append(f"pain rose from {pre_pain} to {post_pain} during the session")
    if discomfort is not None and discomfort >= SESSION_DISCOMFORT_FROM:
        reasons.append(f"discomfort was {discomfort}/10 afterwards")
    return " and ".join(reasons) or None


@dataclass(frozen=True)
class Limits:
    """Tonight's safety picture, as the planner needs it."""

    flags: frozenset[str]
    cleared: frozenset[str]
    band: PainBand
    pain: int
    signs: frozenset[str]
    massage_on: bool = False
    #: What the person said they cannot do ("no_floor", "no_prone").
    unable: frozenset[str] = frozenset()
    #: The props they own; None when they have not said (every prop is assumed).
    owned: frozenset[str] | None = None

    @property
    def conditions(self) -> set[str]:
        """The red flags and limits a safer version may be meant for."""
        return set(self.flags) | set(self.unable)


def ruled_out(practice: Practice, limits: Limits, catalog: Catalog) -> str | None:
    """Why ``practice`` is left out tonight, in a few words, or None when it may stay.

    The first rule that applies gives the reason: a red flag the practice lists as a
    contraindication, then a caution flag's demands (some only until a provider
    clears the person), then moderate pain, then the signs, then massage being off.
    """
    demands = set(practice.demands)
    for limit in sorted(limits.unable):
        if LIMIT_DEMANDS.get(limit) in demands:
            return LIMIT_REASONS[limit]
    for flag in _flags(sorted(limits.flags), catalog):
        if flag.id in practice.contraindications:
            return f"not with {flag.name.lower()}"
        hit = demands & set(flag.avoid)
        if hit:
            return f"{flag.name.lower()}: {_phrase(hit)}"
        hit = demands & set(flag.avoid_until_cleared)
        if hit and flag.id not in limits.cleared:
            return f"{flag.name.lower()}: {_phrase(hit)} until {flag.cleared_by} clears you"
    if limits.band == "moderate" and demands & MODERATE_PAIN_AVOIDS:
        return f"pain {limits.pain}/10: {_phrase(demands & MODERATE_PAIN_AVOIDS)} until it eases"
    for sign in sorted(limits.signs):
        rule = SIGN_RULES.get(sign)
        if rule is not None and demands & rule.avoid:
            return rule.reason
    if practice.kind == "massage" and not limits.massage_on:
        return "ball massage is off until you turn it on"
    missing = [p for p in missing_props(practice, limits.owned, catalog) if not p.stand_in]
    if missing:
        return f"needs a {missing[0].name}, which is not among your props"
    return None


def missing_props(
    practice: Practice, owned: frozenset[str] | None, catalog: Catalog
) -> list[PropInfo]:
    """The practice's required props the person does not own (household ones never
    count as missing; nothing is missing before they have said what they own)."""
    if owned is None:
        return []
    found = [catalog.prop(p) for p in practice.props]
    return [p for p in found if p is not None and not p.household and p.id not in owned]


def stand_ins(practice: Practice, owned: frozenset[str] | None, catalog: Catalog) -> list[str]:
    """ "No yoga block: use a firm cushion, or a folded towel or blanket." for each prop
    the person lacks that has a stand-in (the app's own suggestions are labelled)."""
    lines = []
    for prop in missing_props(practice, owned, catalog):
        if prop.stand_in:
            own = " (the app's own suggestion)" if prop.general_advice else ""
            lines.append(f"No {prop.name}: use {prop.stand_in}{own}.")
    return lines


def lightened(practice: Practice, limits: Limits) -> str | None:
    """Why ``practice`` stays in but lighter tonight (a sign such as tenderness), or None."""
    for sign in sorted(limits.signs):
        rule = SIGN_RULES.get(sign)
        if rule is not None and set(practice.demands) & rule.lighten:
            return rule.reason
    return None


def massage_refusals(answers: Any, catalog: Catalog) -> list[str]:
    """The massage questions answered the unsafe way (empty: ball massage may go on).

    ``answers`` maps each of the catalog's massage-check ids to True or False; every
    check must be answered, explicitly. Raises :class:`BadInput` otherwise.
    """
    from psoas.exceptions import BadInput

    checks = catalog.massage_checks
    if not isinstance(answers, dict):
        raise BadInput("massage answers must be a JSON object of question id to true/false")
    unknown = sorted(set(answers) - {c.id for c in checks})
    if unknown:
        raise BadInput(f"massage answers: unknown question {unknown[0]!r}")
    for check in checks:
        if not isinstance(answers.get(check.id), bool):
            raise BadInput(f"massage answers: field {check.id!r} must be true or false")
    return [c.question for c in checks if answers[c.id] is not c.safe_answer]


def clearable(flag_id: str, catalog: Catalog) -> RedFlag:
    """The caution flag a provider may clear; raises :class:`BadInput` for any other."""
    from psoas.exceptions import BadInput

    flag = catalog.red_flag(flag_id)
    if flag is None or flag.cleared_by is None:
        ids = ", ".join(f.id for f in catalog.red_flags if f.cleared_by)
        raise BadInput(
            f"{flag_id!r} cannot be cleared here; only {ids} can. A flag that sends you to a "
            "provider first lifts when tonight's screen no longer has it."
        )
    return flag


def clearance_words(flag: RedFlag) -> str:
    """What recording a provider's clearance for ``flag`` changes, from the flag's own
    rules: the limits it lifts (``avoid_until_cleared``) and those that stay while the
    flag stands (``avoid``, with the safer versions), so the words never promise more
    or less than the plan does."""
    lifted = [DEMAND_PHRASES[d] for d in flag.avoid_until_cleared]
    kept = [DEMAND_PHRASES[d] for d in flag.avoid]
    said = f"lifted: {format_list(lifted)}" if lifted else "nothing waited for it"
    if kept:
        said += f"; still kept while it stands, with safer versions: {format_list(kept)}"
    return said


def when_left_out(practice: Practice, catalog: Catalog) -> list[str]:
    """When the safety rules leave ``practice`` out, in plain lines (for show pages and
    handouts), each naming the safer version used instead where there is one."""
    demands = set(practice.demands)
    lines = []
    for flag in catalog.red_flags:
        if flag.id in practice.contraindications:
            lines.append(f"Left out with {flag.name.lower()}.")
            continue
        hit, until = demands & set(flag.avoid), demands & set(flag.avoid_until_cleared)
        if not (hit or until):
            continue
        line = f"Left out with {flag.name.lower()} ({_phrase(hit or until)})"
        if not hit:
            line += f", until {flag.cleared_by} clears you"
        safer = catalog.get(practice.safer_version_for({flag.id}) or "")
        lines.append(line + (f"; instead: {safer.name.lower()}." if safer else "."))
    if demands & MODERATE_PAIN_AVOIDS:
        lines.append(f"Left out while pain is {MODERATE_PAIN_FROM}/10 or more.")
    for rule in SIGN_RULES.values():
        if demands & rule.avoid:
            lines.append(f"Left out while {rule.reason}.")
        if demands & rule.lighten:
            lines.append(f"Lighter while {rule.reason}.")
    if practice.kind == "massage":
        lines.append("Off until you turn ball massage on, after its safety questions.")
    return lines


def _phrase(demands: set[Demand] | frozenset[Demand]) -> str:
    """The first demand's phrase, in vocabulary order, so reasons are stable."""
    from psoas.catalog.vocabulary import DEMANDS

    first = next(d for d in DEMANDS if d in demands)
    return DEMAND_PHRASES[first]


def _flags(flag_ids: Iterable[str], catalog: Catalog) -> list[RedFlag]:
    return [f for f in (catalog.red_flag(i) for i in flag_ids) if f is not None]


__all__ = [
    "DEMAND_PHRASES",
    "LIMIT_REASONS",
    "MODERATE_PAIN_AVOIDS",
    "MODERATE_PAIN_FROM",
    "PAIN_JUMP",
    "REST_PLAN_AVOIDS",
    "SEVERE_PAIN_FROM",
    "SIGN_RULES",
    "URGENT_ADVICE",
    "Clearance",
    "Limits",
    "PainBand",
    "SignRule",
    "clearable",
    "clearance_words",
    "flags_of_tier",
    "lightened",
    "limits_of",
    "massage_refusals",
    "missing_props",
    "pain_band",
    "ruled_out",
    "session_flag",
    "stand_ins",
    "tier_of",
    "urgent_message",
    "when_left_out",
]
