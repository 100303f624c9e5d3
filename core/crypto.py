"""Field encryption at rest with keys kept outside the database (settings.SHOUHU_FIELD_KEYS).

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256, from the `cryptography` library):
a random IV per value, so equal ID numbers give different tokens and an equality lookup on
the column cannot work. Lookups use a blind index instead: HMAC-SHA256 of the value under
a key derived from each field key (HKDF, its own purpose string), stored beside the token.

The key list is newest first. The first key encrypts and indexes; every key decrypts and
is tried for lookups, so a new key can be added before the stored values are rotated to it
(manage.py rotate_field_keys), and the old one removed afterwards.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (not a secret: every Fernet token (version byte 0x80, then the timestamp) starts so)


class UndecryptableValue(ValueError):
    """A stored value that no configured key opens (a key removed too early, or plain text)."""


def generate_key() -> str:
    return Fernet.generate_key().decode()


@lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet, tuple[bytes, ...]]:
    if not keys:
        raise ImproperlyConfigured("No field encryption key: set SHOUHU_FIELD_KEYS or SHOUHU_FIELD_KEY_FILE")
    fernets = [Fernet(key) for key in keys]
    index_keys = tuple(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"shouhu blind index").derive(
            base64.urlsafe_b64decode(key)
        )
        for key in keys
    )
    return MultiFernet(fernets), fernets[0], index_keys


def _ring() -> tuple[MultiFernet, Fernet, tuple[bytes, ...]]:
    return _keyring(tuple(settings.SHOUHU_FIELD_KEYS))


def encrypt(value: str) -> str:
    """The token of a non-empty string under the newest key; "" stays "" (blank checks stay cheap)."""
    if not value:
        return value
    return _ring()[1].encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return token
    try:
        return _ring()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue(
            "A stored value opens with none of the keys in SHOUHU_FIELD_KEYS / SHOUHU_FIELD_KEY_FILE "
            "(a key removed before manage.py rotate_field_keys finished, or a value written unencrypted)"
        ) from None


def is_current(token: str) -> bool:
    """Whether the token is already encrypted with the newest key (rotation skips it)."""
    if not token:
        return True
    try:
        _ring()[1].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def blind_index(value: str) -> str:
    """The lookup digest of a value under the newest key; "" for an empty value."""
    if not value:
        return ""
    return hmac.new(_ring()[2][0], value.encode(), hashlib.sha256).hexdigest()


def blind_indexes(value: str) -> list[str]:
    """The digests of a value under every key: a lookup finds rows not yet rotated too."""
    if not value:
        return []
    return [hmac.new(key, value.encode(), hashlib.sha256).hexdigest() for key in _ring()[2]]
