"""The page's own words: every ``ui.*`` sentence of the catalog in one language, for the script.

Placeholders (``{count}``) are left in; the script fills them.
"""

from __future__ import annotations

from scheduler.text.messages import CATALOG

PREFIX = "ui."


def page_strings(lang: str) -> dict[str, str]:
    """``ui.name`` -> its template in ``lang``, keyed ``name``."""
    index = 1 if lang == "en" else 0
    return {key[len(PREFIX) :]: pair[index] for key, pair in CATALOG.items() if key.startswith(PREFIX)}
