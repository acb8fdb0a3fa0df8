"""Scenes drawn with matplotlib, for PNG files and the printable handout."""

from __future__ import annotations

from typing import Any

from psoas.render.scene import Scene
from psoas.render.svg import OPACITY

#: Points per centimetre of body at a figure width of about 6 cm on paper.
INK = "#3b2f2a"
ACCENT = "#b5651d"


def draw_scene(ax: Any, scene: Scene) -> None:
    """Draw ``scene`` onto a matplotlib Axes, equal aspect, no axes."""
    from matplotlib.patches import Circle, Ellipse, FancyBboxPatch

    left, bottom, right, top = scene.bounds
    ax.set_xlim(left, right)
    ax.set_ylim(bottom - 2, top + 2)
    ax.set_aspect("equal")
    ax.axis("off")
    # Line widths in points must follow the axes' scale: work out points per cm.
    fig = ax.figure
    width_in = fig.get_figwidth() * ax.get_position().width
    per_cm = width_in * 72 / max(right - left, 1) * 0.9
    for shape in scene.shapes:
        alpha = OPACITY.get(shape.role, 0.8)
        color = ACCENT if shape.role == "body-near" else INK
        if shape.kind == "capsule":
            (x1, y1), (x2, y2) = shape.points
            ax.plot(
                [x1, x2],
                [y1, y2],
                color=color,
                alpha=alpha,
                linewidth=2 * shape.size * per_cm,
                solid_capstyle="round",
            )
        elif shape.kind == "circle":
            filled = shape.role.startswith("body")
            ax.add_patch(
                Circle(
                    shape.points[0],
                    shape.size,
                    facecolor=color if filled else "none",
                    edgecolor=color,
                    alpha=alpha,
                    linewidth=1.2,
                )
            )
        elif shape.kind == "rect":
            (cx, cy) = shape.points[0]
            ax.add_patch(
                FancyBboxPatch(
                    (cx - shape.size, cy - shape.size_y),
                    2 * shape.size,
                    2 * shape.size_y,
                    boxstyle="round,pad=0,rounding_size=1.5",
                    facecolor=INK,
                    edgecolor=INK,
                    alpha=0.18,
                    linewidth=1.0,
                )
            )
        elif shape.kind == "ellipse":
            ax.add_patch(
                Ellipse(
                    shape.points[0],
                    2 * shape.size,
                    2 * shape.size_y,
                    facecolor=INK,
                    edgecolor=INK,
                    alpha=0.18,
                    linewidth=1.0,
                )
            )
        elif shape.kind == "polyline":
            xs = [p[0] for p in shape.points]
            ys = [p[1] for p in shape.points]
            ax.plot(xs, ys, color=INK, alpha=alpha, linewidth=1.5)


def scene_png(scene: Scene, width_in: float = 4.0, dpi: int = 110) -> bytes:
    """The scene as PNG bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    left, bottom, right, top = scene.bounds
    height_in = max(1.2, width_in * (top - bottom + 4) / max(right - left, 1))
    fig = plt.figure(figsize=(width_in, height_in))
    ax = fig.add_axes((0, 0, 1, 1))
    draw_scene(ax, scene)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


__all__ = ["draw_scene", "scene_png"]
