"""The load test is opt-in: collected only with DXSIM_LOAD=1 or when the `load` marker is selected
(`-m load`; scripts/load-test.sh does both). The default `python -m pytest` run never starts it; its short
version, tests/test_browser_load.py, runs in the normal suite."""

from __future__ import annotations

import os


def pytest_ignore_collect(collection_path, config):
    if collection_path.name != "test_load.py":
        return None
    wanted = os.environ.get("DXSIM_LOAD") == "1" or "load" in (config.getoption("markexpr") or "").replace(
        "not load", "")
    return None if wanted else True
