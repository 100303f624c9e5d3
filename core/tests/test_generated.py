"""Generated files at rest: encrypted, private, streamed back in chunks, and refused when damaged."""

import io
import os

import pytest
from cryptography.fernet import Fernet

from core import generated

FOLDER = "test-files"


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(generated, "CHUNK", 10)


def test_a_file_goes_in_encrypted_and_comes_back_whole(settings, tmp_path, small_chunks):
    settings.MEDIA_ROOT = tmp_path
    plain = "张伟 110101201503081234 ".encode() * 5  # 130 bytes: 13 chunks of 10
    assert generated.store(io.BytesIO(plain), FOLDER, "a.bin") == len(plain)
    stored = tmp_path / FOLDER / "a.bin"
    assert os.stat(stored).st_mode & 0o777 == 0o600  # the server's user only
    raw = stored.read_bytes()
    assert b"110101201503081234" not in raw
    assert "张伟".encode() not in raw
    assert generated.read(FOLDER, "a.bin") == plain
    assert len(list(generated.chunks(FOLDER, "a.bin"))) == 13
    assert not list((tmp_path / FOLDER).glob("*.part"))


def test_an_empty_file_and_a_file_from_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    generated.store(io.BytesIO(b""), FOLDER, "empty.bin")
    assert generated.read(FOLDER, "empty.bin") == b""
    source = tmp_path / "plain.xlsx"
    source.write_bytes(b"PK\x03\x04 data")
    generated.store_path(source, FOLDER, "b.bin")
    assert not source.exists()  # the plain file is gone once stored
    assert generated.read(FOLDER, "b.bin") == b"PK\x03\x04 data"


def test_a_cut_reordered_or_swapped_file_does_not_open(settings, tmp_path, small_chunks):
    settings.MEDIA_ROOT = tmp_path
    generated.store(io.BytesIO(b"x" * 35), FOLDER, "a.bin")
    generated.store(io.BytesIO(b"y" * 35), FOLDER, "b.bin")
    path = tmp_path / FOLDER / "a.bin"
    whole = path.read_bytes()

    path.write_bytes(whole[: len(whole) - 50])  # cut short
    with pytest.raises(generated.UnreadableFile):
        generated.read(FOLDER, "a.bin")

    path.write_bytes((tmp_path / FOLDER / "b.bin").read_bytes())  # another file's chunks under this name
    with pytest.raises(generated.UnreadableFile):
        generated.read(FOLDER, "a.bin")

    body = whole[len(generated.MAGIC) :]
    tokens = []
    while body:
        n = int.from_bytes(body[:4], "big")
        tokens.append(body[: 4 + n])
        body = body[4 + n :]
    tokens[0], tokens[1] = tokens[1], tokens[0]
    path.write_bytes(generated.MAGIC + b"".join(tokens))  # reordered
    with pytest.raises(generated.UnreadableFile):
        generated.read(FOLDER, "a.bin")


def test_a_new_key_first_still_opens_files_of_the_old_key(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = list(settings.SHOUHU_FIELD_KEYS)
    generated.store(io.BytesIO(b"before rotation"), FOLDER, "a.bin")
    settings.SHOUHU_FIELD_KEYS = [Fernet.generate_key().decode(), *old]
    assert generated.read(FOLDER, "a.bin") == b"before rotation"
    settings.SHOUHU_FIELD_KEYS = [Fernet.generate_key().decode()]  # the old key removed
    with pytest.raises(generated.UnreadableFile):
        generated.read(FOLDER, "a.bin")


def test_names_cannot_leave_the_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in ("../x", "a/b", "", ".hidden"):
        with pytest.raises(ValueError, match="not a stored file name"):
            generated.path_of(FOLDER, name)


def test_the_download_streams_the_plain_file_uncached(settings, tmp_path, small_chunks):
    settings.MEDIA_ROOT = tmp_path
    generated.store(io.BytesIO(b"z" * 25), FOLDER, "a.bin")
    response = generated.download(FOLDER, "a.bin", filename="花名册.xlsx", content_type="application/x-test", size=25)
    assert b"".join(response.streaming_content) == b"z" * 25
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Length"] == "25"
