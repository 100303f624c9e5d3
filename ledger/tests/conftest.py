import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded ledgers (and anything else a test stores) go to a scratch MEDIA_ROOT, in every
    ledger test: none may leave files in the checkout's media folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
