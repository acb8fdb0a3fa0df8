"""Read the catalog's TOML files and validate them against the schema in :mod:`.model`.

Validation uses pydantic, which takes longer to import than the whole rest of the
command line. So a validated catalog is kept as a snapshot, keyed by a fingerprint
of every data file and of the schema: any change to either means the files are
read and validated again, the way Python treats ``.pyc`` files. Each snapshot is
written in two forms: the dataclasses (pickle) for code, and their JSON view for
the ``--json`` commands, which then need neither pydantic nor the dataclasses.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from psoas import __version__
from psoas.exceptions import CatalogError

if TYPE_CHECKING:
    from psoas.catalog.model import Catalog, Practice, RedFlag

DATA_DIR = Path(__file__).parent / "data"
#: Snapshots go beside the package first, like Python's own ``__pycache__``.
PACKAGE_SNAPSHOT_DIR = Path(__file__).parent / "__pycache__"
PRACTICES = "practices"
RED_FLAGS = "red-flags.toml"
PROPS = "props.toml"
BACKGROUND = "background.toml"
_SCHEMA_FILES = ("model.py", "safety_model.py", "checks.py", "vocabulary.py")

Blobs = list[tuple[str, bytes]]
T = TypeVar("T")


def load_catalog(data_dir: Path = DATA_DIR, snapshot_dirs: Iterable[Path] = ()) -> Catalog:
    """Load and validate the catalog in ``data_dir``, reusing a snapshot when one matches.

    ``snapshot_dirs`` are tried in order (it may be a generator, so that a costly
    fallback is only worked out when needed); a new snapshot goes to the first
    one that can be written. Raises :class:`CatalogError` naming the file and field
    when a file is malformed.
    """
    catalog: Catalog = _load(data_dir, snapshot_dirs, ".pickle")
    return catalog


def load_catalog_data(data_dir: Path = DATA_DIR, snapshot_dirs: Iterable[Path] = ()) -> Any:
    """Like :func:`load_catalog`, but the JSON view of the catalog (``Catalog.as_data``)."""
    return _load(data_dir, snapshot_dirs, ".json")


def _load(data_dir: Path, snapshot_dirs: Iterable[Path], suffix: str) -> Any:
    blobs = _read_files(data_dir)
    stem = f"catalog-{_fingerprint(blobs)}"
    tried: list[Path] = []
    for folder in snapshot_dirs:
        cached = _read_snapshot(folder / (stem + suffix))
        if cached is not None:
            return cached
        tried.append(folder)
    catalog = validate(blobs)
    for folder in tried:
        if _write_snapshot(folder, stem, catalog):
            break
    return catalog if suffix == ".pickle" else json_view(catalog)


def json_view(catalog: Catalog) -> dict[str, Any]:
    """The catalog as JSON-ready data, each practice with its modelled psoas length."""
    from psoas.core.psoas_length import length_data, practice_length

    data = catalog.as_data()
    for practice, item in zip(catalog.practices, data["practices"], strict=True):
        item["psoas_length"] = length_data(practice_length(practice))
    return data


def validate(blobs: Blobs) -> Catalog:
    """Parse and validate catalog files given as ``(relative path, bytes)`` pairs."""
    from psoas.catalog.model import (
        Background,
        Catalog,
        MassageCheck,
        Practice,
        PropInfo,
        RedFlag,
    )
    from psoas.catalog.vocabulary import KINDS

    practices: list[Practice] = []
    red_flags: tuple[RedFlag, ...] = ()
    massage_checks: tuple[MassageCheck, ...] = ()
    props: tuple[PropInfo, ...] = ()
    background: Background | None = None
    for name, raw in blobs:
        data = _parse_toml(name, raw)
        if name.startswith(f"{PRACTICES}/"):
            practice = _check(name, Practice, data)
            if Path(name).stem != practice.id:
                raise CatalogError(
                    f"catalog file {name}: field 'id' is {practice.id!r} but must match the "
                    f"file name {Path(name).stem!r}"
                )
            practices.append(practice)
        elif name == RED_FLAGS:
            red_flags = tuple(_check(name, RedFlag, item) for item in data.get("red_flag", []))
            massage_checks = tuple(
                _check(name, MassageCheck, item) for item in data.get("massage_check", [])
            )
        elif name == PROPS:
            props = tuple(_check(name, PropInfo, item) for item in data.get("prop", []))
        elif name == BACKGROUND:
            background = _check(name, Background, data)
        else:
            raise CatalogError(f"catalog file {name}: not a known catalog file")
    if background is None:
        raise CatalogError(f"catalog file {BACKGROUND} is missing")
    if not red_flags:
        raise CatalogError(f"catalog file {RED_FLAGS} is missing or has no [[red_flag]] entries")
    practices.sort(key=lambda p: (KINDS.index(p.kind), p.id))
    _check_references(practices)
    _check_safer_versions(practices, red_flags)
    return Catalog(
        practices=tuple(practices),
        red_flags=red_flags,
        background=background,
        massage_checks=massage_checks,
        props=props,
    )


def _read_files(data_dir: Path) -> Blobs:
    if not data_dir.is_dir():
        raise CatalogError(f"catalog folder {data_dir} does not exist")
    found: Blobs = []
    for folder, _dirs, files in sorted(os.walk(data_dir)):
        for file in sorted(files):
            if file.endswith(".toml"):
                path = Path(folder, file)
                found.append((path.relative_to(data_dir).as_posix(), path.read_bytes()))
    return found


def _fingerprint(blobs: Iterable[tuple[str, bytes]]) -> str:
    """Two independent 32-bit checksums over the version, the schema and every file.

    zlib loads in a fraction of the time hashlib (OpenSSL) does, and this only has
    to notice edits, not resist forgery.
    """
    import zlib

    parts = [__version__.encode()]
    parts += [Path(__file__).with_name(schema).read_bytes() for schema in _SCHEMA_FILES]
    for name, raw in blobs:
        parts.append(name.encode() + b"\0" + len(raw).to_bytes(8, "big") + raw)
    data = b"\0".join(parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _parse_toml(name: str, raw: bytes) -> Any:
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"catalog file {name} is not valid TOML: {exc}") from None


def _check(name: str, schema: type[T], data: Any) -> T:
    from psoas.validation import validate_as

    return validate_as(schema, data, f"catalog file {name}", CatalogError)


def _check_references(practices: list[Practice]) -> None:
    seen: set[str] = set()
    for p in practices:
        if p.id in seen:
            raise CatalogError(f"catalog: practice id {p.id!r} is used twice")
        seen.add(p.id)
        pattern_ids = {pattern.id for pattern in p.patterns}
        for check in p.checks:
            for answer in check.answers:
                if answer.pattern is not None and answer.pattern not in pattern_ids:
                    raise CatalogError(
                        f"catalog file {PRACTICES}/{p.id}.toml: check {check.id!r} names "
                        f"unknown pattern {answer.pattern!r}"
                    )


def _check_safer_versions(practices: list[Practice], red_flags: tuple[RedFlag, ...]) -> None:
    """A safer version names a practice that exists and that the same flags leave in."""
    from psoas.catalog.vocabulary import LIMIT_DEMANDS

    by_id = {p.id: p for p in practices}
    # What each condition a safer version may be meant for rules out: a flag's demands,
    # or a limit's one demand.
    rules: dict[str, set[str]] = {f.id: {*f.avoid, *f.avoid_until_cleared} for f in red_flags}
    rules.update({limit: {demand} for limit, demand in LIMIT_DEMANDS.items()})
    for p in practices:
        where = f"catalog file {PRACTICES}/{p.id}.toml"
        for version in p.safer_versions:
            other = by_id.get(version.use)
            if other is None:
                raise CatalogError(f"{where}: safer version {version.use!r} is not a practice")
            for flag_id in version.when:
                ruled_out = rules.get(flag_id, set())
                clash = ruled_out & set(other.demands)
                if clash or flag_id in other.contraindications:
                    raise CatalogError(
                        f"{where}: safer version {version.use!r} is itself ruled out by {flag_id!r}"
                    )


def _read_snapshot(path: Path) -> Any:
    """The snapshot's content, or None when it is missing or unreadable."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        if path.suffix == ".json":
            import json

            return json.loads(raw)
        import pickle

        from psoas.catalog.model import Catalog

        catalog = pickle.loads(raw)
        return catalog if isinstance(catalog, Catalog) else None
    except Exception:
        return None


def _write_snapshot(folder: Path, stem: str, catalog: Catalog) -> bool:
    """Write both forms of the snapshot; best effort, a read-only disk only costs speed."""
    import json
    import pickle
    import tempfile

    payloads = {
        ".pickle": pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL),
        ".json": json.dumps(json_view(catalog), ensure_ascii=False).encode(),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("catalog-*.*"):
            if not old.name.startswith(stem):
                old.unlink(missing_ok=True)
        for suffix, payload in payloads.items():
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, folder / (stem + suffix))
    except OSError:
        return False
    return True


__all__ = [
    "DATA_DIR",
    "PACKAGE_SNAPSHOT_DIR",
    "json_view",
    "load_catalog",
    "load_catalog_data",
    "validate",
]
