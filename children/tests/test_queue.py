"""The county's activation queue and the township's confirmation queue: paged, with the total,
and a "select all" that covers every file waiting, not only the page shown."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from children import actions, views
from children.models import Child
from conftest import make_child


@pytest.fixture
def waiting(geo, monkeypatch):
    """23 confirmed files in the county (pages of 10), and one in another county."""
    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 10)
    monkeypatch.setattr(actions, "QUEUE_BATCH", 4)  # several batches
    villages = [geo["village_a"], geo["village_b"], geo["village_c"]]
    kids = [make_child(villages[i % 3], f"孩子{i:02d}", status="confirmed", with_id=False) for i in range(23)]
    outsider = make_child(geo["village_d"], "外县孩子", status="confirmed", with_id=False)
    return kids, outsider


def names_on(page: str, kids) -> set[str]:
    return {k.name for k in kids if k.name in page}


def test_the_queue_pages_and_shows_its_total(people, waiting, login):
    kids, outsider = waiting
    client = login(people["county"])
    first = client.get(reverse("queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "23 files waiting" in first
    assert "Page 1 of 3" in first
    assert len(names_on(first, kids)) == 10
    assert "?page=2" in first
    last = client.get(reverse("queue"), {"page": 3}).content.decode()
    assert len(names_on(last, kids)) == 3
    assert outsider.name not in first + last
    # The status filter stays in the pager's links.
    registered = client.get(reverse("queue"), {"status": "confirmed", "page": 2}).content.decode()
    assert "status=confirmed&amp;page=3" in registered


def test_select_all_activates_every_waiting_file_through_the_action(people, waiting, login):
    kids, outsider = waiting
    client = login(people["county"])
    response = client.post(reverse("queue") + "?page=2", {"all": "1"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "23 files processed" in response.content.decode()
    assert "Nothing is waiting" in response.content.decode()
    assert set(Child.objects.filter(pk__in=[k.pk for k in kids]).values_list("status", flat=True)) == {"active"}
    outsider.refresh_from_db()
    assert outsider.status == "confirmed"  # out of scope: untouched
    # Each file was activated by the action, which logs it.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACTIVATE, child__in=kids).count() == 23


def test_ticked_files_only_without_select_all(people, waiting, login):
    kids, _outsider = waiting
    client = login(people["county"])
    client.post(reverse("queue"), {"child": [kids[0].uuid, kids[1].uuid]})
    assert Child.objects.filter(status="active", pk__in=[k.pk for k in kids]).count() == 2


def test_select_all_in_the_township_confirms_only_its_own_files(people, geo, login):
    mine = [make_child(geo["village_a"], f"本乡{i}", status="registered", with_id=False) for i in range(3)]
    other = make_child(geo["village_c"], "他乡", status="registered", with_id=False)  # township 2
    login(people["supervisor"]).post(reverse("queue"), {"all": "1"})
    assert set(Child.objects.filter(pk__in=[c.pk for c in mine]).values_list("status", flat=True)) == {"confirmed"}
    other.refresh_from_db()
    assert other.status == "registered"


def test_a_cwd_has_no_queue(people, login):
    assert login(people["cwd_a"]).post(reverse("queue"), {"all": "1"}).status_code == 404
