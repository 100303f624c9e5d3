import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded ledgers (and anything else a test stores) go to a scratch MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
