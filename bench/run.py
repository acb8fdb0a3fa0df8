"""Run every benchmark in this folder, in one process run: ``make bench``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCHMARKS = ["startup"]


def main() -> int:
    """Run each benchmark; exit 1 if any missed its target."""
    sys.path.insert(0, str(Path(__file__).parent))
    failed = []
    for name in BENCHMARKS:
        if importlib.import_module(name).main() != 0:
            failed.append(name)
        print()
    if failed:
        print(f"targets missed: {', '.join(failed)}")
        return 1
    print("all benchmark targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
