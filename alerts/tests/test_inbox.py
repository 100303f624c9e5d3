"""The inbox: paged with its total; opening an alert marks it read and the badge drops."""

from django.urls import reverse

from alerts import views
from alerts.actions import do_alert
from alerts.models import Alert


def test_the_inbox_pages_and_shows_its_total(people, kids, login, monkeypatch):
    monkeypatch.setattr(views, "ALERTS_PER_PAGE", 5)
    for day in range(12):
        do_alert([people["cwd_a"]], "overdue_visit", child=kids["a"], params={"due": f"2026-11-{day + 1:02d}"})
    client = login(people["cwd_a"])
    first = client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "12 alerts · 12 unread" in first
    assert "Page 1 of 3" in first
    assert first.count('class="roster-item alert-overdue_visit') == 5
    last = client.get(reverse("inbox"), {"page": 3}).content.decode()
    assert last.count('class="roster-item alert-overdue_visit') == 2


def test_opening_an_alert_marks_it_read_and_the_badge_drops(people, kids, login):
    [first, _second] = [
        *do_alert([people["cwd_a"]], "overdue_visit", child=kids["a"], params={"due": "2026-11-30"}),
        *do_alert([people["cwd_a"]], "truancy", child=kids["a"], params={"count": 5, "days": 30, "school": "中心小学"}),
    ]
    client = login(people["cwd_a"])
    assert client.get(reverse("inbox")).context["unread_alerts"] == 2
    response = client.get(reverse("alert_open", args=[first.uuid]))
    assert response.url == reverse("child_detail", args=[kids["a"].uuid])
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(reverse("inbox")).context["unread_alerts"] == 1
    # Opening it again changes nothing.
    read_at = first.read_at
    client.get(reverse("alert_open", args=[first.uuid]))
    first.refresh_from_db()
    assert first.read_at == read_at


def test_nobody_opens_or_marks_anothers_alert(people, kids, login):
    [alert] = do_alert([people["cwd_a"]], "overdue_visit", child=kids["a"], params={"due": "2026-11-30"})
    assert login(people["cwd_b"]).get(reverse("alert_open", args=[alert.uuid])).status_code == 404
    assert Alert.objects.get(pk=alert.pk).read_at is None
