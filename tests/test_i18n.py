"""One text catalogue for sim and ui (issue 11 point 5): the same keys in every language, no language
switches in code, messages that carry their catalogue key."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from sim import i18n as sim_i18n
from ui import i18n as ui_i18n

ROOT = Path(__file__).resolve().parent.parent
# a comparison of a language code in code: lang == "ja", lang != "en", "ja" == lang, ...
SWITCH = re.compile(r"""(==|!=)\s*["'](ja|en)["']|["'](ja|en)["']\s*(==|!=)""")


@pytest.mark.parametrize("catalog", [sim_i18n.CATALOG, ui_i18n.CATALOG], ids=["sim", "app"])
def test_every_language_has_the_same_keys(catalog):
    assert set(catalog) == set(sim_i18n.LANGS)
    ja = set(catalog["ja"])
    for lang, texts in catalog.items():
        assert set(texts) == ja, f"{lang}: missing {sorted(ja - set(texts))}, extra {sorted(set(texts) - ja)}"


def test_the_app_catalogue_holds_sims_areas_through_the_same_lookup():
    for lang in sim_i18n.LANGS:
        for key, text in sim_i18n.CATALOG[lang].items():
            assert ui_i18n.t(key, lang) == sim_i18n.t(key, lang) == text
    with pytest.raises(KeyError):
        sim_i18n.t("kpi.npv", "fr")
    with pytest.raises(KeyError):
        ui_i18n.t("no.such.key", "ja")


def test_no_language_switch_in_sim_or_ui():
    found = []
    for path in sorted((ROOT / "sim").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SWITCH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "language switches instead of catalogue lookups:\n" + "\n".join(found)


def test_a_message_is_english_text_and_speaks_every_language_after_pickling():
    from sim.parameters import REGISTRY
    msg = REGISTRY["municipality.staff_admin"].check(4_000_000)
    assert msg == "4000000 is above the maximum 50000 (persons)"
    assert msg.text("ja") == "4000000 は上限 50000（人）を超えています"
    back = pickle.loads(pickle.dumps(msg))  # Streamlit keeps problems in session state
    assert back.text("ja") == msg.text("ja") and back == msg
    assert sim_i18n.in_lang("plain text", "ja") == "plain text"


# Keys that share their Japanese and English text but name different things (issue 11: one key and one label
# per concept). Every other pair of keys with the same (ja, en) text is the same concept written twice.
SAME_TEXT_OTHER_CONCEPT = {
    frozenset({"nav.parameters", "parameters.title", "parameters.tab_params", "data.tab.parameters"}):
        "the navigation entry, the page's title, and a tab on two pages (the sliders; the registry table)",
    frozenset({"nav.results", "results.title"}): "the navigation entry and the page's title",
    frozenset({"nav.data", "data.title"}): "the navigation entry and the page's title",
    frozenset({"nav.uncertainty", "unc.title"}): "the navigation entry and the page's title",
    frozenset({"nav.batch", "batch.title"}): "the navigation entry and the page's title",
    frozenset({"nav.optimise", "opt.title"}): "the navigation entry and the page's title",
    frozenset({"list.sep", "optimise.plan.sep"}): "a list of names vs the clauses of a sentence (same punctuation "
                                                  "in ja and en only)",
    **{frozenset({f"kpi.digital_gap_{lv}_target", f"metric.{lv}_gap"}): "a KPI (the target year's value) vs the "
       "yearly series" for lv in ("l1", "l2", "l3")},
    frozenset({"series.short.gap_fte", "results.col.gap"}): "the staff gap in FTE (compare, uncertainty legends) vs "
                                                            "a digital-talent level's gap in persons",
}


def test_one_label_per_concept():
    """No two keys of the app's catalogue carry the same text in every language unless they are listed above
    as different concepts; the list holds no group that is gone."""
    by_text: dict[tuple, set] = {}
    ja = ui_i18n.CATALOG["ja"]
    for key in ja:
        by_text.setdefault(tuple(ui_i18n.CATALOG[lang][key] for lang in sim_i18n.LANGS), set()).add(key)
    groups = {frozenset(keys): text for text, keys in by_text.items() if len(keys) > 1}
    unlisted = [f"{sorted(keys)}: {text}" for keys, text in groups.items() if keys not in SAME_TEXT_OTHER_CONCEPT]
    assert not unlisted, ("the same text under several keys (keep one key per concept, or list them in "
                          "SAME_TEXT_OTHER_CONCEPT with the reason):\n" + "\n".join(unlisted))
    stale = [sorted(keys) for keys in SAME_TEXT_OTHER_CONCEPT if keys not in groups]
    assert not stale, f"SAME_TEXT_OTHER_CONCEPT lists groups that no longer share a text: {stale}"
