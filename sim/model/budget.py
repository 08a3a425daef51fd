"""Budget block: yearly cost lines, monetised benefit, and appraisal (NPV, B/C, payback)."""

from __future__ import annotations

import numpy as np


def discount_factors(rate: np.ndarray, n_years: int) -> np.ndarray:
    """(D, T) 1/(1+r)^t with t = 0 in the base year."""
    t = np.arange(n_years)[None, :]
    return 1.0 / (1.0 + rate[:, None]) ** t


def appraisal(benefit: np.ndarray, cost: np.ndarray, rate: np.ndarray, years: np.ndarray) -> dict[str, np.ndarray]:
    """NPV = Σ (B−C)/(1+r)^t, B/C = PV(B)/PV(C), payback = first year with cumulative B−C ≥ 0.

    B/C is NaN when the present cost is not positive; payback is NaN when never reached, and the
    base year when the net flow is never negative.
    """
    df = discount_factors(rate, benefit.shape[1])
    pv_b = (benefit * df).sum(axis=1)
    pv_c = (cost * df).sum(axis=1)
    npv = pv_b - pv_c
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = np.where(pv_c > 0, pv_b / np.where(pv_c > 0, pv_c, 1.0), np.nan)
    cum = np.cumsum(benefit - cost, axis=1)
    ok = cum >= 0
    # Payback is the first year from which the cumulative net stays at or above zero.
    stays = np.flip(np.logical_and.accumulate(np.flip(ok, axis=1), axis=1), axis=1)
    first = np.argmax(stays, axis=1)
    payback = np.where(stays.any(axis=1), years[first].astype(float), np.nan)
    return {"npv": npv, "bcr": bcr, "payback_year": payback, "pv_benefit": pv_b, "pv_cost": pv_c}
