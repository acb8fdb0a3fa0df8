"""Scenes drawn with matplotlib, for PNG files and the printable handout."""

from __future__ import annotations

from typing import Any

from psoas.render.scene import Scene, Shape
from psoas.render.svg import CANVAS_H, CANVAS_W, FLOOR_BAND, LAYERS, OPACITY, Placement

INK = "#3b2f2a"
ACCENT = "#b5651d"


def draw_scene(ax: Any, scene: Scene) -> None:
    """Draw ``scene`` onto a matplotlib Axes on the fixed canvas (as the SVG does):
    equal aspect, no axes, the same layers and opacities."""
    from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

    place = Placement(scene)
    ax.set_xlim(0, CANVAS_W)
    ax.set_ylim(CANVAS_H, 0)  # canvas units grow downwards, as in the SVG
    ax.set_aspect("equal")
    ax.axis("off")
    # Line widths in points must follow the axes' scale: work out points per unit.
    fig = ax.figure
    width_in = fig.get_figwidth() * ax.get_position().width
    per_unit = width_in * 72 / CANVAS_W
    if any(s.role == "floor" for s in scene.shapes):
        left, _ = place.xy((scene.bounds[0], 0.0))
        right, _ = place.xy((scene.bounds[2], 0.0))
        ax.add_patch(
            Rectangle((left, place.floor), right - left, FLOOR_BAND, color=INK, alpha=0.08, lw=0)
        )
    for role in LAYERS:
        # A layer's opacity becomes a paler solid colour: overlapping pieces of one
        # layer then show no darker seams (the SVG gets this from group opacity).
        color = _on_paper(ACCENT if role == "body-near" else INK, OPACITY[role])
        for shape in (s for s in scene.shapes if s.role == role):
            _draw(ax, shape, place, color, 1.0, per_unit, (Circle, FancyBboxPatch))


def _on_paper(color: str, opacity: float) -> str:
    """``color`` at ``opacity`` over white paper, as one solid colour."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * opacity) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _draw(
    ax: Any, shape: Shape, place: Placement, color: str, alpha: float, per_unit: float,
    patches: tuple[Any, Any],
) -> None:  # fmt: skip
    circle, box = patches
    if shape.kind == "capsule":
        (x1, y1), (x2, y2) = (place.xy(p) for p in shape.points)
        width = 2 * place.size(shape.size) * per_unit
        ax.plot([x1, x2], [y1, y2], color=color, alpha=alpha, lw=width, solid_capstyle="round")
    elif shape.kind == "circle":
        solid = shape.role.startswith("body")
        ax.add_patch(
            circle(
                place.xy(shape.points[0]), place.size(shape.size), facecolor=color,
                edgecolor=color, alpha=alpha if solid else 0.3, linewidth=1.2,
            )
        )  # fmt: skip
    elif shape.kind in ("rect", "ellipse"):
        cx, cy = place.xy(shape.points[0])
        w, h = place.size(shape.size), place.size(shape.size_y)
        ax.add_patch(
            box(
                (cx - w, cy - h), 2 * w, 2 * h, boxstyle=f"round,pad=0,rounding_size={min(3, h)}",
                facecolor=color, edgecolor=color, alpha=0.3, linewidth=1.2,
            )
        )  # fmt: skip
    elif shape.kind == "polyline":
        xs, ys = zip(*(place.xy(p) for p in shape.points), strict=True)
        ax.plot(xs, ys, color=color, alpha=alpha, linewidth=1.5)


def scene_png(scene: Scene, width_in: float = 4.0, dpi: int = 110) -> bytes:
    """The scene as PNG bytes, always the same size (the fixed canvas)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width_in, width_in * CANVAS_H / CANVAS_W))
    ax = fig.add_axes((0, 0, 1, 1))
    draw_scene(ax, scene)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


__all__ = ["draw_scene", "scene_png"]
