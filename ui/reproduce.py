"""The reproduce box: the CLI command and the Python snippet that reproduce the results on screen."""

from __future__ import annotations

import functools
import shlex

import streamlit as st

from sim.parameters import REGISTRY
from sim.scenario import Scenario, ScenarioError, loads, to_dict
from ui import persistence, state
from ui.i18n import t

BUILTIN = "builtin:"
_META_IGNORED = ("name", "description", "author", "created", "app_version", "seed", "draws")


def format_value(val) -> str:
    """A --set value: numbers as Python writes them, a time series as 2025:1,2030:2."""
    if isinstance(val, dict):
        return ",".join(f"{int(y)}:{format_value(x)}" for y, x in sorted(val.items(), key=lambda kv: int(kv[0])))
    if isinstance(val, bool):
        return str(int(val))
    if isinstance(val, (int, float)):
        return repr(val)
    return str(val)


def _registry_value(sc: Scenario, key: str):
    if key.startswith("municipality."):
        return sc.municipality.values.get(key)
    return sc.value(key)


def _comparable(sc: Scenario) -> dict:
    d = to_dict(sc)
    d["metadata"] = {k: v for k, v in d["metadata"].items() if k not in _META_IGNORED}
    return d


def set_items(base: Scenario, work: Scenario) -> list[str] | None:
    """`key=value` items that turn `base` into `work` through `python -m sim run --set`, or None when
    the two differ in more than registry parameters (levers, profile, uncertainty...)."""
    from sim.cli import UserError, apply_sets

    items = []
    for key in REGISTRY:
        if key.startswith("lever."):
            continue  # lever fields: compared below through the whole scenario
        a, b = _registry_value(base, key), _registry_value(work, key)
        if a != b:
            if b is None:
                return None  # a municipality figure removed: not expressible with --set
            items.append(f"{key}={format_value(b)}")
    try:
        rebuilt = apply_sets(base, items)
    except (UserError, ScenarioError):
        return None
    return items if _comparable(rebuilt) == _comparable(work) else None


@functools.lru_cache(maxsize=64)
def cli_command(work_text: str, base_stem: str | None = None, base_text: str | None = None) -> tuple[str, bool]:
    """(command, needs_download): `--set` on the built-in file when possible, else the downloaded file."""
    work = loads(work_text)
    flags = []
    items = None
    if base_stem and base_text:
        base = loads(base_text)
        items = set_items(base, work)
        if items is not None:
            if work.seed != base.seed:
                flags += ["--seed", str(work.seed)]
            if work.draws != base.draws:
                flags += ["--draws", str(work.draws)]
    if items is not None:
        args = ["python", "-m", "sim", "run", f"scenarios/{base_stem}.toml"]
        for item in items:
            args += ["--set", item]
        return " ".join(shlex.quote(a) for a in args + flags), False
    args = ["python", "-m", "sim", "run", persistence.download_name(work.name)]
    return " ".join(shlex.quote(a) for a in args), True


def python_snippet(work_text: str) -> str:
    """A self-contained Python snippet that runs the scenario and prints its KPIs."""
    if "'''" in work_text or "\\" in work_text or work_text.endswith("'"):
        literal = repr(work_text)
    else:
        literal = "'''\\\n" + work_text + "'''"
    return f"from sim import loads, run\n\nTOML = {literal}\n\nprint(run(loads(TOML)).kpis)\n"


def render(lang: str) -> None:
    """Draw the box at the bottom of a page."""
    text = state.scenario_text()
    sid = state.active_id()
    entry = state.library().get(sid)
    base_stem = base_text = None
    if sid.startswith(BUILTIN) and entry is not None:
        base_stem, base_text = sid[len(BUILTIN):], entry["text"]
    command, needs_download = cli_command(text, base_stem, base_text)
    with st.expander(t("reproduce.title", lang), expanded=False):
        st.markdown(f"**{t('reproduce.cli', lang)}**")
        if needs_download:
            st.caption(t("reproduce.cli_download", lang,
                         file=persistence.md_escape(persistence.download_name(state.scenario().name))))
        st.code(command, language="bash")
        st.markdown(f"**{t('reproduce.python', lang)}**")
        st.code(python_snippet(text), language="python")
