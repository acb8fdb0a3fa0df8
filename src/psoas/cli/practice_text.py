"""Practices as text for a terminal: numbered steps, hold, props, cautions, sources."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

from psoas.catalog.model import Catalog, Practice
from psoas.core.units import format_duration, format_length_range


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 24)).columns))


def _wrapped(text: str, indent: str, hanging: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=_width(),
        initial_indent=indent,
        subsequent_indent=hanging if hanging is not None else indent,
    )


def _list(items: Iterable[str], bullet: str = "- ") -> list[str]:
    return [_wrapped(item, "  " + bullet, "  " + " " * len(bullet)) for item in items]


def hold_text(practice: Practice) -> str:
    """``10 min (at least 5 min)``; ``45 s each side``; ``at least 5 min``."""
    hold = practice.hold
    text = format_duration(hold.default_s) + (" each side" if practice.per_side else "")
    if hold.min_s == hold.default_s:
        return f"at least {text}"
    if hold.min_s:
        text += f" (at least {format_duration(hold.min_s)})"
    return text


def practice_text(practice: Practice, catalog: Catalog) -> str:
    """The whole practice, readable in a terminal."""
    lines = [f"{practice.name}  [{practice.kind}: {practice.id}]", _wrapped(practice.purpose, "")]
    lines += ["", "Steps"]
    lines += [
        _wrapped(step, f"  {n:>2}. ", "      ") for n, step in enumerate(practice.steps, start=1)
    ]
    lines += ["", _wrapped("Cues:  " + "  ·  ".join(practice.cues), "", "       ")]
    lines.append(f"Hold:  {hold_text(practice)}")
    if practice.bolster_height is not None:
        height = practice.bolster_height
        lines.append(
            "Bolster height:  your height from the self-test, or start at "
            + format_length_range(height.min_cm, height.max_cm)
        )
    props = ", ".join(practice.props) or "none"
    if practice.optional_props:
        props += f"; optional: {', '.join(practice.optional_props)}"
    lines.append(f"Props:  {props}")
    if practice.frequency:
        lines.append(f"How often:  {practice.frequency}")
    for check in practice.checks:
        lines += ["", _wrapped(f"Check {check.id}: {check.question}", "")]
        lines.append(_wrapped(f"How: {check.how}", "  "))
        lines += _list(f"{a.answer}: {a.meaning}" for a in check.answers)
    if practice.rationale:
        lines += ["", "Why", *_list(practice.rationale)]
    cautions = list(practice.cautions)
    for flag_id in practice.contraindications:
        flag = catalog.red_flag(flag_id)
        cautions.append(f"Left out with {flag.name.lower() if flag else flag_id}.")
    if cautions:
        lines += ["", "Cautions", *_list(cautions)]
    lines += ["", f"Sources:  articles {', '.join(practice.sources)}"]
    return "\n".join(lines) + "\n"


def catalog_text(catalog: Catalog, practices: list[Practice], with_safety: bool) -> str:
    """A table of practices grouped by kind, then the red flags and background facts."""
    lines: list[str] = []
    kind = None
    id_width = max((len(p.id) for p in practices), default=10)
    for practice in practices:
        if practice.kind != kind:
            kind = practice.kind
            lines += ["", kind.upper()] if lines else [kind.upper()]
        lines.append(
            f"  {practice.id:<{id_width}}  {practice.name:<32} {hold_text(practice):<34} "
            f"{', '.join(practice.sources)}"
        )
    if with_safety:
        lines += ["", "RED FLAGS (see a healthcare provider first)"]
        for flag in catalog.red_flags:
            label = ", ".join(flag.sources) if flag.sources else "general safety advice"
            lines.append(f"  {flag.id:<{id_width}}  {flag.name:<32} {flag.level:<34} {label}")
        background = catalog.background
        for title, facts in (
            ("SIGNS OF A TIGHT PSOAS", background.signs),
            ("WHERE IT HURTS", background.pain_areas),
            ("COMMON CAUSES", background.causes),
        ):
            lines += ["", title]
            lines += _list(f"{f.text} ({', '.join(f.sources)})" for f in facts)
        lines += ["", "Show one practice with: psoas show ID"]
    return "\n".join(lines) + "\n"
