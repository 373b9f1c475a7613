"""README's links work from a clone of the repository alone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def relative_links(text: str) -> list[str]:
    return [target for target in LINK.findall(text) if "://" not in target]


def test_every_relative_link_in_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = relative_links(readme)
    assert "docs/format.md" in links
    missing = [target for target in links if not (ROOT / target).exists()]
    assert missing == []


def test_no_document_points_outside_the_repository() -> None:
    for document in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert "../shared" not in document.read_text(encoding="utf-8"), document.name


def test_the_format_page_links_the_samples() -> None:
    page = ROOT / "docs" / "format.md"
    for target in relative_links(page.read_text(encoding="utf-8")):
        assert (page.parent / target).exists(), target
