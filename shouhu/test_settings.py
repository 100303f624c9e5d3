"""Settings for the test suite: production settings with test-only relaxations."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-" + "0123456789abcdef" * 2)
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
# A fixed test-only field encryption key (core.crypto); production sets its own outside the database.
os.environ.setdefault("SHOUHU_FIELD_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS0tbm90LWZvci11c2U=")
os.environ.setdefault("SECURE_COOKIES", "False")
# The manifest needs collectstatic; tests serve static files by name from the app folders.
os.environ["STATIC_MANIFEST"] = "False"

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production keeps the defaults
AXES_ENABLED = True
# Tests log in with force_login or the password alone; the 2FA tests set the roles they need.
SHOUHU_2FA_ROLES: list[str] = []
SHOUHU_2FA_FOR_EXPORT = False
