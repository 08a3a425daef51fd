"""DX levers as data: adoption ramps and, per kind, hours saved, costs, talent needs.

Every lever kind maps its fields (arrays over draws) and a shared context to one LeverEffect.
Savings are hours per year in one work group (or spread over all groups in proportion to their
workload), before the realisation factor, which the engine applies to positive savings only:
extra work is always real.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.demand import BACKOFFICE, COUNTER, GROUPS, PLANNING

LOGISTIC_STEEPNESS = 8.0


@dataclass
class LeverContext:
    years: np.ndarray          # (T,)
    population: np.ndarray     # (D, T)
    pop_base: np.ndarray       # (D,)
    staff_base: np.ndarray     # (D,) stated staff in the base year (re-employed included): the size measure for potentials
    workload: np.ndarray       # (D, G, T) hours before savings
    holding_rate: np.ndarray   # (D, T) My Number Card holding rate


@dataclass
class LeverEffect:
    saved: np.ndarray          # (D, T) hours saved (negative = extra work)
    group: int | None          # work group of the saving; None = spread over groups by workload
    capex: np.ndarray          # (D, T) yen before optimism bias
    opex: np.ndarray           # (D, T) yen
    adoption: np.ndarray       # (D, T) adoption level (ceiling × ramp)
    in_rollout: np.ndarray     # (D, T) 1 during the ramp-up years
    exit_factor: np.ndarray | None = None     # (D, T) multiplier on voluntary exit rates
    system_factor: np.ndarray | None = None   # (D, T) multiplier on running cost of core systems
    extra_work: np.ndarray | None = None      # (D, T) hours of extra work in the same group, never discounted
    holding_rate: np.ndarray | None = None    # (D, T) card holding path set by this lever


def ramp(years: np.ndarray, start: np.ndarray, ramp_years: np.ndarray, shape: str) -> np.ndarray:
    """(D, T) progress 0..1: 1/ramp in the start year, 1 after ramp_years years."""
    x = (years[None, :] - start[:, None] + 1) / ramp_years[:, None]
    x = np.clip(x, 0.0, 1.0)
    if shape == "logistic":
        k = LOGISTIC_STEEPNESS
        lo, hi = 1 / (1 + np.exp(k / 2)), 1 / (1 + np.exp(-k / 2))
        s = 1 / (1 + np.exp(-k * (x - 0.5)))
        x = np.where(x > 0, (s - lo) / (hi - lo), 0.0)
    return x


def _increment(r: np.ndarray) -> np.ndarray:
    """Yearly increase of progress; capex follows the roll-out."""
    return np.diff(r, axis=1, prepend=0.0)


def effect(kind: str, f: dict, ctx: LeverContext) -> LeverEffect:
    """The effect of one lever. f maps field name -> (D,) array (choices are strings)."""
    r = ramp(ctx.years, f["start_year"], f["ramp_years"], f["ramp_shape"])
    ceiling = f["ceiling"][:, None]
    adoption = ceiling * r
    dr = _increment(r)
    rollout = ((r > 0) & (_increment(r) > 0)).astype(float)
    zeros = np.zeros_like(r)
    pop = ctx.population
    pop0 = ctx.pop_base[:, None]
    staff0 = ctx.staff_base[:, None]
    out = LeverEffect(saved=zeros, group=None, capex=zeros, opex=zeros, adoption=adoption, in_rollout=rollout)

    if kind == "frontyard":
        # Online share is capped by card holders who are willing to go online (digital divide).
        online_cap = ctx.holding_rate * (1.0 - f["counter_loyal_share"][:, None])
        online = r * np.minimum(ceiling, online_cap)
        counter = ctx.workload[:, COUNTER, :]
        cut = online * (1.0 - f["backoffice_residual"][:, None]) + (1.0 - online) * f["kakanai_cut"][:, None] * r
        out.saved, out.group = counter * cut, COUNTER
        out.capex = f["capex_per_resident"][:, None] * pop0 * dr
        out.opex = f["opex_per_resident"][:, None] * pop * r + f["divide_support_opex"][:, None] * r
        out.adoption = online
    elif kind == "standardisation":
        bump = f["migration_hours_per_staff"][:, None] * staff0 * dr
        gain = f["hours_saved_per_staff"][:, None] * staff0 * adoption
        out.saved, out.group, out.extra_work = gain, BACKOFFICE, bump
        out.capex = f["capex_per_resident"][:, None] * pop0 * dr
        out.system_factor = 1.0 + adoption * (f["cloud_cost_multiplier"][:, None] - 1.0)
    elif kind == "eltax":
        work = f["hours_per_resident"][:, None] * pop
        out.saved, out.group = work * adoption * f["cut_per_electronic"][:, None], BACKOFFICE
        out.capex = f["capex_per_resident"][:, None] * pop0 * dr
        out.opex = f["opex_per_resident"][:, None] * pop * r
    elif kind == "mynumber":
        base = ctx.holding_rate[:, :1]
        holding = base + r * np.maximum(ceiling - base, 0.0)
        issued = np.maximum(np.diff(holding, axis=1, prepend=holding[:, :1]), 0.0) * pop
        renewals = (holding - base) * pop / f["renewal_years"][:, None]
        extra = issued * f["hours_per_card"][:, None] + renewals * f["hours_per_renewal"][:, None]
        out.saved, out.group = -extra, COUNTER
        out.opex = f["opex_per_resident"][:, None] * pop * r
        out.holding_rate = holding
        out.adoption = holding
    elif kind == "security":
        out.saved = -f["training_hours_per_staff"][:, None] * staff0 * adoption  # spread over all groups
        out.opex = (f["opex_per_resident"][:, None] * pop * r
                    + f["training_cost_per_staff"][:, None] * staff0 * adoption)
    elif kind == "rpa_ai":
        tasks = f["tasks_per_staff"][:, None] * staff0
        out.saved, out.group = tasks * adoption * f["hours_per_task"][:, None], BACKOFFICE
        out.capex = tasks * ceiling * f["capex_per_task"][:, None] * dr
        out.opex = tasks * adoption * f["opex_per_task"][:, None]
    elif kind == "genai":
        users = staff0 * adoption
        out.saved, out.group = users * f["hours_per_user"][:, None], PLANNING
        out.opex = users * f["opex_per_user"][:, None]
    elif kind == "telework":
        users = staff0 * adoption
        out.exit_factor = 1.0 - adoption * f["exit_reduction"][:, None]
        out.capex = staff0 * ceiling * f["capex_per_user"][:, None] * dr
        out.opex = users * f["opex_per_user"][:, None]
    elif kind == "custom":
        out.saved, out.group = f["hours_saved"][:, None] * adoption, GROUPS.index(f["work_group"])
        out.capex = f["capex"][:, None] * dr
        out.opex = f["opex"][:, None] * r
        out.exit_factor = 1.0 - adoption * f["exit_reduction"][:, None]
    else:
        raise ValueError(f"unknown lever kind {kind}")
    return out
