"""``psoas measure``: the self-test's angles from side-view photos or short clips."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas.cli.commands import summary
from psoas.core.measure import POSITIONS
from psoas.exceptions import BadInput

if TYPE_CHECKING:
    from psoas.cli.context import Context


def register(commands: Any) -> None:
    """Add ``measure``."""
    measure = commands.add_parser(
        "measure",
        help=summary("measure"),
        description="Find the body in side-view photos or short clips and measure the thigh "
        "to the floor, hip, knee and trunk angles. Readings that cannot be trusted are refused "
        "with a reason. Images are not kept; with --attach only the numbers are stored.",
    )
    measure.add_argument("files", nargs="+", metavar="FILE", help="photos or clips")
    measure.add_argument(
        "--position",
        choices=POSITIONS,
        default="lying",
        help="what the photo shows (default lying)",
    )
    measure.add_argument("--json", action="store_true", help="print JSON")
    measure.add_argument(
        "--annotate", metavar="DIR", help="write each photo with its skeleton drawn"
    )
    measure.add_argument(
        "--attach", action="store_true", help="store accepted readings with your latest self-test"
    )
    measure.set_defaults(run=run_measure)


def run_measure(args: argparse.Namespace, ctx: Context) -> int:
    """Check every file can be read, load the model once, measure each file in order
    (printing each result as it comes, unless the output is JSON)."""
    from psoas.vision.pose import (
        PoseModel,
        check_readable,
        measure_and_picture,
        native_logs_silenced,
    )

    paths = [Path(f) for f in args.files]
    for path in paths:
        check_readable(path)
    annotate = Path(args.annotate) if args.annotate else None
    if annotate is not None:
        try:
            annotate.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            message = f"--annotate {annotate}: cannot make that folder ({error.strerror})"
            raise BadInput(message) from None
    results = []
    with native_logs_silenced(), PoseModel() as model:
        for path in paths:
            reading, picture = measure_and_picture(model, path, lying=args.position == "lying")
            results.append({"file": str(path), **reading.to_data()})
            if not args.json:
                print(_line(results[-1]), flush=True)
            if annotate is not None and reading.detected:
                from psoas.vision.annotate import save

                save(picture, reading, annotate / f"{path.stem}.annotated.png")
    told: list[str] = []
    tested = False
    stored = args.attach and any(item["accepted"] for item in results)
    if args.attach:
        from psoas.store.reads import latest_test
        from psoas.store.repository import profile_id
        from psoas.usecases.measuring import keep_measuring
        from psoas.usecases.record import progress_of

        with ctx.db.session() as db:
            profile = profile_id(db)
            tested = latest_test(db, profile) is not None
            for item in results:
                if item["accepted"]:
                    # A clip held still long enough is three captures of one measuring.
                    keep_measuring(
                        db,
                        profile,
                        args.position,
                        item["side"],
                        item["captures"] or [item["angles"]],
                    )
        if stored:
            with ctx.db.session() as db:
                told = progress_of(db, profile_id(db)).photo_words()
    if args.json:
        ctx.print_json(results[0] if len(results) == 1 else results)
        return 0
    if args.attach and not stored:
        print("Nothing was stored: no reading was accepted.")
    elif stored:
        from psoas.cli.text import wrap

        if tested:
            print("Accepted readings were stored with your latest self-test (numbers only).")
        else:
            print(
                wrap(
                    "Accepted readings were stored (numbers only). Take the self-test too "
                    "(psoas check): it tells psoas whether your low back arched."
                )
            )
        print("\n".join(wrap(sentence) for sentence in told))
    return 0


def _line(item: dict[str, Any]) -> str:
    """One file's result as a line of text."""
    if not item["accepted"]:
        return f"{item['file']}: not measured: {item['reason']}"
    a = item["angles"]
    return (
        f"{item['file']}: thigh {a['thigh_to_floor_deg']:.0f}° to the floor, hip "
        f"{a['hip_deg']:.0f}°, knee {a['knee_deg']:.0f}°, trunk {a['trunk_to_floor_deg']:.0f}° "
        f"({item['side']} side)"
    )
