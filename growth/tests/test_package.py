"""The package stays Django-free and loads its tables only when first used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import growth, growth.chart
from growth.tables import tables
assert tables.cache_info().currsize == 0, "tables loaded at import time"
growth.score_one(1, 100, 6.0)
assert tables.cache_info().currsize == 1
assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django imported"
"""


def test_imports_without_django_and_loads_tables_lazily():
    subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, check=True, timeout=60)  # noqa: S603
