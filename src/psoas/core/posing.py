"""Poses solved from what the body touches: contacts in, a resting body out.

A figure names the joint angles its practice cares about, the joints left free,
and its contacts ("pelvis on floor", "hand on knee", "upper_back on bolster").
:func:`solve` moves the free joints and the body's height (a damped least-squares
fit, as in inverse kinematics, with each joint kept in its range) until every
contact touches and nothing passes into the floor or a prop. Props have their real
size, the bolster the person's own height. :func:`contact_report` measures the
result, so a test can hold every keyframe to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from psoas.catalog.model import Figure, FigurePose
from psoas.core.body import RADIUS, Body, Point, pose_body
from psoas.core.least_squares import least_squares

#: Starting bolster height when the person has none (the middle of 13–20 cm).
DEFAULT_BOLSTER_CM = 15.0
#: A contact holds when the gap (or overlap) is within this; nothing may sink deeper.
TOLERANCE_CM = 1.0

#: The range each joint may be solved within, degrees (the app's own choice, inside
#: normal adult ranges of motion).
LIMITS: dict[str, tuple[float, float]] = {
    "tilt": (-180.0, 180.0),
    "hip": (-40.0, 150.0),
    "hip_far": (-40.0, 150.0),
    "knee": (0.0, 160.0),
    "knee_far": (0.0, 160.0),
    "ankle": (-50.0, 45.0),
    "ankle_far": (-50.0, 45.0),
    "lumbar": (-60.0, 45.0),
    "thorax": (-40.0, 40.0),
    "neck": (-45.0, 60.0),
    "shoulder": (-70.0, 200.0),
    "shoulder_far": (-70.0, 200.0),
    "elbow": (0.0, 160.0),
    "elbow_far": (0.0, 160.0),
    "wrist": (-90.0, 90.0),
}


@dataclass(frozen=True)
class Circle:
    """A disc: a sample of a body capsule, a ball, a roller."""

    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Box:
    """A prop's block of space: from x0 to x1, from the floor up to ``top``."""

    x0: float
    x1: float
    top: float
    bottom: float = 0.0


Solid = Circle | Box


@dataclass(frozen=True)
class PlacedProp:
    """A prop at its real size, placed under (or against) a body landmark."""

    kind: str
    solids: tuple[Solid, ...]


def _samples(start: Point, end: Point, radius: float, count: int = 7) -> list[Circle]:
    return [
        Circle(start[0] + (end[0] - start[0]) * i / (count - 1),
               start[1] + (end[1] - start[1]) * i / (count - 1), radius)
        for i in range(count)
    ]  # fmt: skip


def _segment(body: Body, name: str, far: bool = False) -> tuple[Point, Point, float]:
    for segment in body.segments:
        if segment.name == name and segment.far == far:
            return segment.start, segment.end, segment.radius
    raise KeyError(name)


def _part(body: Body, name: str) -> list[Circle]:
    """The discs that make up a named part of the body's surface."""
    far = name.endswith("_far")
    base = name.removesuffix("_far")
    pts = body.points
    suffix = "_far" if far else ""
    if base in ("head", "forehead"):
        (hx, hy), r = body.head_center, body.head_radius
        return [Circle(hx, hy, r)]
    if base in ("pelvis", "sacrum", "front_hip"):
        return _samples(pts["hip"], pts["lumbosacral"], RADIUS["pelvis"], 5)
    if base in ("low_back", "belly"):
        return _samples(pts["lumbosacral"], pts["t12"], RADIUS["lumbar"], 5)
    if base in ("upper_back", "chest"):
        return _samples(pts["t12"], pts["c7"], RADIUS["thorax"], 7)
    if base == "shoulders":
        return _samples(pts["scapula_tip"], pts["c7"], RADIUS["thorax"], 5)
    if base == "thigh":
        return _samples(pts["hip"], pts["knee" + suffix], RADIUS["thigh"])
    if base == "knee":
        (x, y), r = pts["knee" + suffix], RADIUS["thigh"]
        return [Circle(x, y, r)]
    if base in ("shin", "calves"):
        return _samples(pts["knee" + suffix], pts["ankle" + suffix], RADIUS["shank"])
    if base == "heel":
        return [Circle(*pts["heel" + suffix], RADIUS["foot"])]
    if base == "toes":
        return [Circle(*pts["toe" + suffix], RADIUS["foot"])]
    if base == "foot":
        return _samples(pts["heel" + suffix], pts["toe" + suffix], RADIUS["foot"], 5)
    if base == "hand":
        return _samples(pts["wrist" + suffix], pts["hand" + suffix], RADIUS["hand"], 3)
    if base == "forearm":
        return _samples(pts["elbow" + suffix], pts["wrist" + suffix], RADIUS["forearm"], 5)
    if base == "ankle":
        return [Circle(*pts["ankle" + suffix], RADIUS["shank"])]
    if base == "elbow":
        return [Circle(*pts["elbow" + suffix], RADIUS["forearm"])]
    if base == "upper_arm":
        return _samples(pts["shoulder"], pts["elbow" + suffix], RADIUS["upper_arm"], 5)
    raise KeyError(f"no body part called {name!r}")


def _whole(body: Body) -> list[tuple[str, Circle]]:
    """Every disc of the body's surface, with the segment it belongs to."""
    discs: list[tuple[str, Circle]] = []
    for segment in body.segments:
        tag = segment.name + ("_far" if segment.far else "")
        discs += [(tag, c) for c in _samples(segment.start, segment.end, segment.radius, 4)]
    (hx, hy), r = body.head_center, body.head_radius
    discs.append(("head", Circle(hx, hy, r)))
    return discs


def distance(a: Circle, b: Solid) -> float:
    """The gap between a disc and a solid (negative when they overlap)."""
    if isinstance(b, Circle):
        return math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r
    dx = max(b.x0 - a.x, 0.0, a.x - b.x1)
    dy = max(b.bottom - a.y, 0.0, a.y - b.top)
    if dx == 0.0 and dy == 0.0:  # the centre is inside the box
        return -min(a.x - b.x0, b.x1 - a.x, a.y - b.bottom, b.top - a.y) - a.r
    return math.hypot(dx, dy) - a.r


FLOOR = Box(-1e4, 1e4, 0.0, -1e3)


# -- props at their real size ---------------------------------------------------------

#: Sizes, cm (the app's own choice, from common household and yoga props).
BLOCK_CM = (23.0, 7.5)  # length, height: a yoga block on its widest side
PILLOW_CM = (45.0, 12.0)
KNEE_ROLL_CM = 7.5  # radius
BOLSTER_LENGTH_CM = 30.0
ROLLER_RADIUS_CM = 7.5
BALL_RADIUS_CM = 3.2
CHAIR_SEAT_CM = 45.0
CHAIR_DEPTH_CM = 40.0


def _anchor(body: Body, at: str) -> Point:
    pts = body.points
    mid = {
        "upper_back": pts["scapula_tip"],
        "head": body.head_center,
        "pelvis": ((pts["hip"][0] + pts["lumbosacral"][0]) / 2, pts["hip"][1]),
        "low_back": ((pts["lumbosacral"][0] + pts["t12"][0]) / 2, pts["lumbosacral"][1]),
        "knees": pts["knee"],
        "between_knees": pts["knee"],
        "calves": ((pts["knee"][0] + pts["ankle"][0]) / 2, pts["ankle"][1]),
        "front_hip": pts["hip"],
        "lower_ribs": pts["t12"],
    }
    return mid[at]


def place_prop(
    body: Body, kind: str, at: str, bolster_cm: float, with_bolster: bool = False
) -> PlacedProp:
    """``kind`` at its real size under the landmark ``at`` of ``body``."""
    x, y = _anchor(body, at)
    if kind == "bolster":
        # Its edge at the lower tips of the shoulder blades (003), lying toward the head.
        toward = 1.0 if body.points["c7"][0] >= x else -1.0
        ends = (x - toward * 2.0, x + toward * (BOLSTER_LENGTH_CM - 2.0))
        return PlacedProp(kind, (Box(min(ends), max(ends), bolster_cm),))
    if kind == "block":  # under the sacrum: from the low back's end toward the legs
        sacrum, hip = body.points["lumbosacral"][0], body.points["hip"][0]
        toward = 1.0 if hip >= sacrum else -1.0
        ends = (sacrum + toward * 2.0, sacrum + toward * (2.0 + BLOCK_CM[0]))
        return PlacedProp(kind, (Box(min(ends), max(ends), BLOCK_CM[1]),))
    if kind == "pillow" and at == "between_knees":
        return PlacedProp(kind, (Circle(x, y, 6.0),))
    if kind == "pillow" and at == "knees":  # a pillow rolled up under the knees
        return PlacedProp(kind, (Circle(x, KNEE_ROLL_CM, KNEE_ROLL_CM),))
    if kind == "pillow":
        length, height = PILLOW_CM
        if at == "head" and with_bolster:  # a pillow on a folded towel: level with the back
            height = max(height, bolster_cm + 2.0)
        shift = -length / 2 + 8 if at == "head" else 0.0
        return PlacedProp(kind, (Box(x + shift - length / 2, x + shift + length / 2, height),))
    if kind == "foam-roller":
        return PlacedProp(kind, (Circle(x, ROLLER_RADIUS_CM, ROLLER_RADIUS_CM),))
    if kind == "lacrosse-ball":
        return PlacedProp(kind, (Circle(x, BALL_RADIUS_CM, BALL_RADIUS_CM),))
    if kind == "blanket":
        return PlacedProp(kind, ())  # lies over the body: it holds nothing up
    if kind == "chair":  # the seat's front edge just past the knee, toward the feet
        knee, ankle = body.points["knee"][0], body.points["ankle"][0]
        toward = 1.0 if ankle >= knee else -1.0
        front = knee + toward * 4.0
        back = front + toward * CHAIR_DEPTH_CM
        seat = Box(min(front, back), max(front, back), CHAIR_SEAT_CM, CHAIR_SEAT_CM - 4.0)
        return PlacedProp(kind, (seat,))
    raise ValueError(f"no size for prop {kind!r}")


# -- the solver ---------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """``part`` of the body touches ``support``: the floor, a prop or another part."""

    part: str
    support: str

    @classmethod
    def parse(cls, text: str) -> Contact:
        """From "PART on SUPPORT"."""
        part, _, support = text.partition(" on ")
        if not part or not support:
            raise ValueError(f"a contact reads 'PART on SUPPORT', not {text!r}")
        return cls(part.strip(), support.strip())


@dataclass(frozen=True)
class Solved:
    """A figure's pose after solving: its angles, its body and its props."""

    pose: FigurePose
    body: Body
    props: tuple[PlacedProp, ...]
    contacts: tuple[Contact, ...]


def _support(solved_body: Body, props: Iterable[PlacedProp], name: str) -> list[Solid]:
    if name == "floor":
        return [FLOOR]
    found = [solid for prop in props if prop.kind == name for solid in prop.solids]
    if found:
        return found
    return list(_part(solved_body, name))


#: Parts that touch along their whole length: a palm or a sole flat on its support.
FLAT_PARTS = {"palm": "hand", "sole": "foot"}


def _gap(body: Body, props: tuple[PlacedProp, ...], contact: Contact) -> float:
    """How far ``contact.part`` is from its support: its nearest point, or for a flat
    part (palm, sole) its farthest end, so the whole of it rests there."""
    supports = _support(body, props, contact.support)
    base = contact.part.removesuffix("_far")
    if base in FLAT_PARTS:
        part = FLAT_PARTS[base] + contact.part[len(base) :]
        discs = _part(body, part)
        ends = (discs[0], discs[-1])
        return max(min(distance(disc, solid) for solid in supports) for disc in ends)
    return min(distance(disc, solid) for disc in _part(body, contact.part) for solid in supports)


#: Segments next to each other overlap at their joints by design; so do a part and
#: the support it is declared to touch.
def _sinking(body: Body, props: tuple[PlacedProp, ...]) -> list[float]:
    """How deep each disc of the body sinks into the floor and the props. The arms lie
    beside the trunk, not over it, so a prop under the back does not hold them up."""
    solids = [FLOOR, *(solid for prop in props for solid in prop.solids)]
    deepest: dict[tuple[str, int], float] = {}
    for tag, disc in _whole(body):
        beside = tag.removesuffix("_far") in ("upper_arm", "forearm", "hand")
        for i, solid in enumerate(solids):
            depth = 0.0 if beside and i else max(0.0, -distance(disc, solid))
            key = (tag, i)
            deepest[key] = max(deepest.get(key, 0.0), depth)
    return list(deepest.values())


def _build(
    figure: Figure, pose: FigurePose, lift: float, bolster_cm: float
) -> tuple[Body, tuple[PlacedProp, ...]]:
    body = pose_body(pose).shifted(0.0, lift)
    with_bolster = any(p.kind == "bolster" for p in figure.props)
    props = tuple(place_prop(body, p.kind, p.at, bolster_cm, with_bolster) for p in figure.props)
    return body, props


def solve(figure: Figure, bolster_cm: float | None = None) -> Solved:
    """The figure's pose with its contacts met (cached: figures are immutable)."""
    return _solve(figure, bolster_cm or DEFAULT_BOLSTER_CM)


@lru_cache(maxsize=512)
def _solve(figure: Figure, bolster_cm: float) -> Solved:
    contacts = tuple(Contact.parse(c) for c in figure.contacts)
    start = figure.pose
    free = list(figure.free)
    base = {f.name: getattr(start, f.name) for f in fields(FigurePose)}
    for name in free:  # a free far limb starts where its near one is
        if base[name] is None:
            base[name] = base[name.removesuffix("_far")]
    x = [float(base[name]) for name in free] + [0.0]  # the last: the body's lift

    def pose_of(values: list[float]) -> FigurePose:
        angles: dict[str, Any] = dict(zip(free, values[:-1], strict=True))
        return replace(start, **angles)

    def residuals(values: list[float], solid_props: bool = True) -> list[float]:
        body, props = _build(figure, pose_of(values), values[-1], bolster_cm)
        out = [2.0 * _gap(body, props, c) for c in contacts]
        out += [3.0 * depth for depth in _sinking(body, props if solid_props else ())]
        out += [0.015 * (v - float(base[n])) for n, v in zip(free, values, strict=False)]
        return out

    if figure.view == "above":  # seen from the ceiling: nothing rests on a line
        body, props = _build(figure, pose_of(x), 0.0, bolster_cm)
        return Solved(pose=pose_of(x), body=body, props=props, contacts=())
    bounds = [LIMITS[n] for n in free] + [(-200.0, 200.0)]

    def settled(r: list[float]) -> bool:  # well inside the tolerance: good enough
        return _holds(r, len(contacts), len(free), 0.4 * TOLERANCE_CM)

    def fitted(start_values: list[float]) -> tuple[float, list[float]]:
        # First with props that the body may pass through, so that a body starting flat
        # on the floor bends onto them instead of being lifted whole; then solid props.
        values = least_squares(
            lambda v: residuals(v, solid_props=False), start_values, bounds, done=settled
        )
        values = least_squares(residuals, values, bounds, done=settled)
        return sum(r * r for r in residuals(values)[: len(contacts)]), values

    # A stored pose that already rests on its supports (``make poses``) is kept; only
    # its height off the floor, which a pose does not store, is fitted (one number).
    joints = x[:-1]
    lift = least_squares(lambda v: residuals(joints + v), [0.0], [(-200.0, 200.0)])
    stored = _holds(residuals(joints + lift), len(contacts), len(free), TOLERANCE_CM)
    best = (0.0, joints + lift) if stored else fitted(x)
    for start_values in _other_starts(free, x):  # only when the first start fell short
        if best[0] <= (2.0 * TOLERANCE_CM / 2) ** 2:
            break
        best = min(best, fitted(start_values))
    pose = pose_of(best[1])
    body, props = _build(figure, pose, best[1][-1], bolster_cm)
    return Solved(pose=pose, body=body, props=props, contacts=contacts)


def _holds(residuals: list[float], contacts: int, free: int, within: float) -> bool:
    """Whether the residuals (contacts ×2, sinking ×3, then one per free joint) have
    every contact within ``within`` and nothing sunk deeper."""
    touching, sunk = residuals[:contacts], residuals[contacts : len(residuals) - free]
    return all(abs(v) <= 2.0 * within for v in touching) and all(v <= 3.0 * within for v in sunk)


def _other_starts(free: list[str], x: list[float]) -> Iterable[list[float]]:
    """Starts 20° either side on the whole body's tilt and the spine, where free: a fit
    that stalls in a local minimum usually gets out from one of these."""
    for name in ("tilt", "lumbar", "thorax"):
        if name in free:
            i = free.index(name)
            for turn in (20.0, -20.0):
                moved = list(x)
                low, high = LIMITS[name]
                moved[i] = min(high, max(low, x[i] + turn))
                yield moved


@dataclass(frozen=True)
class ContactReport:
    """How well a solved figure meets its contacts."""

    gaps: dict[str, float]  # per contact: the gap (+) or overlap (-), cm
    deepest: float  # the deepest any part of the body sinks into the floor or a prop, cm

    @property
    def holds(self) -> bool:
        """Every contact within TOLERANCE_CM and nothing sunk deeper than it."""
        return all(abs(g) <= TOLERANCE_CM for g in self.gaps.values()) and (
            self.deepest <= TOLERANCE_CM
        )


def contact_report(solved: Solved) -> ContactReport:
    """Measure a solved figure: every contact's gap and the deepest sinking."""
    gaps = {
        f"{c.part} on {c.support}": round(_gap(solved.body, solved.props, c), 2)
        for c in solved.contacts
    }
    return ContactReport(gaps=gaps, deepest=round(max(_sinking(solved.body, solved.props)), 2))
