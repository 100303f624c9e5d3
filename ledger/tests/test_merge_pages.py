"""The merge pages: pick, compare, confirm, the profile's notice and undo, the list; access and audit."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from children import choices as c
from children.models import Child, Parent
from conftest import make_child
from ledger.merge_audit import COMPARE, HISTORY, PICK
from ledger.models import ChildMerge
from visits.models import Visit


@pytest.fixture
def twins(geo):
    keep = make_child(geo["village_a"], "张伟")
    drop = make_child(geo["village_b"], "张伟", with_id=False, address="龙岗村3组")
    Child.objects.filter(pk=drop.pk).update(school="石佛小学")
    Parent.objects.filter(household=drop.household, role="father").update(name="张大山")
    Visit.objects.create(child=drop, visited_on=date(2026, 11, 2))
    drop.refresh_from_db()
    return keep, drop


def compare_url(keep, drop):
    return reverse("merge_compare", args=[keep.uuid, drop.uuid])


def test_profile_shows_the_merge_button_only_to_those_who_may_merge(twins, people, login):
    keep, _drop = twins
    url = reverse("child_detail", args=[keep.uuid])
    assert "data-merge-action" in login(people["supervisor"]).get(url).content.decode()
    assert "data-merge-action" not in login(people["cwd_a"]).get(url).content.decode()


def test_pick_lists_the_duplicate_and_searches_within_scope(twins, people, login, geo):
    keep, drop = twins
    make_child(geo["village_d"], "张伟")  # the other county: never offered
    client = login(people["supervisor"])
    page = client.get(reverse("merge_pick", args=[keep.uuid]))
    assert page.status_code == 200
    body = page.content.decode()
    assert compare_url(keep, drop) in body
    found = client.get(reverse("merge_pick", args=[keep.uuid]), {"q": "zhangwei"})
    assert found.content.decode().count("/with/") == 2  # the duplicate, in the candidates and the results
    assert found.context["page"].paginator.count == 1
    assert AuditEvent.objects.filter(action="view", child=drop, details__what=PICK).exists()


def test_compare_shows_differences_with_defaults_and_what_moves(twins, people, login):
    keep, drop = twins
    page = login(people["supervisor"]).get(compare_url(keep, drop))
    assert page.status_code == 200
    rows = {row.code: (row, chosen) for row, chosen in page.context["rows"]}
    assert rows["child.school"][1] == "keep"
    assert rows["child.address"][1] == "drop"  # blank in the kept file: filled from the other
    assert rows["father.name"][0].drop == "张大山"
    assert "child.id_number" in rows
    assert "*" in rows["child.id_number"][0].keep
    assert ("走访", 1, 0) in page.context["counts"]  # in the user's language
    assert {e.child_id for e in AuditEvent.objects.filter(details__what=COMPARE)} == {keep.pk, drop.pk}


def test_confirm_merges_and_the_profile_offers_undo(twins, people, login):
    keep, drop = twins
    client = login(people["supervisor"])
    page = client.get(compare_url(keep, drop))
    data = {"versions": page.context["form"].initial["versions"], "child__school": "drop", "child__address": "drop"}
    response = client.post(compare_url(keep, drop), data)
    merge = ChildMerge.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?merge={merge.uuid}#merge-{merge.uuid}")
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.school == "石佛小学"
    assert drop.closure_reason == c.ClosureReason.MERGED
    profile = client.get(response["Location"]).content.decode()
    assert reverse("merge_undo", args=[merge.uuid]) in profile
    # An ordinary visit to the profile pays nothing for merges; the closed file always says where it went.
    assert "data-merge-notice" not in client.get(reverse("child_detail", args=[keep.uuid])).content.decode()
    closed = client.get(reverse("child_detail", args=[drop.uuid])).content.decode()
    assert reverse("child_detail", args=[keep.uuid]) in closed
    undo = client.post(reverse("merge_undo", args=[merge.uuid]))
    assert undo.status_code == 302
    drop.refresh_from_db()
    assert drop.status == c.Status.ACTIVE
    assert Visit.objects.get().child_id == drop.pk


def test_a_stale_page_shows_the_files_again_instead_of_merging(twins, people, login):
    keep, drop = twins
    client = login(people["supervisor"])
    page = client.get(compare_url(keep, drop))
    Child.objects.filter(pk=drop.pk).update(school="县一中", lock_version=drop.lock_version + 1)
    data = {"versions": page.context["form"].initial["versions"], "child__school": "drop"}
    response = client.post(compare_url(keep, drop), data)
    assert response.status_code == 409
    assert "data-stale" in response.content.decode()
    assert "县一中" in response.content.decode()
    assert not ChildMerge.objects.exists()
    # The page shown now carries the current versions: confirming it merges.
    again = {"versions": response.context["form"].initial["versions"], "child__school": "drop"}
    assert client.post(compare_url(keep, drop), again).status_code == 302
    keep.refresh_from_db()
    assert keep.school == "县一中"


def test_forged_versions_are_refused(twins, people, login):
    keep, drop = twins
    response = login(people["supervisor"]).post(compare_url(keep, drop), {"versions": "forged"})
    assert response.status_code == 200
    assert not ChildMerge.objects.exists()


def test_outsiders_and_cwds_get_404(twins, people, login, geo):
    keep, drop = twins
    merge_pages = [reverse("merge_pick", args=[keep.uuid]), compare_url(keep, drop)]
    for who in ("other_county", "cwd_a", "supervisor_t2", "partner"):
        client = login(people[who])
        for url in merge_pages:
            assert client.get(url).status_code == 404, (who, url)
        assert client.post(compare_url(keep, drop), {}).status_code == 404
    assert login(people["cwd_a"]).get(reverse("merge_history")).status_code == 404
    assert not ChildMerge.objects.exists()


def test_undo_and_history_are_scoped(twins, people, login):
    keep, drop = twins
    client = login(people["county"])
    page = client.get(compare_url(keep, drop))
    client.post(compare_url(keep, drop), {"versions": page.context["form"].initial["versions"]})
    merge = ChildMerge.objects.get()
    history = client.get(reverse("merge_history"))
    assert history.context["page"].paginator.count == 1
    assert AuditEvent.objects.filter(details__what=HISTORY, child=drop).exists()
    assert login(people["other_county"]).get(reverse("merge_history")).context["page"].paginator.count == 0
    assert login(people["other_county"]).post(reverse("merge_undo", args=[merge.uuid])).status_code == 404
    assert ChildMerge.objects.get().undone_at is None
    response = login(people["county"]).post(reverse("merge_undo", args=[merge.uuid]), {"next": "history"})
    assert response["Location"] == reverse("merge_history")
    assert ChildMerge.objects.get().undone_at is not None
