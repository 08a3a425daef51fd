"""The layers of the house (DESIGN.md): sim never imports streamlit, and its modules import each other
without cycles (so no lazy import is needed to break one)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIM = ROOT / "sim"


def _sim_modules() -> list[str]:
    """Every module of the sim package, subpackages included (sim.scenario.io, sim.cli.commands.run, …)."""
    names = {("sim." + ".".join(p.relative_to(SIM).with_suffix("").parts)).removesuffix(".__init__")
             for p in SIM.rglob("*.py")}
    return sorted(names - {"sim.__main__"})


def _loads_streamlit(modules: list[str]) -> subprocess.CompletedProcess:
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "sys.exit(1 if any(k.split('.')[0] == 'streamlit' for k in sys.modules) else 0)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_importing_the_whole_sim_package_loads_no_streamlit():
    modules = _sim_modules()
    assert {"sim.scenario.model", "sim.municipal.batch_run", "sim.cli.commands.run"} <= set(modules)
    proc = _loads_streamlit(modules)
    assert proc.returncode == 0, proc.stderr or "streamlit was imported by sim"


def test_import_sim_alone_loads_no_streamlit_and_exposes_the_public_api():
    proc = _loads_streamlit(["sim"])
    assert proc.returncode == 0, proc.stderr or "`import sim` imported streamlit"
    import sim
    assert callable(sim.run) and callable(sim.load_scenario) and sim.Scenario.__name__ == "Scenario"


# The one place sim reaches into ui: `python -m sim report` renders the documents through ui.report, which
# draws its chart images with the app's own chart builders (the same specs as on screen).
SIM_TO_UI = {"sim.cli.commands.report": {"ui.report", "ui.report.build"}}


def _ui_imports(path: Path) -> set[str]:
    """Every ui module a file imports (lazy imports count too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ui":
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "ui")
    return out


def test_sim_imports_no_ui_but_the_report_command():
    found = {}
    for p in SIM.rglob("*.py"):
        name = ("sim." + ".".join(p.relative_to(SIM).with_suffix("").parts)).removesuffix(".__init__")
        if _ui_imports(p):
            found[name] = _ui_imports(p)
    assert set(found) <= set(SIM_TO_UI), f"sim modules importing ui: {found}"
    assert all(found[m] <= SIM_TO_UI[m] for m in found), found


def test_the_documents_load_no_streamlit():
    proc = _loads_streamlit(["ui.report", "ui.report.build", "ui.report.docx", "ui.report.xlsx", "ui.report.charts"])
    assert proc.returncode == 0, proc.stderr or "ui.report imported streamlit (python -m sim report must not)"


def _imports(path: Path) -> set[str]:
    """Every sim module a file imports, at any depth of the file (lazy imports count too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sim"):
            out.add(node.module)
            for alias in node.names:
                out.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("sim"))
    return out


def test_sim_modules_import_each_other_without_cycles():
    files = {("sim." + ".".join(p.relative_to(SIM).with_suffix("").parts)).removesuffix(".__init__"): p
             for p in SIM.rglob("*.py")}
    files.pop("sim.__main__", None)
    graph = {m: {d for d in _imports(p) if d in files and d != m and d != "sim"} for m, p in files.items()}
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(d):] + [d]))
            if d not in state:
                visit(d, path + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
