"""The official per-municipality files the tests read in ../shared/data (beside the repository, as CI
lays it out); they are never copied into the project. Missing files fail the tests, never skip them."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SSDSE = SHARED / "municipal" / "ssdse_a_2025_original_cp932.csv"
IPSS = SHARED / "ipss" / "ipss_municipal_projection_2023.csv"


def require() -> None:
    missing = [str(p) for p in (SSDSE, IPSS) if not p.exists()]
    if missing:
        pytest.fail(f"shared data missing: {', '.join(missing)}", pytrace=False)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """DXSIM_DATA_DIR -> a temporary folder with symlinks to the two shared files."""
    require()
    (tmp_path / SSDSE.name).symlink_to(SSDSE)
    (tmp_path / IPSS.name).symlink_to(IPSS)
    monkeypatch.setenv("DXSIM_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def ssdse():
    """The SSDSE-A file, parsed once per test session."""
    from sim import municipal

    require()
    return municipal.read_ssdse_a(SSDSE)


@pytest.fixture(scope="session")
def ipss():
    from sim import municipal

    require()
    return municipal.read_ipss(IPSS)
