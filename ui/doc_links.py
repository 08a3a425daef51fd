"""Links between the project's documents, as shown on the data page: a link to one of our documents
(`[validation.md](validation.md)`, `../data/SOURCES.md`) leads to that document's tab on the data page
(`?doc=validation`, opened in a new browser tab like every link in the app). Left as written, the server
would answer the file path with the app's home page."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ui.i18n import DEFAULT_LANG

DOC_PARAM = "doc"  # ?doc=… opens the data page on that document's tab
DOC_OF_FILE = {"model.md": "model", "model.ja.md": "model", "validation.md": "validation",
               "parameters.md": "parameters", "parameters.ja.md": "parameters", "SOURCES.md": "sources"}
_MD_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s#]*\.md)(#[^)\s]*)?\)")


def in_app_links(markdown: str, lang: str) -> str:
    """Links to our documents turned into links to their tab (other links unchanged)."""
    def target(m: re.Match) -> str:
        doc = DOC_OF_FILE.get(PurePosixPath(m.group(1)).name)
        if doc is None:
            return m.group(0)
        return f"](?{DOC_PARAM}={doc}" + ("" if lang == DEFAULT_LANG else f"&lang={lang}") + ")"
    return _MD_LINK.sub(target, markdown)
