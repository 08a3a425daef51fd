"""Demand block: required workload (hours) by work group before DX savings."""

from __future__ import annotations

import numpy as np

GROUPS = ("counter", "backoffice", "planning", "specialist")
COUNTER, BACKOFFICE, PLANNING, SPECIALIST = range(4)


def growth_factor(rate: np.ndarray) -> np.ndarray:
    """Cumulative (1 + δ) from the base year, which itself has factor 1. rate: (draws, years)."""
    g = np.cumprod(1.0 + rate, axis=1)
    return g / (1.0 + rate[:, :1])


def workload_hours(base_hours: np.ndarray, weights: np.ndarray, population: np.ndarray, elderly: np.ndarray,
                   eps_pop: np.ndarray, eps_old: np.ndarray, new_duty_rate: np.ndarray) -> np.ndarray:
    """(draws, groups, years) hours of work before savings.

    D_g,t = D_0 × w_g × driver_g,t × G_t, with driver (Pop_t/Pop_0)^ε_pop for counter, back-office and
    specialist work and (Pop65_t/Pop65_0)^ε_65 for planning/consultation (welfare, care, health).
    """
    w = weights / weights.sum(axis=1, keepdims=True)
    pop_ratio = population / population[:, :1]
    old_ratio = elderly / elderly[:, :1]
    by_pop = pop_ratio ** eps_pop[:, None]
    by_old = old_ratio ** eps_old[:, None]
    drivers = np.stack([by_pop, by_pop, by_old, by_pop], axis=1)  # (draws, groups, years)
    g = growth_factor(new_duty_rate)
    return base_hours[:, None, None] * w[:, :, None] * drivers * g[:, None, :]
