"""Issue 11: under `make run` (DEBUG on) a missing page, or one out of the user's scope, shows
Shouhu's own 404 page in the user's language, as users get it, not Django's technical page."""

import uuid

import pytest
from django.utils import translation

from conftest import make_child


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def page_not_found(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Page not found")


def assert_friendly(response, language: str) -> None:
    html = response.content.decode()
    assert response.status_code == 404
    assert page_not_found(language) in html
    assert 'class="topbar' in html
    assert "URLconf" not in html  # Django's technical page lists the URL patterns


def test_an_unknown_address_shows_our_404_in_debug(debug, people, login):
    client = login(people["cwd_a"])
    assert_friendly(client.get("/no-such-page/", headers={"accept-language": "ja"}), "ja")


def test_a_child_out_of_scope_shows_our_404_in_debug(debug, people, geo, login):
    other = make_child(geo["village_b"], "别村")
    client = login(people["cwd_a"])
    assert_friendly(client.get(f"/children/{other.uuid}/"), "zh-hans")
    assert_friendly(client.get(f"/children/{uuid.uuid4()}/"), "zh-hans")


def test_developers_can_have_djangos_technical_page(debug, people, login):
    debug.SHOUHU_FRIENDLY_404_IN_DEBUG = False
    response = login(people["cwd_a"]).get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()
