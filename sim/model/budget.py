"""Budget block: yearly cash lines, the appraisal of the DX plan (cash and economic), and NPV, B/C, payback.

Two views are kept apart:
- cash: what the town pays and stops paying (pay, 退職手当, recruiting, external talent, lever capex and
  opex, system running cost, training, subsidies);
- capacity: realised hours saved × loaded cost per hour. Staff time freed closes the staff gap; it is
  not money in the bank, so it never enters the cash NPV.

The DX plan is what the scenario adds to the status quo: its levers that are not statutory, its external
talent and its training. Statutory levers (the 標準化 migration) are in both the plan and the status quo:
the budget shows them, the appraisal leaves them out. Pay, 退職手当 and recruiting saved count as cash only
as far as they fall against the same inputs without the plan's levers (the counterfactual run).
"""

from __future__ import annotations

import numpy as np

# Budget lines that follow the workforce: the plan saves cash on them only when hires, exits or the age mix change.
WORKFORCE_LINES = ("pay_regular", "pay_rehired", "allowance_teinen", "allowance_voluntary", "recruiting")
# Voluntary-exit age bands for 退職手当: (parameter suffix, first age, last age); 60+ leavers are paid as 定年.
ALLOWANCE_BANDS = (("under30", 18, 29), ("30s", 30, 39), ("40s", 40, 49), ("50s", 50, 59))


def is_statutory(lever) -> bool:
    return lever.fields.get("statutory", "no") == "yes"


def hiring_follows_levers(effects, hiring_policy: str) -> bool:
    """Whether the counterfactual run (the same inputs without the plan's levers) is made.

    Capacity freed becomes cash only when hiring falls, and hiring follows the levers only under the
    `target` policy (hires from required staff). Under the other policies hires follow leavers or a plan,
    so the plan's saved hours never reach the pay bill, and the run is skipped (cash saved = 0). The one
    other path, exit-rate levers (telework, custom exit_reduction) changing leavers and so pay, 退職手当
    and recruiting, is left out of the cash view under those policies: it is second order (standard_dx:
    ¥92M more pay as older staff stay, ¥6M less 退職手当 and recruiting, net ¥86M over FY2025-50, against
    ¥1.56bn of plan cost) and measuring it would double the cost of every Monte-Carlo run with such a lever
    (docs/model.md §5; tests/test_budget.py keeps it under 10% of the plan cost).
    """
    if hiring_policy != "target":
        return False
    return any(not is_statutory(lev) and (np.any(e.saved != 0.0) or (e.exit_factor is not None and np.any(e.exit_factor != 1.0)))
               for lev, e in effects)


def band_matrix(ages: np.ndarray) -> np.ndarray:
    """(ages, bands + 1) 0/1: the voluntary-exit bands, then 60+."""
    cols = [(ages >= lo) & (ages <= hi) for _, lo, hi in ALLOWANCE_BANDS] + [ages >= 60]
    return np.stack(cols, axis=1).astype(float)


def discount_factors(rate: np.ndarray, n_years: int) -> np.ndarray:
    """(D, T) 1/(1+r)^t with t = 0 in the base year."""
    t = np.arange(n_years)[None, :]
    return 1.0 / (1.0 + rate[:, None]) ** t


def with_renewals(first: np.ndarray, life: np.ndarray) -> np.ndarray:
    """Capex with renewals: what is bought in year t is bought again in t + L, t + 2L, … while the lever runs.

    first: (D, T) capex of one lever's first purchase; life: (D,) asset life in years (rounded; 0 = one-off).
    """
    L = np.rint(life).astype(int)
    out = first.copy()
    T = first.shape[-1]
    for life_j in np.unique(L):  # one value unless the asset life is sampled per draw
        if life_j <= 0:
            continue
        rows = slice(None) if (L == life_j).all() else L == life_j
        for k in range(life_j, T, life_j):
            out[rows, k:] += first[rows, :-k]
    return out


def residual_value(capex: np.ndarray, life: np.ndarray) -> np.ndarray:
    """(D,) straight-line value left at the end of the final year of every purchase in `capex` (D, T).

    A purchase in year t is used from year t; at the end of year T−1 it has served T − t years, so
    max(0, L − (T − t))/L of it is left. One-off expenses (L = 0) keep nothing.
    """
    T = capex.shape[-1]
    L = np.rint(life).astype(float)[:, None]
    served = (T - np.arange(T))[None, :]
    left = np.where(L > 0, np.clip(L - served, 0.0, None) / np.where(L > 0, L, 1.0), 0.0)
    return (capex * left).sum(axis=-1)


# A cumulative net flow above minus one yen is no net investment (rounding of yen sums, not money spent).
INVESTMENT_TOLERANCE_YEN = 1.0


def appraisal(benefit: np.ndarray, cost: np.ndarray, rate: np.ndarray, years: np.ndarray,
              residual: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """NPV = Σ (B−C)/(1+r)^t + residual/(1+r)^(T−1), B/C = PV(B + residual)/PV(C), payback = the first
    year from which the cumulative B−C stays at or above zero, after it was below zero (the residual
    value is left out of the payback: it is not a flow).

    B/C is NaN when the present cost is not positive. Payback is NaN (undefined, never a year) when
    there is no net investment (the cumulative net flow is never negative: nothing to pay back, e.g.
    no levers and no training) or when it is never paid back within the horizon. `invested` tells the
    two apart per draw.
    """
    df = discount_factors(rate, benefit.shape[1])
    pv_b = (benefit * df).sum(axis=1)
    if residual is not None:
        pv_b = pv_b + residual * df[:, -1]
    pv_c = (cost * df).sum(axis=1)
    npv = pv_b - pv_c
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = np.where(pv_c > 0, pv_b / np.where(pv_c > 0, pv_c, 1.0), np.nan)
    cum = np.cumsum(benefit - cost, axis=1)
    invested = (cum < -INVESTMENT_TOLERANCE_YEN).any(axis=1)
    ok = cum >= -INVESTMENT_TOLERANCE_YEN
    # Payback is the first year from which the cumulative net stays at or above zero.
    stays = np.flip(np.logical_and.accumulate(np.flip(ok, axis=1), axis=1), axis=1)
    first = np.argmax(stays, axis=1)
    payback = np.where(invested & stays.any(axis=1), years[first].astype(float), np.nan)
    return {"npv": npv, "bcr": bcr, "payback_year": payback, "pv_benefit": pv_b, "pv_cost": pv_c,
            "invested": invested}


def budget(inp, effects, rec, rec1, rehired_fte, pop_base, hours_per_fte, counterfactual_lines=None) -> dict:
    """Yearly cash lines and the appraisal of the DX plan.

    effects: [(LeverInput, LeverEffect)] of every active lever; rec["teinen"] (D, C, T) 定年 retirements,
    rec1["exits_by_band"] (D, bands + 1, T) voluntary exits by age band; counterfactual_lines: the budget
    lines of the same inputs without the plan's levers (None when the plan has none: nothing to save).

    Returns {"lines": cash lines (D, T), "appraisal": appraisal rows (D, T), "kpis": (D,) values}.
    """
    v, s = inp.v, inp.s
    D, T = rehired_fte.shape
    loaded = s("budget.loaded_cost_per_fte")[:, None]
    uplift = 1.0 + s("budget.optimism_bias")[:, None]
    n = len(effects)
    plan = np.array([not is_statutory(lev) for lev, _ in effects], dtype=bool)
    capex, capex_subsidy, opex = np.zeros((D, T)), np.zeros((D, T)), np.zeros((D, T))
    plan_capex_net, plan_opex, residual = np.zeros((D, T)), np.zeros((D, T)), np.zeros(D)
    for (lev, e), in_plan in zip(effects, plan):
        opex += e.opex
        if in_plan:
            plan_opex += e.opex
        if not e.capex.any():
            continue
        life = np.asarray(lev.fields.get("asset_life", np.zeros(D)), dtype=float)
        bought = with_renewals(e.capex, life) * uplift                           # after the optimism-bias uplift
        grant = e.capex * uplift * lev.fields["subsidy_share"][:, None]          # grants fund the first purchase only
        capex += bought
        capex_subsidy += grant
        if in_plan:
            plan_capex_net += bought - grant
            # the town's residual: its own share of what it bought last
            residual += residual_value(bought - grant, life)

    it_base = (pop_base * s("municipality.it_cost_per_resident"))[:, None]
    core = s("budget.it_core_share")[:, None]

    def system_cost(mask):
        factor = np.ones((D, T))
        for (_, e), on in zip(effects, mask):
            if on and e.system_factor is not None:
                factor = factor * e.system_factor
        return it_base * ((1.0 - core) + core * factor)

    system = system_cost(np.ones(n, dtype=bool))
    system_without_plan = system_cost(~plan)
    external = (v("talent.external_fulltime") * v("talent.external_fulltime_cost")
                + v("talent.sidejob_experts") * v("talent.sidejob_days") * v("talent.sidejob_day_rate")
                + v("talent.pool_fte") * v("talent.pool_fee_per_fte"))
    training = rec1["trained_l1"] * v("talent.training_cost_l1") + rec1["trained_l2"] * v("talent.training_cost_l2")
    talent_subsidy = external * v("budget.subsidy_share_external") + training * v("budget.subsidy_share_training")
    voluntary_rates = np.stack([s(f"budget.allowance_voluntary_{b}") for b, *_ in ALLOWANCE_BANDS]
                               + [s("budget.allowance_teinen")], axis=1)  # (D, bands + 1): 60+ paid as 定年
    lines = {
        "pay_regular": rec1["pay_regular"],
        "pay_rehired": rehired_fte * loaded * s("budget.rehire_cost_factor")[:, None],
        "allowance_teinen": rec["teinen"].sum(axis=1) * s("budget.allowance_teinen")[:, None],
        "allowance_voluntary": np.einsum("dbt,db->dt", rec1["exits_by_band"], voluntary_rates),
        "external_talent": external,
        "lever_capex": capex,
        "lever_opex": opex,
        "system_running": system,
        "training": training,
        "recruiting": rec["hires"].sum(axis=1) * v("budget.recruiting_cost_per_hire"),
        "subsidies": -(capex_subsidy + talent_subsidy),
    }

    # The DX plan: its levers' capex and opex, the running cost they change, external talent and training, net of grants.
    dx_cost = plan_capex_net + plan_opex + (system - system_without_plan) + training + external - talent_subsidy
    hours_plan = sum((e.saved for (_, e), on in zip(effects, plan) if on), np.zeros((D, T)))
    capacity = hours_plan * loaded / hours_per_fte[:, None]
    if counterfactual_lines is None:
        cash_saved = np.zeros((D, T))
    else:
        cash_saved = sum(counterfactual_lines[k] - lines[k] for k in WORKFORCE_LINES)
    rate = s("budget.discount_rate")
    economic = appraisal(capacity, dx_cost, rate, inp.years, residual)
    cash = appraisal(cash_saved, dx_cost, rate, inp.years, residual)
    rows = {"capacity_freed": capacity, "dx_cost": dx_cost, "cash_saved": cash_saved,
            "net_cash_cost": dx_cost - cash_saved,
            "residual_value": np.concatenate([np.zeros((D, T - 1)), residual[:, None]], axis=1)}
    kpis = {"npv": economic["npv"], "bcr": economic["bcr"], "payback_year": economic["payback_year"],
            "invested": economic["invested"],
            "npv_cash": cash["npv"], "net_cash_cost_cumulative": rows["net_cash_cost"].sum(axis=1),
            # C order first: a row sum of the transposed records would depend on the number of draws in the call
            "cash_outlay_cumulative": np.ascontiguousarray(sum(lines.values())).sum(axis=1)}
    return {"lines": lines, "appraisal": rows, "kpis": kpis}
