"""Who can reach which visit: everyone outside the child's scope gets 404, on every URL and method."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert
from visits import actions
from visits.models import ParentContact, Visit, VisitComment

from .helpers import visit_post

TODAY = timezone.localdate()
INSIDE = ["cwd_a", "supervisor", "county", "admin"]
OUTSIDE = ["cwd_b", "cwd_c", "supervisor_t2", "other_county", "cwd_d", "partner"]


def record(user, child, days_ago=0, **answers) -> Visit:
    return actions.do_record_visit(
        user, Visit(child=child, visited_on=TODAY - timedelta(days=days_ago), answers=answers)
    )[0]


@pytest.fixture
def visit_a(people, kids):
    return record(people["cwd_a"], kids["a"], truancy="yes")


def urls(child, visit):
    c, v = child.uuid, visit.uuid
    return {
        "child_visits": reverse("child_visits", args=[c]),
        "visit_new": reverse("visit_new", args=[c]),
        "contact_new": reverse("contact_new", args=[c]),
        "visit_detail": reverse("visit_detail", args=[c, v]),
        "visit_edit": reverse("visit_edit", args=[c, v]),
        "visit_comment": reverse("visit_comment", args=[c, v]),
    }


def posts(name):
    return {
        "visit_new": visit_post(TODAY),
        "visit_edit": visit_post(TODAY, needs="x"),
        "contact_new": {"parent_role": "mother", "contact_on": TODAY.isoformat(), "mode": "phone"},
        "visit_comment": {"text": "看到了"},
    }.get(name, {})


@pytest.mark.parametrize("persona", OUTSIDE)
def test_outsiders_get_404_on_every_visit_url(people, kids, login, visit_a, persona):
    client = login(people[persona])
    for name, url in urls(kids["a"], visit_a).items():
        assert client.get(url).status_code == 404, (persona, name, "GET")
        assert client.post(url, posts(name)).status_code == 404, (persona, name, "POST")
    # Nothing was written by any of those attempts.
    assert Visit.objects.count() == 1
    assert Visit.objects.get().needs == ""
    assert not ParentContact.objects.exists()
    assert not VisitComment.objects.exists()
    assert not Alert.objects.exists()


@pytest.mark.parametrize("persona", INSIDE)
def test_people_in_scope_see_the_visits(people, kids, login, visit_a, persona):
    client = login(people[persona])
    for name in ("child_visits", "visit_new", "contact_new", "visit_detail", "visit_edit"):
        assert client.get(urls(kids["a"], visit_a)[name]).status_code == 200, (persona, name)


def test_a_visit_is_only_reachable_through_its_own_child(people, kids, login, visit_a):
    """The supervisor sees both children, but child b's URL does not open child a's visit."""
    client = login(people["supervisor"])
    for name in ("visit_detail", "visit_edit", "visit_comment"):
        url = urls(kids["b"], visit_a)[name]
        assert client.get(url).status_code == 404, name
        assert client.post(url, posts(name)).status_code == 404, name
    assert not VisitComment.objects.exists()


def test_the_list_shows_only_that_childs_current_visits(people, kids, login, visit_a):
    record(people["cwd_b"], kids["b"], domestic_violence="yes")
    response = login(people["supervisor"]).get(reverse("child_visits", args=[kids["a"].uuid]))
    assert [v.pk for v in response.context["visits"]] == [visit_a.pk]


def test_anonymous_users_are_sent_to_log_in(client, kids, visit_a):
    for url in urls(kids["a"], visit_a).values():
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


def test_a_partner_sees_no_visit_even_by_uuid(people, kids, login, visit_a):
    assert login(people["partner"]).get(urls(kids["a"], visit_a)["visit_detail"]).status_code == 404


def test_the_visit_list_query_count_does_not_grow_with_visits(people, kids, login, django_assert_max_num_queries):
    child, cwd = kids["a"], people["cwd_a"]
    client = login(people["supervisor"])
    record(cwd, child, days_ago=1, truancy="yes")
    url = reverse("child_visits", args=[child.uuid])
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    for days in range(2, 40):
        visit = record(cwd, child, days_ago=days, bullying="yes" if days % 2 else "no")
        if days % 3 == 0:
            edited = actions.copy_for_edit(visit)
            edited.needs = "书包"
            visit = actions.do_edit_visit(cwd, visit, edited, seen_version=visit.version)
        if days % 5 == 0:
            actions.do_comment_visit(people["supervisor"], visit, "好")
    with django_assert_max_num_queries(12) as many:
        response = client.get(url)
    assert len(response.context["visits"]) == 30  # one page
    assert len(many.captured_queries) == len(one.captured_queries)
