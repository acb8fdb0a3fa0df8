"""The catalog's fixed vocabularies: kinds, props, red flags, sources.

Kept apart from the dataclasses and free of heavy imports, because the command
line needs these names before it needs anything else.
"""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["test", "release", "massage", "stretch", "position", "strength", "habit"]
KINDS: tuple[Kind, ...] = get_args(Kind)

Prop = Literal[
    "bolster",
    "block",
    "pillow",
    "foam-roller",
    "lacrosse-ball",
    "chair",
    "blanket",
    "weight",
    "band",
]
PROPS: tuple[Prop, ...] = get_args(Prop)

RedFlagId = Literal[
    # get care now
    "saddle_numbness",
    "bladder_bowel_change",
    "worsening_leg_weakness",
    # see a provider before going on
    "fever_or_unwell",
    "weight_loss",
    "cancer_history",
    "recent_fall",
    "night_pain",
    "pulsing_belly_lump",
    "bruising",
    "swelling",
    "recent_strain",
    "worsening_pain",
    "numbness",
    "severe_pain",
    # check with a provider, safer versions meanwhile
    "pregnancy",
    "hip_or_spine_condition",
]
RED_FLAG_IDS: tuple[RedFlagId, ...] = get_args(RedFlagId)

#: How urgent a red flag is, most urgent first: ``urgent`` means get care now and
#: start nothing; ``stop`` means see a provider first, gentle rest positions only;
#: ``caution`` means check with a provider and use the safer versions meanwhile.
Tier = Literal["urgent", "stop", "caution"]
TIERS: tuple[Tier, ...] = get_args(Tier)

#: What a practice asks of the body. Safety rules (red flags, pain bands, signs)
#: name the demands they rule out, so a rule never lists practices by hand.
Demand = Literal[
    "floor",  # getting down to the floor and up again
    "kneel",  # weight on a knee on the floor
    "face_down",  # lying on the belly
    "flat_on_back",  # minutes at a time lying flat on the back
    "curl_down",  # lowering the trunk backwards from sitting (the test's descent)
    "end_range",  # takes a joint to the end of its range
    "stretch_hold",  # holds a muscle on a stretch, however gently
    "spine_extension",  # bends the low back backwards at the end of its range
    "spine_twist",  # twists the trunk at the end of its range
    "roller_pressure",  # a foam roller pressing into the low back
    "ball_pressure",  # a ball pressing into the body
    "belly_pressure",  # pressure through the belly
    "loaded_spine",  # lifting a load through the spine
    "squat",  # bending the hips and knees under load
    "strength_load",  # strength work against a load
]
DEMANDS: tuple[Demand, ...] = get_args(Demand)

#: What a person is asked they can do (in their settings), each with its question.
Ability = Literal["floor", "face_down", "kneel"]
ABILITIES: tuple[Ability, ...] = get_args(Ability)
ABILITY_QUESTIONS: dict[str, str] = {
    "floor": "Can you get down to the floor and up again?",
    "face_down": "Can you lie face down?",
    "kneel": "Can you kneel on one knee?",
}
#: What a person may say they cannot do (a "no" to an ability); safer versions and the
#: rules name these as they name red flags.
Limit = Literal["no_floor", "no_prone", "no_kneel"]
LIMITS: tuple[Limit, ...] = get_args(Limit)
#: The limit each ability's "no" means, and the demand each limit rules out.
ABILITY_LIMITS: dict[str, Limit] = {
    "floor": "no_floor",
    "face_down": "no_prone",
    "kneel": "no_kneel",
}
LIMIT_DEMANDS: dict[str, str] = {"no_floor": "floor", "no_prone": "face_down", "no_kneel": "kneel"}

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
    "ABILITIES",
    "ABILITY_LIMITS",
    "ABILITY_QUESTIONS",
    "DEMANDS",
    "KINDS",
    "LIMITS",
    "LIMIT_DEMANDS",
    "PROPS",
    "RED_FLAG_IDS",
    "TIERS",
    "Ability",
    "Demand",
    "Intensity",
    "Kind",
    "Landmark",
    "Limit",
    "Prop",
    "RedFlagId",
    "Setting",
    "SourceId",
    "Tier",
]
