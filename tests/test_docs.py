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


def test_readme_scenario_example_is_valid():
    from sim.scenario import loads

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    sc = loads(block)
    assert sc.parameters["workforce.hiring_policy"] == "smoothed" and sc.levers[0].kind == "rpa_ai"
    assert "workforce.exit_rate_multiplier" in sc.uncertainty
