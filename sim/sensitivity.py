"""Sensitivity of a KPI to the uncertain inputs: a tornado (one input at a time at its P5 and P95,
the others at their point values) and Sobol' first-order and total indices with bootstrap
confidence intervals (scipy.stats.sobol_indices).

Both feed explicit per-draw values into the one engine (`resolve(samples=...)`), so a tornado is a
single engine call with 2·d (+1 base) draws, and each Sobol' function evaluation is a batch of draws.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from sim import data
from sim.engine import run_in_chunks, sampled_inputs
from sim.i18n import Message, in_each_lang, t
from sim.inputs import _municipality_value
from sim.model.kpis import KPIS
from sim.sampling import as_valid, frozen, uncertain_inputs
from sim.scenario import lever_ref

SOBOL_CHUNK = 8192  # draws per engine call inside a Sobol' evaluation (bounded memory)


def kpi_keys() -> list[str]:
    return [k.key for k in KPIS]


def check_kpi(kpi: str) -> None:
    if kpi not in kpi_keys():
        raise ValueError(Message("sim.unknown_kpi_choose_one", a0=repr(kpi), a1=', '.join(kpi_keys())))


def labels(sc, name: str, p) -> dict[str, str]:
    """The label columns ({label_ja, label_en}) of an uncertain input: the registry label, prefixed by
    the lever's name for "levers[i].field"."""
    ref = lever_ref(name)
    if ref is not None:
        lev = sc.levers[ref[0]]
        return in_each_lang(lambda lang: t("input.lever_field", lang, kind=lev.name, label=p.label(lang)))
    return in_each_lang(p.label)


def point_value(sc, name: str) -> float:
    """The value a deterministic run uses for an uncertain input."""
    if name.startswith("municipality."):
        return float(_municipality_value(sc, name, data.presets().loc[sc.municipality.preset]))
    return float(sc.named_value(name))


def evaluate(sc, kpi: str, samples: dict[str, np.ndarray], draws: int, seed: int | None = None,
             chunk_size: int = SOBOL_CHUNK) -> np.ndarray:
    """The KPI for `draws` columns of explicit input values, through the engine in chunks."""
    out = np.empty(draws)
    for start, stop, res in run_in_chunks(draws, chunk_size, sampled_inputs(sc, samples, seed)):
        out[start:stop] = res.kpi_values[kpi]
    return out


# --- tornado -------------------------------------------------------------------------------------

def tornado(sc, kpi: str) -> pd.DataFrame:
    """One row per uncertain input: the KPI with that input at its P5 (low) and P95 (high), the
    others at their point values; sorted by swing = |kpi_high − kpi_low|, descending (NaN last).
    base is the deterministic KPI. One engine call with 2·d + 1 draws (the base is draw 0)."""
    check_kpi(kpi)
    dims = uncertain_inputs(sc)
    d = len(dims)
    n = 2 * d + 1
    lows, highs = [], []
    samples = {}
    for i, (name, p, u) in enumerate(dims):
        lo, hi = as_valid(p, np.clip(frozen(u).ppf([0.05, 0.95]), u.low, u.high))
        lows.append(float(lo))
        highs.append(float(hi))
        col = np.full(n, point_value(sc, name))
        col[1 + 2 * i], col[2 + 2 * i] = lo, hi
        samples[name] = col
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        y = evaluate(sc, kpi, samples, n)
    rows = []
    for i, (name, p, u) in enumerate(dims):
        k_lo, k_hi = y[1 + 2 * i], y[2 + 2 * i]
        rows.append({"name": name, **labels(sc, name, p), "low": lows[i], "high": highs[i],
                     "kpi_low": k_lo, "kpi_high": k_hi, "base": y[0], "swing": abs(k_hi - k_lo),
                     "unit": p.unit})
    cols = ["name", "label_ja", "label_en", "low", "high", "kpi_low", "kpi_high", "base", "swing", "unit"]
    table = pd.DataFrame(rows, columns=cols)
    return table.sort_values("swing", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


# --- Sobol' --------------------------------------------------------------------------------------

def _power_of_two(n: int) -> bool:
    return n >= 2 and (n & (n - 1)) == 0


def indices(func: Callable[[np.ndarray], np.ndarray], dists, names: list[str], n: int = 1024,
            seed: int | None = 0, confidence: float = 0.95, n_resamples: int = 200,
            progress: Callable[[int, int], None] | None = None, labels_ja=None, labels_en=None) -> pd.DataFrame:
    """Sobol' first-order (S1) and total (ST) indices of a scalar function of independent inputs.

    func takes a (d, m) matrix (one column per evaluation) and returns m values (shape (m,) or
    (1, m)); every value must be finite. n: base sample size, a power of two; the function is
    evaluated at n·(d + 2) points. Confidence intervals by bootstrap (BCa), seeded by `seed`.
    Returns [name, label_ja, label_en, S1, S1_low, S1_high, ST, ST_low, ST_high], sorted by ST."""
    n = int(n)
    if not _power_of_two(n):
        raise ValueError(Message("sim.n_must_power_two", a0=n))
    d = len(dists)
    total = n * (d + 2)
    done = [0]

    def f(x):
        y = np.asarray(func(x), dtype=float).reshape(1, -1)
        done[0] += y.shape[1]
        if progress is not None:
            progress(min(done[0], total), total)
        return y

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a constant output gives NaN indices
        res = stats.sobol_indices(func=f, n=n, dists=list(dists), rng=seed)
        s1 = np.asarray(res.first_order, dtype=float).reshape(-1, d)[0]  # (s, d), squeezed by scipy for s = 1
        st = np.asarray(res.total_order, dtype=float).reshape(-1, d)[0]
        s1_ci, st_ci = _bootstrap(res, d, confidence, n_resamples, seed)
    table = pd.DataFrame({
        "name": list(names),
        "label_ja": list(labels_ja) if labels_ja is not None else list(names),
        "label_en": list(labels_en) if labels_en is not None else list(names),
        "S1": s1, "S1_low": s1_ci[0], "S1_high": s1_ci[1],
        "ST": st, "ST_low": st_ci[0], "ST_high": st_ci[1],
    })
    return table.sort_values("ST", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def _bootstrap(res, d: int, confidence: float, n_resamples: int, seed):
    """(low, high) confidence bounds of S1 and ST. SobolResult.bootstrap takes no random state, so
    the same bootstrap (BCa over the n base rows) is run here with a seeded generator; if scipy's
    internals differ, fall back to its own (unseeded) bootstrap."""
    try:
        f_A, f_B, f_AB, method = res._f_A, res._f_B, res._f_AB, res._indices_method
    except AttributeError:
        b = res.bootstrap(confidence_level=confidence, n_resamples=n_resamples)
        ci1, cit = b.first_order.confidence_interval, b.total_order.confidence_interval
        row = lambda x: np.asarray(x, dtype=float).reshape(-1, d)[0]  # noqa: E731
        return (row(ci1.low), row(ci1.high)), (row(cit.low), row(cit.high))

    def statistic(idx):
        idx = np.asarray(idx)
        first, total = method(f_A[:, idx], f_B[:, idx], f_AB[..., idx])
        return np.concatenate([np.asarray(first).reshape(-1, d)[0], np.asarray(total).reshape(-1, d)[0]])

    n = f_A.shape[1]
    boot = stats.bootstrap([np.arange(n)], statistic=statistic, method="BCa", n_resamples=n_resamples,
                           confidence_level=confidence, vectorized=False,
                           rng=np.random.default_rng(None if seed is None else [int(seed), 7]))
    lo, hi = boot.confidence_interval.low, boot.confidence_interval.high
    return (lo[:d], hi[:d]), (lo[d:], hi[d:])


def sobol(sc, kpi: str, n: int = 1024, seed: int | None = None, confidence: float = 0.95,
          n_resamples: int = 200, progress: Callable[[int, int], None] | None = None,
          chunk_size: int = SOBOL_CHUNK) -> pd.DataFrame:
    """Sobol' indices of a KPI over all uncertain inputs of the scenario (see `indices`). Raises
    ValueError if the KPI is undefined (NaN) in some draws, e.g. a payback year never reached."""
    check_kpi(kpi)
    seed = sc.seed if seed is None else int(seed)
    dims = uncertain_inputs(sc)
    if not dims:
        raise ValueError(Message("sim.scenario_has_no_uncertain"))
    names = [name for name, _, _ in dims]

    def func(x):
        m = x.shape[1]
        samples = {name: as_valid(p, np.clip(x[j], u.low, u.high)) for j, (name, p, u) in enumerate(dims)}
        y = evaluate(sc, kpi, samples, m, seed, chunk_size)
        bad = int((~np.isfinite(y)).sum())
        if bad:
            raise ValueError(Message("sim.kpi_undefined_for_some", a0=repr(kpi), a1=format(bad, ','), a2=format(m, ',')))
        return y

    lab = [labels(sc, name, p) for name, p, _ in dims]
    return indices(func, [frozen(u) for _, _, u in dims], names, n=n, seed=seed, confidence=confidence,
                   n_resamples=n_resamples, progress=progress,
                   labels_ja=[a["label_ja"] for a in lab], labels_en=[a["label_en"] for a in lab])
