"""Sampling of uncertain parameters (scipy.stats), seeded and reproducible.

Each parameter draws from its own stream, seeded by (scenario seed, parameter key), so adding a
lever or a parameter does not reshuffle the others, and two scenarios with the same seed share
their random numbers (common random numbers make comparisons less noisy).
"""

from __future__ import annotations

import warnings
import zlib

import numpy as np
from scipy import stats

from sim.parameters import REGISTRY, Param, Uncertainty, lever_fields


def frozen(u: Uncertainty):
    """The scipy.stats frozen distribution of an Uncertainty (lognormal is clipped afterwards)."""
    lo, hi = u.low, u.high
    if u.dist == "uniform":
        return stats.uniform(loc=lo, scale=hi - lo)
    if u.dist == "triangular":
        return stats.triang(c=(u.mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    if u.dist == "pert":
        a = 1 + 4 * (u.mode - lo) / (hi - lo)
        b = 1 + 4 * (hi - u.mode) / (hi - lo)
        return stats.beta(a, b, loc=lo, scale=hi - lo)
    if u.dist == "truncnormal":
        return stats.truncnorm((lo - u.mode) / u.sd, (hi - u.mode) / u.sd, loc=u.mode, scale=u.sd)
    if u.dist == "lognormal":
        return stats.lognorm(s=u.sd, scale=u.mode)
    raise ValueError(f"unknown distribution {u.dist}")


def stream(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def sample(u: Uncertainty, n: int, seed: int, key: str) -> np.ndarray:
    """n draws of one parameter by inverse transform of uniform numbers."""
    q = stream(seed, key).random(n)
    x = frozen(u).ppf(q)
    return np.clip(x, u.low, u.high)


def uncertain_inputs(sc) -> list[tuple[str, Param, Uncertainty]]:
    """The scalar inputs of a scenario that vary across draws, in a fixed order: (name, param,
    distribution). Names are registry keys, or "levers[i].field" for a field of the scenario's i-th
    lever. A registry default distribution applies while the scenario leaves the value at its
    default; a value the scenario sets is fixed unless its [uncertainty] table names the key."""
    out = []
    for key, p in REGISTRY.items():
        if key.startswith("lever.") or p.group == "municipality" or p.unit == "choice":
            continue
        if isinstance(sc.value(key), dict):
            continue  # a year-by-year path is taken as given
        u = sc.uncertainty.get(key) or (p.uncertainty if key not in sc.parameters else None)
        if u is not None:
            out.append((key, p, u))
    for i, lev in enumerate(sc.levers):
        if not lev.enabled:
            continue
        for name, p in lever_fields(lev.kind).items():
            if p.unit == "choice":
                continue
            u = sc.uncertainty.get(p.key) or (p.uncertainty if name not in lev.fields else None)
            if u is not None:
                out.append((f"levers[{i}].{name}", p, u))
    return out


def sample_random(dims, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Independent draws of each input from its own stream (see the module docstring)."""
    return {name: sample(u, draws, seed, name) for name, _, u in dims}


PERCENTILES = (5, 10, 50, 90, 95)


def percentiles(a: np.ndarray, axis: int = 0) -> dict[str, np.ndarray]:
    """P5/P10/P50/P90/P95 along the draw axis, NaN-aware (e.g. a payback year never reached)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "All-NaN slice": stays NaN, shown as a dash
        vals = np.nanpercentile(a, PERCENTILES, axis=axis) if np.isnan(a).any() else np.percentile(a, PERCENTILES, axis=axis)
    return {f"p{p}": v for p, v in zip(PERCENTILES, vals)}
