"""Allow ``python -m psoas``."""

from psoas.cli import main

raise SystemExit(main())
