"""Today and the follow-up page page their lists and show each list's total: no child is cut off
silently at the end of a list."""

import pytest
from django.urls import reverse

from conftest import make_child
from dashboards import views
from dashboards.tests.test_today_and_followup import visit
from followup import services


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "RED_PER_PAGE", 2)
    monkeypatch.setattr(views, "AREAS_PER_PAGE", 1)


def test_today_pages_the_children_to_visit(people, geo, login, small_pages):
    kids = [make_child(geo["village_a"], name) for name in ("甲一", "乙二", "丙三")]
    services.recompute_all()
    client = login(people["cwd_a"])
    first = client.get(reverse("today"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 children to visit" in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("today"), {"page": 2}).content.decode()
    shown = [k.name for k in kids if k.name in first] + [k.name for k in kids if k.name in second]
    assert sorted(shown) == sorted(k.name for k in kids)  # each once, none lost


def test_the_followup_page_pages_areas_and_red_children(people, geo, login, small_pages):
    places = (("village_a", "红一"), ("village_a", "红二"), ("village_b", "红三"))
    reds = [make_child(geo[village], name) for village, name in places]
    for child in reds:
        visit(child, people["cwd_a"], days_ago=200, lives_alone="yes")
    services.recompute_all()
    client = login(people["supervisor"])
    first = client.get(reverse("followup_overdue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 villages need attention, worst first." in first
    assert "3 children waiting." in first
    assert "red_page=2" in first
    assert "area_page=2" in first
    second = client.get(reverse("followup_overdue"), {"red_page": 2, "area_page": 2})
    first_red = client.get(reverse("followup_overdue")).context["red"]
    assert sorted(fu.child.name for fu in [*first_red, *second.context["red"]]) == sorted(c.name for c in reds)
    first_areas = client.get(reverse("followup_overdue")).context["areas"]
    areas = [r.division.code for r in [*first_areas, *second.context["areas"]]]
    assert areas == [geo["village_a"].code, geo["village_b"].code]  # two red children first
