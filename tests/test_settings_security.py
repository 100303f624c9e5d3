"""Production settings refuse what would make the deployment unsafe."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _load_settings(**env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")} | env
    return subprocess.run(
        [sys.executable, "-c", "import shouhu.settings"],
        cwd=settings.BASE_DIR, env=environ, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("key", ["secret", "django-insecure-" + "x1y2z3" * 10, "a" * 60])
def test_a_weak_secret_key_is_refused_in_production(key):
    result = _load_settings(SECRET_KEY=key, DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_a_strong_secret_key_and_debug_mode_are_accepted():
    assert _load_settings(SECRET_KEY="Zq8-" + "kR2vN7xLp4sT9wY" * 4, DEBUG="False").returncode == 0
    assert _load_settings(DEBUG="True").returncode == 0
