"""The interactive self-test: one question at a time, each check explained.

Safety comes first: the red-flag questions are asked before anything physical.
The wording of every check comes from the catalog, so the terminal, the web
wizard and the docs say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from psoas.catalog.model import Catalog, Check, RedFlag
from psoas.cli.text import wrap
from psoas.core.assessment import (
    MAX_LIFT_HEIGHT_CM,
    SIGNS,
    USUAL_LIFT_HEIGHT_CM,
    Answers,
    unusually_high,
)
from psoas.core.nightly import Screen
from psoas.core.safety import urgent_message
from psoas.core.units import format_length, parse_length_cm
from psoas.exceptions import BadInput

T = TypeVar("T")
Reader = Callable[[str], str]
#: The answers that come from the physical test (None when it is not done).
TEST_FIELDS = ("thighs_lift", "thighs_flat", "back_gap", "gap_even", "ribs_stick_out")
_MARKER = re.compile(r"\s*(?:\d+\.|-|How:|!!)?\s*")

#: Which field of ``Answers`` each catalog check fills, and how its answers map.
CHECK_FIELDS: dict[str, tuple[str, dict[str, Any]]] = {
    "thighs-flat": ("thighs_flat", {"yes": True, "no": False}),
    "back-gap": ("back_gap", {"pencil": "pencil", "fingers": "fingers", "hand": "hand"}),
    "gap-even": ("gap_even", {"yes": True, "no": False}),
    "ribs-down": ("ribs_stick_out", {"yes": True, "no": False}),
}

YES = {"y", "yes"}
NO = {"n", "no"}
#: How each tier is introduced in a list of red-flag questions.
TIER_HEADINGS = {
    "urgent": "Get care today if any of these is new:",
    "stop": "See a healthcare provider first:",
    "caution": "Check with a healthcare provider (psoas uses safer versions):",
}


class UrgentCare(Exception):
    """A *get care now* answer: the message is shown and nothing else is asked."""


def _say(text: str = "") -> None:
    """Print wrapped text; list items keep a hanging indent under their marker."""
    for paragraph in text.split("\n"):
        marker = _MARKER.match(paragraph)
        prefix = marker.group(0) if marker else ""
        print(wrap(paragraph[len(prefix) :], prefix, " " * len(prefix)) if paragraph else "")


def ask(prompt: str, parse: Callable[[str], T], read: Reader = input) -> T:
    """Ask until the answer parses; end of input abandons the test."""
    while True:
        try:
            raw = read(f"{prompt} ")
        except EOFError:
            raise BadInput("the self-test was not finished, so nothing was saved") from None
        try:
            return parse(raw.strip())
        except ValueError as exc:
            print(f"  {exc}")


def yes_no(default: bool | None = None) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        lowered = text.lower()
        if lowered in YES:
            return True
        if lowered in NO:
            return False
        if not lowered and default is not None:
            return default
        raise ValueError("please answer y or n")

    return parse


def _choice(options: list[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        lowered = text.lower()
        matches = [o for o in options if o.startswith(lowered)] if lowered else []
        if len(matches) == 1:
            return matches[0]
        raise ValueError(f"please answer one of: {', '.join(options)}")

    return parse


def _pick_many(count: int, explicit: bool = False) -> Callable[[str], list[int]]:
    """Numbers from 1 to ``count``; ``explicit`` needs "none" typed, not an empty line."""

    def parse(text: str) -> list[int]:
        if explicit and not text:
            raise ValueError("type the numbers that apply, or none if nothing does")
        if text.lower() in ("", "none", "0", "n", "no"):
            return []
        picked = []
        for piece in text.replace(",", " ").split():
            if not piece.isdigit() or not 1 <= int(piece) <= count:
                raise ValueError(f"type numbers from 1 to {count}, separated by spaces, or none")
            picked.append(int(piece))
        return sorted(set(picked))

    return parse


def _pain(text: str) -> int:
    if text.isdigit() and 0 <= int(text) <= 10:
        return int(text)
    raise ValueError("type a whole number from 0 (no pain) to 10 (worst imaginable)")


def _height(text: str) -> float | None:
    """A lift height: empty when not noted; above 0 and at most what the descent can give."""
    if not text:
        return None
    value = parse_length_cm(text)
    if value <= 0:
        raise ValueError("0 means your thighs did not lift; give the height, or Enter")
    if value > MAX_LIFT_HEIGHT_CM:
        most = format_length(MAX_LIFT_HEIGHT_CM)
        raise ValueError(
            f"the descent can give at most {most} (sitting upright); check the number and unit"
        )
    return value


def ask_flags(
    catalog: Catalog, flags: list[RedFlag], read: Reader, *, short: bool = False
) -> list[RedFlag]:
    """List ``flags`` by tier, numbered, and return the ones picked ("none" must be typed).

    ``short`` shows each flag's short name (the nightly screen) instead of its question.
    A *get care now* answer raises :class:`UrgentCare` after showing the one message.
    """
    tier = None
    for n, flag in enumerate(flags, start=1):
        if flag.tier != tier:
            tier = flag.tier
            _say(f"  {TIER_HEADINGS[tier]}")
        _say(f"   {n:>2}. {flag.name if short else flag.question}")
    picked = ask(
        "Numbers that apply (e.g. 2 5), or none:", _pick_many(len(flags), explicit=True), read
    )
    chosen = [flags[n - 1] for n in picked]
    if any(flag.tier == "urgent" for flag in chosen):
        message = urgent_message([flag.id for flag in chosen], catalog)
        _say(f"\n!! {message}")
        raise UrgentCare(message)
    return chosen


def ask_answers(catalog: Catalog, read: Reader = input) -> Answers:
    """Run the whole self-test in the terminal (safety first) and return the answers.

    Raises :class:`UrgentCare` when a *get care now* answer ends it at once.
    """
    _say(
        "psoas self-test. It takes about two minutes and needs a clear patch of floor.\n"
        "Answer each question and press Enter. Ctrl+C stops without saving."
    )
    _say("\nFirst, safety. Does any of these apply to you now?")
    flags = ask_flags(catalog, catalog.asked_flags(), read)
    do_test = True
    for flag in flags:
        _say(f"\n!! {flag.name}: {flag.labelled_advice}")
    if any(flag.tier == "stop" for flag in flags):
        _say("\nWith this, psoas will plan rest only, and you should see a provider first.")
        do_test = ask("Do the gentle lying checks anyway? [y/N]", yes_no(default=False), read)

    values: dict[str, Any] = dict.fromkeys(TEST_FIELDS)
    if do_test:
        rolling = any("curl_down" in flag.avoid for flag in flags)
        values.update(ask_test(catalog, read, descent=not rolling))
    values["pain"] = ask_pain(read)

    _say("\nHave you noticed any of these?")
    facts = {f.id: f for f in catalog.background.signs}
    for n, sign in enumerate(SIGNS, start=1):
        _say(f"  {n}. {facts[sign].text}")
    picked_signs = ask("Numbers that apply, or none:", _pick_many(len(SIGNS)), read)
    values["signs"] = [SIGNS[n - 1] for n in picked_signs]
    values["red_flags"] = [flag.id for flag in flags]
    print()
    return Answers(**values)


def ask_screen(catalog: Catalog, standing: list[str], read: Reader = input) -> Screen:
    """Tonight's screen: the red flags that apply tonight and pain now.

    Conditions noted in the test (``standing``, such as pregnancy) are shown and kept;
    they change with a new self-test. Raises :class:`UrgentCare` on a *get care now*
    answer.
    """
    _say("\nTonight's check before you start (about 15 seconds).")
    noted = [f for f in (catalog.red_flag(i) for i in standing) if f is not None]
    if noted:
        names = ", ".join(f.name.lower() for f in noted)
        _say(f"Noted from your self-test, and still planned for: {names}.")
    _say("Does any of these apply tonight?")
    asked = [f for f in catalog.asked_flags() if f.id not in standing]
    flags = ask_flags(catalog, asked, read, short=True)
    pain = ask_pain(read)
    return Screen(tuple(f.id for f in flags), pain)


def ask_test(catalog: Catalog, read: Reader = input, *, descent: bool = True) -> dict[str, Any]:
    """The physical test: the descent (unless rolling down instead) and the four checks."""
    test = catalog.require("sit-to-lie-test")
    values: dict[str, Any] = {}
    if not descent:
        rolled = catalog.require("roll-down-test")
        _say("\nGetting down: roll by way of your side instead of lowering yourself backwards.")
        for n, step in enumerate(rolled.steps[:2], start=1):
            _say(f"  {n}. {step}")
        return _lying_checks(test.checks, read, values)
    _say("\nThe descent.")
    for n, step in enumerate(test.steps[:4], start=1):
        _say(f"  {n}. {step}")
    lifted = ask("Did your thighs lift off the floor as you went down? [y/n]", yes_no(), read)
    values["thighs_lift"] = lifted
    if lifted:
        height = ask(
            "How high was your back off the floor when they lifted? "
            "(e.g. 20 cm or 8 in; Enter if you did not note it)",
            _height,
            read,
        )
        if height is not None and unusually_high(height):
            usual = format_length(USUAL_LIFT_HEIGHT_CM)
            keep = ask(
                f"{format_length(height)} is above the usual {usual} at most. Keep it? [y/n]",
                yes_no(),
                read,
            )
            if not keep:
                height = ask("How high was it, then? (Enter if not noted)", _height, read)
        values["lift_height_cm"] = height
        if height is not None:
            _say(f"  Noted: {format_length(height)}.")
    return _lying_checks(test.checks, read, values)


def _lying_checks(
    checks: tuple[Check, ...], read: Reader, values: dict[str, Any]
) -> dict[str, Any]:
    _say("\nNow lie flat and relaxed for the four checks.")
    for check in checks:
        values.update(_ask_check(check, read))
        if check.id == "gap-even" and values["gap_even"] is False:
            side = ask(
                "Which side has the bigger arch? [left/right/unsure]",
                _choice(["left", "right", "unsure"]),
                read,
            )
            values["tighter_side"] = None if side == "unsure" else side
    return values


def ask_pain(read: Reader = input) -> int:
    """Pain now, on the 0–10 scale."""
    _say("\nPain now, in the hip, groin or lower back: 0 is none, 10 the worst imaginable.")
    return ask("Pain (0-10):", _pain, read)


def _ask_check(check: Check, read: Reader) -> dict[str, Any]:
    field, mapping = CHECK_FIELDS[check.id]
    _say(f"\n{check.question}")
    _say(f"  How: {check.how}")
    for answer in check.answers:
        _say(f"  - {answer.answer}: {answer.meaning}")
    options = [a.answer for a in check.answers]
    picked = ask(f"[{'/'.join(options)}]", _choice(options), read)
    return {field: mapping[picked]}


__all__ = [
    "CHECK_FIELDS",
    "TEST_FIELDS",
    "UrgentCare",
    "ask",
    "ask_answers",
    "ask_flags",
    "ask_pain",
    "ask_screen",
    "ask_test",
    "yes_no",
]
