"""python -m sim report: both documents for a scenario, for a real municipality, with a Monte Carlo."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from sim.cli import main
from ui.report.build import DOCX_NAME, XLSX_NAME
from tests.golden.update import ROOT

SCENARIO = str(ROOT / "scenarios" / "small_town.toml")


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_writes_both_files_for_a_municipality_with_ranges(tmp_path, capsys):
    code, out, err = call(capsys, "report", SCENARIO, "--municipality", "01210", "--draws", "30", "--out",
                          str(tmp_path), "--reiwa")
    assert code == 0, err
    assert f"2個のファイルを {tmp_path} に書き出しました：{XLSX_NAME}, {DOCX_NAME}" in out and "出典：" in out
    book = openpyxl.load_workbook(tmp_path / XLSX_NAME)
    plan = book["定員管理計画"]
    assert "岩見沢市" in plan["A1"].value
    assert plan.cell(5, 1).value == "令和7年度"
    report = docx.Document(tmp_path / DOCX_NAME)
    text = "\n".join(p.text for p in report.paragraphs)
    assert "岩見沢市" in report.paragraphs[0].text and "30回の試行" in text


def test_report_in_english(tmp_path, capsys):
    code, out, err = call(capsys, "report", SCENARIO, "--out", str(tmp_path), "--lang", "en")
    assert code == 0, err
    assert f"wrote 2 files to {tmp_path}: {XLSX_NAME}, {DOCX_NAME}" in out
    assert docx.Document(tmp_path / DOCX_NAME).paragraphs[0].text.endswith("staff and DX plan outlook")


def test_report_needs_out_and_says_why_it_cannot_write(tmp_path, capsys):
    code, _, err = call(capsys, "report", SCENARIO)
    assert code == 2 and "--out" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = call(capsys, "report", SCENARIO, "--out", str(blocker / "sub"))
    assert code == 1 and err.startswith("エラー：") and "に書き込めません" in err and "Traceback" not in err
    code, _, err = call(capsys, "report", SCENARIO, "--out", str(blocker / "sub"), "--lang", "en")
    assert code == 1 and err.startswith("error: cannot write to") and "Traceback" not in err


def test_a_scenario_with_draws_gives_the_same_documents_from_the_cli_and_from_its_file(tmp_path, capsys):
    """Issue 11, point 4: the report of a scenario whose own draws are several is its Monte Carlo (P50s in
    the plan, ranges from the same draws), whether `report --draws` asks for them or the file does."""
    import dataclasses

    from sim.scenario import load_scenario
    from sim.uncertainty import monte_carlo
    from sim.plan import staffing_plan_frame
    from ui.report.build import write_report

    code, out, err = call(capsys, "report", SCENARIO, "--draws", "30", "--out", str(tmp_path / "cli"))
    assert code == 0, err
    assert "30回の試行" in out
    sc = dataclasses.replace(load_scenario(SCENARIO), draws=30)
    write_report(sc, tmp_path / "file")
    sheets = [[[c for c in row] for row in openpyxl.load_workbook(tmp_path / d / XLSX_NAME)["定員管理計画"].values]
              for d in ("cli", "file")]
    assert sheets[0] == sheets[1]
    plan = staffing_plan_frame(monte_carlo(sc, 30))  # the P50s of the same draws
    row = next(r for r in sheets[0] if r[0] == 2025)
    assert row[1] == pytest.approx(plan.iloc[0]["staff_admin"]) and row[12] == pytest.approx(plan.iloc[0]["required_fte"])
