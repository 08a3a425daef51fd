"""The parameter registry: the single source of truth for every input of the model.

Each parameter is declared once here. Validation (sim.scenario), the CLI (`--set`, `params`),
the parameter pages of the app and Monte-Carlo sampling are all generated from `REGISTRY`.

Lever fields are parameters too: `lever.<kind>.<field>` holds the default of that field for every
lever of that kind; a lever in a scenario overrides some of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from sim.i18n import Message, pick, t
from sim.model.demand import GROUPS as WORK_GROUPS

# The units of the registry; names and value formats: unit.<unit> in sim/text/units.py (sim.units formats).
UNITS = ("persons", "fte", "share", "yen", "hours", "years", "days", "age", "persons_per_year", "rate",
             "multiplier", "year", "choice")

DISTRIBUTIONS = ("triangular", "pert", "uniform", "truncnormal", "lognormal")


@dataclass(frozen=True)
class Uncertainty:
    """A distribution for Monte-Carlo sampling.

    triangular/pert use low, mode, high; uniform uses low, high; truncnormal uses mode as the
    mean, sd, and [low, high] as truncation bounds; lognormal uses mode as the median, sd as the
    sigma of log(x), clipped to [low, high].
    """

    dist: str
    low: float
    high: float
    mode: float | None = None
    sd: float | None = None
    source: str = "assumption"
    relative: bool = False  # bounds (and mode) are multiples of the scenario's point value

    def around(self, point: float) -> "Uncertainty":
        """The absolute distribution of a relative one, for a point value."""
        if not self.relative:
            return self
        scale = lambda x: None if x is None else x * point  # noqa: E731
        return Uncertainty(self.dist, self.low * point, self.high * point, scale(self.mode), scale(self.sd), self.source)

    def as_dict(self) -> dict:
        out = {"dist": self.dist, "low": self.low, "high": self.high}
        if self.mode is not None:
            out["mode"] = self.mode
        if self.sd is not None:
            out["sd"] = self.sd
        return out


@dataclass(frozen=True)
class Param:
    key: str
    group: str
    unit: str
    default: float | str | dict | None  # None: taken from the municipality preset
    label_ja: str
    label_en: str
    help_ja: str
    help_en: str
    source: str  # an id in data/SOURCES.md, or "assumption"
    min: float | None = None
    max: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    time_varying: bool = False
    integer: bool = False
    uncertainty: Uncertainty | None = None
    preset_field: str | None = None  # column of data/presets.csv that supplies the default
    per_town: bool = False  # an absolute amount for the scenario's own town, scaled by staff in batch runs
    # Source ids (";"-separated) that inform an `assumption` without giving its value, shown beside 仮定:
    # a sourced default cites its source in `source` instead (see data/source_values.csv).
    context: str = ""
    # Whether Monte Carlo may give this parameter a different value in each draw. None: derived
    # (every number is samplable, a choice is not). False for structural parameters, which shape the
    # arrays or index them (horizon years, the target year, window lengths): the engine reads them
    # once for all draws, so validation refuses an [uncertainty] entry on them.
    samplable: bool | None = None

    def __post_init__(self):
        if self.samplable is None:
            object.__setattr__(self, "samplable", self.numeric)

    @property
    def numeric(self) -> bool:
        return self.unit != "choice"

    def label(self, lang: str) -> str:
        return pick(lang, ja=self.label_ja, en=self.label_en)

    def help(self, lang: str) -> str:
        return pick(lang, ja=self.help_ja, en=self.help_en)

    def choice_label(self, value: str, lang: str) -> str:
        """A choice's label from the catalogue (choice.<field>.<value> in sim/text/registry.py)."""
        return t(f"choice.{self.key.rsplit('.', 1)[-1]}.{value}", lang)

    def context_ids(self) -> tuple[str, ...]:
        return tuple(c.strip() for c in self.context.split(";") if c.strip())

    def source_text(self, lang: str) -> str:
        """The source id, or 仮定/assumption with its context ids: 「仮定（参考：S33、S34）」."""
        if self.source != "assumption":
            return self.source
        if not self.context:
            return t("source.assumption", lang)
        return t("source.assumption_context", lang, ids=t("list.sep", lang).join(self.context_ids()))

    def check(self, value) -> str | None:
        """Return a problem description for a scalar value, or None when it is acceptable."""
        unit = Message(f"unit.{self.unit}")
        if self.unit == "choice":
            if not isinstance(value, str):
                return Message("validation.choice_type", choices=list(self.choices), type=type(value).__name__)
            if value not in self.choices:
                return Message("validation.not_a_choice", value=value, choices=list(self.choices))
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Message("validation.not_a_number", unit=unit, type=type(value).__name__)
        if isinstance(value, int) and abs(value) > 10**15:  # beyond float precision; never a valid figure
            digits = value.bit_length() * 30103 // 100000 + 1
            if value > 0:
                return Message("validation.digits_above", digits=digits, max=f"{self.max:g}", unit=unit)
            return Message("validation.digits_below", digits=digits, min=f"{self.min:g}", unit=unit)
        if not math.isfinite(value):
            return Message("validation.not_finite", value=value)
        if self.integer and float(value) != int(value):
            return Message("validation.not_whole", value=value)
        if self.min is not None and value < self.min:
            return Message("validation.below_min", value=value, min=f"{self.min:g}", unit=unit)
        if self.max is not None and value > self.max:
            return Message("validation.above_max", value=value, max=f"{self.max:g}", unit=unit)
        return None


REGISTRY: dict[str, Param] = {}


def _p(key, group, unit, default, label_ja, label_en, help_ja, help_en, source, **kw) -> None:
    if key in REGISTRY:
        raise ValueError(f"duplicate parameter {key}")
    REGISTRY[key] = Param(key, group, unit, default, label_ja, label_en, help_ja, help_en, source, **kw)


def tri(low, mode, high, source="assumption") -> Uncertainty:
    return Uncertainty("triangular", low, high, mode=mode, source=source)


def uni(low, high, source="assumption") -> Uncertainty:
    return Uncertainty("uniform", low, high, source=source)


# --- simulation --------------------------------------------------------------------------------
_p("simulation.base_year", "simulation", "year", 2025, "基準年度", "Base fiscal year",
   "シミュレーションの開始年度（4月1日時点の職員数が出発点）。", "First fiscal year; staff on 1 April of this year are the starting stock.",
   "assumption", min=2020, max=2030, step=1, integer=True, samplable=False)
_p("simulation.end_year", "simulation", "year", 2050, "最終年度", "Final fiscal year",
   "推計の最終年度（最長2070年度）。", "Last fiscal year of the projection (up to FY2070).",
   "assumption", min=2030, max=2070, step=1, integer=True, samplable=False)
_p("simulation.target_year", "simulation", "year", 2040, "目標年度", "Target fiscal year",
   "KPIを読む年度。既定は自治体戦略2040構想の2040年度。", "Year in which KPIs are read; default 2040 (自治体戦略2040構想).",
   "S22", min=2020, max=2070, step=1, integer=True, samplable=False)
_p("simulation.gap_threshold", "simulation", "share", 0.05, "不足率のしきい値", "Gap threshold",
   "不足率がこの値を初めて超える年度をKPIとして示す。", "The KPI reports the first year the staff gap exceeds this share.",
   "assumption", min=0.0, max=0.5, step=0.01)

# --- municipality profile (defaults come from the size-class preset) -----------------------------
_p("municipality.population", "municipality", "persons", None, "人口（基準年度）", "Population (base year)",
   "基準年度の人口。プリセットでは規模区分の中央値（2020年国勢調査）。", "Base-year population; presets use the size class median (2020 census).",
   "D01", min=100, max=4_000_000, step=100, integer=True, preset_field="population")
_p("municipality.share_65plus", "municipality", "share", None, "65歳以上人口の割合", "Share aged 65+",
   "基準年度の高齢化率。", "Share of the population aged 65 and over in the base year.",
   "D01", min=0.05, max=0.7, step=0.005, preset_field="share_65plus")
_p("municipality.staff_admin", "municipality", "persons", None, "職員数：事務", "Staff: administrative",
   "一般行政部門の事務職員（正規、4月1日）。プリセットは規模区分の職員数（D01）から技術・専門24%とデジタル専門0.5%（いずれも仮定）を除いた人数。",
   "Regular administrative staff of the general-administration department (1 April). Presets: the size class's staff (D01) less the assumed 24% technical and 0.5% digital staff.",
   "assumption", min=0, max=50_000, step=1, integer=True, preset_field="staff_admin", context="D01")
_p("municipality.staff_technical", "municipality", "persons", None, "職員数：技術・専門", "Staff: technical/professional",
   "土木・建築・保健師などの技術・専門職（正規）。", "Regular technical and professional staff (civil engineering, public health nurses …).",
   "assumption", min=0, max=50_000, step=1, integer=True, preset_field="staff_technical", context="D01")
_p("municipality.staff_digital", "municipality", "persons", None, "職員数：デジタル専門", "Staff: digital specialists",
   "情報システム・DXの専門職員（正規）。プリセットは職員数の0.5%（最低1人）と仮定。DX担当が1人以下の市町村は213（2023年4月）、市区町村のDX担当課室の職員は計10,203人。",
   "Regular in-house digital specialists. Presets assume 0.5% of staff (at least 1); 213 municipalities had at most one DX staff member (April 2023), and municipal DX units employ 10,203 staff in all.",
   "assumption", min=0, max=5_000, step=1, integer=True, preset_field="staff_digital", context="S24;S26")
_p("municipality.vacancies", "municipality", "persons", 0, "欠員（基準年度）", "Vacancies (base year)",
   "基準年度に埋まっていない定数。基準年度の必要人員＝職員＋欠員。", "Unfilled posts in the base year; base-year required FTE = staff + vacancies.",
   "assumption", min=0, max=10_000, step=1, integer=True)
_p("municipality.it_cost_per_resident", "municipality", "yen", None, "住民1人当たり情報システム経費", "IT system cost per resident",
   "現在の情報システム経費（年額）。規模別の総務省試算（2017年度）。", "Current yearly IT system cost per resident (MIC estimate by size band, FY2017).",
   "S38", min=0, max=50_000, step=100, preset_field="it_cost_per_resident_yen")

# --- workforce ---------------------------------------------------------------------------------
_p("workforce.exit_rate_multiplier", "workforce", "multiplier", 1.0, "普通退職率の倍率", "Voluntary exit multiplier",
   "年齢別普通退職率（2018年度一般行政職）に掛ける倍率。若手の離職増加を表す。",
   "Multiplier on the FY2018 age-specific voluntary exit rates (一般行政職); raises exits of young staff.",
   "R12", min=0.0, max=3.0, step=0.05, time_varying=True, uncertainty=tri(0.8, 1.0, 1.5))
_p("workforce.exit_rate_60plus", "workforce", "rate", 0.10, "60歳以上の任意退職率", "Voluntary exit rate aged 60+",
   "60歳から定年までの職員が毎年自ら退職する割合（給与7割水準のため）。", "Share of staff aged 60 up to 定年 who leave each year before 定年 (pay drops to 70%).",
   "assumption", min=0.0, max=0.5, step=0.01, uncertainty=tri(0.05, 0.10, 0.20))
_p("workforce.rehire_share", "workforce", "share", 0.8, "再任用率", "Re-employment share",
   "定年退職者のうち（暫定）再任用される割合。草加市の例：71%→87%。", "Share of 定年 retirees re-employed (暫定再任用); 草加市 rose from 71% to 87%.",
   "assumption", min=0.0, max=1.0, step=0.05, uncertainty=tri(0.6, 0.8, 0.9), context="R10")
_p("workforce.rehire_fte", "workforce", "share", 0.8, "再任用者の勤務量", "Re-employed FTE",
   "再任用者1人当たりの勤務量（短時間勤務を含む平均）。", "Average FTE of one re-employed person (part-time included).",
   "assumption", min=0.2, max=1.0, step=0.05, uncertainty=uni(0.5, 1.0))
_p("workforce.rehire_until_age", "workforce", "age", 65, "再任用の上限年齢", "Re-employment age limit",
   "再任用はこの年齢まで（年金支給開始年齢）。定年65歳以降は再任用がなくなる。", "Re-employment lasts up to this age (pension age); it ends once 定年 reaches it.",
   "assumption", min=60, max=70, step=1, integer=True)
_p("workforce.hiring_policy", "workforce", "choice", "replacement", "採用方針", "Hiring policy",
   "退職者補充／平準化（総務省研究会の助言：定年退職がない年も一定数を採用）／必要人員に合わせる／固定計画。既定は現状の一般的な運用である退職者補充（研究会報告の概要：採用は基本的に退職者補充）。",
   "Replace leavers / smoothed (MIC study group: keep hiring in years without 定年) / target from required FTE / fixed plan. The default is the common practice, replacing leavers (study-group summary: hiring is basically 退職者補充).",
   "R7", choices=("replacement", "smoothed", "target", "fixed"))
_p("workforce.smoothing_years", "workforce", "years", 4, "平準化の期間", "Smoothing window",
   "平準化採用で退職者数を平均する年数。", "Years over which smoothed hiring averages leavers.",
   "assumption", min=1, max=10, step=1, integer=True, samplable=False)
_p("workforce.adjustment_years", "workforce", "years", 3, "調整期間", "Adjustment time",
   "目標人数との差を何年で埋めるか（平準化・必要人員方針）。", "Years over which the distance to the target headcount is closed (smoothed and target policies).",
   "assumption", min=1, max=10, step=1, integer=True)
_p("workforce.fixed_hires", "workforce", "persons_per_year", 0, "固定採用数", "Fixed hires",
   "採用方針が「固定計画」のときの年間採用数（事務・技術の合計）。", "Hires per year (administrative + technical) when the policy is the fixed plan.",
   "assumption", min=0, max=5_000, step=1, time_varying=True)
_p("workforce.staff_target", "workforce", "persons", 0, "定員の目標（定員管理計画）", "Staff target (定員管理計画)",
   "町の定員管理計画で定める各年度の職員数の目標（再任用をFTEで含む全職員）。採用方針が「必要人員に合わせる」のとき、採用はこの目標との差を埋める。0は目標なし（必要人員が目標）。",
   "The staff numbers the town's own 定員管理計画 sets for each year (all staff, re-employed counted in FTE). Under the target hiring policy, hiring closes the distance to this target. 0 = no target (required staff is the target).",
   "assumption", min=0, max=100_000, step=1, time_varying=True)
_p("workforce.midcareer_share", "workforce", "share", 0.25, "経験者採用の割合", "Mid-career share of hires",
   "採用のうち経験者（28〜45歳）の割合。残りは新卒（18・22〜25歳）。", "Share of hires who are mid-career (ages 28–45); the rest are new graduates (18, 22–25).",
   "assumption", min=0.0, max=1.0, step=0.05)

# --- recruitment -------------------------------------------------------------------------------
_p("recruitment.applicant_cap", "recruitment", "choice", "on", "応募者数による採用上限", "Applicant-pool cap",
   "応募者数から見た採用可能数で採用を制限するか。", "Whether hires are capped by what the applicant pool can fill.",
   "assumption", choices=("on", "off"))
_p("recruitment.pool_headroom", "recruitment", "multiplier", 1.2, "応募者の余裕度（基準年度）", "Applicant-pool headroom (base year)",
   "基準年度に応募者から採用できる人数÷標準的な年間採用数（職員数×標準採用率）。1.2は仮定。",
   "What the base-year applicant pool can fill ÷ a typical year's hires (staff × reference hire rate). 1.2 is an assumption.",
   "assumption", min=0.2, max=5.0, step=0.05, uncertainty=tri(0.8, 1.2, 1.6))
_p("recruitment.reference_hire_rate", "recruitment", "rate", 0.036, "標準採用率（職員1人当たり）", "Reference hire rate per staff member",
   "基準年度の応募者数の基準：全国の採用62,286人（2022年度）÷教育部門を除く地方公務員1,735,533人（2023年4月1日）≈3.6%。",
   "Anchor of the base-year applicant pool: 62,286 hires nationally (FY2022) ÷ 1,735,533 local-government staff outside education (1 April 2023) ≈ 3.6%.",
   "R11", min=0.005, max=0.2, step=0.001)
_p("recruitment.competition_ratio", "recruitment", "multiplier", 5.2, "競争率", "Competition ratio",
   "受験者÷合格者。2022年度5.2倍（過去最低）。応募者数が同じなら、下げると合格者（採用可能数）が増える。", "Examinees per successful candidate; 5.2× in FY2022 (a record low). With the same applicants, lowering it passes more (more posts can be filled).",
   "R11", min=1.0, max=15.0, step=0.1, time_varying=True, uncertainty=tri(4.0, 5.2, 6.5))
_p("recruitment.acceptance_rate", "recruitment", "share", 0.73, "採用率（合格者のうち採用）", "Acceptance rate",
   "合格者のうち実際に採用される割合（2022年度：62,286÷84,804≈0.73）。", "Share of successful candidates who take the post (FY2022: 62,286 ÷ 84,804 ≈ 0.73).",
   "R11", min=0.1, max=1.0, step=0.01, uncertainty=tri(0.6, 0.73, 0.85))
_p("recruitment.attractiveness", "recruitment", "multiplier", 1.0, "応募の魅力度", "Attractiveness",
   "応募者数に掛ける倍率（採用広報・待遇改善など）。応募者数は22歳人口（出生数）と地域の若年人口の推移に従う。",
   "Multiplier on applicants (employer branding, pay); applicants follow the 22-year-olds (births 22 years earlier) and the region's young population.",
   "assumption", min=0.1, max=3.0, step=0.05, time_varying=True)

# --- demand ------------------------------------------------------------------------------------
_p("demand.hours_per_fte", "demand", "hours", 1860, "1人年の労働時間", "Hours per FTE-year",
   "職員1人が1年に働く時間。削減時間を人年に換算する。", "Working hours in one FTE-year; converts saved hours to FTE.",
   "assumption", min=1500, max=2200, step=10, uncertainty=uni(1700, 2000))
_p("demand.elasticity_population", "demand", "multiplier", None, "人口弾力性", "Population elasticity",
   "業務量の人口に対する弾力性。既定は規模区分別の値：SSDSE-Aの一般行政部門職員数（2023）を人口（2020）に両対数回帰（1万人未満0.46、1〜5万0.70、5〜20万0.80、20万以上0.95）。1未満は固定的業務の存在を表す。",
   "Elasticity of workload to population. Default by size class: log-log fit of general-administration staff (SSDSE-A D1202, 2023) on population (2020): 0.46 below 10k, 0.70 at 10-50k, 0.80 at 50-200k, 0.95 above 200k. Below 1 because part of the work is fixed overhead.",
   "S19", min=0.0, max=1.5, step=0.05, preset_field="elasticity_population",
   uncertainty=Uncertainty("triangular", 0.7, 1.3, mode=1.0, relative=True))
_p("demand.elasticity_elderly", "demand", "multiplier", 0.5, "高齢者人口弾力性", "Elderly-population elasticity",
   "企画・相談業務（福祉・介護・健康）のうち子育て以外の部分の65歳以上人口に対する弾力性。", "Elasticity of the non-child part of planning/consultation work (welfare, care, health) to the 65+ population.",
   "assumption", min=0.0, max=1.5, step=0.05, uncertainty=tri(0.2, 0.5, 0.8))
_p("demand.child_share", "demand", "share", 0.35, "福祉・相談業務のうち子育て関連の割合", "Child-related share of welfare work",
   "企画・相談（民生・衛生）業務のうち0〜14歳人口に比例する部分（保育・児童福祉・母子保健）。仮定。",
   "Share of planning/consultation work (民生, 衛生) that follows the 0-14 population (child care, child welfare, maternal health). An assumption.",
   "assumption", min=0.0, max=1.0, step=0.05, uncertainty=tri(0.2, 0.35, 0.5))
_p("demand.new_duty_growth", "demand", "rate", 0.005, "新たな行政需要の伸び", "New-duty growth",
   "制度改正などによる業務量の年増加率。出典のない仮定で、結果への影響が最も大きい入力の一つ（感度分析を参照）。", "Yearly growth of workload from new duties (law changes etc.).",
   "assumption", min=-0.03, max=0.05, step=0.001, time_varying=True, uncertainty=tri(0.0, 0.005, 0.015))
# Base-year weights from 部門別職員数 of municipalities (S08, 2020): 議会・総務 + 税務 27.8% + 7.1% = 34.9%
# (split into counter 0.15 and back-office 0.20: an assumption), 民生 + 衛生 30.4% + 14.1% = 44.5%,
# 土木 + 農林水産 + 商工 + 労働 13.2% + 4.3% + 2.9% + 0.1% = 20.6%.
for _g, _ja, _en, _w, _src in (("counter", "窓口", "counter services", 0.15, "assumption"),
                               ("backoffice", "定型バックオフィス", "routine back-office", 0.20, "assumption"),
                               ("planning", "企画・相談（福祉・健康・子育て）", "planning and consultation (welfare, health, children)", 0.445, "S08"),
                               ("specialist", "専門（土木・農林・商工）", "specialist (civil engineering, agriculture, commerce)", 0.205, "S08")):
    _p(f"demand.weight_{_g}", "demand", "share", _w, f"業務量の構成：{_ja}", f"Workload share: {_en}",
       "基準年度の業務量に占める割合（4区分の合計で正規化）。市町村の部門別職員数（2020）：議会・総務＋税務34.9%（窓口と定型業務への分割は仮定）、民生＋衛生44.5%、土木・農林水産・商工・労働20.6%。",
       "Share of base-year workload (the four weights are normalised to sum to 1). Municipal staff by department (2020): assembly/general affairs + tax 34.9% (its split into counter and back-office is an assumption), welfare + health 44.5%, civil engineering/agriculture/commerce/labour 20.6%.",
       _src, min=0.0, max=1.0, step=0.005)

# --- digital talent ----------------------------------------------------------------------------
_p("talent.l1_initial_share", "talent", "share", 0.30, "L1（リテラシー）習得者の割合（基準年度）", "L1 literacy share (base year)",
   "基準年度にデジタル基礎研修を終えた職員の割合。", "Share of staff with basic digital literacy training in the base year.",
   "assumption", min=0.0, max=1.0, step=0.05)
_p("talent.l2_initial_share", "talent", "share", 0.05, "L2（DX推進リーダー）の割合（基準年度）", "L2 leader share (base year)",
   "基準年度のDX推進リーダーの割合。", "Share of staff who are DX推進リーダー in the base year.",
   "assumption", min=0.0, max=1.0, step=0.01)
_p("talent.l1_target_share", "talent", "share", 0.9, "L1の目標割合", "L1 target share",
   "デジタルリテラシーを身につけるべき職員の割合。", "Share of staff who should have basic digital literacy.",
   "assumption", min=0.0, max=1.0, step=0.05)
_p("talent.l2_target_share", "talent", "share", 0.20, "L2の目標割合", "L2 target share",
   "各課のDX推進リーダーの割合。四日市市：各課の約2割。", "Share of staff who should be DX推進リーダー; 四日市市 about 20% of each section.",
   "R28", min=0.0, max=0.6, step=0.01, uncertainty=tri(0.1, 0.2, 0.3))
_p("talent.l3_base", "talent", "persons", 2.0, "L3（専門人材）の最低必要数", "L3 specialists: minimum",
   "規模にかかわらず必要なデジタル専門人材の人数。", "Digital specialists needed at any size (persons), against the 1人情シス situation.",
   "assumption", min=0.0, max=100.0, step=0.5)
_p("talent.l3_per_staff", "talent", "share", 1 / 300, "L3の必要数（職員1人当たり）", "L3 specialists per staff member",
   "職員数に比例して必要な専門人材（既定：300人に1人）。", "Specialists needed per staff member (default one per 300 staff).",
   "assumption", min=0.0, max=0.05, step=0.0005)
_p("talent.training_coverage", "talent", "rate", 0.33, "L1研修の年間カバー率", "L1 training coverage per year",
   "未研修職員のうち毎年L1研修を受ける割合。四日市市：約3年で全職員。", "Share of untrained staff trained to L1 each year; 四日市市 trained everyone in about 3 years.",
   "R28", min=0.0, max=1.0, step=0.01)
_p("talent.l2_training_rate", "talent", "rate", 0.05, "L2育成率", "L2 training rate",
   "L1職員のうち毎年L2へ育成する割合（目標まで）。", "Share of L1 staff trained to L2 each year, up to the target.",
   "assumption", min=0.0, max=0.5, step=0.01)
_p("talent.training_cost_l1", "talent", "yen", 30_000, "L1研修費（1人）", "L1 training cost per trainee",
   "L1研修の1人当たり費用。", "Cost of L1 training per trainee.", "assumption", min=0, max=500_000, step=1_000,
   uncertainty=tri(10_000, 30_000, 100_000))
_p("talent.training_cost_l2", "talent", "yen", 200_000, "L2研修費（1人）", "L2 training cost per trainee",
   "DX推進リーダー育成の1人当たり費用。", "Cost of training one DX推進リーダー.", "assumption", min=0, max=2_000_000, step=10_000)
_p("talent.digital_hires", "talent", "persons_per_year", 0, "デジタル専門職の追加採用", "Extra digital hires",
   "退職補充に加えて毎年募集するデジタル専門職。", "Digital-specialist posts advertised each year on top of replacing leavers.",
   "assumption", min=0, max=500, step=1, time_varying=True)
_p("talent.digital_fill_rate", "talent", "share", 0.5, "デジタル専門職の充足率", "Digital post fill rate",
   "デジタル専門職の募集のうち実際に採用できる割合。", "Share of advertised digital posts actually filled.",
   "assumption", min=0.0, max=1.0, step=0.05, uncertainty=tri(0.3, 0.5, 0.8))
_p("talent.external_fulltime", "talent", "fte", 0, "外部人材（常勤：CIO補佐官等）", "External full-time (CIO補佐官 …)",
   "任期付・業務委託で常勤する外部デジタル人材（人年）。既定0（外部人材なし）。", "External digital talent working full-time (fixed-term or contract), in FTE; default 0 (none).",
   "assumption", min=0, max=200, step=0.5, time_varying=True, context="R27")
_p("talent.external_fulltime_cost", "talent", "yen", 9_000_000, "外部人材（常勤）の年額", "External full-time cost per year",
   "1人年の費用。大阪府CIO補佐官約1,140万円、奈良県CIO約720万円・地域DXマネージャー約600万円。既定900万円はその間の仮定。",
   "Yearly cost of one FTE; 大阪府 CIO補佐官 about ¥11.4M, 奈良県 CIO about ¥7.2M and 地域DXマネージャー about ¥6M. The default ¥9M is an assumption within that range.",
   "assumption", min=0, max=30_000_000, step=100_000, uncertainty=tri(6_000_000, 9_000_000, 11_400_000, "R27"), context="R27")
_p("talent.sidejob_experts", "talent", "persons", 0, "副業・兼業の専門家", "Side-job experts",
   "副業・兼業で関わる外部専門家の人数。既定0（なし）。", "Number of external experts working as a side job; default 0 (none).",
   "assumption", min=0, max=200, step=1, time_varying=True, context="R27")
_p("talent.sidejob_days", "talent", "days", 48, "副業専門家の年間勤務日数", "Side-job days per expert per year",
   "1人当たり年間日数（福山市：月約4日×12か月）。", "Days per expert per year (福山市: about 4 days a month × 12).",
   "R27", min=0, max=240, step=1)
_p("talent.sidejob_day_rate", "talent", "yen", 25_000, "副業専門家の日額", "Side-job day rate",
   "1日当たり報酬（福山市：2万5千円）。", "Fee per day (福山市: ¥25,000).", "R27", min=0, max=200_000, step=1_000)
_p("talent.pool_fte", "talent", "fte", 0, "都道府県の人材プールからの支援", "Prefectural talent pool support",
   "都道府県の市町村支援人材プールから受ける支援（人年）。既定0（利用なし）。", "Support from the prefecture's digital talent pool for municipalities (FTE); default 0 (not used).",
   "assumption", min=0, max=50, step=0.1, time_varying=True, context="R27")
_p("talent.pool_fee_per_fte", "talent", "yen", 0, "人材プール利用料（1人年）", "Talent pool fee per FTE",
   "人材プール利用時の市町村負担（普通交付税措置のため既定0円）。", "Municipal fee per FTE of pool support (default ¥0: the prefecture is funded by 普通交付税).",
   "assumption", min=0, max=20_000_000, step=100_000, context="R27")

# --- budget ------------------------------------------------------------------------------------
_p("budget.loaded_cost_per_fte", "budget", "yen", 7_500_000, "職員1人当たり人件費（平均）", "Loaded cost per staff member",
   "基準年度の平均人件費（給与費＋共済費等）。給与費は桐生市617万円・類似団体平均629万円（2011年度）。共済費等の上乗せ（約1.15〜1.25倍）は仮定。",
   "Average loaded personnel cost in the base year; pay alone: 桐生市 ¥6.17M, its peer mean ¥6.29M (FY2011). The uplift for employer contributions (about ×1.15–1.25) is an assumption.",
   "assumption", min=3_000_000, max=15_000_000, step=100_000, uncertainty=tri(6_500_000, 7_500_000, 8_500_000), context="R23")
_p("budget.pay_factor_60plus", "budget", "share", 0.7, "60歳超の給与水準", "Pay factor aged 60+",
   "60歳到達後の給与は原則7割。", "Pay after age 60 is 70% of the level at 60.", "R10", min=0.3, max=1.0, step=0.05)
_p("budget.rehire_cost_factor", "budget", "share", 0.6, "再任用者の人件費水準", "Re-employed cost factor",
   "再任用者1人年の人件費（平均人件費に対する比）。", "Cost of one re-employed FTE relative to the average loaded cost.",
   "assumption", min=0.2, max=1.0, step=0.05)
_p("budget.recruiting_cost_per_hire", "budget", "yen", 300_000, "採用1人当たり費用", "Recruiting cost per hire",
   "試験・広報などの採用経費。", "Examination and advertising cost per hire.", "assumption", min=0, max=3_000_000, step=10_000)
_p("budget.it_core_share", "budget", "share", 0.5, "標準化対象システムの経費割合", "Share of IT cost in standardised systems",
   "情報システム経費のうち標準化20業務のシステムが占める割合。", "Share of IT cost spent on the 20 standardised core systems.",
   "assumption", min=0.0, max=1.0, step=0.05)
_p("budget.discount_rate", "budget", "rate", 0.04, "割引率（実質）", "Discount rate (real)",
   "NPVの割引率。国交省の費用便益分析は4%。", "Discount rate for NPV; MLIT cost-benefit manuals use 4%.",
   "R29", min=0.0, max=0.15, step=0.005)
_p("budget.optimism_bias", "budget", "share", 0.3, "楽観バイアス補正（初期投資）", "Optimism-bias uplift on capex",
   "IT初期投資の見積りに上乗せする割合（英国の指針：初期段階で最大200%、後期段階で10%）。既定30%は仮定。",
   "Uplift on IT capital estimates (UK guidance: up to 200% at an early stage, 10% late). The default 30% is an assumption.",
   "assumption", min=0.0, max=2.0, step=0.05, uncertainty=tri(0.1, 0.3, 1.0), context="R29")
_p("budget.subsidy_share_external", "budget", "share", 0.5, "外部人材費の財政措置割合", "Subsidy share on external talent",
   "CIO補佐官等の外部人材経費に対する特別交付税措置の割合（要確認）。", "Share of external-talent cost covered by 特別交付税 (to be verified).",
   "R27", min=0.0, max=1.0, step=0.05)
_p("budget.subsidy_share_training", "budget", "share", 0.0, "研修費の財政措置割合", "Subsidy share on training",
   "研修費に対する国・県の支援の割合。", "Share of training cost covered by national or prefectural support.",
   "assumption", min=0.0, max=1.0, step=0.05)

# --- DX context --------------------------------------------------------------------------------
_p("dx.mynumber_holding_rate", "dx", "share", 0.75, "マイナンバーカード保有率（基準年度）", "My Number Card holding rate (base year)",
   "基準年度の保有枚数率。全国：2023年6月70.0%、2024年6月約74%（ブログの計算）。既定75%は基準年度への延長（仮定）。カード普及レバーがあればその推移に従う。",
   "Holding rate in the base year; nationally 70.0% (June 2023), about 74% (June 2024, a blog's calculation). The default 75% extends that to the base year (assumption). A card lever moves it.",
   "assumption", min=0.0, max=1.0, step=0.01, context="S30")

# --- DX levers: one group per kind --------------------------------------------------------------
# The lever kinds; their names and descriptions are lever_kind.<kind>(.help) in sim/text/registry.py.
LEVER_KINDS = ("frontyard", "standardisation", "eltax", "mynumber", "security", "rpa_ai", "genai", "telework", "custom")


def lever_kind_label(kind: str, lang: str) -> str:
    return t(f"lever_kind.{kind}", lang)


def lever_kind_help(kind: str, lang: str) -> str:
    return t(f"lever_kind.{kind}.help", lang)




def _lever(kind: str, field_name: str, unit: str, default, label_ja: str, label_en: str, help_ja: str, help_en: str,
           source: str = "assumption", **kw) -> None:
    _p(f"lever.{kind}.{field_name}", f"lever.{kind}", unit, default, label_ja, label_en, help_ja, help_en, source, **kw)


def _lever_common(kind: str, start: int, ramp: int, ceiling: float, realisation: float, subsidy: float,
                  l2: float, l3: float, ceiling_source: str = "assumption", ceiling_unc: Uncertainty | None = None) -> None:
    _lever(kind, "start_year", "year", start, "開始年度", "Start year", "施策を始める年度。", "Fiscal year the lever starts.",
           min=2000, max=2070, step=1, integer=True)
    _lever(kind, "ramp_years", "years", ramp, "普及期間", "Ramp-up years", "上限に達するまでの年数。", "Years to reach the ceiling.",
           min=1, max=20, step=1, integer=True)
    _lever(kind, "ramp_shape", "choice", "linear", "普及の形", "Ramp shape", "直線またはS字（ロジスティック）。",
           "Linear or S-shaped (logistic).", choices=("linear", "logistic"))
    _lever(kind, "ceiling", "share", ceiling, "普及の上限", "Adoption ceiling", "到達する普及率（効果の対象に占める割合）。",
           "Adoption reached at the end of the ramp (share of the lever's potential).", ceiling_source,
           min=0.0, max=1.0, step=0.05, uncertainty=ceiling_unc)
    _lever(kind, "realisation", "share", realisation, "効果の実現率", "Realisation factor",
           "削減時間のうち、配置転換や不補充で実際に人員需要を減らす割合。", "Share of saved hours that really lowers staff need (redeployment, not replacing).",
           min=0.0, max=1.0, step=0.05, uncertainty=tri(0.3, realisation, 0.9) if 0.3 < realisation < 0.9 else None)
    _lever(kind, "subsidy_share", "share", subsidy, "初期投資の補助率", "Capex subsidy share", "初期投資に対する国の補助等の割合。",
           "Share of capex covered by national grants.", min=0.0, max=1.0, step=0.05)
    _lever(kind, "talent_l2", "persons", l2, "導入期に必要なL2人材", "L2 needed during roll-out", "普及期間中に必要なDX推進リーダーの人数。",
           "DX推進リーダー needed during the ramp-up (persons).", min=0.0, max=100.0, step=0.5)
    _lever(kind, "talent_l3", "persons", l3, "導入期に必要なL3人材", "L3 needed during roll-out", "普及期間中に必要な専門人材の人数。",
           "Digital specialists needed during the ramp-up (persons).", min=0.0, max=50.0, step=0.5)


_lever_common("frontyard", 2026, 5, 0.6, 0.6, 0.5, 2.0, 0.5, "assumption", tri(0.3, 0.6, 0.8))
_lever("frontyard", "counter_loyal_share", "share", 0.2, "窓口を使い続ける住民の割合", "Residents who keep using the counter",
       "オンラインを使わない住民（デジタルデバイド）。オンライン上限＝カード保有率×(1−この割合)。",
       "Residents who stay with the counter (digital divide); online ceiling = card holding × (1 − this).",
       min=0.0, max=1.0, step=0.05)
_lever("frontyard", "backoffice_residual", "share", 0.4, "オンライン申請で残る処理時間", "Handling time left for online cases",
       "オンライン申請でも残る審査・処理の時間の割合。", "Share of handling time that remains for an online case (checking, processing).",
       min=0.0, max=1.0, step=0.05)
_lever("frontyard", "kakanai_cut", "share", 0.17, "書かない窓口の時間削減", "書かない窓口 time cut",
       "窓口1件当たりの時間削減（浜松市：証明書10→8分、届出54→45分）。", "Time cut per counter case (浜松市: certificates 10→8 min, notifications 54→45 min).",
       "R24", min=0.0, max=0.6, step=0.01, uncertainty=tri(0.10, 0.17, 0.40))
_lever("frontyard", "capex_per_resident", "yen", 300, "初期投資（住民1人当たり）", "Capex per resident",
       "システム導入費。", "System introduction cost.", min=0, max=20_000, step=50)
_lever("frontyard", "opex_per_resident", "yen", 150, "運用費（住民1人当たり・年）", "Opex per resident per year",
       "上限到達時の年間運用費。", "Yearly running cost at full adoption.", min=0, max=10_000, step=10)
_lever("frontyard", "divide_support_opex", "yen", 2_000_000, "年間のデジタルデバイド対策費", "Digital-divide support per year",
       "スマホ教室・窓口支援などの年額。", "Yearly cost of smartphone classes and counter assistance.", min=0, max=100_000_000, step=100_000)

_lever_common("standardisation", 2025, 2, 1.0, 0.6, 1.0, 2.0, 1.0)
_lever("standardisation", "migration_hours_per_staff", "hours", 10, "移行作業（職員1人当たり累計）", "Migration work per staff member",
       "移行期間中に生じる作業時間の合計（データ移行・テスト・研修）。", "Total extra hours during migration (data migration, testing, training).",
       min=0, max=200, step=1)
_lever("standardisation", "cloud_cost_multiplier", "multiplier", 1.5, "移行後の運用経費倍率", "Running-cost multiplier after migration",
       "標準化対象システムの運用経費の倍率。国の目標0.7（3割削減）、中核市の報告は平均2.3倍・最大5.7倍。既定1.5倍は仮定。",
       "Running cost of the standardised systems vs today; official target 0.7 (a 30% cut), core cities report 2.3× on average, 5.7× at most. The default 1.5× is an assumption.",
       "assumption", min=0.3, max=6.0, step=0.05, uncertainty=tri(0.7, 1.5, 2.3), context="S33;S34")
_lever("standardisation", "hours_saved_per_staff", "hours", 2, "移行後の削減時間（職員1人・年）", "Hours saved per staff member after migration",
       "標準化による独自対応の減少。", "Less custom handling once systems are standard.", min=0, max=50, step=0.5)
_lever("standardisation", "capex_per_resident", "yen", 5_500, "移行経費（住民1人当たり）", "Migration cost per resident",
       "国の基金約7,000億円（1,825億円＋5,163億円）÷人口1億2,615万人≈5,500円。", "National fund about ¥700bn (¥182.5bn + ¥516.3bn) ÷ population 126.15M ≈ ¥5,500.",
       "S36", min=0, max=50_000, step=100)

_lever_common("eltax", 2026, 5, 0.6, 0.6, 0.0, 0.5, 0.0)
_lever("eltax", "hours_per_resident", "hours", 0.2, "収納・消込業務（住民1人当たり・年）", "Collection work per resident per year",
       "公金収納と消込の年間作業時間。", "Yearly hours of payment collection and reconciliation.", min=0, max=5, step=0.01)
_lever("eltax", "cut_per_electronic", "share", 0.7, "電子納付1件当たりの作業削減", "Work cut per electronic payment",
       "電子納付になると不要になる作業の割合。", "Share of the work removed when a payment is electronic.", min=0.0, max=1.0, step=0.05)
_lever("eltax", "capex_per_resident", "yen", 100, "初期投資（住民1人当たり）", "Capex per resident", "導入費。", "Introduction cost.",
       min=0, max=10_000, step=10)
_lever("eltax", "opex_per_resident", "yen", 30, "運用費（住民1人当たり・年）", "Opex per resident per year", "年間運用費。",
       "Yearly running cost.", min=0, max=5_000, step=5)

_lever_common("mynumber", 2025, 5, 0.9, 1.0, 0.0, 0.0, 0.0, "assumption")
_lever("mynumber", "hours_per_card", "hours", 0.5, "交付1枚当たりの窓口時間", "Counter hours per card issued",
       "新規交付1枚の窓口・事務時間。", "Counter and back-office time per newly issued card.", min=0, max=3, step=0.05)
_lever("mynumber", "renewal_years", "years", 10, "更新周期", "Renewal cycle", "カード（電子証明書は5年）の更新周期。",
       "Card renewal cycle (electronic certificate: 5 years).", min=1, max=20, step=1)
_lever("mynumber", "hours_per_renewal", "hours", 0.3, "更新1件当たりの時間", "Hours per renewal", "更新1件の窓口時間。",
       "Counter time per renewal.", min=0, max=3, step=0.05)
_lever("mynumber", "opex_per_resident", "yen", 50, "運用費（住民1人当たり・年）", "Opex per resident per year",
       "交付事務の経費（国の補助対象外分）。", "Issuing cost not covered by national grants.", min=0, max=5_000, step=5)

_lever_common("security", 2025, 2, 1.0, 1.0, 0.0, 0.5, 0.5)
_lever("security", "opex_per_resident", "yen", 300, "運用費（住民1人当たり・年）", "Opex per resident per year",
       "セキュリティ対策の年間運用費。", "Yearly running cost of security measures.", min=0, max=10_000, step=10)
_lever("security", "training_hours_per_staff", "hours", 3, "研修時間（職員1人・年）", "Training hours per staff member per year",
       "全職員のセキュリティ研修時間（業務量に加わる）。", "Security training time for all staff (adds to workload).", min=0, max=40, step=0.5)
_lever("security", "training_cost_per_staff", "yen", 5_000, "研修費（職員1人・年）", "Training cost per staff member per year",
       "研修の年額。", "Yearly training cost.", min=0, max=200_000, step=500)

_lever_common("rpa_ai", 2026, 5, 1.0, 0.6, 0.5, 1.0, 0.5)
_lever("rpa_ai", "tasks_per_staff", "share", 0.02, "自動化できる業務数（職員1人当たり）", "Automatable tasks per staff member",
       "旭川市：職員約3,000人で53業務（約0.018）。既定0.02は仮定。", "旭川市: 53 tasks for about 3,000 staff (≈0.018); the default 0.02 is an assumption.",
       "assumption", min=0, max=0.1, step=0.001, context="R21")
_lever("rpa_ai", "hours_per_task", "hours", 100, "1業務当たりの年間削減時間", "Hours saved per task per year",
       "自治体事例は年70〜120時間に集中（旭川市約120時間）。", "Municipal cases cluster at 70–120 h/yr (旭川市 ≈120 h).", "R21",
       min=0, max=1_000, step=5, uncertainty=tri(30, 100, 250))
_lever("rpa_ai", "capex_per_task", "yen", 500_000, "初期投資（1業務当たり）", "Capex per task", "シナリオ作成・導入費。",
       "Building and introducing one automation.", min=0, max=10_000_000, step=10_000)
_lever("rpa_ai", "opex_per_task", "yen", 100_000, "運用費（1業務当たり・年）", "Opex per task per year",
       "ライセンス等（1ライセンス約100万円を10業務で共有と仮定）。", "Licences etc. (a ¥1M licence shared by 10 tasks).", min=0, max=5_000_000, step=10_000)

_lever_common("genai", 2025, 3, 0.8, 0.5, 0.0, 1.0, 0.5)
_lever("genai", "hours_per_user", "hours", 8, "利用者1人当たりの年間削減時間", "Hours saved per user per year",
       "仮定。参考：横須賀市のChatGPT試行では文書作成で年約2万7千時間の削減を推計（アンケートに基づく。利用者数は未確認）。",
       "Assumption. Context: 横須賀市's ChatGPT trial estimated ≈27,200 h/yr saved on drafting (survey-based; the number of users was not found).",
       "assumption", min=0, max=200, step=1, uncertainty=tri(3, 8, 20), context="R21")
_lever("genai", "opex_per_user", "yen", 20_000, "利用料（1人・年）", "Licence per user per year", "年間利用料。",
       "Yearly licence per user.", min=0, max=500_000, step=1_000)

_lever_common("telework", 2025, 3, 0.5, 1.0, 0.0, 0.0, 0.0)
_lever("telework", "exit_reduction", "share", 0.1, "普通退職の減少", "Reduction of voluntary exits",
       "普及100%のときに普通退職率を下げる割合。", "Cut in voluntary exit rates at full adoption.", min=0.0, max=0.8, step=0.01,
       uncertainty=tri(0.0, 0.1, 0.25))
_lever("telework", "capex_per_user", "yen", 100_000, "初期投資（1人当たり）", "Capex per user", "端末・環境整備。",
       "Devices and set-up.", min=0, max=1_000_000, step=10_000)
_lever("telework", "opex_per_user", "yen", 30_000, "運用費（1人・年）", "Opex per user per year", "年間運用費。",
       "Yearly running cost.", min=0, max=500_000, step=1_000)

_lever_common("custom", 2026, 3, 1.0, 0.6, 0.0, 0.0, 0.0)
_lever("custom", "work_group", "choice", "backoffice", "対象業務", "Work group", "削減時間が属する業務区分。",
       "Work group whose hours are saved.", choices=WORK_GROUPS)
_lever("custom", "hours_saved", "hours", 0, "削減時間（年・普及100%時）", "Hours saved per year at full adoption",
       "上限到達時の年間削減時間。", "Hours saved per year at full adoption.", min=-1_000_000, max=10_000_000, step=100)
_lever("custom", "capex", "yen", 0, "初期投資（総額）", "Capex (total)", "普及期間に均等に計上。", "Spread evenly over the ramp-up years.",
       min=0, max=10_000_000_000, step=100_000)
_lever("custom", "opex", "yen", 0, "運用費（年・普及100%時）", "Opex per year at full adoption", "年間運用費。",
       "Yearly running cost.", min=0, max=5_000_000_000, step=100_000)
_lever("custom", "exit_reduction", "share", 0.0, "普通退職の減少", "Reduction of voluntary exits", "普及100%のときの減少割合。",
       "Cut in voluntary exit rates at full adoption.", min=0.0, max=0.8, step=0.01)

# --- Appraisal: asset life, statutory levers, 退職手当 (a separate block: new records only) ----------
# Asset life per lever kind that has capex. R22: IT effects counted over about 5 years (3-7). 0 = a one-off
# expense that is never renewed and keeps no residual value (the 標準化 migration: the national fund pays it
# once; later system renewals are inside the running cost and its multiplier).
ASSET_LIFE = {"frontyard": 5, "standardisation": 0, "eltax": 5, "rpa_ai": 5, "telework": 5, "custom": 5}
for _kind, _life in ASSET_LIFE.items():
    _lever(_kind, "asset_life", "years", _life, "耐用年数（更新周期）", "Asset life (renewal cycle)",
           "初期投資はこの年数ごとに更新費として再び計上し、最終年度には残存価値（定額法）を計上する。"
           "0は更新しない一回限りの経費（残存価値なし）。IT資産は約5年（3〜7年）。",
           "Capex recurs as renewal every this many years while the lever runs; the final year credits the "
           "straight-line residual value. 0 = a one-off expense, never renewed, no residual value. IT assets: "
           "about 5 years (3-7).",
           "R22" if _life else "assumption", min=0, max=20, step=1, integer=True)
# Statutory levers belong to the status quo: the budget shows them, the appraisal of the DX plan leaves them out.
for _kind in LEVER_KINDS:
    _lever(_kind, "statutory", "choice", "yes" if _kind == "standardisation" else "no", "法定の取組", "Statutory",
           "法律で義務付けられた取組（標準化法による基幹業務システムの標準化・ガバメントクラウド移行など）。"
           "現状維持にも含まれるため、予算には計上するが、DX計画の評価（NPV・B/C）からは除く。",
           "Mandated by law (the 標準化法: standard core systems and government cloud). It belongs to the status "
           "quo: the budget shows it, the appraisal of the DX plan (NPV, B/C) leaves it out.",
           "S33" if _kind == "standardisation" else "assumption", choices=("no", "yes"))

_p("budget.allowance_teinen", "budget", "yen", 21_500_000, "退職手当（定年退職者1人）", "Retirement allowance per 定年 retiree",
   "定年退職者1人当たりの退職手当。60歳定年退職者の平均は一般職員で約2,100万〜2,200万円（総務省「給与・定員等の調査結果」）。"
   "60歳以後に定年前に退職した者も定年退職と同様に算定される。",
   "Allowance per 定年 retiree; the average for 60-year-old 定年 retirees is about ¥21-22M for general staff "
   "(MIC salary survey). Staff who leave at 60 or later, before 定年, are paid as 定年 retirees.",
   "R36", min=0, max=40_000_000, step=100_000, uncertainty=tri(21_050_000, 21_500_000, 24_570_000, "R36"))
# 自己都合 averages by age (R38, citing MIC 地方公務員給与実態調査 H31): 25-29 ¥0.30M, 30-34 ¥0.574M,
# 35-39 ¥1.148M, 40-44 ¥2.118M, 45-49 ¥3.00M, 50-54 ¥3.52M, 55-59 ¥6.44M; a band takes the mean of its two.
for _band, _ja, _en, _yen in (("under30", "30歳未満", "under 30", 300_000), ("30s", "30〜39歳", "aged 30-39", 900_000),
                              ("40s", "40〜49歳", "aged 40-49", 2_600_000), ("50s", "50〜59歳", "aged 50-59", 5_000_000)):
    _p(f"budget.allowance_voluntary_{_band}", "budget", "yen", _yen, f"退職手当（普通退職1人・{_ja}）",
       f"Retirement allowance per voluntary leaver {_en}",
       "自己都合退職者1人当たりの退職手当（年齢別平均。総務省「地方公務員給与実態調査」平成31年による紹介：25〜29歳30万円、"
       "30〜34歳57.4万円、35〜39歳114.8万円、40〜44歳211.8万円、45〜49歳300万円、50〜54歳352万円、55〜59歳644万円。"
       "区分の値は2つの5歳階級の平均）。60歳以上は定年退職と同額。",
       "Allowance per voluntary (自己都合) leaver, average by age (MIC 地方公務員給与実態調査 H31 as summarised: 25-29 ¥0.30M, "
       "30-34 ¥0.574M, 35-39 ¥1.148M, 40-44 ¥2.118M, 45-49 ¥3.00M, 50-54 ¥3.52M, 55-59 ¥6.44M; the band takes the "
       "mean of its two 5-year groups). Leavers aged 60+ get the 定年 amount.",
       "R38", min=0, max=40_000_000, step=100_000)

# Parameter groups; names: group.<group> in sim/text/registry.py (a lever kind's group is named after the kind).
GROUPS = ("simulation", "municipality", "workforce", "recruitment", "demand", "talent", "budget", "dx",
              *(f"lever.{k}" for k in LEVER_KINDS))


def group_label(group: str, lang: str) -> str:
    if group.startswith("lever."):
        return lever_kind_label(group[len("lever."):], lang)
    return t(f"group.{group}", lang)




_LEVER_FIELDS: dict[str, dict[str, Param]] = {}


def lever_fields(kind: str) -> dict[str, Param]:
    """Field name -> Param for one lever kind (a fresh dict; the lookup is cached: the registry is fixed at import)."""
    if kind not in _LEVER_FIELDS:
        prefix = f"lever.{kind}."
        _LEVER_FIELDS[kind] = {k[len(prefix):]: p for k, p in REGISTRY.items() if k.startswith(prefix)}
    return dict(_LEVER_FIELDS[kind])


def scenario_params() -> dict[str, Param]:
    """Parameters set in a scenario's [parameters] table (not the profile, not lever fields)."""
    return {k: p for k, p in REGISTRY.items() if p.group not in ("municipality",) and not k.startswith("lever.")}


def municipality_params() -> dict[str, Param]:
    return {k[len("municipality."):]: p for k, p in REGISTRY.items() if p.group == "municipality"}


def samplable_params() -> dict[str, Param]:
    """Every registry parameter that Monte Carlo may vary per draw (lever fields included)."""
    return {k: p for k, p in REGISTRY.items() if p.samplable}


def uncertain_params() -> dict[str, Param]:
    return {k: p for k, p in REGISTRY.items() if p.uncertainty is not None}


# Absolute amounts that belong to the scenario's own town (posts, people, hours, yen per year): a
# batch over municipalities scales them by each town's base-year staff ÷ the scenario's own
# (sim.municipal.scale_to_town). Per-resident, per-staff and share inputs scale by themselves.
for _key in ("workforce.fixed_hires", "workforce.staff_target", "talent.digital_hires", "talent.external_fulltime", "talent.sidejob_experts",
             "talent.pool_fte", *(f"lever.{_k}.talent_l2" for _k in LEVER_KINDS),
             *(f"lever.{_k}.talent_l3" for _k in LEVER_KINDS), "lever.frontyard.divide_support_opex",
             "lever.custom.hours_saved", "lever.custom.capex", "lever.custom.opex"):
    REGISTRY[_key] = replace(REGISTRY[_key], per_town=True)


def _check_registry() -> None:
    """Fail at import when a declaration is inconsistent: a bad registry must never reach a user."""
    for key, p in REGISTRY.items():
        if p.unit not in UNITS:
            raise ValueError(f"{key}: unknown unit {p.unit}")
        if p.group not in GROUPS:
            raise ValueError(f"{key}: unknown group {p.group}")
        if p.samplable and not p.numeric:
            raise ValueError(f"{key}: a choice cannot be samplable")
        if p.uncertainty is not None and not p.samplable:
            raise ValueError(f"{key}: a default uncertainty on a parameter that is not samplable")
        if p.per_town and not p.samplable:
            raise ValueError(f"{key}: a batch passes per-town values per draw, so it must be samplable")
        if p.unit == "choice":
            if p.default not in p.choices:
                raise ValueError(f"{key}: default not among choices")
            continue
        if p.default is None:
            if not p.preset_field:
                raise ValueError(f"{key}: no default and no preset field")
        elif not isinstance(p.default, dict) and p.check(p.default):
            raise ValueError(f"{key}: default {p.default}: {p.check(p.default)}")
        if p.context and p.source != "assumption":
            raise ValueError(f"{key}: context is for assumptions; a sourced default cites its source")
        u = p.uncertainty
        if u is not None:
            if u.dist not in DISTRIBUTIONS:
                raise ValueError(f"{key}: unknown distribution {u.dist}")
            if u.relative:
                continue  # bounds are multiples of the point value; samples are clipped to them
            lo_ok = p.min is None or u.low >= p.min
            hi_ok = p.max is None or u.high <= p.max
            if not (lo_ok and hi_ok and u.low <= (u.mode if u.mode is not None else u.low) <= u.high):
                raise ValueError(f"{key}: uncertainty bounds inconsistent")


_check_registry()


def format_table(lang: str = "ja") -> list[dict]:
    """The registry as rows for printing (CLI `params`) and for the docs."""
    rows = []
    for key, p in REGISTRY.items():
        default = p.default
        if default is None:
            default = t("registry.preset", lang)
        rng = "" if p.unit == "choice" else f"{p.min:g}–{p.max:g}"
        if p.unit == "choice":
            rng = " | ".join(p.choices)
        unc = ""
        if p.uncertainty:
            u = p.uncertainty
            unc = f"{u.dist}({u.low:g}" + (f", {u.mode:g}" if u.mode is not None else "") + f", {u.high:g})"
            if u.relative:
                unc += " × value"
        src = p.source_text(lang)
        rows.append({
            "key": key, "group": p.group, "label": p.label(lang),
            "unit": t(f"unit.{p.unit}", lang), "default": default, "range": rng,
            "time_varying": "yes" if p.time_varying else "", "uncertainty": unc, "source": src,
        })
    return rows
