"""Run every benchmark in this folder, in one run: ``make bench`` (``--quick`` to shorten).

The drift benchmark holds a real 10-minute timer and the soak runs 2 minutes per
database; ``--quick`` holds 60 s and soaks 20 s instead.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path

BENCHMARKS = [
    *("startup", "history", "chart", "web", "soak", "saturation", "vision", "pose_device"),
    "measure_memory",
    "drift",
]


def main() -> int:
    """Run each benchmark; exit 1 if any missed its target."""
    parser = argparse.ArgumentParser(description="Run the psoas benchmarks.")
    parser.add_argument("--quick", action="store_true", help="a 60 s drift hold and 20 s soaks")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    failed = []
    for name in BENCHMARKS:
        module = importlib.import_module(name)
        quick = {
            "drift": ["--seconds", "60"],
            "soak": ["--seconds", "20"],
            "pose_device": ["--seconds", "5"],
        }
        takes_argv = "argv" in inspect.signature(module.main).parameters
        argv = quick.get(name, []) if args.quick else []
        # A benchmark that parses arguments is given its own, never run.py's.
        code = module.main(argv) if takes_argv else module.main()
        if code != 0:
            failed.append(name)
        print()
    if failed:
        print(f"targets missed: {', '.join(failed)}")
        return 1
    print("all benchmark targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
