"""The catalog's fixed vocabularies: kinds, props, red flags, sources.

Kept apart from the dataclasses and free of heavy imports, because the command
line needs these names before it needs anything else.
"""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["test", "release", "massage", "stretch", "position", "strength", "habit"]
KINDS: tuple[Kind, ...] = get_args(Kind)

Prop = Literal["bolster", "block", "pillow", "foam-roller", "lacrosse-ball", "chair", "blanket"]
PROPS: tuple[Prop, ...] = get_args(Prop)

RedFlagId = Literal[
    "bruising",
    "swelling",
    "recent_strain",
    "pregnancy",
    "numbness",
    "severe_pain",
    "hip_or_spine_condition",
]
RED_FLAG_IDS: tuple[RedFlagId, ...] = get_args(RedFlagId)

SourceId = Literal["000", "001", "002", "003"]
#: Where a prop sits against the body in a figure.
Landmark = Literal[
    "upper_back",
    "head",
    "pelvis",
    "low_back",
    "knees",
    "between_knees",
    "calves",
    "front_hip",
    "lower_ribs",
]
#: Where a practice can be done; ``desk`` means in or beside an office chair,
#: ``gym`` that it needs equipment such as a weight or a band.
Setting = Literal["floor", "bed", "desk", "standing", "gym", "outdoors", "anywhere"]
#: How much a practice stirs the body up; bedtime routines stay ``calm``.
Intensity = Literal["calm", "moderate", "vigorous"]

__all__ = [
    "KINDS",
    "PROPS",
    "RED_FLAG_IDS",
    "Intensity",
    "Kind",
    "Landmark",
    "Prop",
    "RedFlagId",
    "Setting",
    "SourceId",
]
