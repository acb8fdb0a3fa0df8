"""The domain core: pure functions and dataclasses, no I/O.

Nothing in this package reads files, the clock, the network or the database;
the shells (CLI, web, storage) pass in what it needs.
"""
