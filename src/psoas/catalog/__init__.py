"""The catalog: every practice, check and warning from the source articles, as data.

The practices live in TOML files under ``data/``; :func:`psoas.catalog.loader.load_catalog`
reads and validates them into the dataclasses of :mod:`psoas.catalog.model`. This
package imports nothing itself, so ``psoas --help`` stays instant.
"""
