"""The catalog's safety types: red flags in tiers, the questions asked before ball
massage, and the props (with their stand-ins) that plans check against.

Plain frozen dataclasses, validated by pydantic from the data files like the rest
of :mod:`.model`.
"""

from __future__ import annotations

from dataclasses import dataclass

from psoas.catalog.checks import CONFIG as _CONFIG
from psoas.catalog.checks import GENERAL_ADVICE_LABEL, require_attribution, require_texts
from psoas.catalog.vocabulary import Demand, Prop, RedFlagId, SourceId, Tier


@dataclass(frozen=True)
class RedFlag:
    """A reason to change the plan and see a healthcare provider, at one of three tiers."""

    __pydantic_config__ = _CONFIG

    id: RedFlagId
    #: A short name that works as a checklist line ("A recent fall or blow").
    name: str
    #: ``urgent``: get care now, start nothing; ``stop``: see a provider first, rest
    #: positions only; ``caution``: check with a provider, safer versions meanwhile.
    tier: Tier
    #: What to do, without the "general safety advice" label (shells add it once).
    advice: str
    #: The question, asking one thing; None when the flag is never asked but worked
    #: out from other answers (severe pain comes from the 0–10 rating).
    question: str | None = None
    sources: tuple[SourceId, ...] = ()
    #: True when the advice is general safety advice rather than from an article.
    general_safety_advice: bool = False
    #: Demands ruled out while the flag stands (caution flags).
    avoid: tuple[Demand, ...] = ()
    #: Demands ruled out until the person records that a provider has cleared them.
    avoid_until_cleared: tuple[Demand, ...] = ()
    #: Who clears it, as the person would say it ("your midwife or doctor").
    cleared_by: str | None = None

    def __post_init__(self) -> None:
        require_texts("red flag", [self.name, self.advice])
        if self.question is not None:
            require_texts("question", [self.question])
        require_attribution("a red flag", self.sources, self.general_safety_advice)
        if self.advice.lower().startswith(GENERAL_ADVICE_LABEL.lower()):
            raise ValueError("advice must not carry the label itself; set general_safety_advice")
        rules = self.avoid or self.avoid_until_cleared or self.cleared_by
        if rules and self.tier != "caution":
            raise ValueError("only a caution flag has avoid rules and clearance")
        if self.avoid_until_cleared and not self.cleared_by:
            raise ValueError("avoid_until_cleared needs cleared_by")

    @property
    def asked(self) -> bool:
        """True when the person is asked this flag (not worked out from other answers)."""
        return self.question is not None

    @property
    def labelled_advice(self) -> str:
        """The advice, labelled once, at its end, as general safety advice when it is."""
        if self.general_safety_advice:
            return f"{self.advice.rstrip('.')} ({GENERAL_ADVICE_LABEL.lower()})."
        return self.advice


@dataclass(frozen=True)
class PropInfo:
    """A prop: what it is called, whether every home has it, and what can stand in."""

    __pydantic_config__ = _CONFIG

    id: Prop
    name: str
    #: Every home has one (pillows, a blanket, a chair): never asked about.
    household: bool = False
    #: What to use instead when the person does not own it, or None.
    stand_in: str | None = None
    sources: tuple[SourceId, ...] = ()
    #: True when the stand-in is the app's own suggestion rather than an article's.
    general_advice: bool = False

    def __post_init__(self) -> None:
        require_texts("prop", [self.name])
        if self.stand_in is not None:
            require_texts("stand_in", [self.stand_in])
            require_attribution("a stand-in", self.sources, self.general_advice, "general_advice")


@dataclass(frozen=True)
class MassageCheck:
    """A question asked before ball massage is turned on; another answer keeps it off."""

    __pydantic_config__ = _CONFIG

    id: str
    question: str
    #: The answer that lets ball massage go ahead.
    safe_answer: bool
    sources: tuple[SourceId, ...] = ()
    general_safety_advice: bool = False

    def __post_init__(self) -> None:
        require_texts("question", [self.question])
        require_attribution("a massage check", self.sources, self.general_safety_advice)


__all__ = ["MassageCheck", "PropInfo", "RedFlag"]
