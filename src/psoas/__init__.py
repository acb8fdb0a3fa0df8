"""psoas: a guided psoas self-care program (test, release, stretch, strengthen, re-test).

Importing this package is cheap on purpose: the command line must start instantly,
so nothing heavy is imported here.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
