"""The server's long-lived heap kept out of the garbage collector's full passes.

Streamlit runs `gc.collect(2)` after every script run (runner.postScriptGC). A full pass walks every
object the process holds, and the libraries alone (streamlit, pandas, altair, scipy, the app's modules)
are about 160,000 objects: about 85 ms per rerun on this machine, half the server's CPU under load
(py-spy, 10 sessions). `gc.freeze()` once, after those modules are loaded and before any session's
objects exist, moves them to the permanent generation: the pass after each run then walks only what
the sessions created. Frozen objects are still freed by reference counting; only cycles among them
would stay, and modules live as long as the process anyway.
"""

from __future__ import annotations

import gc
import importlib
import re
import threading
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"
# Top-level imports, read with a pattern rather than `ast`: Python 3.11's parser is not safe in several
# threads at once ("AST constructor recursion depth mismatch"), and sessions start in parallel.
_IMPORT = re.compile(r"^from[ \t]+([\w.]+)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,]+))|^import[ \t]+([\w.]+)",
                     re.MULTILINE)
_lock = threading.Lock()
_frozen = False


def page_modules() -> list[str]:
    """The modules the page scripts import (read from their source, so no list to keep up to date)."""
    names: set[str] = set()
    for path in sorted(PAGES.glob("*.py")):
        for module, in_parens, members, plain in _IMPORT.findall(path.read_text(encoding="utf-8")):
            if plain:
                names.add(plain)
            else:
                names.add(module)
                names.update(f"{module}.{m.split()[0]}" for m in (in_parens or members).split(",") if m.strip())
    return sorted(names)


def freeze_once() -> None:
    """Load the pages' modules, collect, and freeze the heap: once per server process (the first sessions
    wait here for it, a few seconds at start)."""
    global _frozen
    with _lock:
        if _frozen:
            return
        for name in page_modules():
            try:
                importlib.import_module(name)
            except ImportError:  # `from pkg import function`: not a module, already loaded with pkg
                pass
        gc.collect()
        gc.freeze()
        _frozen = True
