"""The Streamlit app through streamlit.testing.v1.AppTest (no browser)."""

from __future__ import annotations


import pytest

from ui.i18n import CATALOG, DEFAULT_LANG, LANGS, t


# ------------------------------------------------------------------------------------ i18n / format


def test_t_formats_and_raises_on_missing_key():
    assert t("overview.kpis", "en", name="X").endswith("“X”")
    assert t("overview.title") == CATALOG["ja"]["overview.title"]
    with pytest.raises(KeyError):
        t("no.such.key", "ja")
    with pytest.raises(KeyError):
        t("overview.title", "fr")


# ------------------------------------------------------------------------------------- AppTest


def test_streamlit_config_is_honoured():
    """pytest runs from the project root, so .streamlit/config.toml applies (AppTest included)."""
    from streamlit import config

    assert config.get_option("runner.enforceSerializableSessionState") is True
    assert config.get_option("server.address") == "127.0.0.1"
    assert config.get_option("browser.gatherUsageStats") is False


def test_app_runs_without_exception(app_test):
    at = app_test().run()
    assert not at.exception, [e.message for e in at.exception]


def test_japanese_title_by_default(app_test):
    at = app_test().run()
    assert not at.exception
    assert at.radio(key="lang").value == "ja"
    assert [x.value for x in at.title] == [CATALOG["ja"]["overview.title"] + "：モデル自治体（市 人口5万以上10万未満） ／ 標準DX計画"]


def test_switch_to_english_shows_english_title(app_test):
    at = app_test().run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, [e.message for e in at.exception]
    town = ": model town (City, population 50k–100k) / 標準DX計画"  # town and scenario (issue 12 point 2)
    assert [x.value for x in at.title] == [CATALOG["en"]["overview.title"] + town]
    # and back
    at.radio(key="lang").set_value("ja").run()
    assert [x.value for x in at.title] == [CATALOG["ja"]["overview.title"] + "：モデル自治体（市 人口5万以上10万未満） ／ 標準DX計画"]


def test_overview_shows_the_kpi_metrics(app_test):
    at = app_test().run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.metric) == 11  # staff 4, digital 3, money 4 (cash NPV, economic NPV)
    for m in at.metric:
        assert m.label.strip()
        assert m.value.strip() and m.value not in ("–", "—"), f"{m.label}: {m.value!r}"


def test_kpi_labels_follow_the_language(app_test):
    from sim.model.kpis import KPIS

    labels = {k.key: (k.label("ja"), k.label("en")) for k in KPIS}
    keys = ("digital_gap_l1_target", "digital_gap_l2_target", "digital_gap_l3_target", "dx_cost_cumulative", "npv_cash",
            "npv", "payback_year")  # the overview's cards labelled as in the KPI table
    at = app_test().run()
    shown = [m.label for m in at.metric]
    assert shown[:4] == ["2040年度の職員不足", "2040年度の不足率", "不足率5.0%超えの最初の年度",
                         "必要人員の基準年度比"]
    assert shown[4:] == [labels[k][0] for k in keys]
    at.radio(key="lang").set_value("en").run()
    shown = [m.label for m in at.metric]
    assert shown[:4] == ["Staff gap in FY2040", "Gap % in FY2040", "First year the gap exceeds 5.0%",
                         "Required FTE vs base year"]
    assert shown[4:] == [labels[k][1] for k in keys]
