from datetime import date

import pytest
from django.urls import reverse

from children import access
from children.queries import search
from conftest import make_child


@pytest.fixture
def village_kids(geo):
    return [
        make_child(geo["village_a"], n, dob=date(2014, 1, i + 1))
        for i, n in enumerate(["张伟", "章伟", "赵文", "王小明", "欧阳娜娜"])
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张伟", {"张伟", "章伟"}),  # homophones typed either way
        ("章伟", {"张伟", "章伟"}),
        ("zhangwei", {"张伟", "章伟"}),
        ("Zhang Wei", {"张伟", "章伟"}),
        ("zw", {"张伟", "章伟", "赵文"}),
        ("wxm", {"王小明"}),
        ("小明", {"王小明"}),
        ("ouyang", {"欧阳娜娜"}),
        ("xyz", set()),
    ],
)
def test_search_by_name_pinyin_or_initials(query, expected, people, village_kids):
    qs = access.children_for(people["cwd_a"])
    assert {c.name for c in search(qs, query)} == expected


def test_search_by_id_number(people, village_kids):
    qs = access.children_for(people["cwd_a"])
    assert [c.name for c in search(qs, village_kids[3].id_number)] == ["王小明"]


def test_roster_filters_by_category_and_status(people, geo, login):
    make_child(geo["village_a"], "孤儿甲", categories=("orphan",), orphan_basis="both_dead")
    make_child(geo["village_a"], "已结案", status="closed", closed_on=date(2026, 1, 1), closure_reason="turned_16")
    client = login(people["cwd_a"])
    page = client.get(reverse("roster"), {"category": "orphan"}).context["page"]
    assert [c.name for c in page] == ["孤儿甲"]
    default = {c.name for c in client.get(reverse("roster")).context["page"]}
    assert "已结案" not in default
    everything = {c.name for c in client.get(reverse("roster"), {"status": "all"}).context["page"]}
    assert "已结案" in everything


def test_roster_query_count_does_not_grow_with_children(people, geo, login, django_assert_max_num_queries):
    for i in range(30):
        make_child(geo["village_a"], f"学生{i}", dob=date(2014, 1, 1 + i % 28))
    client = login(people["supervisor"])
    with django_assert_max_num_queries(8):
        client.get(reverse("roster"))
