"""Practices as text for a terminal: numbered steps, hold, props, cautions, sources."""

from __future__ import annotations

from psoas.catalog.model import Catalog, Practice
from psoas.cli.text import bullets, wrap
from psoas.core.units import format_duration, format_length_range


def hold_text(practice: Practice) -> str:
    """``10 min (at least 5 min)``; ``45 s each side``; ``at least 5 min``."""
    hold = practice.hold
    text = format_duration(hold.default_s) + (" each side" if practice.per_side else "")
    if hold.min_s == hold.default_s:
        return f"at least {text}"
    if hold.min_s:
        text += f" (at least {format_duration(hold.min_s)})"
    return text


def psoas_length_text(practice: Practice) -> str:
    """``Psoas length: about +5 % vs standing (sitting: -28 %)``."""
    from psoas.core.psoas_length import practice_length, sitting_change_percent

    change = practice_length(practice).change_percent
    compared = f"about {change:+d} % vs standing" if change else "about the same as standing"
    return (
        f"Psoas length:  {compared} in this position "
        f"(sitting: {sitting_change_percent():+d} %; a model estimate)"
    )


def practice_text(practice: Practice, catalog: Catalog) -> str:
    """The whole practice, readable in a terminal."""
    from psoas.core.safety import when_left_out

    lines = [f"{practice.name}  [{practice.kind}: {practice.id}]", wrap(practice.purpose, "")]
    if practice.general_safety_advice:
        lines.append("(General safety advice: a safer version adapted from the articles.)")
    lines += ["", "Steps"]
    lines += [wrap(step, f"  {n:>2}. ", "      ") for n, step in enumerate(practice.steps, start=1)]
    lines += ["", wrap("Cues:  " + "  ·  ".join(practice.cues), "", "       ")]
    if practice.feel:
        lines.append(wrap(f"Feel:  {practice.feel}", "", "       "))
    if practice.stop_if:
        lines.append(wrap(f"Safety:  {practice.stop_if} (general safety advice)", "", "         "))
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
    lines.append(
        wrap("Figure:  " + " → ".join(f.caption for f in practice.figures), "", "         ")
    )
    lines.append(psoas_length_text(practice))
    for check in practice.checks:
        lines += ["", wrap(f"Check {check.id}: {check.question}", "")]
        lines.append(wrap(f"How: {check.how}", "  "))
        lines += bullets(f"{a.answer}: {a.meaning}" for a in check.answers)
    if practice.rationale:
        lines += ["", "Why", *bullets(practice.rationale)]
    cautions = list(practice.cautions) + when_left_out(practice, catalog)
    if cautions:
        lines += ["", "Cautions", *bullets(cautions)]
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
        lines += [
            "",
            "RED FLAGS (urgent: get care now; stop: see a provider first; caution: "
            "check with a provider, safer versions meanwhile)",
        ]
        for flag in catalog.red_flags:
            label = ", ".join(flag.sources) if flag.sources else "general safety advice"
            lines.append(f"  {flag.id:<{id_width}}  {flag.tier:<8} {flag.name} ({label})")
        background = catalog.background
        for title, facts in (
            ("SIGNS OF A TIGHT PSOAS", background.signs),
            ("WHERE IT HURTS", background.pain_areas),
            ("COMMON CAUSES", background.causes),
        ):
            lines += ["", title]
            lines += bullets(f"{f.text} ({', '.join(f.sources)})" for f in facts)
        lines += ["", "Show one practice with: psoas show ID"]
    return "\n".join(lines) + "\n"
