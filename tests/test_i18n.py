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
