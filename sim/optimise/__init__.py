"""The plan optimiser: the least-cost plan that keeps the staff gap closed and the digital gaps no wider (issue 14).

problem: decision variables and constraints as data, and the plan a candidate makes; evaluate: a
population of candidates in one engine call; solve: differential evolution, the plan's normal run,
the built-in scenarios for the town, the cost–gap frontier, what binds when nothing is feasible.
"""

from sim.optimise.evaluate import OBJECTIVE, assess, evaluate
from sim.optimise.problem import KEEP, OKU, Constraints, Problem, build_problem, plan_scenario
from sim.optimise.solve import (BINDING, CONFIDENCE, DETERMINISTIC, FRONTIER_LIMITS, Outcome, Settings,
                                binding_text, comparison, frontier, optimise, optimise_scenario, warm_start)

__all__ = ["BINDING", "CONFIDENCE", "DETERMINISTIC", "FRONTIER_LIMITS", "KEEP", "OBJECTIVE", "OKU", "Constraints",
           "Outcome", "Problem", "Settings", "assess", "binding_text", "build_problem", "comparison", "evaluate", "frontier",
           "optimise", "optimise_scenario", "plan_scenario", "warm_start"]
