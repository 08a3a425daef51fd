"""Demand block: required workload (hours) by work group before DX savings."""

from __future__ import annotations

import numpy as np

GROUPS = ("counter", "backoffice", "planning", "specialist")  # the work groups, declared once

COUNTER, BACKOFFICE, PLANNING, SPECIALIST = range(len(GROUPS))


def growth_factor(rate: np.ndarray) -> np.ndarray:
    """Cumulative (1 + δ) from the base year, which itself has factor 1. rate: (draws, years)."""
    g = np.cumprod(1.0 + rate, axis=1)
    return g / (1.0 + rate[:, :1])


def workload_hours(base_hours: np.ndarray, weights: np.ndarray, population: np.ndarray, elderly: np.ndarray,
                   children: np.ndarray, eps_pop: np.ndarray, eps_old: np.ndarray, child_share: np.ndarray,
                   new_duty_rate: np.ndarray) -> np.ndarray:
    """(draws, groups, years) hours of work before savings.

    D_g,t = D_0 × w_g × driver_g,t × G_t. Counter, back-office and specialist work follow
    (Pop_t/Pop_0)^ε_pop; planning/consultation (welfare, health, child care: 民生 + 衛生) follows the
    population it serves: a share `child_share` the 0-14 population (Kids_t/Kids_0), the rest
    (Pop65_t/Pop65_0)^ε_65.
    """
    w = weights / weights.sum(axis=1, keepdims=True)
    by_pop = (population / population[:, :1]) ** eps_pop[:, None]
    by_old = (elderly / elderly[:, :1]) ** eps_old[:, None]
    by_kids = children / children[:, :1]
    c = child_share[:, None]
    welfare = c * by_kids + (1.0 - c) * by_old
    drivers = np.stack([by_pop, by_pop, welfare, by_pop], axis=1)  # (draws, groups, years)
    g = growth_factor(new_duty_rate)
    return base_hours[:, None, None] * w[:, :, None] * drivers * g[:, None, :]
