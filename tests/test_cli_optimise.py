"""python -m sim optimise: the plan file it writes reproduces its figures through `python -m sim run`; no plan
found is exit status 1 with what binds; bad options are usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from sim.cli import main
from sim.optimise import OBJECTIVE
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
STD = "scenarios/standard_dx.toml"


def _json_kpis(folder) -> pd.DataFrame:
    """The KPIs of `run --format json` (the machine form, full precision) by key."""
    return pd.DataFrame(json.loads((folder / "results.json").read_text(encoding="utf-8"))["kpis"]).set_index("key")


def call(capsys, *args: str) -> tuple[int, str, str]:
    """The command in English (--lang en); the Japanese output is checked on its own."""
    code = main(list(args) + ["--lang", "en"])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_plan_file_reproduces_the_printed_figures(tmp_path, capsys):
    plan, compare = tmp_path / "plan.toml", tmp_path / "compare.csv"
    code, out, err = call(capsys, "optimise", STD, "--max-gap-pct", "5", "--until", "2030", "--out", str(plan),
                          "--compare-out", str(compare))
    assert code == 0, err
    assert ("Conditions: staff gap ≤ 5.0% every year FY2026–FY2030; digital gaps L1–L3 ≤ the starting scenario's "
            "every year") in out
    assert "Plan found: cash outlay" in out and f"wrote {plan}" in out
    sc = load_scenario(plan)
    assert sc.value("workforce.hiring_policy") == "fixed" and sc.value("simulation.end_year") == 2030
    table = pd.read_csv(compare, encoding="utf-8-sig").set_index("key")
    code, _, err = call(capsys, "run", str(plan), "--out", str(tmp_path / "run"), "--format", "json")
    assert code == 0, err
    kpis = _json_kpis(tmp_path / "run")["value"]
    for key in (OBJECTIVE, "staff_gap_target_pct", "net_cash_cost_cumulative", "npv_cash"):
        assert kpis[key] == float(table.loc[key, "plan"]), key  # the same number, not merely close
    assert float(table.loc["constraint_max_gap", "plan"]) <= 0.05
    assert float(table.loc["constraint_digital_excess", "plan"]) == 0.0


def test_no_plan_is_exit_status_1_with_what_binds(capsys):
    code, out, _ = call(capsys, "optimise", STD, "--max-gap-pct", "2", "--until", "2030",
                        "--set", "recruitment.attractiveness=0.1", "--lang", "en")
    assert code == 1
    assert "No plan meets the conditions.\nThe smallest worst gap reachable:" in out
    assert "digital gap over its limit" not in out  # the digital gaps are kept: only the staff gap binds
    assert "  - The applicant pool: some years the wanted hires cannot be filled for lack of applicants." in out


def test_digital_limit_in_persons_and_off(capsys):
    """--max-digital-gap 10: the L2 gap of the first years cannot fall to 10 persons (exit 1, the digital limit
    binds); off: no digital row, the constraint is not printed."""
    code, out, _ = call(capsys, "optimise", STD, "--max-gap-pct", "5", "--until", "2030", "--max-digital-gap", "10")
    assert code == 1
    assert "digital gaps L1–L3 ≤ 10 persons every year" in out
    assert "The smallest digital gap over its limit found: " in out and "smallest worst gap" not in out
    assert "  - The digital-talent limit: even with training coverage" in out
    code, out, _ = call(capsys, "optimise", STD, "--max-gap-pct", "5", "--until", "2030", "--max-digital-gap", "off")
    assert code == 0
    assert "digital gaps" not in out and "Digital gap over its limit" not in out


def test_bad_options_are_usage_errors():
    for bad in (["--confidence", "1.5"], ["--max-gap-pct", "-1"], ["--until", "soon"], ["--max-digital-gap", "some"],
                ["--max-digital-gap", "-3"]):
        args = ["--max-gap-pct", "5", "--until", "2040", *bad]
        proc = subprocess.run([sys.executable, "-m", "sim", "optimise", STD, *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 2, (bad, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_until_outside_the_horizon_is_a_clear_error(capsys):
    code, _, err = call(capsys, "optimise", STD, "--max-gap-pct", "5", "--until", "2060")
    assert code == 1
    assert "until must be after the base year 2025, at least 2030 (the shortest horizon) and at most the final year " \
           "2050, got 2060" in err


def test_confidence_plan_reproduces_its_monte_carlo(tmp_path, capsys):
    """With --confidence the plan carries the search's seed and draws: `run` makes the same Monte Carlo
    (the medians printed beside the plan are those of `run`), and the share of draws meeting the gap limit
    is at least the confidence."""
    plan, compare = tmp_path / "plan.toml", tmp_path / "compare.csv"
    code, out, err = call(capsys, "optimise", STD, "--max-gap-pct", "5", "--until", "2030", "--confidence", "0.8",
                          "--draws", "20", "--seed", "7", "--out", str(plan), "--compare-out", str(compare))
    assert code == 0, err
    assert "in ≥ 80% of 20 draws (seed 7)" in out
    sc = load_scenario(plan)
    assert (sc.draws, sc.seed) == (20, 7)
    table = pd.read_csv(compare, encoding="utf-8-sig").set_index("key")
    code, _, err = call(capsys, "run", str(plan), "--out", str(tmp_path / "run"), "--format", "json")
    assert code == 0, err
    kpis = _json_kpis(tmp_path / "run")
    for key in (OBJECTIVE, "staff_gap_target_pct", "npv_cash"):
        assert kpis.loc[key, "p50"] == float(table.loc[key, "plan"]), key
    from sim.engine import run

    res = run(sc)
    worst = res.series["gap_pct"][:, 1:].max(axis=1)
    assert (worst <= 0.05).mean() >= 0.8


def test_the_optimiser_speaks_japanese_by_default(tmp_path, capsys):
    plan = tmp_path / "plan.toml"
    code = main(["optimise", STD, "--max-gap-pct", "5", "--until", "2030", "--out", str(plan)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("シナリオ：") and "探索：" in out
    assert "条件：毎年度の不足率 ≤ 5.0%（2026年度〜2030年度）、デジタル人材（L1〜L3）の不足 ≤ 出発シナリオ（毎年度）" in out
    assert "計画が見つかりました：現金支出 " in out and f"{plan} に書き出しました" in out
    met = next(line for line in out.splitlines() if line.startswith("制約を満たす"))
    assert met.split()[1:3] == ["はい", "はい"]  # the plan and the starting scenario
    for english in ("Search", "Plan found", "wrote", " yes", " no "):
        assert english not in out
    description = load_scenario(plan).description.splitlines()
    assert description[0].startswith("「標準DX計画」から求めた費用最小の計画：2030年度まで毎年、職員の不足率を5.0%以下に保つ、"
                                     "デジタル人材（L1〜L3）の不足は毎年、出発シナリオ以下")
    assert description[1].startswith("Least-cost plan from '標準DX計画': staff gap at most 5.0% in every year to FY2030")


def test_no_plan_in_japanese(capsys):
    code = main(["optimise", STD, "--max-gap-pct", "5", "--until", "2030", "--max-digital-gap", "10"])
    out = capsys.readouterr().out
    assert code == 1
    assert "デジタル人材（L1〜L3）の不足 ≤ 10人（毎年度）" in out
    assert "条件を満たす計画はありません。\n見つかった計画でデジタル人材の不足が上限を超える最小の人数：" in out
    assert "制約となっているもの：\n  - デジタル人材の不足の上限：" in out
    code = main(["optimise", STD, "--max-gap-pct", "5", "--until", "2060"])
    assert code == 1
    assert "最終年度（until）は基準年度2025より後、2030年度（最短の期間）以降、最終年度2050以前にしてください：2060" in \
        capsys.readouterr().err
