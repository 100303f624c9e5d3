"""core.panels: the registry of panels by slot, and the {% panels %} tag that renders a slot."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core import panels
from core.panels import PanelRegistry


@pytest.fixture
def request_():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_panels_render_in_order_and_empty_ones_are_left_out(request_):
    registry = PanelRegistry()
    registry.register("slot", order=20)(lambda request, **kw: format_html("<p>second {}</p>", kw["n"]))
    registry.register("slot", order=10, name="first")(lambda request, **kw: SafeString("<p>first</p>"))
    registry.register("slot", order=15, name="empty")(lambda request, **kw: "")
    registry.register("slot", order=16, name="blank")(lambda request, **kw: SafeString("\n  \n"))
    registry.register("slot", order=20, name="tie")(lambda request, **kw: SafeString("<p>third</p>"))
    assert registry.render("slot", request_, n=2) == "<p>first</p>\n<p>second 2</p>\n<p>third</p>"
    assert [p.name for p in registry.panels("slot")] == [
        "first",
        "empty",
        "blank",
        registry.panels("slot")[3].name,
        "tie",
    ]


def test_an_unknown_slot_and_a_render_without_request_show_nothing(request_):
    registry = PanelRegistry()
    registry.register("slot")(lambda request, **kw: SafeString("<p>x</p>"))
    assert registry.render("nobody-registered-here", request_) == ""
    assert registry.render("slot", None) == ""


def test_plain_strings_are_escaped_and_names_are_unique_per_slot(request_):
    registry = PanelRegistry()
    registry.register("slot", name="plain")(lambda request, **kw: "<b>not markup</b>")
    assert registry.render("slot", request_) == "&lt;b&gt;not markup&lt;/b&gt;"
    with pytest.raises(ImproperlyConfigured):
        registry.register("slot", name="plain")(lambda request, **kw: "")
    registry.register("other", name="plain")(lambda request, **kw: "")  # another slot may reuse the name
    registry.unregister("slot", "plain")
    assert registry.panels("slot") == []


def test_the_tag_renders_the_slot_with_the_request_and_keyword_arguments(request_):
    def probe(request, child):
        return format_html('<p data-probe="{}">{}</p>', request.path, child)

    panels.register("test-slot", name="probe")(probe)
    try:
        template = Template('{% load panels %}<div>{% panels "test-slot" child=name %}</div>')
        assert (
            template.render(Context({"request": request_, "name": "<张伟>"}))
            == '<div><p data-probe="/">&lt;张伟&gt;</p></div>'
        )
        assert template.render(Context({"name": "x"})) == "<div></div>"  # no request, no user: nothing
        assert Template('{% load panels %}{% panels "no-such-slot" %}').render(Context({"request": request_})) == ""
    finally:
        panels.unregister("test-slot", "probe")
