"""The catalog's types: practices, red flags, signs and causes.

These are plain frozen dataclasses so that the rest of the program can use them
without importing a validation library. :mod:`psoas.catalog.loader` validates the
data files into them with pydantic, which checks every field's type and runs the
``__post_init__`` checks below (lengths, ranges, id spelling, cross-field rules).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from psoas.catalog.lookup import suggest_ids
from psoas.catalog.vocabulary import (
    KINDS,
    PROPS,
    RED_FLAG_IDS,
    Intensity,
    Kind,
    Landmark,
    Prop,
    RedFlagId,
    Setting,
    SourceId,
)
from psoas.exceptions import UnknownPractice

#: Longest cue: it is read from the floor at arm's length, a few words at most.
CUE_MAX_CHARS = 60
#: Shortest sentence-like text (names, steps, meanings).
TEXT_MIN_CHARS = 3

_CONFIG = {"extra": "forbid"}


def _require_kebab_case(value: str, what: str) -> None:
    parts = value.split("-")
    if not all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts):
        raise ValueError(f"{what} {value!r} must be kebab-case (lower-case words joined by '-')")


def _require_texts(
    field_name: str, values: tuple[str, ...] | list[str], max_chars: int = 0
) -> None:
    for index, value in enumerate(values):
        if len(value.strip()) < TEXT_MIN_CHARS:
            raise ValueError(f"{field_name}[{index}] is empty or too short")
        if max_chars and len(value) > max_chars:
            raise ValueError(
                f"{field_name}[{index}] has {len(value)} characters; keep it to {max_chars}"
            )


def _require_nonempty(**fields: tuple[object, ...]) -> None:
    for name, values in fields.items():
        if not values:
            raise ValueError(f"{name} needs at least one entry")


def _require_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {value}")


def to_data(item: Any) -> Any:
    """A catalog dataclass as JSON-ready data: dicts, lists and scalars only."""
    return _lists(asdict(item))


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


@dataclass(frozen=True)
class Hold:
    """How long a practice lasts, in seconds (per side when the practice is per side)."""

    __pydantic_config__ = _CONFIG

    default_s: int
    min_s: int

    def __post_init__(self) -> None:
        _require_range("default_s", self.default_s, 1, 3600)
        _require_range("min_s", self.min_s, 0, 3600)
        if self.min_s > self.default_s:
            raise ValueError("min_s must not be longer than default_s")


@dataclass(frozen=True)
class HeightRange:
    """A range of heights in centimetres (the bolster's starting height)."""

    __pydantic_config__ = _CONFIG

    min_cm: float
    max_cm: float

    def __post_init__(self) -> None:
        _require_range("min_cm", self.min_cm, 0, 100)
        _require_range("max_cm", self.max_cm, 0, 100)
        if self.min_cm > self.max_cm:
            raise ValueError("min_cm must not be above max_cm")


@dataclass(frozen=True)
class FigurePose:
    """Joint angles of a side-view figure, in degrees (see :mod:`psoas.core.body`).

    ``*_far`` angles are for the limb further from the viewer when it differs.
    """

    __pydantic_config__ = _CONFIG

    tilt: float = 0.0
    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    lumbar: float = 0.0
    thorax: float = 0.0
    neck: float = 0.0
    shoulder: float = 0.0
    elbow: float = 0.0
    hip_far: float | None = None
    knee_far: float | None = None
    ankle_far: float | None = None
    shoulder_far: float | None = None
    elbow_far: float | None = None

    def __post_init__(self) -> None:
        _require_range("tilt", self.tilt, -180, 180)
        for name in ("hip", "hip_far"):
            value = getattr(self, name)
            if value is not None:
                _require_range(name, value, -40, 150)
        for name in ("knee", "knee_far"):
            value = getattr(self, name)
            if value is not None:
                _require_range(name, value, 0, 160)
        _require_range("lumbar", self.lumbar, -60, 45)


@dataclass(frozen=True)
class FigureProp:
    """A prop in a figure, placed against a body landmark."""

    __pydantic_config__ = _CONFIG

    kind: Prop
    at: Landmark


@dataclass(frozen=True)
class Figure:
    """One keyframe of a practice: a pose, its props, a caption."""

    __pydantic_config__ = _CONFIG

    caption: str
    pose: FigurePose
    props: tuple[FigureProp, ...] = ()
    #: Which side is the near (highlighted) leg, for per-side practices.
    side: Literal["left", "right"] | None = None
    #: Raise the upper back onto the bolster at the person's bolster height.
    fit_bolster: bool = False
    #: ``side``: seen from the side, on the floor; ``above``: seen from above (side-lying).
    view: Literal["side", "above"] = "side"

    def __post_init__(self) -> None:
        _require_texts("caption", [self.caption])
        if self.fit_bolster and not any(p.kind == "bolster" for p in self.props):
            raise ValueError("fit_bolster needs a bolster in the figure's props")


@dataclass(frozen=True)
class Answer:
    """One possible answer to a check, and what it means."""

    __pydantic_config__ = _CONFIG

    answer: str
    meaning: str
    #: The test pattern this answer points to, if any.
    pattern: str | None = None

    def __post_init__(self) -> None:
        _require_texts("meaning", [self.meaning])


@dataclass(frozen=True)
class Check:
    """One observation of the self-test (for example: are the thighs flat?)."""

    __pydantic_config__ = _CONFIG

    id: str
    question: str
    how: str
    answers: tuple[Answer, ...]
    sources: tuple[SourceId, ...]
    #: What the check looks like when it shows a tight psoas.
    figure: Figure | None = None

    def __post_init__(self) -> None:
        _require_kebab_case(self.id, "check id")
        _require_texts("question", [self.question, self.how])
        _require_nonempty(sources=self.sources)
        if len(self.answers) < 2:
            raise ValueError("a check needs at least two answers")


@dataclass(frozen=True)
class Pattern:
    """A way tight psoas muscles show up in the test."""

    __pydantic_config__ = _CONFIG

    id: str
    name: str
    meaning: str
    sources: tuple[SourceId, ...]

    def __post_init__(self) -> None:
        _require_texts("pattern", [self.name, self.meaning])
        _require_nonempty(sources=self.sources)


@dataclass(frozen=True)
class Practice:
    """One thing a person does: a test, release, massage, stretch, position, strength or habit."""

    __pydantic_config__ = _CONFIG

    id: str
    name: str
    kind: Kind
    purpose: str
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    hold: Hold
    per_side: bool
    setting: Setting
    intensity: Intensity
    sources: tuple[SourceId, ...]
    #: Keyframes of the position, drawn from the body model.
    figures: tuple[Figure, ...]
    props: tuple[Prop, ...] = ()
    optional_props: tuple[Prop, ...] = ()
    cautions: tuple[str, ...] = ()
    #: Red flags that rule this practice out; the planner drops it when one is present.
    contraindications: tuple[RedFlagId, ...] = ()
    #: Lies face down (ruled out in pregnancy).
    prone: bool = False
    #: Starting bolster height when the test gives none (bolster release only).
    bolster_height: HeightRange | None = None
    #: The self-test's checks and patterns (tests only).
    checks: tuple[Check, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    #: Why the practice works, where a source explains it.
    rationale: tuple[str, ...] = ()
    frequency: str | None = None

    def __post_init__(self) -> None:
        _require_kebab_case(self.id, "practice id")
        _require_nonempty(
            steps=self.steps, cues=self.cues, sources=self.sources, figures=self.figures
        )
        _require_texts("name", [self.name, self.purpose])
        _require_texts("steps", self.steps)
        _require_texts("cues", self.cues, max_chars=CUE_MAX_CHARS)
        _require_texts("cautions", self.cautions)
        _require_texts("rationale", self.rationale)
        if len(set(self.sources)) != len(self.sources):
            raise ValueError("sources must not repeat")
        if set(self.props) & set(self.optional_props):
            raise ValueError("a prop cannot be both required and optional")
        if (self.checks or self.patterns) and self.kind != "test":
            raise ValueError("only a test can have checks and patterns")
        if self.bolster_height is not None and "bolster" not in self.props:
            raise ValueError("bolster_height needs 'bolster' in props")
        drawn = {prop.kind for figure in self.figures for prop in figure.props}
        unlisted = sorted(drawn - set(self.all_props))
        if unlisted:
            raise ValueError(f"figures draw props the practice does not list: {unlisted}")

    @property
    def all_props(self) -> tuple[Prop, ...]:
        """Required props first, then the optional ones."""
        return self.props + self.optional_props


@dataclass(frozen=True)
class RedFlag:
    """A reason to change the plan and see a healthcare provider first."""

    __pydantic_config__ = _CONFIG

    id: RedFlagId
    name: str
    question: str
    #: ``stop``: only rest and gentle positions; ``caution``: drop what it rules out.
    level: Literal["stop", "caution"]
    advice: str
    sources: tuple[SourceId, ...] = ()
    #: True when the advice is general safety advice rather than from an article.
    general_safety_advice: bool = False

    def __post_init__(self) -> None:
        _require_texts("red flag", [self.name, self.question, self.advice])
        if not self.sources and not self.general_safety_advice:
            raise ValueError("a red flag needs source ids or general_safety_advice = true")


@dataclass(frozen=True)
class Fact:
    """A sign, cause or pain area of a tight psoas, with its sources."""

    __pydantic_config__ = _CONFIG

    id: str
    text: str
    sources: tuple[SourceId, ...]

    def __post_init__(self) -> None:
        _require_kebab_case(self.id.replace("_", "-"), "fact id")
        _require_texts("text", [self.text])
        _require_nonempty(sources=self.sources)


@dataclass(frozen=True)
class Background:
    """What the articles say about noticing and explaining a tight psoas."""

    __pydantic_config__ = _CONFIG

    signs: tuple[Fact, ...]
    pain_areas: tuple[Fact, ...]
    causes: tuple[Fact, ...]

    def __post_init__(self) -> None:
        _require_nonempty(signs=self.signs, pain_areas=self.pain_areas, causes=self.causes)


@dataclass(frozen=True, repr=False)
class Catalog:
    """Every practice, red flag and background fact, looked up by id."""

    practices: tuple[Practice, ...]
    red_flags: tuple[RedFlag, ...]
    background: Background
    _by_id: dict[str, Practice] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.practices})

    def get(self, practice_id: str) -> Practice | None:
        """The practice with this id, or None."""
        return self._by_id.get(practice_id)

    def __repr__(self) -> str:
        return f"<Catalog of {len(self.practices)} practices, {len(self.red_flags)} red flags>"

    def require(self, practice_id: str) -> Practice:
        """The practice with this id; raises :class:`UnknownPractice` with close matches."""
        practice = self._by_id.get(practice_id)
        if practice is None:
            raise UnknownPractice(practice_id, suggest_ids(practice_id, self._by_id))
        return practice

    def ids(self) -> list[str]:
        """Every practice id, in catalog order."""
        return [p.id for p in self.practices]

    def of_kind(self, kind: Kind) -> list[Practice]:
        """The practices of one kind, in catalog order."""
        return [p for p in self.practices if p.kind == kind]

    def as_data(self) -> dict[str, Any]:
        """The whole catalog as JSON-ready data (what ``psoas catalog --json`` prints)."""
        return {
            "practices": [to_data(p) for p in self.practices],
            "red_flags": [to_data(f) for f in self.red_flags],
            "background": to_data(self.background),
        }

    def red_flag(self, flag_id: str) -> RedFlag | None:
        """The red flag with this id, or None."""
        return next((f for f in self.red_flags if f.id == flag_id), None)


__all__ = [
    "KINDS",
    "PROPS",
    "RED_FLAG_IDS",
    "Answer",
    "Background",
    "Catalog",
    "Check",
    "Fact",
    "Figure",
    "FigurePose",
    "FigureProp",
    "HeightRange",
    "Hold",
    "Kind",
    "Pattern",
    "Practice",
    "Prop",
    "RedFlag",
    "RedFlagId",
]
