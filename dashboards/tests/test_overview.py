"""The county/township overview: the registry's figures per area, within the user's scope."""

from datetime import date

from django.urls import reverse

from conftest import make_child


def test_overview_is_limited_to_scope(people, kids, login):
    client = login(people["supervisor"])
    assert client.get(reverse("overview")).status_code == 200
    assert client.get(reverse("overview"), {"division": "511321"}).status_code == 404
    assert client.get(reverse("overview"), {"division": "511324"}).status_code == 404  # above the township
    assert login(people["cwd_a"]).get(reverse("overview")).status_code == 404


def test_overview_query_count_does_not_grow_with_children(people, geo, login, django_assert_max_num_queries):
    for i in range(30):
        make_child(geo["village_a"], f"学生{i}", dob=date(2014, 1, 1 + i % 28))
    client = login(people["supervisor"])
    # The registry's figures, then one grouped query each for tiers, reports and referrals, and
    # for the summary's late visits, red children nobody acted on, files waiting, school rows;
    # and whether today's snapshot exists (without one, as here, the figures are counted live).
    with django_assert_max_num_queries(16):
        client.get(reverse("overview"))
