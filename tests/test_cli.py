"""The command line (python -m sim): in-process through main([...]) and, for exit codes, as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import cli
from sim.cli import format_value, main, parse_set
from sim.i18n import in_lang
from sim.parameters import REGISTRY
from sim.model.kpis import KPI, KPIS
from sim.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
STD = "scenarios/standard_dx.toml"
QUO = "scenarios/status_quo.toml"
TABLES = {"kpis", "series", "flows", "budget", "levers", "age_profile", "assumptions"}
KPI_KEYS = [k.key for k in KPIS]


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def kpis_with(tmp_path: Path, capsys, *sets: str) -> pd.DataFrame:
    """KPIs of the standard scenario with some --set values, read back at full precision from --format json."""
    out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
    args = ["run", STD, "--out", str(out), "--format", "json"]
    for s in sets:
        args += ["--set", s]
    code, _, err = call(capsys, *args)
    assert code == 0, err
    return pd.DataFrame(json.loads((out / "results.json").read_text(encoding="utf-8"))["kpis"]).set_index("key")


# --- usage errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, ja, en", [
    (["run"], "python -m sim run：エラー：次の引数が必要です：SCENARIO.toml",
     "python -m sim run: error: the following arguments are required: SCENARIO.toml"),
    (["run", "x.toml", "--draws", "abc"], "引数 --draws：'abc' は整数ではありません", "'abc' is not a whole number"),
    (["run", "x.toml", "--draws", "0"], "引数 --draws：1〜100,000 の範囲で指定してください（指定値 0）",
     "argument --draws: must be 1–100,000, got 0"),
    (["bogus"], "引数 COMMAND：'bogus' は選べません（選択肢：'run',", "invalid choice: 'bogus' (choose from 'run',"),
    (["run", "x.toml", "--nope"], "python -m sim：エラー：認識できない引数です：--nope", "unrecognized arguments: --nope"),
])
def test_usage_errors_speak_the_language_of_the_command_line(capsys, argv, ja, en):
    """argparse's own errors in Japanese by default, in English with --lang en (usage line kept)."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert ja in err and err.startswith("usage: python -m sim"), err
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert en in err, err


# --- run -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_run_prints_every_kpi_label(capsys, lang):
    code, out, err = call(capsys, "run", STD, "--lang", lang)
    assert code == 0, err
    sc = load_scenario(STD)
    assert sc.name in out
    for k in KPIS:
        assert k.label(lang) in out
    if lang == "ja":
        assert "億円" in out and "年度" in out and "人年" in out
    else:
        assert "billion" in out and "FY20" in out and "FTE" in out
    assert "P50" not in out


def test_run_default_language_is_japanese(capsys):
    code, out, _ = call(capsys, "run", STD)
    assert code == 0
    assert KPIS[0].label("ja") in out and KPIS[0].label("en") not in out


def test_set_changes_a_kpi(tmp_path, capsys):
    base = kpis_with(tmp_path, capsys)
    doubled = kpis_with(tmp_path, capsys, "workforce.exit_rate_multiplier=2")
    assert doubled.loc["staff_gap_target", "value"] > base.loc["staff_gap_target", "value"] + 5
    # the printed table changes too, and says which values were set
    _, plain, _ = call(capsys, "run", STD)
    code, changed, _ = call(capsys, "run", STD, "--set", "workforce.exit_rate_multiplier=2")
    assert code == 0 and plain != changed
    assert "workforce.exit_rate_multiplier=2" in changed


def test_set_time_series_raises_the_staff_gap(tmp_path, capsys):
    base = kpis_with(tmp_path, capsys)
    rising = kpis_with(tmp_path, capsys, "workforce.exit_rate_multiplier=2025:1,2030:2")
    assert rising.loc["staff_gap_target", "value"] > base.loc["staff_gap_target", "value"] + 5
    assert rising.loc["unfilled_target", "value"] > base.loc["unfilled_target", "value"]


def test_set_municipality_and_lever_keys(tmp_path, capsys):
    base = kpis_with(tmp_path, capsys)
    bigger = kpis_with(tmp_path, capsys, "municipality.population=120000")
    assert bigger.loc["dx_cost_cumulative", "value"] > base.loc["dx_cost_cumulative", "value"]
    more_hours = kpis_with(tmp_path, capsys, "lever.rpa_ai.hours_per_task=250")
    assert more_hours.loc["hours_saved_target", "value"] > base.loc["hours_saved_target", "value"]


def test_set_lever_kind_missing_from_scenario(capsys):
    code, _, err = call(capsys, "run", QUO, "--set", "lever.rpa_ai.hours_per_task=250")
    assert code == 1
    assert "lever.rpa_ai.hours_per_task" in err and "no 'rpa_ai' lever" in err


def test_parse_set_values():
    assert parse_set("workforce.exit_rate_multiplier=1.5") == ("workforce.exit_rate_multiplier", 1.5)
    key, val = parse_set("municipality.population=80000")
    assert val == 80000 and isinstance(val, int)
    assert parse_set("workforce.smoothing_years=5.0") == ("workforce.smoothing_years", 5)
    assert parse_set("workforce.hiring_policy=target") == ("workforce.hiring_policy", "target")
    assert parse_set(" talent.external_fulltime = 2025:0, 2030:2 ") == ("talent.external_fulltime",
                                                                        {"2025": 0, "2030": 2})


@pytest.mark.parametrize("item, expected", [
    ("workforce.exit_rate_multipler=1", ["workforce.exit_rate_multipler", "unknown parameter",
                                         "did you mean workforce.exit_rate_multiplier"]),
    ("nonsense.key=1", ["nonsense.key", "unknown parameter", "python -m sim params"]),
    ("workforce.exit_rate_multiplier=5", ["workforce.exit_rate_multiplier", "maximum", "0–3"]),
    ("workforce.exit_rate_multiplier=-1", ["workforce.exit_rate_multiplier", "minimum", "0–3"]),
    ("municipality.population=50", ["municipality.population", "100–4,000,000"]),
    ("workforce.exit_rate_multiplier=abc", ["'abc' is not a number", "0–3"]),
    ("workforce.smoothing_years=2.5", ["workforce.smoothing_years", "whole number"]),
    ("workforce.hiring_policy=sometimes", ["workforce.hiring_policy", "replacement", "smoothed"]),
    ("workforce.rehire_until_age=2025:60", ["workforce.rehire_until_age", "cannot vary by year"]),
    ("workforce.exit_rate_multiplier=2025-1", ["workforce.exit_rate_multiplier", "not a number"]),
    ("workforce.exit_rate_multiplier=25:1", ["year:value"]),
    ("workforce.exit_rate_multiplier=2025:1,2035:9", ["workforce.exit_rate_multiplier (2035)", "maximum"]),
    ("workforce.exit_rate_multiplier=2010:1,2030:2", ["workforce.exit_rate_multiplier.2010", "outside the horizon"]),
    ("simulation.target_year=2060", ["simulation.target_year", "outside the horizon 2025–2050"]),
    ("workforce.exit_rate_multiplier", ["key=value"]),
    ("workforce.exit_rate_multiplier=", ["no value"]),
])
def test_bad_set_is_exit_1_with_the_key_and_what_is_expected(capsys, item, expected):
    code, out, err = call(capsys, "run", STD, "--set", item, "--lang", "en")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ")
    for text in expected:
        assert text in err
    assert "Traceback" not in err
    code, out, err = call(capsys, "run", STD, "--set", item)  # Japanese by default: the same key, in Japanese
    assert code == 1 and out == "" and err.startswith("エラー：") and "Traceback" not in err
    assert item.split("=")[0].strip() in err or "key=value" not in item


@pytest.mark.parametrize("item, expected", [
    ("workforce.exit_rate_multiplier=5", "5 は上限 3（倍）を超えています。数値（0〜3）（倍）を指定してください"),
    ("workforce.exit_rate_multipler=1", "不明なパラメータです（もしかして workforce.exit_rate_multiplier"),
    ("workforce.smoothing_years=2.5", "整数を指定してください"),
    ("workforce.exit_rate_multiplier=", "値がありません"),
])
def test_bad_set_speaks_japanese_in_japanese_mode(capsys, item, expected):
    code, _, err = call(capsys, "run", STD, "--set", item)
    assert code == 1 and err.startswith("エラー：--set ") and expected in err, err


# --- output files --------------------------------------------------------------------------------

def test_out_csv(tmp_path, capsys):
    code, out, err = call(capsys, "run", STD, "--out", str(tmp_path / "res"))
    assert code == 0, err
    files = sorted(p.name for p in (tmp_path / "res").iterdir())
    assert files == sorted(f"{t}.csv" for t in TABLES)
    for name in files:
        assert (tmp_path / "res" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    kpis = pd.read_csv(tmp_path / "res" / "kpis.csv", encoding="utf-8-sig")
    assert list(kpis["指標"]) == [k.label("ja") for k in KPIS]  # for people: Japanese headers, units
    assert list(kpis.columns) == ["指標", "単位", "値"]
    assert "kpis.csv" in out and "assumptions.csv" in out


def test_out_xlsx_one_sheet_per_table(tmp_path, capsys):
    code, _, err = call(capsys, "run", STD, "--out", str(tmp_path), "--format", "xlsx")
    assert code == 0, err
    sheets = pd.read_excel(tmp_path / "results.xlsx", sheet_name=None)
    assert list(sheets) == ["KPI", "年度別の推移", "採用と退職", "予算と評価", "施策別の削減時間", "年齢別職員数", "前提条件"]
    assert list(sheets["KPI"]["指標"]) == [k.label("ja") for k in KPIS]
    assert not sheets["年度別の推移"].empty
    code, _, err = call(capsys, "run", STD, "--out", str(tmp_path / "en"), "--format", "xlsx", "--lang", "en")
    assert code == 0, err
    assert pd.ExcelFile(tmp_path / "en" / "results.xlsx").sheet_names[-1] == "Assumptions"


def test_out_json(tmp_path, capsys):
    code, _, err = call(capsys, "run", STD, "--out", str(tmp_path), "--format", "json", "--draws", "5")
    assert code == 0, err
    payload = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert payload["scenario"] == load_scenario(STD).name
    assert payload["draws"] == 5
    assert [k["key"] for k in payload["kpis"]] == KPI_KEYS
    assert payload["bands"] and {"p5", "p50", "p95"} <= set(payload["bands"][0])  # several draws: percentile bands


def test_format_without_out_is_a_usage_error(capsys):
    code, _, err = call(capsys, "run", STD, "--format", "xlsx")
    assert code == 2 and "--out" in err


def test_out_not_writable_is_exit_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = call(capsys, "run", STD, "--out", str(blocker / "sub"), "--lang", "en")
    assert code == 1 and "cannot write" in err and "Traceback" not in err
    code, _, err = call(capsys, "run", STD, "--out", str(blocker / "sub"))
    assert code == 1 and err.startswith("エラー：") and "に書き込めません" in err


# --- draws ---------------------------------------------------------------------------------------

def test_draws_print_percentile_columns(capsys):
    code, out, err = call(capsys, "run", STD, "--draws", "50", "--seed", "7", "--lang", "en")
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith("KPI"))
    assert header.split()[-6:] == ["P10", "P50", "P90", "Not", "reached", "(draws)"]
    assert "50 draws, seed 7" in out
    for en in (k.label("en") for k in KPIS):
        assert en in out


def _row(out: str, label: str) -> list[str]:
    line = next(line for line in out.splitlines() if line.startswith(label))
    return [c for c in line[len(label):].split("  ") if c.strip()]


def test_year_kpis_under_draws_come_with_the_share_of_draws_that_never_reach_them(capsys, tmp_path):
    """Issue 10, point 8: percentiles of a year KPI are over the draws that reach it, labelled so, and the
    share of draws that never reach it stands beside them, on screen and in the exported KPI table."""
    from sim.uncertainty import monte_carlo
    mc = monte_carlo(load_scenario(STD), 200, seed=2025)
    code, out, err = call(capsys, "run", STD, "--draws", "200", "--lang", "en", "--out", str(tmp_path))
    assert code == 0, err
    assert "over the draws in which the year is reached" in out
    for key, label in (("first_gap_year", "First year the gap exceeds the threshold *"),
                       ("payback_year", "Payback year *")):
        share = mc.never_share(key)
        assert 0 < share < 1
        cells = [c.strip() for c in _row(out, label)]
        assert cells[-1] == f"{share * 100:.1f}%"
        assert all(c.startswith("FY") for c in cells[:3])
    assert _row(out, "Economic NPV ")[-1].strip() != "%"  # other KPIs have no such cell
    table = pd.read_csv(tmp_path / "kpis.csv", encoding="utf-8-sig").set_index("Metric")  # --lang en: English
    first, payback, npv = (KPI[k].label("en") for k in ("first_gap_year", "payback_year", "npv"))
    never, with_value = "Share of draws where it never happens (%)", "Draws with a value"
    assert table.loc[first, never] == round(mc.never_share("first_gap_year") * 100, 1)  # in %, as on screen
    assert table.loc[payback, with_value] == round(200 * (1 - mc.never_share("payback_year")))
    assert pd.isna(table.loc[npv, never]) and table.loc[npv, with_value] == 200


def test_a_year_no_draw_reaches_prints_dashes_and_100_percent(capsys, tmp_path):
    sc = tmp_path / "high.toml"
    sc.write_text('schema_version = 1\n[metadata]\nname = "high threshold"\n[parameters.simulation]\n'
                  'gap_threshold = 0.5\n', encoding="utf-8")
    code, out, err = call(capsys, "run", str(sc), "--draws", "50", "--lang", "en")
    assert code == 0, err
    cells = [c.strip() for c in _row(out, "First year the gap exceeds the threshold *")]
    assert cells == ["—", "—", "—", "100.0%"]


def test_payback_without_net_investment_is_a_dash_not_the_base_year(capsys, tmp_path):
    """Issue 10, point 4: no levers and no training: nothing to pay back, so no payback year."""
    sc = tmp_path / "nothing.toml"
    sc.write_text('schema_version = 1\n[metadata]\nname = "nothing"\n[parameters.talent]\n'
                  'training_coverage = 0.0\nl2_training_rate = 0.0\n', encoding="utf-8")
    code, out, err = call(capsys, "run", str(sc), "--lang", "en", "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert _row(out, "Payback year") == [" —"] or [c.strip() for c in _row(out, "Payback year")] == ["—"]
    assert "FY2025" not in next(line for line in out.splitlines() if line.startswith("Payback year"))
    table = pd.read_csv(tmp_path / "o" / "kpis.csv", encoding="utf-8-sig").set_index("Metric")
    assert pd.isna(table.loc[KPI["payback_year"].label("en"), "Value"]) and table.loc[KPI["npv"].label("en"), "Value"] == 0


def test_draws_are_deterministic_per_seed(capsys):
    _, a, _ = call(capsys, "run", STD, "--draws", "20", "--seed", "3")
    _, b, _ = call(capsys, "run", STD, "--draws", "20", "--seed", "3")
    _, c, _ = call(capsys, "run", STD, "--draws", "20", "--seed", "4")
    assert a == b and a != c


@pytest.mark.parametrize("bad", ["0", "-3", "lots", "100001"])
def test_bad_draws_is_a_usage_error(capsys, bad):
    code, _, err = call(capsys, "run", STD, "--draws", bad)
    assert code == 2 and "--draws" in err


# --- compare -------------------------------------------------------------------------------------

def test_compare_two_scenarios(tmp_path, capsys):
    a, b = load_scenario(QUO).name, load_scenario(STD).name
    out_csv = tmp_path / "cmp" / "compare.csv"
    code, out, err = call(capsys, "compare", QUO, STD, "--out", str(out_csv))
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith("指標"))
    assert a in header and b in header and f"Δ {b}" in header
    for ja in (k.label("ja") for k in KPIS):
        assert ja in out
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig").set_index("指標")  # for people: Japanese, units
    assert list(table.index) == [k.label("ja") for k in KPIS] and "単位" in table.columns
    yen = table["単位"] == "億円"
    delta = table.loc[yen, f"Δ {b}"] - (table.loc[yen, b] - table.loc[yen, a])
    assert yen.any() and delta.abs().max(skipna=True) <= 0.011  # rounded to display precision (0.01億円)
    # a difference of shares is in points, of years a number of years; other units as the values'
    share, year = table["単位"] == "%", table["単位"] == "年度"
    assert share.any() and (table.loc[share, "単位（差）"] == "pt").all() and (table.loc[year, "単位（差）"] == "年").all()
    assert (table.loc[yen, "単位（差）"] == "億円").all()
    pts = table.loc[share, f"Δ {b}"] - (table.loc[share, b] - table.loc[share, a])
    assert pts.abs().max(skipna=True) <= 0.11  # points: the difference of the % shown, not a relative change


def test_compare_english_and_draws(capsys):
    code, out, err = call(capsys, "compare", QUO, STD, "scenarios/dx_accelerated.toml", "--lang", "en",
                          "--draws", "10")
    assert code == 0, err
    assert out.count("Δ ") >= 2 and "P50" in out and "Staff gap in the target year" in out
    assert "Warning" not in err  # e.g. numpy's All-NaN slice for a payback year no draw reaches


def test_compare_same_scenario_twice_gets_distinct_columns(capsys):
    code, out, err = call(capsys, "compare", STD, STD)
    assert code == 0, err
    assert "#2" in out


def test_compare_needs_two_files_and_reports_every_missing_one(capsys):
    code, _, err = call(capsys, "compare", STD)
    assert code == 2
    code, _, err = call(capsys, "compare", "nope1.toml", "nope2.toml")
    assert code == 1 and "nope1.toml" in err and "nope2.toml" in err and "Traceback" not in err


# --- validate ------------------------------------------------------------------------------------

BROKEN = """\
schema_version = 1

[metadata]
name = ""
draws = 0

[parameters.workforce]
exit_rate_multiplier = 9
hiring_policy = "sometimes"

[parameters.nonsense]
value = 1

[[levers]]
kind = "teleportation"
"""


def test_validate_valid_files(capsys):
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").glob("*.toml"))
    code, out, err = call(capsys, "validate", *files)
    assert code == 0, out + err
    for f in files:
        assert f"OK  {f}" in out


def test_validate_broken_file_lists_every_problem(tmp_path, capsys):
    bad = tmp_path / "broken.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(bad)
    problems = info.value.problems
    assert len(problems) >= 6
    code, out, err = call(capsys, "validate", STD, str(bad), "--lang", "en")
    assert code == 1
    assert f"OK  {STD}" in out and f"FAIL {bad}" in out
    for path, msg in problems:
        assert f"{path}: {msg}" in out
    code, ja, err = call(capsys, "validate", STD, str(bad))  # Japanese by default
    assert code == 1 and "2件中1件が有効です" in ja
    for path, msg in problems:
        assert f"{path}: {in_lang(msg, 'ja')}" in ja
    for text in ("metadata.name", "metadata.draws", "parameters.workforce.exit_rate_multiplier",
                 "parameters.workforce.hiring_policy", "parameters.nonsense.value", "levers[0].kind"):
        assert text in out


def test_validate_unreadable_and_non_toml(tmp_path, capsys):
    junk = tmp_path / "junk.toml"
    junk.write_text("this is = not [toml", encoding="utf-8")
    code, out, _ = call(capsys, "validate", str(junk), str(tmp_path / "missing.toml"), "--lang", "en")
    assert code == 1
    assert "not valid TOML" in out and "cannot read file" in out
    assert out.count("FAIL ") == 2


# --- params --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_params_table_lists_every_key(capsys, lang):
    code, out, err = call(capsys, "params", "--lang", lang)
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.split(" ", 1)[0] in REGISTRY]
    assert len(rows) == len(REGISTRY)
    assert {line.split(" ", 1)[0] for line in rows} == set(REGISTRY)
    p = REGISTRY["workforce.exit_rate_multiplier"]
    assert p.label(lang) in out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_params_markdown_and_csv(capsys, lang):
    code, md, _ = call(capsys, "params", "--lang", lang, "--format", "markdown")
    assert code == 0
    keys = [line.split("`")[1] for line in md.splitlines() if line.startswith("| `")]
    assert len(keys) == len(REGISTRY) and set(keys) == set(REGISTRY)
    # choices are joined with ' | ': escaped so the markdown table keeps its columns
    line = next(x for x in md.splitlines() if x.startswith("| `workforce.hiring_policy`"))
    assert line.replace("\\|", "").count("|") == 9
    code, text, _ = call(capsys, "params", "--lang", lang, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(REGISTRY) and [r["key"] for r in rows] == list(REGISTRY)


def test_params_group_filter(capsys):
    code, out, _ = call(capsys, "params", "--group", "workforce", "--format", "csv")
    assert code == 0
    keys = [r["key"] for r in csv.DictReader(io.StringIO(out))]
    assert keys == [k for k, p in REGISTRY.items() if p.group == "workforce"]
    code, out, _ = call(capsys, "params", "--group", "lever", "--format", "csv")
    keys = [r["key"] for r in csv.DictReader(io.StringIO(out))]
    assert keys == [k for k in REGISTRY if k.startswith("lever.")]
    code, _, err = call(capsys, "params", "--group", "nope")
    assert code == 2 and "workforce" in err


# --- errors and exit codes -----------------------------------------------------------------------

def test_missing_file_is_a_clear_error(capsys):
    code, out, err = call(capsys, "run", "no/such/scenario.toml", "--lang", "en")
    assert code == 1
    assert out == ""
    assert err.strip() == "error: no/such/scenario.toml: cannot read file: No such file or directory"


def test_invalid_scenario_on_run_lists_problems(tmp_path, capsys):
    bad = tmp_path / "broken.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    code, _, err = call(capsys, "run", str(bad), "--lang", "en")
    assert code == 1
    assert "problem(s) in the scenario" in err and "metadata.name" in err and "Traceback" not in err
    code, _, err = call(capsys, "run", str(bad))
    assert code == 1 and "件の問題があります" in err and "metadata.name" in err


def test_internal_error_is_exit_3_without_traceback(capsys, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("sim.uncertainty.scenario_result", boom)
    monkeypatch.delenv("DXSIM_DEBUG", raising=False)
    code, _, err = call(capsys, "run", STD)
    assert code == 3
    assert "内部エラー：RuntimeError: kaboom" in err and "報告してください" in err and "DXSIM_DEBUG=1" in err
    assert "Traceback" not in err
    code, _, err = call(capsys, "run", STD, "--lang", "en")
    assert code == 3
    assert "internal error: RuntimeError: kaboom" in err and "report" in err and "DXSIM_DEBUG=1" in err
    monkeypatch.setenv("DXSIM_DEBUG", "1")
    code, _, err = call(capsys, "run", STD)
    assert code == 3 and "Traceback" in err


@pytest.mark.parametrize("lang, texts", [
    ("ja", ("終了ステータス", "0  正常終了", "1  シナリオまたは入力の誤り", "2  使い方の誤り", "3  予期しない内部エラー")),
    ("en", ("exit status", "0  success", "1  invalid", "2  usage", "3  unexpected")),
])
def test_help_documents_exit_codes(capsys, lang, texts):
    code, out, _ = call(capsys, "--help", "--lang", lang)
    assert code == 0
    for text in texts + ("DXSIM_DEBUG",):
        assert text in out
    for command in ("run", "compare", "validate", "params"):
        assert command in out


def _sim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_subprocess_exit_codes(tmp_path):
    ok = _sim("run", STD, "--lang", "en")
    assert ok.returncode == 0, ok.stderr
    assert "Staff gap in the target year" in ok.stdout

    missing = _sim("run", "missing.toml", "--lang", "en")
    assert missing.returncode == 1
    assert "missing.toml: cannot read file" in missing.stderr and "Traceback" not in missing.stderr

    bad_set = _sim("run", STD, "--set", "workforce.exit_rate_multiplier=99")
    assert bad_set.returncode == 1 and "0〜3" in bad_set.stderr and bad_set.stderr.startswith("エラー：")

    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    assert _sim("validate", STD).returncode == 0
    assert _sim("validate", str(broken)).returncode == 1

    usage = _sim("run")
    assert usage.returncode == 2 and "usage:" in usage.stderr
    assert _sim("frobnicate").returncode == 2


# --- formatting ----------------------------------------------------------------------------------

@pytest.mark.parametrize("x, unit, lang, delta, text", [
    (3_089_219_000, "yen", "ja", False, "30.89億円"),
    (35_179_190, "yen", "ja", False, "3,518万円"),
    (25_000, "yen", "ja", False, "2.5万円"),
    (1_944.3, "yen", "ja", False, "1,944円"),
    (-24_942_830, "yen", "ja", False, "-2,494万円"),
    (3_089_219_000, "yen", "en", False, "¥3.09 billion"),
    (164_014_400, "yen", "en", False, "¥164.0 million"),
    (-1_944.3, "yen", "en", True, "-¥1,944"),
    (0.0578, "share", "ja", False, "5.8%"),
    (-0.0359, "share", "en", True, "-3.6 pt"),
    (2037.0, "year", "ja", False, "2037年度"),
    (2034.5, "year", "en", False, "FY2035"),
    (8.0, "year", "en", True, "+8 yrs"),
    (float("nan"), "year", "ja", False, "—"),
    (23.27, "fte", "ja", False, "23.3人年"),
    (23.27, "fte", "en", False, "23.3 FTE"),
    (38_856.6, "hours", "en", False, "38,857 hours"),
    (140.4, "persons", "ja", False, "140人"),
    (-0.01, "persons", "en", True, "0.0 persons"),
    (1.0819, "multiplier", "en", False, "1.08×"),
])
def test_format_value(x, unit, lang, delta, text):
    assert format_value(x, unit, lang, delta=delta) == text


def test_table_alignment_counts_wide_characters():
    table = cli.render_table(["指標", "値"], [["職員不足", "1.0人"], ["gap", "10.0人"]], ["l", "r"])
    widths = {cli.text_width(line) for line in table.splitlines()}
    assert len(widths) == 1


def test_the_cli_speaks_japanese_by_default_and_english_with_lang_en(capsys, tmp_path):
    """Issue 12 point 9: headers, the run's summary lines and the written-files line in the language."""
    code, ja, err = call(capsys, "run", STD, "--out", str(tmp_path / "ja"))
    assert code == 0, err
    assert ja.startswith("シナリオ：") and "1回の試行、乱数シード" in ja and "目標年度 2040年度" in ja
    assert ja.splitlines()[3].split()[:2] == ["指標", "値"]
    assert "個のファイルを" in ja and "Scenario:" not in ja and "wrote" not in ja
    code, en, err = call(capsys, "run", STD, "--lang", "en", "--out", str(tmp_path / "en"))
    assert code == 0, err
    assert en.startswith("Scenario: ") and "1 draw, seed" in en and "target year FY2040" in en
    assert "wrote 7 files to" in en
    code, out, _ = call(capsys, "validate", STD, QUO)
    assert "2件中2件が有効です" in out
