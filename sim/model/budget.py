"""Budget block: yearly cost lines, monetised benefit, and appraisal (NPV, B/C, payback)."""

from __future__ import annotations

import numpy as np


def discount_factors(rate: np.ndarray, n_years: int) -> np.ndarray:
    """(D, T) 1/(1+r)^t with t = 0 in the base year."""
    t = np.arange(n_years)[None, :]
    return 1.0 / (1.0 + rate[:, None]) ** t


# A cumulative net flow above minus one yen is no net investment (rounding of yen sums, not money spent).
INVESTMENT_TOLERANCE_YEN = 1.0


def appraisal(benefit: np.ndarray, cost: np.ndarray, rate: np.ndarray, years: np.ndarray) -> dict[str, np.ndarray]:
    """NPV = Σ (B−C)/(1+r)^t, B/C = PV(B)/PV(C), payback = the first year from which the cumulative
    B−C stays at or above zero, after it was below zero.

    B/C is NaN when the present cost is not positive. Payback is NaN (undefined, never a year) when
    there is no net investment (the cumulative net flow is never negative: nothing to pay back, e.g.
    no levers and no training) or when it is never paid back within the horizon. `invested` tells the
    two apart per draw.
    """
    df = discount_factors(rate, benefit.shape[1])
    pv_b = (benefit * df).sum(axis=1)
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
