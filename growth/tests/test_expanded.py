"""WHO 2006 expanded indicators (issue 12): head circumference- and skinfold-for-age, and the
checksum of the table file. Before issue 12 the engine had no ``hcz``/``tsz``/``ssz`` and loaded
the file without checking it, so each test here fails on the old code."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from growth import MALE, score_batch, score_one
from growth.tables import DATA_FILE, DATA_SHA256, TableChecksumError, _verified_bytes


def test_igrowup_survey_row_140():
    # WHO igrowup MySurvey_z_st.csv, id 140: boy, 227 days, head 45.1 cm, triceps 16.8 mm,
    # subscapular 11.2 mm -> zhc 0.69, zts 3.38, zss 2.51 (zts is past +3: WHO's restricted tail).
    s = score_one(MALE, 227, head_cm=45.1, triceps_mm=16.8, subscapular_mm=11.2)
    assert (s.hcz, s.tsz, s.ssz) == (0.69, 3.38, 2.51)


def test_age_limits_of_the_expanded_tables():
    # Head circumference from day 0, skinfolds from day 91 (WHO 2006 expanded tables); like the
    # rest of the 2006 standard, scored under 60.0 months only (WHO anthro: day 1826, not 1827).
    res = score_batch(MALE, [0, 90, 91, 1826, 1827], head_cm=45, triceps_mm=8, subscapular_mm=7)
    assert list(~np.isnan(res.z["hcz"])) == [True, True, True, True, False]
    assert list(~np.isnan(res.z["tsz"])) == [False, False, True, True, False]
    assert list(~np.isnan(res.z["ssz"])) == [False, False, True, True, False]


def test_an_implausible_head_circumference_is_flagged_for_remeasuring():
    s = score_one(MALE, 400, head_cm=60)
    assert s.hcz > 5
    assert "hcz" in s.flagged
    assert "implausible_hcz" in s.findings


def test_the_table_file_is_the_one_recorded_in_sources():
    recorded = re.search(r"`who_lms.npz` \| `([0-9a-f]{64})`", (DATA_FILE.parent / "SOURCES.md").read_text())
    assert recorded
    assert recorded.group(1) == DATA_SHA256
    assert hashlib.sha256(DATA_FILE.read_bytes()).hexdigest() == DATA_SHA256


def test_a_changed_table_file_is_refused(tmp_path: Path):
    data = bytearray(DATA_FILE.read_bytes())
    data[len(data) // 2] ^= 1
    damaged = tmp_path / "who_lms.npz"
    damaged.write_bytes(bytes(data))
    with pytest.raises(TableChecksumError):
        _verified_bytes(damaged, DATA_SHA256)
