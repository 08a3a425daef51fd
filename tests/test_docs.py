"""The generated parameter docs are current (regenerate with the command in their first lines)."""

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang,name", [("en", "parameters.md"), ("ja", "parameters.ja.md")])
def test_parameter_docs_are_generated_from_the_registry(lang, name):
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["params", "--format", "markdown", "--lang", lang]) == 0
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert text.endswith(buf.getvalue()), f"docs/{name} is out of date; regenerate it (see its first lines)"
