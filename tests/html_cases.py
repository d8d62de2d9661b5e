"""Audits for the HTML report's tests: a folder of fixtures with hostile names and titles."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, copy_fixtures

# A file name and a title that would run a script if the page ever took them as markup.
HOSTILE_NAME = "a<script>window.pwned='name'<!--.xml"  # no /: it is a file name
HOSTILE_TITLE = "</script><script>window.pwned='title'</script><b>bold</b>"


def hostile_folder(folder: Path) -> Path:
    """Fixtures of every status, plus one named and one titled with markup."""
    copy_fixtures(folder, flat=True)
    shutil.copyfile(FIXTURES / "ern432/single_ai_vocals.xml", folder / HOSTILE_NAME)
    text = (FIXTURES / "ern432/single_ai_vocals.xml").read_text(encoding="utf-8")
    escaped = HOSTILE_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("Paper Satellites", escaped)
    (folder / "hostile_title.xml").write_text(text, encoding="utf-8")
    return folder
