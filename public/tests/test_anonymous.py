"""Without logging in, the public pages are the only pages: every other URL of the project sends
an anonymous visitor to the login page or answers 401/403/404/405."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

SAMPLES = ["1", str(uuid.uuid4()), "zh-hans", "51", "511324", "x", "2026-12", "a/b"]
# What an anonymous visitor may open: logging in (and what it needs), the language switch, the
# public pages and their share cards, and a parent's first step with the code from the text message.
OPEN = re.compile(r"^/(share/|accounts/login/|i18n/setlang/|admin/login/|api/v1/(docs|openapi\.json)|family/join/)")


def paths(patterns=None, prefix=""):
    """One concrete path per URL pattern, its parameters filled with a value they accept."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        regex = entry.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            yield from paths(entry.url_patterns, prefix + _fill(regex))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + _fill(regex)


def _fill(regex: str) -> str:
    def sample(match):
        group = match.group(2)
        return next((s for s in SAMPLES if re.fullmatch(group, s)), "1")

    filled = re.sub(r"\(\?P<([a-z_0-9]+)>((?:[^()]|\([^()]*\))+)\)", sample, regex)
    return filled.replace("\\", "")


def test_an_anonymous_visitor_reaches_only_the_public_pages(client, snapshots):
    reached = []
    for path in sorted(set(paths())):
        if "(" in path or "[" in path:
            continue  # an unnamed regex the sampler cannot fill: none in the project today
        response = client.get(path)
        status = response.status_code
        if status == 302:
            assert response["Location"].startswith(("/accounts/login/", "/admin/login/", "/admin/")) or OPEN.match(
                path
            ), path
        elif status == 200:
            reached.append(path)
        else:
            assert status in (400, 401, 403, 404, 405), (path, status)
    unexpected = [p for p in reached if not OPEN.match(p)]
    assert not unexpected
    assert "/share/zh-hans/" in reached
    assert "/share/zh-hans/51/" in reached
    assert "/share/zh-hans/51/card.png" in reached


def test_the_sampler_covers_the_project(db):
    found = set(paths())
    assert len(found) > 100
    assert "/children/" in found or any(p.startswith("/children/") for p in found)
    assert not [p for p in found if "(" in p or "[" in p]
