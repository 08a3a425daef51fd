"""The yearly loop. One code path for a single run and for N Monte-Carlo draws: every array
carries a leading draw axis, and a deterministic run is simply draws = 1.

Order within fiscal year t (stock on 1 April): record the stock; train; exits at the end of the
year (voluntary, then 定年); re-employment; ageing; hires who start on 1 April of t+1. The
equations live in sim.model (workforce, recruitment, demand, levers, talent, budget); this module
is the order of the steps.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

import numpy as np

from sim.inputs import Inputs, resolve
from sim.model import budget, demand, recruitment, talent, workforce
from sim.model.levers import LeverContext, effect
from sim.model.workforce import ADMIN, DIGITAL, TECHNICAL, TECHNICAL_SHARE
from sim.results import Results
from sim.scenario import Scenario

REHIRE_SLOTS = 12  # longest re-employment (up to age 70 after 定年 60) plus headroom


def run(sc: Scenario, draws: int | None = None, seed: int | None = None, overrides: dict | None = None) -> Results:
    """One engine call: every array for every draw, in memory at once. Several draws for people (the CLI,
    the pages, the files) go through sim.uncertainty.monte_carlo: chunked, the percentiles of every path."""
    return simulate(resolve(sc, draws=draws, seed=seed, overrides=overrides))


def run_in_chunks(total: int, chunk_size: int, inputs_for: Callable[[int, int], Inputs],
                  progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[int, int, Results]]:
    """The one chunked runner (Monte Carlo, sensitivity, batch): yields (start, stop, Results) for the
    draws start..stop of `total`, each chunk one engine call on inputs_for(start, stop), so memory
    stays bounded by the chunk. progress(done, total) is called after each chunk."""
    chunk_size = max(1, int(chunk_size))
    for start in range(0, total, chunk_size):
        stop = min(start + chunk_size, total)
        yield start, stop, simulate(inputs_for(start, stop))
        if progress is not None:
            progress(stop, total)


def sampled_inputs(sc: Scenario, samples: dict[str, np.ndarray], seed: int | None = None) -> Callable[[int, int], Inputs]:
    """inputs_for(start, stop) of run_in_chunks for explicit per-draw samples (designs, sensitivity)."""
    return lambda start, stop: resolve(sc, stop - start, seed, samples={k: v[start:stop] for k, v in samples.items()})


def simulate(inp: Inputs) -> Results:
    D, T = inp.draws, inp.years.size
    v, s = inp.v, inp.s
    hours_per_fte = s("demand.hours_per_fte")
    staff0 = np.broadcast_to(inp.staff0, (D,) + inp.staff0.shape[-2:]).copy()  # (C, A) or per draw (D, C, A)

    # One count: the stated base-year staff (定員管理調査) already include the re-employed, so the
    # estimated re-employed FTE is carved out of it (a roster lists regular staff only).
    rehire_share, rehire_fte = s("workforce.rehire_share"), s("workforce.rehire_fte")
    until = s("workforce.rehire_until_age")
    unit_pool = workforce.rehired_per_unit_staff(staff0, int(inp.years[0]), inp.schedule, rehire_share, until,
                                                 REHIRE_SLOTS)
    if inp.staff0_includes_rehired:
        staff0 /= (1.0 + unit_pool.sum(axis=1) * rehire_fte)[:, None, None]
    pool = unit_pool * staff0.sum(axis=(1, 2))[:, None]  # re-employed persons by years left
    staff_base = staff0.sum(axis=(1, 2))
    supply0 = staff_base + pool.sum(axis=1) * rehire_fte  # = the stated staff
    pop_base = inp.population[:, 0]
    external = talent.external_fte(v("talent.external_fulltime"), v("talent.sidejob_experts"),
                                   s("talent.sidejob_days")[:, None], v("talent.pool_fte"), hours_per_fte[:, None])
    vacancies = s("municipality.vacancies")
    base_hours = (supply0 + vacancies) * hours_per_fte

    weights = np.stack([s(f"demand.weight_{g}") for g in demand.GROUPS], axis=1)
    workload = demand.workload_hours(base_hours, weights, inp.population, inp.elderly, inp.children,
                                     s("demand.elasticity_population"), s("demand.elasticity_elderly"),
                                     s("demand.child_share"), v("demand.new_duty_growth"))

    # Levers: card levers first, since their holding path limits online procedures.
    holding = np.broadcast_to(v("dx.mynumber_holding_rate")[:, :1], (D, T)).copy()
    ordered = sorted(inp.levers, key=lambda lev: lev.kind != "mynumber")
    effects = []
    n_groups = len(demand.GROUPS)
    saved = np.zeros((D, n_groups, T))
    workload_share = workload / workload.sum(axis=1, keepdims=True)
    for lev in ordered:
        ctx = LeverContext(inp.years, inp.population, pop_base, supply0, workload, holding)
        eff = effect(lev.kind, lev.fields, ctx)
        if eff.holding_rate is not None:
            holding = np.maximum(holding, eff.holding_rate)
        eff.saved = np.where(eff.saved > 0, eff.saved * lev.fields["realisation"][:, None], eff.saved)
        if eff.extra_work is not None:
            eff.saved = eff.saved - eff.extra_work
        if eff.group is None:
            saved += workload_share * eff.saved[:, None, :]
        else:
            saved[:, eff.group] += eff.saved
        effects.append((lev, eff))
    saved_by_lever = np.stack([e.saved for _, e in effects], axis=1) if effects else np.zeros((D, 0, T))
    required_hours = np.maximum(workload - saved, 0.0)
    required = required_hours.sum(axis=1) / hours_per_fte[:, None]

    exit_factor = np.ones((D, T))
    need_l2 = np.zeros((D, T))
    need_l3 = np.zeros((D, T))
    for lev, e in effects:
        if e.exit_factor is not None:
            exit_factor = exit_factor * e.exit_factor
        need_l2 += lev.fields["talent_l2"][:, None] * e.in_rollout
        need_l3 += lev.fields["talent_l3"][:, None] * e.in_rollout

    # Recruitment: an applicant pool of the labour market's own (sim.model.recruitment).
    exit_mult = v("workforce.exit_rate_multiplier") * exit_factor
    p60 = s("workforce.exit_rate_60plus")
    ratio, accept = v("recruitment.competition_ratio"), v("recruitment.acceptance_rate")
    applicants = recruitment.applicant_pool(supply0, s("recruitment.reference_hire_rate"),
                                            s("recruitment.pool_headroom"), inp.youth_index,
                                            v("recruitment.attractiveness"))
    capacity = recruitment.hire_capacity(applicants, ratio, accept)
    cap_on = inp.choices["recruitment.applicant_cap"] == "on"
    policy = inp.choices["workforce.hiring_policy"]
    window = int(s("workforce.smoothing_years")[0])
    tau = s("workforce.adjustment_years")[:, None]
    split = staff0[:, :DIGITAL].sum(axis=2)
    split_total = split.sum(axis=1, keepdims=True)
    split = np.where(split_total > 0, split / np.where(split_total > 0, split_total, 1),
                     np.array([[1.0 - TECHNICAL_SHARE, TECHNICAL_SHARE]]))
    # 定員 kept by the policies that keep it: the non-digital part of the stated staff, plus vacancies.
    teiin = supply0 - staff0[:, DIGITAL].sum(axis=1) + vacancies
    backlog = split * vacancies[:, None]  # base-year vacancies are posts still to fill
    # The target policy closes the distance to the town's own 定員 target where one is set, else to required staff.
    staff_target = v("workforce.staff_target")
    goal = np.where(staff_target > 0, staff_target, required)

    entry = workforce.entry_profile(s("workforce.midcareer_share"))
    pay_idx = workforce.pay_index(s("budget.pay_factor_60plus"))
    mean_idx = np.einsum("dca,da->d", staff0, pay_idx) / np.maximum(staff_base, 1e-9)
    pay_per_age = s("budget.loaded_cost_per_fte")[:, None] * pay_idx / np.where(mean_idx > 0, mean_idx, 1.0)[:, None]

    nd0 = staff0[:, :DIGITAL].sum(axis=(1, 2))
    n1 = nd0 * s("talent.l1_initial_share")
    n2 = np.minimum(nd0 * s("talent.l2_initial_share"), nd0 - n1)
    n1 = np.maximum(n1 - n2, 0.0)  # n1 holds exactly-L1 staff; the initial share counts L2 too

    C = staff0.shape[1]
    # Records are filled year by year, so the year axis comes first while filling (contiguous writes).
    rec = {name: np.zeros((T, D, C)) for name in ("headcount", "teinen", "other_exits", "hires", "unfilled", "desired")}
    rec1 = {name: np.zeros((T, D)) for name in ("rehired", "rehired_leaving", "pay_regular", "l1_available",
                                                 "l2_available", "trained_l1", "trained_l2", "applicants_needed")}
    age_profile = np.zeros((T, C, staff0.shape[2]))
    bands = budget.band_matrix(workforce.AGES)  # voluntary exits by age band, for 退職手当
    exits_by_band = np.zeros((T, D, bands.shape[1]))
    history: list[np.ndarray] = []
    # Two stock buffers used in turn: the loop allocates nothing of the stock's size.
    S, S_next = staff0, np.empty_like(staff0)
    n_entry = int(np.nonzero(entry.any(axis=0))[0].max()) + 1  # hires enter at ages below this index
    entrants = np.empty((D, C, n_entry))
    q = np.empty((D, staff0.shape[2]))
    for t in range(T):
        head = S.sum(axis=2)
        rec["headcount"][t] = head
        age_profile[t] = S.mean(axis=0)
        rec1["pay_regular"][t] = np.einsum("dca,da->d", S, pay_per_age)
        rec1["rehired"][t] = pool.sum(axis=1)
        nd = head[:, ADMIN] + head[:, TECHNICAL]
        rec1["l1_available"][t] = n1 + n2 + head[:, DIGITAL]
        rec1["l2_available"][t] = n2
        to_l1, to_l2 = talent.train(n1, n2, nd, v("talent.training_coverage")[:, t], s("talent.l2_training_rate"),
                                    s("talent.l2_target_share"))
        rec1["trained_l1"][t], rec1["trained_l2"][t] = to_l1, to_l2

        # Exits at the end of FY t (voluntary for everyone, then 定年); survivors age into S_next.
        first_retiring = int(inp.retirement_age[t]) - 1 - workforce.AGE_MIN
        q = workforce.exit_rates(inp.exit_base, exit_mult[:, t], p60, out=q)
        teinen, other_n = workforce.year_end_exits(S, q, first_retiring, S_next)
        exits_by_band[t] = (S.sum(axis=1) * q) @ bands
        leavers = teinen + other_n

        # Re-employment: the oldest slot leaves; retirees join for the years up to the age limit.
        leaving = pool[:, 0].copy()
        pool = np.concatenate([pool[:, 1:], np.zeros((D, 1))], axis=1)
        years_left = (until - inp.retirement_age[t]).astype(int)
        ok = (years_left >= 1) & (years_left <= REHIRE_SLOTS)
        rows = np.nonzero(ok)[0]
        joining = np.zeros(D)
        joining[rows] = teinen.sum(axis=1)[rows] * rehire_share[rows]
        pool[rows, years_left[rows] - 1] += joining[rows]
        rec1["rehired_leaving"][t] = leaving

        # Hiring for 1 April of t+1 (administrative and technical by the policy; digital separately).
        # FTE lost this year: regular leavers plus re-employed leaving, less the newly re-employed.
        nxt = min(t + 1, T - 1)
        loss = np.maximum(leavers[:, :DIGITAL] + split * ((leaving - joining) * rehire_fte)[:, None], 0.0)
        history.append(loss)
        after = (head[:, :DIGITAL] - leavers[:, :DIGITAL]).sum(axis=1) + pool.sum(axis=1) * rehire_fte
        required_regular = goal[:, nxt] - (head[:, DIGITAL] - leavers[:, DIGITAL])
        desired = recruitment.desired_hires(
            policy, loss=loss, mean_loss=np.mean(history[-window:], axis=0), backlog=backlog, after=after,
            teiin=teiin, required_regular=required_regular, tau=tau, fixed=v("workforce.fixed_hires")[:, t],
            split=split)
        hired = recruitment.cap_hires(desired, capacity[:, t]) if cap_on else desired
        unfilled = desired - hired
        if policy == "replacement":
            backlog = unfilled
        rec1["applicants_needed"][t] = recruitment.applicants_needed(desired.sum(axis=1), ratio[:, t], accept[:, t])

        want_digital = leavers[:, DIGITAL] + v("talent.digital_hires")[:, t]
        hired_digital = want_digital * s("talent.digital_fill_rate")
        hires = np.concatenate([hired, hired_digital[:, None]], axis=1)
        np.multiply(hires[:, :, None], entry[:, None, :n_entry], out=entrants)
        S_next[:, :, :n_entry] += entrants

        rec["teinen"][t] = teinen
        rec["other_exits"][t] = other_n
        rec["hires"][t] = hires
        rec["desired"][t] = np.concatenate([desired, want_digital[:, None]], axis=1)
        rec["unfilled"][t] = np.concatenate([unfilled, (want_digital - hired_digital)[:, None]], axis=1)

        kept = np.where(nd > 0, (nd - leavers[:, :DIGITAL].sum(axis=1)) / np.where(nd > 0, nd, 1.0), 1.0)
        n1, n2 = talent.after_year(n1, n2, to_l1, to_l2, kept)
        S, S_next = S_next, S

    rec = {k: np.moveaxis(a, 0, -1) for k, a in rec.items()}  # -> (draws, categories, years)
    rec1 = {k: a.T for k, a in rec1.items()}  # -> (draws, years)
    rec1["exits_by_band"] = np.moveaxis(exits_by_band, 0, -1)  # -> (draws, bands, years)
    head_total = rec["headcount"].sum(axis=1)
    rehired_fte = rec1["rehired"] * rehire_fte[:, None]
    # External digital talent works on DX, not on the general workload: it counts once, in L3.
    supply = head_total + rehired_fte
    gap = required - supply
    nd_head = rec["headcount"][:, ADMIN] + rec["headcount"][:, TECHNICAL]
    series = {
        "population": inp.population, "population_65plus": inp.elderly, "population_0_14": inp.children,
        "staff_regular": head_total, "staff_admin": rec["headcount"][:, ADMIN],
        "staff_technical": rec["headcount"][:, TECHNICAL], "staff_digital": rec["headcount"][:, DIGITAL],
        "rehired": rec1["rehired"], "rehired_fte": rehired_fte, "external_fte": external, "supply_fte": supply,
        "required_fte": required, "staff_target": staff_target, "gap_fte": gap, "gap_pct": gap / np.where(required > 0, required, np.nan),
        "hires": rec["hires"].sum(axis=1), "teinen": rec["teinen"].sum(axis=1),
        "other_exits": rec["other_exits"].sum(axis=1), "rehired_leaving": rec1["rehired_leaving"],
        "unfilled": rec["unfilled"].sum(axis=1),
        "applicant_pool": applicants, "hire_capacity": capacity, "applicants_needed": rec1["applicants_needed"],
        **talent.requirements(inp, head_total, nd_head, need_l2, need_l3),
        "l1_available": rec1["l1_available"], "l2_available": rec1["l2_available"],
        "l3_available": rec["headcount"][:, DIGITAL] + external,
        "hours_saved": saved.sum(axis=1), "card_holding_rate": holding,
    }
    for lvl in ("l1", "l2", "l3"):
        series[f"{lvl}_gap"] = series[f"{lvl}_required"] - series[f"{lvl}_available"]
    for g, name in enumerate(demand.GROUPS):
        series[f"required_fte_{name}"] = required_hours[:, g] / hours_per_fte[:, None]

    # Budget and appraisal (sim.model.budget). Pay, 退職手当 and recruiting saved by the DX plan are measured
    # against the same inputs without the plan's (non-statutory) levers, run through this same function.
    counterfactual = None
    if budget.hiring_follows_levers(effects, policy):
        status_quo = [lev for lev in inp.levers if budget.is_statutory(lev)]
        counterfactual = simulate(dataclasses.replace(inp, levers=status_quo)).budget_lines
    bud = budget.budget(inp, effects, rec, rec1, rehired_fte, pop_base, hours_per_fte, counterfactual)
    return Results.build(inp, series, rec, bud, age_profile,
                         [lev.name for lev, _ in effects], [lev.kind for lev, _ in effects], saved_by_lever)
