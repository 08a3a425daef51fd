"""Recruitment: the applicant pool, the hires it can supply, and the hiring policies.

The pool belongs to the labour market, not to the town's own exits. In the base year the town
attracts, per typical year's post, the examinees that the national exams drew per hire in FY2022
(R11), times a headroom:

    A_0 = headroom × h_ref × N_0 × (examinees / hires)_FY2022,    h_ref = typical hires per staff

It then follows the applicant cohort (births 22 years earlier and the town's young population,
see sim.inputs.youth_index) and the employer's attractiveness, and is turned into hires by the
scenario's competition ratio and acceptance rate:

    A_t = A_0 × youth_t × attractiveness_t,    capacity_t = A_t / ratio_t × acceptance_t

With the FY2022 ratio (5.2) and acceptance (0.73), capacity_0 = headroom × h_ref × N_0; a lower
ratio passes more of the same applicants, a higher acceptance rate turns more passes into hires.
"""

from __future__ import annotations

import numpy as np

# FY2022 local-government recruitment exams (R11): 438,651 examinees, 84,804 passed, 62,286 hired.
EXAMINEES_FY2022, PASSED_FY2022, HIRED_FY2022 = 438_651, 84_804, 62_286
EXAMINEES_PER_HIRE_FY2022 = EXAMINEES_FY2022 / HIRED_FY2022

POLICIES = ("replacement", "smoothed", "target", "fixed")


def applicant_pool(staff_base: np.ndarray, hire_rate: np.ndarray, headroom: np.ndarray,
                   youth: np.ndarray, attractiveness: np.ndarray) -> np.ndarray:
    """(draws, years) expected examinees. staff_base, hire_rate, headroom: (draws,)."""
    a0 = headroom * hire_rate * staff_base * EXAMINEES_PER_HIRE_FY2022
    return a0[:, None] * youth * attractiveness


def hire_capacity(applicants: np.ndarray, ratio: np.ndarray, acceptance: np.ndarray) -> np.ndarray:
    """(draws, years) hires the pool can supply: passers (applicants ÷ ratio) × acceptance."""
    return applicants / ratio * acceptance


def applicants_needed(hires: np.ndarray, ratio: np.ndarray, acceptance: np.ndarray) -> np.ndarray:
    return hires * ratio / acceptance


def desired_hires(policy: str, *, loss: np.ndarray, mean_loss: np.ndarray, backlog: np.ndarray,
                  after: np.ndarray, teiin: np.ndarray, required_regular: np.ndarray, tau: np.ndarray,
                  fixed: np.ndarray, split: np.ndarray) -> np.ndarray:
    """(draws, 2) administrative and technical hires wanted for next 1 April, in FTE.

    loss: FTE lost this year (regular leavers plus re-employed leaving, less newly re-employed),
    split by category; mean_loss: its mean over the smoothing window; backlog: posts left unfilled
    (and base-year vacancies) still to fill; after: FTE in post after this year's exits
    (non-digital regular plus re-employed); teiin: the 定員 kept (base-year staff + vacancies);
    required_regular: non-digital FTE wanted next year (required staff, or the town's
    定員 target where it sets one, less digital staff); tau: adjustment years (draws, 1).

    - replacement: replace the FTE lost, plus the backlog;
    - smoothed (MIC study group): the window's mean loss, plus the distance to 定員 closed over tau;
    - target: the distance to required staff (or the town's 定員 target) closed over tau;
    - fixed: the scenario's number, split by category.
    """
    if policy == "replacement":
        return loss + backlog
    if policy == "smoothed":
        total = mean_loss.sum(axis=1) + (teiin - after - mean_loss.sum(axis=1)) / tau[:, 0]
        return split * np.maximum(total, 0.0)[:, None]
    if policy == "target":
        total = loss.sum(axis=1) + (required_regular - after - loss.sum(axis=1)) / tau[:, 0]
        return split * np.maximum(total, 0.0)[:, None]
    if policy == "fixed":
        return split * fixed[:, None]
    raise ValueError(f"unknown hiring policy {policy!r}; expected one of {POLICIES}")


def cap_hires(desired: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Scale the wanted hires down to what the pool can supply (both categories alike)."""
    want = desired.sum(axis=1)
    scale = np.where(want > capacity, capacity / np.where(want > 0, want, 1.0), 1.0)
    return desired * scale[:, None]
