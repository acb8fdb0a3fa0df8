"""The catalog's types: practices, red flags, signs and causes.

These are plain frozen dataclasses so that the rest of the program can use them
without importing a validation library. :mod:`psoas.catalog.loader` validates the
data files into them with pydantic, which checks every field's type and runs the
``__post_init__`` checks below (lengths, ranges, id spelling, cross-field rules).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from psoas.catalog.checks import (
    CONFIG as _CONFIG,
)
from psoas.catalog.checks import (
    CUE_MAX_CHARS,
    GENERAL_ADVICE_LABEL,
    SENSATION_MAX_CHARS,
    require_kebab_case,
    require_nonempty,
    require_range,
    require_texts,
)
from psoas.catalog.lookup import suggest_ids
from psoas.catalog.safety_model import MassageCheck, PropInfo, RedFlag
from psoas.catalog.vocabulary import (
    KINDS,
    PROPS,
    RED_FLAG_IDS,
    Demand,
    Intensity,
    Kind,
    Landmark,
    Limit,
    Prop,
    RedFlagId,
    Setting,
    SourceId,
    Tier,
)
from psoas.exceptions import UnknownPractice


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
        require_range("default_s", self.default_s, 1, 3600)
        require_range("min_s", self.min_s, 0, 3600)
        if self.min_s > self.default_s:
            raise ValueError("min_s must not be longer than default_s")


@dataclass(frozen=True)
class HeightRange:
    """A range of heights in centimetres (the bolster's starting height)."""

    __pydantic_config__ = _CONFIG

    min_cm: float
    max_cm: float

    def __post_init__(self) -> None:
        require_range("min_cm", self.min_cm, 0, 100)
        require_range("max_cm", self.max_cm, 0, 100)
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
    #: The hand bent back from the forearm (a palm flat on the floor is about 80°).
    wrist: float = 0.0
    #: Both arms out to the sides at shoulder height, resting on the floor: seen from
    #: the side they point at the viewer, so each is drawn end-on at the shoulder.
    arms_out: bool = False

    def __post_init__(self) -> None:
        require_range("tilt", self.tilt, -180, 180)
        for name in ("hip", "hip_far"):
            value = getattr(self, name)
            if value is not None:
                require_range(name, value, -40, 150)
        for name in ("knee", "knee_far"):
            value = getattr(self, name)
            if value is not None:
                require_range(name, value, 0, 160)
        require_range("lumbar", self.lumbar, -60, 45)


_PROP_WORDS = {"bolster", "block", "pillow", "foam_roller", "lacrosse_ball", "chair", "blanket"}


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
    #: What the body touches, each "PART on SUPPORT" (the floor, a prop of the figure or
    #: another part): the pose is solved so each holds (:mod:`psoas.core.posing`).
    contacts: tuple[str, ...] = ()
    #: The joints the solver may move to meet the contacts; the rest keep ``pose``.
    free: tuple[str, ...] = ()
    #: ``side``: seen from the side, on the floor; ``above``: seen from the ceiling, for
    #: a person lying on their side (the floor is the page, so nothing rests on a line).
    view: Literal["side", "above"] = "side"

    def __post_init__(self) -> None:
        require_texts("caption", [self.caption])
        kinds = {p.kind for p in self.props}
        for contact in self.contacts:
            part, on, support = contact.partition(" on ")
            if not on or not part.strip() or not support.strip():
                raise ValueError(f"a contact reads 'PART on SUPPORT', not {contact!r}")
            if support.strip().replace("-", "_") in _PROP_WORDS and support.strip() not in kinds:
                raise ValueError(f"contact {contact!r} names a prop the figure does not have")
        joints = {f.name for f in fields(FigurePose)}
        for name in self.free:
            if name not in joints:
                raise ValueError(f"free joint {name!r} is not one of {', '.join(sorted(joints))}")


@dataclass(frozen=True)
class Answer:
    """One possible answer to a check, and what it means."""

    __pydantic_config__ = _CONFIG

    answer: str
    meaning: str
    #: The test pattern this answer points to, if any.
    pattern: str | None = None

    def __post_init__(self) -> None:
        require_texts("meaning", [self.meaning])


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
        require_kebab_case(self.id, "check id")
        require_texts("question", [self.question, self.how])
        require_nonempty(sources=self.sources)
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
        require_texts("pattern", [self.name, self.meaning])
        require_nonempty(sources=self.sources)


@dataclass(frozen=True)
class SaferVersion:
    """Another practice to do instead of this one while one of ``when`` applies: a red
    flag, or a limit the person has given (cannot get down to the floor, and so on)."""

    __pydantic_config__ = _CONFIG

    when: tuple[RedFlagId | Limit, ...]
    use: str

    def __post_init__(self) -> None:
        require_nonempty(when=self.when)
        require_kebab_case(self.use, "safer version")


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
    #: What the practice asks of the body; the safety rules name demands they rule out.
    demands: tuple[Demand, ...] = ()
    #: What to do instead while a red flag rules this practice out.
    safer_versions: tuple[SaferVersion, ...] = ()
    #: What the person should feel, in one line ("a gentle pull at the front of the hip").
    feel: str | None = None
    #: When to stop, in one line; always general safety advice.
    stop_if: str | None = None
    #: True when the practice as a whole is general safety advice (a safer version
    #: adapted from an article's practice), not the article's own practice.
    general_safety_advice: bool = False
    #: Only ever planned in place of another practice, as its safer version.
    safer_version_only: bool = False
    #: Starting bolster height when the test gives none (bolster release only).
    bolster_height: HeightRange | None = None
    #: How a strength practice is dosed, as its steps describe it: ``reps`` (sets of
    #: repetitions that build week by week) or ``time`` (done for its hold, like a brisk
    #: walk). Other kinds are always held for a time.
    dosed_in: Literal["reps", "time"] = "time"
    #: The self-test's checks and patterns (tests only).
    checks: tuple[Check, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    #: Why the practice works, where a source explains it.
    rationale: tuple[str, ...] = ()
    frequency: str | None = None

    def __post_init__(self) -> None:
        require_kebab_case(self.id, "practice id")
        require_nonempty(
            steps=self.steps, cues=self.cues, sources=self.sources, figures=self.figures
        )
        require_texts("name", [self.name, self.purpose])
        require_texts("steps", self.steps)
        require_texts("cues", self.cues, max_chars=CUE_MAX_CHARS)
        require_texts("cautions", self.cautions)
        require_texts("rationale", self.rationale)
        if len(set(self.sources)) != len(self.sources):
            raise ValueError("sources must not repeat")
        if set(self.props) & set(self.optional_props):
            raise ValueError("a prop cannot be both required and optional")
        if (self.checks or self.patterns) and self.kind != "test":
            raise ValueError("only a test can have checks and patterns")
        if self.bolster_height is not None and "bolster" not in self.props:
            raise ValueError("bolster_height needs 'bolster' in props")
        if self.kind != "habit" and (self.feel is None or self.stop_if is None):
            raise ValueError("every practice but a habit says what to feel and when to stop")
        sensations = [t for t in (self.feel, self.stop_if) if t is not None]
        require_texts("feel and stop_if", sensations, max_chars=SENSATION_MAX_CHARS)
        if len(set(self.demands)) != len(self.demands):
            raise ValueError("demands must not repeat")
        if any(v.use == self.id for v in self.safer_versions):
            raise ValueError("a practice cannot be its own safer version")
        drawn = {prop.kind for figure in self.figures for prop in figure.props}
        unlisted = sorted(drawn - set(self.all_props))
        if unlisted:
            raise ValueError(f"figures draw props the practice does not list: {unlisted}")

    @property
    def all_props(self) -> tuple[Prop, ...]:
        """Required props first, then the optional ones."""
        return self.props + self.optional_props

    @property
    def prone(self) -> bool:
        """True when the practice is done lying face down."""
        return "face_down" in self.demands

    def safer_version_for(self, flags: set[str]) -> str | None:
        """The id of the first safer version meant for one of ``flags``, if any."""
        return next((v.use for v in self.safer_versions if flags & set(v.when)), None)


@dataclass(frozen=True)
class Fact:
    """A sign, cause or pain area of a tight psoas, with its sources."""

    __pydantic_config__ = _CONFIG

    id: str
    text: str
    sources: tuple[SourceId, ...]

    def __post_init__(self) -> None:
        require_kebab_case(self.id.replace("_", "-"), "fact id")
        require_texts("text", [self.text])
        require_nonempty(sources=self.sources)


@dataclass(frozen=True)
class Background:
    """What the articles say about noticing and explaining a tight psoas."""

    __pydantic_config__ = _CONFIG

    signs: tuple[Fact, ...]
    pain_areas: tuple[Fact, ...]
    causes: tuple[Fact, ...]

    def __post_init__(self) -> None:
        require_nonempty(signs=self.signs, pain_areas=self.pain_areas, causes=self.causes)


@dataclass(frozen=True, repr=False)
class Catalog:
    """Every practice, red flag and background fact, looked up by id."""

    practices: tuple[Practice, ...]
    red_flags: tuple[RedFlag, ...]
    background: Background
    massage_checks: tuple[MassageCheck, ...] = ()
    props: tuple[PropInfo, ...] = ()
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
            "massage_checks": [to_data(c) for c in self.massage_checks],
            "props": [to_data(p) for p in self.props],
            "background": to_data(self.background),
        }

    def red_flag(self, flag_id: str) -> RedFlag | None:
        """The red flag with this id, or None."""
        return next((f for f in self.red_flags if f.id == flag_id), None)

    def prop(self, prop_id: str) -> PropInfo | None:
        """What the catalog says of a prop, or None."""
        return next((p for p in self.props if p.id == prop_id), None)

    def flags_of_tier(self, tier: Tier) -> list[RedFlag]:
        """The red flags of one tier, in catalog order."""
        return [f for f in self.red_flags if f.tier == tier]

    def asked_flags(self) -> list[RedFlag]:
        """The red flags a person is asked, most urgent tier first."""
        tiers: tuple[Tier, ...] = ("urgent", "stop", "caution")
        return [f for tier in tiers for f in self.flags_of_tier(tier) if f.asked]


__all__ = [
    "GENERAL_ADVICE_LABEL",
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
    "MassageCheck",
    "Pattern",
    "Practice",
    "Prop",
    "PropInfo",
    "RedFlag",
    "RedFlagId",
    "SaferVersion",
]
