"""dx-sim: staffing, digital talent and DX budget simulation for Japanese municipalities.

Data flows one way: scenario file -> Scenario -> engine -> Results -> ui / cli / export.
"""

__version__ = "0.1.0"


def __getattr__(name):
    # Lazy public API, so `import sim.parameters` stays light (no pandas or scipy until a run is asked for).
    if name in ("Scenario", "ScenarioError", "load_scenario", "save_scenario", "loads", "dumps"):
        from sim import scenario
        return getattr(scenario, name)
    if name == "run":
        from sim.engine import run
        return run
    if name == "Results":
        from sim.results import Results
        return Results
    if name in ("monte_carlo", "MonteCarlo"):
        from sim import uncertainty
        return getattr(uncertainty, name)
    raise AttributeError(name)
