"""Issue 11: error pages in the user's language with a way back, and static files as deployed
(hashed names, compressed, cached for good). The browser side is tests/browser/test_field_trial.py."""

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import Client
from django.utils import translation


@pytest.mark.urls("tests.error_urls")
def test_a_server_error_is_a_page_in_the_users_language_with_a_way_back(people, client):
    client.raise_request_exception = False
    client.force_login(people["cwd_a"])
    response = client.get("/fail/", headers={"accept-language": "ja"})
    assert response.status_code == 500
    html = response.content.decode()
    with translation.override("ja"):
        assert translation.gettext("Something went wrong") in html
        assert translation.gettext("Back to the start page") in html
    assert 'href="/"' in html
    assert 'class="topbar' in html


def test_the_500_page_needs_no_database_and_no_request():
    """Django renders it without the request's context processors; it must not need them. The
    database is closed to this test (no db fixture): a query would fail it."""
    with translation.override("zh-hans"):
        html = render_to_string("500.html")
    assert "出错了" in html
    assert 'href="/"' in html


def test_static_files_are_hashed_compressed_and_cached_for_good(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/shouhu.css")
    assert url != "/static/css/shouhu.css"
    assert url.endswith(".css")
    response = Client().get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
