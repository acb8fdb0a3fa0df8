"""No sentence of the source articles is copied into the repository (8+ word runs)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

TOOL = REPO.parent / "shared" / "tools" / "seed-overlap"


@pytest.mark.skipif(not TOOL.exists(), reason=f"{TOOL} not found (no ../shared beside the repo)")
def test_no_copied_passages() -> None:
    """seed-overlap finds 0 shared passages of 8 or more words."""
    done = subprocess.run(
        [sys.executable, str(TOOL), "."], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 shared passage(s)" in done.stdout
