"""Production settings refuse what would make the deployment unsafe."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _load_settings(**env) -> subprocess.CompletedProcess:
    unset = ("SECRET_KEY", "DEBUG", "SHOUHU_FIELD_KEYS", "SHOUHU_FIELD_KEY_FILE")
    environ = {k: v for k, v in os.environ.items() if k not in unset} | env
    return subprocess.run(
        [sys.executable, "-c", "import shouhu.settings"],
        cwd=settings.BASE_DIR, env=environ, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("key", ["secret", "django-insecure-" + "x1y2z3" * 10, "a" * 60])
def test_a_weak_secret_key_is_refused_in_production(key):
    result = _load_settings(SECRET_KEY=key, DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


STRONG = "Zq8-" + "kR2vN7xLp4sT9wY" * 4
FIELD_KEY = "dGVzdC1vbmx5LWZpZWxkLWtleS0tbm90LWZvci11c2U="


def test_a_strong_secret_key_and_debug_mode_are_accepted():
    assert _load_settings(SECRET_KEY=STRONG, DEBUG="False", SHOUHU_FIELD_KEYS=FIELD_KEY).returncode == 0
    assert _load_settings(DEBUG="True").returncode == 0  # a development field key is derived


def test_production_refuses_to_start_without_a_field_encryption_key():
    result = _load_settings(SECRET_KEY=STRONG, DEBUG="False")
    assert result.returncode != 0
    assert "No field encryption key: set SHOUHU_FIELD_KEYS or SHOUHU_FIELD_KEY_FILE" in result.stderr


def test_a_malformed_field_key_is_refused():
    result = _load_settings(SECRET_KEY=STRONG, DEBUG="False", SHOUHU_FIELD_KEYS="not-a-key")
    assert result.returncode != 0
    assert "not a Fernet key" in result.stderr


def test_field_keys_are_read_from_a_file_newest_first(tmp_path):
    new = "bmV3LXRlc3Qta2V5LWZvci1yb3RhdGlvbi10ZXN0cyE="
    keys = tmp_path / "field-keys"
    keys.write_text(f"# newest first\n{new}\n{FIELD_KEY}\n")
    environ = {k: v for k, v in os.environ.items() if k != "SHOUHU_FIELD_KEYS"}
    result = subprocess.run(
        [sys.executable, "-c", "import shouhu.settings as s; print(','.join(s.SHOUHU_FIELD_KEYS))"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=False,
        env=environ | {"SECRET_KEY": STRONG, "DEBUG": "False", "SHOUHU_FIELD_KEY_FILE": str(keys)},
    )  # fmt: skip
    assert result.stdout.strip() == f"{new},{FIELD_KEY}", result.stderr
