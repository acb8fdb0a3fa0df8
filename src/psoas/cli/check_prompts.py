"""The interactive self-test: one question at a time, each check explained.

Safety comes first: the red-flag questions are asked before anything physical.
The wording of every check comes from the catalog, so the terminal, the web
wizard and the docs say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from psoas.catalog.model import Catalog, Check
from psoas.cli.text import wrap
from psoas.core.assessment import SIGNS, Answers
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


def _say(text: str = "") -> None:
    """Print wrapped text; list items keep a hanging indent under their marker."""
    for paragraph in text.split("\n"):
        marker = _MARKER.match(paragraph)
        prefix = marker.group(0) if marker else ""
        print(wrap(paragraph[len(prefix) :], prefix, " " * len(prefix)) if paragraph else "")


def _ask(prompt: str, parse: Callable[[str], T], read: Reader = input) -> T:
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


def _yes_no(default: bool | None = None) -> Callable[[str], bool]:
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


def _pick_many(count: int) -> Callable[[str], list[int]]:
    def parse(text: str) -> list[int]:
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
    if not text:
        return None
    value = parse_length_cm(text)
    if value > 100:
        raise ValueError("that is more than 100 cm (39 in); check the number and the unit")
    return value


def ask_answers(catalog: Catalog, read: Reader = input) -> Answers:
    """Run the whole self-test in the terminal (safety first) and return the answers."""
    _say(
        "psoas self-test. It takes about two minutes and needs a clear patch of floor.\n"
        "Answer each question and press Enter. Ctrl+C stops without saving."
    )
    _say("\nFirst, safety. Do any of these apply to you now?")
    for n, flag in enumerate(catalog.red_flags, start=1):
        _say(f"  {n}. {flag.question}")
    picked = _ask(
        "Numbers that apply (e.g. 2 5), or none:", _pick_many(len(catalog.red_flags)), read
    )
    flags = [catalog.red_flags[n - 1] for n in picked]
    do_test = True
    for flag in flags:
        _say(f"\n!! {flag.name}: {flag.advice}")
    if any(flag.level == "stop" for flag in flags):
        _say("\nWith this, psoas will plan rest only, and you should see a provider first.")
        do_test = _ask("Do the gentle lying checks anyway? [y/N]", _yes_no(default=False), read)

    values: dict[str, Any] = dict.fromkeys(TEST_FIELDS)
    if do_test:
        values.update(ask_test(catalog, read))
    values["pain"] = ask_pain(read)

    _say("\nHave you noticed any of these?")
    facts = {f.id: f for f in catalog.background.signs}
    for n, sign in enumerate(SIGNS, start=1):
        _say(f"  {n}. {facts[sign].text}")
    picked_signs = _ask("Numbers that apply, or none:", _pick_many(len(SIGNS)), read)
    values["signs"] = [SIGNS[n - 1] for n in picked_signs]
    values["red_flags"] = [flag.id for flag in flags]
    print()
    return Answers(**values)


def ask_test(catalog: Catalog, read: Reader = input) -> dict[str, Any]:
    """The physical test only: the descent and the four lying checks."""
    test = catalog.require("sit-to-lie-test")
    values: dict[str, Any] = {}
    _say("\nThe descent.")
    for n, step in enumerate(test.steps[:4], start=1):
        _say(f"  {n}. {step}")
    lifted = _ask("Did your thighs lift off the floor as you went down? [y/n]", _yes_no(), read)
    values["thighs_lift"] = lifted
    if lifted:
        height = _ask(
            "How high was your back off the floor when they lifted? "
            "(e.g. 20 cm or 8 in; Enter if you did not note it)",
            _height,
            read,
        )
        values["lift_height_cm"] = height
        if height is not None:
            _say(f"  Noted: {format_length(height)}.")
    _say("\nNow lie flat and relaxed for the four checks.")
    for check in test.checks:
        values.update(_ask_check(check, read))
        if check.id == "gap-even" and values["gap_even"] is False:
            side = _ask(
                "Which side has the bigger arch? [left/right/unsure]",
                _choice(["left", "right", "unsure"]),
                read,
            )
            values["tighter_side"] = None if side == "unsure" else side
    return values


def ask_pain(read: Reader = input) -> int:
    """Pain now, on the 0–10 scale."""
    _say("\nPain now, in the hip, groin or lower back: 0 is none, 10 the worst imaginable.")
    return _ask("Pain (0-10):", _pain, read)


def _ask_check(check: Check, read: Reader) -> dict[str, Any]:
    field, mapping = CHECK_FIELDS[check.id]
    _say(f"\n{check.question}")
    _say(f"  How: {check.how}")
    for answer in check.answers:
        _say(f"  - {answer.answer}: {answer.meaning}")
    options = [a.answer for a in check.answers]
    picked = _ask(f"[{'/'.join(options)}]", _choice(options), read)
    return {field: mapping[picked]}


__all__ = ["CHECK_FIELDS", "TEST_FIELDS", "ask_answers", "ask_pain", "ask_test"]
