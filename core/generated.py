"""Generated files (ledger exports, printed PDFs) kept briefly in private storage, encrypted at rest.

A background job makes a file that holds children's personal data and keeps it until its owner
downloads it or it expires. It is stored under MEDIA_ROOT/<folder>/ (no URL serves MEDIA_ROOT;
only the owning app's download view hands a file over, after its access check) with mode 0600,
and encrypted with the project's key material (settings.SHOUHU_FIELD_KEYS, as core.crypto):
a copy of the disk or a backup of MEDIA_ROOT does not give the data away.

The file is a sequence of Fernet tokens of at most CHUNK bytes of plain text each, so that
neither writing nor downloading a county's 50 MB export holds it in memory. Each token's plain
text starts with the file's name, the chunk's number and whether it is the last one, so chunks
cannot be reordered, dropped, cut short or swapped with another file's without the read failing.
The keys are derived from the field keys (HKDF, their own purpose string: a file key never
opens a field, nor the reverse); the newest encrypts, every one decrypts. The files live a day
or a few, so a key rotation needs no re-encryption: the old key stays listed until they expired.
"""

import base64
import os
import struct
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

CHUNK = 1 << 20  # 1 MiB of plain text per token: memory stays flat whatever the file's size
MAGIC = b"SHOUHU-FILE-1\n"
_LENGTH = struct.Struct(">I")
_POSITION = struct.Struct(">QB")


class UnreadableFile(ValueError):
    """A stored file that is damaged, cut short, swapped, or opens with none of the keys."""


@lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("No field encryption key: set SHOUHU_FIELD_KEYS or SHOUHU_FIELD_KEY_FILE")
    derived = [
        Fernet(
            base64.urlsafe_b64encode(
                HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"shouhu generated files").derive(
                    base64.urlsafe_b64decode(key)
                )
            )
        )
        for key in keys
    ]
    return MultiFernet(derived)


def _ring() -> MultiFernet:
    return _keyring(tuple(settings.SHOUHU_FIELD_KEYS))


def path_of(folder: str, name: str) -> Path:
    """Where the stored file `name` of `folder` lives. Names are the job's UUID: no path parts."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "/" in folder:
        raise ValueError(f"not a stored file name: {name!r}")
    return Path(settings.MEDIA_ROOT) / folder / name


def _header(name: str, index: int, last: bool) -> bytes:
    return name.encode() + b"\0" + _POSITION.pack(index, int(last))


def store(source: BinaryIO, folder: str, name: str) -> int:
    """Encrypt the plain file `source` (read from its current position) into `folder`/`name`;
    returns its size in bytes. Written to a partial file first, so a crash leaves no half file
    under the final name."""
    path = path_of(folder, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    fernet = _ring()
    size, index = 0, 0
    # Only the server's user may read the file.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC)
            data = source.read(CHUNK)
            while True:
                following = source.read(CHUNK) if data else b""
                last = not following
                token = fernet.encrypt(_header(name, index, last) + data)
                out.write(_LENGTH.pack(len(token)) + token)
                size += len(data)
                index += 1
                if last:
                    break
                data = following
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return size


def store_path(plain_path: str | Path, folder: str, name: str) -> int:
    """store() from a plain file on disk, which is deleted afterwards (also on failure)."""
    try:
        with open(plain_path, "rb") as source:
            return store(source, folder, name)
    finally:
        Path(plain_path).unlink(missing_ok=True)


def chunks(folder: str, name: str) -> Iterator[bytes]:
    """The plain text of a stored file, a chunk at a time. Raises UnreadableFile (before any
    chunk for a damaged start; at the damaged chunk otherwise) and FileNotFoundError."""
    fernet = _ring()
    with path_of(folder, name).open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise UnreadableFile(name)
        index = 0
        while True:
            length = handle.read(_LENGTH.size)
            if len(length) != _LENGTH.size:
                raise UnreadableFile(f"{name}: cut short")
            token = handle.read(_LENGTH.unpack(length)[0])
            try:
                plain = fernet.decrypt(token)
            except InvalidToken:
                raise UnreadableFile(f"{name}: chunk {index} does not open") from None
            head = name.encode() + b"\0"
            if not plain.startswith(head):
                raise UnreadableFile(f"{name}: another file's chunk")
            got, last = _POSITION.unpack_from(plain, len(head))
            if got != index:
                raise UnreadableFile(f"{name}: chunk {got} where {index} belongs")
            yield plain[len(head) + _POSITION.size :]
            if last:
                return
            index += 1


def read(folder: str, name: str) -> bytes:
    """The whole plain text (small files and tests)."""
    return b"".join(chunks(folder, name))


def exists(folder: str, name: str) -> bool:
    return bool(name) and path_of(folder, name).exists()


def delete(folder: str, name: str) -> None:
    if name:
        path_of(folder, name).unlink(missing_ok=True)


def download(folder: str, name: str, *, filename: str, content_type: str, size: int | None = None):
    """A streamed attachment of the stored file, decrypted on the way, never cached.

    The first chunk is decrypted before the response starts, so a file that does not open is an
    error the view can still answer, not a broken download."""
    stream = chunks(folder, name)
    first = next(stream)

    def body() -> Iterator[bytes]:
        yield first
        yield from stream

    response = StreamingHttpResponse(body(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if size is not None:
        response["Content-Length"] = str(size)
    patch_cache_control(response, no_store=True, private=True)
    return response
