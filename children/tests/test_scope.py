"""No user sees a child outside their scope: pages, search, export, API. Outside means 404."""

import re

import pytest
from django.urls import reverse


def listed(html: str) -> set[str]:
    """Names shown in a roster's result list."""
    return set(re.findall(r'<span class="name">([^<]+)</span>', html))


# Who sees which of the four children (a, b: township 1; c: township 2; d: another county).
VISIBLE = {
    "cwd_a": {"a"},
    "cwd_b": {"b"},
    "cwd_c": {"c"},
    "supervisor": {"a", "b"},
    "supervisor_t2": {"c"},
    "county": {"a", "b", "c"},
    "other_county": {"d"},
    "cwd_d": {"d"},
    "partner": set(),
    "admin": {"a", "b", "c", "d"},
}
ROLES = sorted(VISIBLE)


@pytest.mark.parametrize("persona", ROLES)
def test_profile_page_is_404_outside_scope(persona, people, kids, login):
    client = login(people[persona])
    for key, child in kids.items():
        response = client.get(reverse("child_detail", args=[child.uuid]))
        expected = 200 if key in VISIBLE[persona] else 404
        assert response.status_code == expected, (persona, key)


@pytest.mark.parametrize("persona", ROLES)
def test_edit_history_photo_and_actions_are_404_outside_scope(persona, people, kids, login):
    client = login(people[persona])
    for key, child in kids.items():
        if key in VISIBLE[persona]:
            continue
        for name in ("child_edit", "child_history", "child_photo"):
            assert client.get(reverse(name, args=[child.uuid])).status_code == 404, (persona, key, name)
        for name in ("child_confirm", "child_activate", "child_close", "child_transfer", "child_return"):
            assert client.post(reverse(name, args=[child.uuid]), {}).status_code == 404, (persona, key, name)
        child.refresh_from_db()
        assert child.status == "active"


@pytest.mark.parametrize("persona", [p for p in ROLES if p != "partner"])
def test_roster_and_search_show_only_scope(persona, people, kids, login):
    client = login(people[persona])
    assert listed(client.get(reverse("roster")).content.decode()) == {kids[k].name for k in VISIBLE[persona]}
    # Searching for an outsider's name by characters, pinyin or initials finds nothing.
    for q in ("赵敏", "zhaomin", "zm", "王磊", "wl"):
        names = listed(client.get(reverse("roster"), {"q": q}).content.decode())
        assert names <= {kids[k].name for k in VISIBLE[persona]}, (persona, q)


def test_partner_staff_see_no_child_anywhere(people, kids, login):
    client = login(people["partner"])
    assert listed(client.get(reverse("roster")).content.decode()) == set()
    assert client.get(reverse("roster_export", args=["csv"])).status_code == 404
    assert client.get("/api/v1/children/").json()["count"] == 0


@pytest.mark.parametrize("persona", [p for p in ROLES if p != "partner"])
def test_exports_contain_only_scope(persona, people, kids, login):
    client = login(people[persona])
    body = b"".join(client.get(reverse("roster_export", args=["csv"])).streaming_content).decode("utf-8-sig")
    for key, child in kids.items():
        assert (child.name in body) == (key in VISIBLE[persona]), (persona, key)


@pytest.mark.parametrize("persona", ROLES)
def test_api_list_and_detail_respect_scope(persona, people, kids, login):
    client = login(people[persona])
    names = {row["name"] for row in client.get("/api/v1/children/").json()["items"]}
    assert names == {kids[k].name for k in VISIBLE[persona]}
    for key, child in kids.items():
        status = client.get(f"/api/v1/children/{child.uuid}").status_code
        assert status == (200 if key in VISIBLE[persona] else 404), (persona, key)


def test_village_filter_cannot_widen_scope(people, kids, login):
    for persona in ("cwd_a", "supervisor", "county"):
        client = login(people[persona])
        html = client.get(reverse("roster"), {"area": kids["d"].village_id}).content.decode()
        assert kids["d"].name not in listed(html)
        body = b"".join(
            client.get(reverse("roster_export", args=["csv"]), {"area": kids["d"].village_id}).streaming_content
        ).decode("utf-8-sig")
        assert kids["d"].name not in body
    assert client.get("/api/v1/children/", {"area": kids["d"].village_id}).status_code == 404


def test_anonymous_users_are_sent_to_login(client, kids):
    response = client.get(reverse("child_detail", args=[kids["a"].uuid]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/children/").status_code == 401
