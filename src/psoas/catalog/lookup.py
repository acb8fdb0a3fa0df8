"""Finding practice ids a person may have meant. Standard library only."""

from __future__ import annotations

from collections.abc import Collection


def suggest_ids(query: str, ids: Collection[str], limit: int = 3) -> list[str]:
    """Ids that look like ``query``: ones containing it first, then ones spelled alike."""
    import difflib

    needle = query.strip().lower().replace("_", "-").replace(" ", "-")
    containing = [i for i in ids if needle and needle in i]
    alike = difflib.get_close_matches(needle, list(ids), n=limit, cutoff=0.6)
    return list(dict.fromkeys(containing + alike))[:limit]
