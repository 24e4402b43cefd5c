"""Help and messages that point to a page of the documentation say it is in the source (env14 finding 8):
an installed wheel has no ``docs/`` folder, and the project has no web address to point to instead.
Every page named exists in the checkout."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "scheduler" / "text" / "catalog"


def test_every_docs_page_named_in_the_catalog_is_said_to_be_the_sources():
    bare = []
    for path in sorted(CATALOG.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith("#"):
                continue
            for found in re.finditer(r"docs/([a-z-]+\.md)", line):
                assert (ROOT / "docs" / found.group(1)).is_file(), f"{path.name}:{number}: no docs/{found.group(1)}"
                before = line[: found.start()]
                if not re.search(r"(源代码的 |the source's |and |、)$", before):
                    bare.append(f"{path.name}:{number}: {line.strip()}")
    assert bare == []
