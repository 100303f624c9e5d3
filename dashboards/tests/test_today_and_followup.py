"""Today and the follow-up page: what each user sees of the follow-up rows, within their scope."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from conftest import make_child
from followup import services
from visits.models import Visit

TODAY = timezone.localdate()


def visit(child, user, days_ago=0, **answers):
    return Visit.objects.create(
        child=child, visited_on=TODAY - timedelta(days=days_ago), answers=answers, recorded_by=user
    )


def test_today_lists_due_children_in_scope_by_risk(people, geo, login):
    calm = make_child(geo["village_a"], "平安")
    danger = make_child(geo["village_a"], "危险")
    outsider = make_child(geo["village_b"], "别村")
    visit(danger, people["cwd_a"], days_ago=8, lives_alone="yes")
    services.recompute_all()
    due = [fu.child for fu in login(people["cwd_a"]).get(reverse("today")).context["due"]]
    assert [c.name for c in due] == ["危险", "平安"]
    assert outsider not in due
    assert calm in due


def test_overdue_view_is_for_supervisors_and_counts_by_village(people, geo, login):
    child = make_child(geo["village_a"], "张伟")
    visit(child, people["cwd_a"], days_ago=200)
    services.recompute_all()
    response = login(people["supervisor"]).get(reverse("followup_overdue"))
    rows = response.context["areas"]
    assert [(r.division.code, r.overdue) for r in rows] == [(geo["village_a"].code, 1)]
    assert login(people["cwd_a"]).get(reverse("followup_overdue")).status_code == 404
    assert list(login(people["supervisor_t2"]).get(reverse("followup_overdue")).context["areas"]) == []
