"""Workforce block: the 定年 schedule, exits, re-employment, entry ages, pay by age.

Pure functions over numpy arrays; arrays carry a leading draw axis where they vary by draw.
Staff stock S has shape (draws, category, age) with ages 18..70 on 1 April of a fiscal year.
"""

from __future__ import annotations

import numpy as np

AGE_MIN, AGE_MAX = 18, 70
AGES = np.arange(AGE_MIN, AGE_MAX + 1)
N_AGES = AGES.size
AGE_60 = 60 - AGE_MIN  # index of age 60
CATEGORIES = ("admin", "technical", "digital")
ADMIN, TECHNICAL, DIGITAL = range(3)
TECHNICAL_SHARE = 0.24  # technical share of non-digital staff where none is known (assumption; data/presets.csv)

# Entry-age profiles (assumption): new graduates mostly at 22 (university), some at 18 (high school);
# mid-career (経験者採用) spread evenly over 28-45.
NEWGRAD = np.zeros(N_AGES)
NEWGRAD[[18 - AGE_MIN, 22 - AGE_MIN, 23 - AGE_MIN, 24 - AGE_MIN, 25 - AGE_MIN]] = [0.10, 0.55, 0.20, 0.10, 0.05]
MIDCAREER = np.where((AGES >= 28) & (AGES <= 45), 1.0, 0.0)
MIDCAREER /= MIDCAREER.sum()


def retirement_age(year: int, schedule) -> int:
    """General 定年 for a fiscal year; schedule = ((first fiscal year, age), ...) ascending."""
    age = schedule[0][1]
    for first, a in schedule:
        if year >= first:
            age = a
    return age


def retirement_ages(years, schedule) -> np.ndarray:
    return np.array([retirement_age(int(y), schedule) for y in years])


def max_age_in_post(year: int, schedule, start: int = 1950) -> int:
    """Oldest age on 1 April of `year` that the 定年 rule has not yet retired.

    A cohort born in fiscal year b retires at the end of the first FY y with y - b >= R(y); on
    1 April of y it is aged y - b - 1, so everyone aged >= R(y) - 1 on 1 April retires that year.
    """
    oldest = retirement_age(start, schedule) - 1
    for y in range(start, year):
        oldest = min(oldest, retirement_age(y, schedule) - 2) + 1
    return oldest


def exit_rates(base_rates: np.ndarray, multiplier: np.ndarray, rate_60plus: np.ndarray,
               out: np.ndarray | None = None) -> np.ndarray:
    """Voluntary exit rate by draw and age (before 定年): the FY2018 table × multiplier, plus the
    extra exits of staff aged 60+ who leave before 定年 (pay falls to 70% at 60)."""
    q = np.multiply(multiplier[:, None], base_rates[None, :], out=out)
    q[:, AGE_60:] += rate_60plus[:, None]
    return np.clip(q, 0.0, 1.0, out=q)


def entry_profile(midcareer_share: np.ndarray) -> np.ndarray:
    """(draws, ages) share of hires entering at each age."""
    m = midcareer_share[:, None]
    return (1.0 - m) * NEWGRAD[None, :] + m * MIDCAREER[None, :]


def pay_index(pay_factor_60plus: np.ndarray) -> np.ndarray:
    """(draws, ages) relative pay: a seniority slope from 22 to 59 (assumption), then 60+ at a
    share of the age-59 level (70% by law)."""
    slope = 0.55 + 0.025 * (np.clip(AGES, 22, 59) - 22)
    idx = np.broadcast_to(slope, (pay_factor_60plus.size, N_AGES)).copy()
    old = AGES >= 60
    idx[:, old] = slope[AGES == 59][0] * pay_factor_60plus[:, None]
    return idx


def rehired_per_unit_staff(stock: np.ndarray, base_year: int, schedule, rehire_share: np.ndarray,
                           until_age: np.ndarray, n_slots: int) -> np.ndarray:
    """Re-employed persons in post at the base year per person of regular staff in `stock`, by years
    of re-employment left (draws, slots).

    Past retiring cohorts are not in the stock, so each is estimated as the mean single-age cohort
    at ages 55-59 today (an assumption; a planner's own count can replace it). The result is per
    unit of regular staff so that the stated base-year staff can be split into regular and
    re-employed (one count: the re-employed are part of the stated staff, never added to it).
    """
    draws = rehire_share.size
    pool = np.zeros((draws, n_slots))
    total = stock.sum(axis=(-2, -1)) if stock.ndim == 3 else np.full(draws, stock.sum())
    cohort = stock[..., (AGES >= 55) & (AGES <= 59)].sum(axis=-2).mean(axis=-1) * rehire_share  # (draws,)
    cohort = cohort / np.where(total > 0, total, 1.0)
    rows = np.arange(draws)
    for y in range(base_year - n_slots, base_year):
        R = retirement_age(y, schedule)
        if max_age_in_post(y, schedule) < R - 1:
            continue  # no cohort reached 定年 that year
        left = (until_age - R - (base_year - 1 - y)).astype(int)  # (draws,) years still to serve
        ok = (left >= 1) & (left <= n_slots)
        pool[rows[ok], left[ok] - 1] += cohort[ok]
    return pool


def year_end_exits(S: np.ndarray, q: np.ndarray, first_retiring: int, out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exits at the end of one fiscal year and the survivors, aged by one year, written into `out`.

    Everyone is subject to voluntary exit at the rate q of their age on 1 April, the retiring
    cohort included (it may resign during its last year like anyone else); those aged R-1 or more
    on 1 April who are still in post on 31 March reach 定年 (R <= 65, so nobody ages past 70).
    Returns (定年 retirements, voluntary exits), each (draws, categories).
    """
    keep = 1.0 - q  # (draws, ages): small; the stock-sized arrays are written in place
    np.multiply(S[:, :, :-1], keep[:, None, :-1], out=out[:, :, 1:])
    out[:, :, 0] = 0.0
    teinen = out[:, :, first_retiring + 1:].sum(axis=2)
    out[:, :, first_retiring + 1:] = 0.0
    voluntary = S.sum(axis=2) - teinen - out.sum(axis=2)
    return teinen, voluntary
