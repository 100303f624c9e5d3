"""Editing a visit keeps what was first recorded; supervisors comment and the CWD is alerted."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.kinds import alert_text
from alerts.models import Alert
from audit.models import AuditEvent
from core.tests.pageform import form_of
from visits import actions
from visits.alert_kinds import SUPERVISOR_COMMENT
from visits.models import Visit, VisitComment
from visits.views import draft_key

from .helpers import form_values, post_visit

TODAY = timezone.localdate()


@pytest.fixture
def visit(people, kids, login):
    """Child a's visit, recorded by the village CWD through the form."""
    post_visit(
        login(people["cwd_a"]),
        kids["a"],
        TODAY - timedelta(days=2),
        truancy="yes",
        living_conditions="与奶奶同住",
        **{"m-weight_kg": "31.5"},
    )
    return Visit.objects.get(child=kids["a"])


def edit(client, visit, **changes):
    url = reverse("visit_edit", args=[visit.child.uuid, visit.uuid])
    values = form_values(client.get(url))
    values.update(changes)
    return client.post(url, values)


def test_an_edit_saves_a_new_version_and_keeps_the_original(people, kids, login, visit):
    client = login(people["cwd_a"])
    original = {f.attname: getattr(visit, f.attname) for f in Visit._meta.concrete_fields if f.name != "is_current"}
    response = edit(client, visit, answer_truancy="no", note_truancy="已返校", living_conditions="与奶奶同住，屋顶已修")
    v2 = Visit.objects.get(child=kids["a"], version=2)
    assert response.status_code == 302
    assert response.url == reverse("visit_detail", args=[kids["a"].uuid, v2.uuid])
    v1 = Visit.objects.get(pk=visit.pk)
    # The first version is exactly as recorded; only is_current changed.
    assert {
        f.attname: getattr(v1, f.attname) for f in Visit._meta.concrete_fields if f.name != "is_current"
    } == original
    assert v1.is_current is False
    assert (v2.original_id, v2.is_current, v2.recorded_by) == (v1.pk, True, people["cwd_a"])
    assert (v2.answers["truancy"], v2.notes, v2.living_conditions) == (
        "no",
        {"truancy": "已返校"},
        "与奶奶同住，屋顶已修",
    )
    assert v2.visited_on == v1.visited_on
    event = AuditEvent.objects.get(child=kids["a"], action="update", details__visit=str(v2.uuid))
    assert event.details["changes"]["answers.truancy"] == ["yes", "no"]
    assert event.details["previous"] == str(v1.uuid)

    # The current version says it was edited, links its history, and still shows the measurement.
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "version 2 (edited)" in page
    assert reverse("visit_detail", args=[kids["a"].uuid, v1.uuid]) in page
    assert "31.50 kg" in page
    # The original remains readable, marked as replaced.
    old = client.get(reverse("visit_detail", args=[kids["a"].uuid, v1.uuid]), HTTP_ACCEPT_LANGUAGE="en")
    assert "kept as it was recorded" in old.content.decode()
    assert old.context["visit"].answers["truancy"] == "yes"
    assert old.context["can_edit"] is False
    # The list shows the visit once, in its current version.
    listing = client.get(reverse("child_visits", args=[kids["a"].uuid]))
    assert [v.pk for v in listing.context["visits"]] == [v2.pk]


def test_saving_without_a_change_makes_no_version(people, login, visit):
    response = edit(login(people["cwd_a"]), visit)
    assert response.status_code == 302
    assert Visit.objects.count() == 1
    assert Visit.objects.get().is_current


def test_an_edit_keeps_answers_to_items_no_longer_on_the_checklist(people, login, visit):
    Visit.objects.filter(pk=visit.pk).update(
        answers={**visit.answers, "retired_item": "yes"}, notes={"retired_item": "旧问题"}
    )
    edit(login(people["cwd_a"]), visit, needs="校服")
    v2 = Visit.objects.get(version=2)
    assert (v2.answers["retired_item"], v2.notes) == ("yes", {"retired_item": "旧问题"})


def test_opening_the_edit_of_an_old_version_goes_to_the_current_one(people, login, visit):
    client = login(people["cwd_a"])
    edit(client, visit, needs="校服")
    v2 = Visit.objects.get(version=2)
    response = client.get(reverse("visit_edit", args=[visit.child.uuid, visit.uuid]))
    assert response.url == reverse("visit_edit", args=[visit.child.uuid, v2.uuid])


def _picks(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="(pick:[^"]+)"', html)))


def test_an_edit_of_a_version_replaced_meanwhile_asks_only_what_both_changed(people, login, visit):
    url = reverse("visit_edit", args=[visit.child.uuid, visit.uuid])
    cwd, supervisor = login(people["cwd_a"]), Client()
    supervisor.force_login(people["supervisor"], backend="django.contrib.auth.backends.ModelBackend")
    typed = form_values(cwd.get(url))  # the CWD opens the form...
    theirs = form_values(supervisor.get(url))  # ...so does the supervisor, who saves first
    theirs.update(actions_taken="已联系学校", needs="校服", answer_truancy="no")
    assert supervisor.post(url, theirs).status_code == 302
    typed.update(needs="学习用品", living_conditions="与奶奶同住，屋顶漏雨", answer_truancy="no")
    response = cwd.post(url, typed)
    assert response.status_code == 409
    html = response.content.decode()
    # Asked: the needs, which both changed differently. Not asked: what only one of them changed,
    # nor the truancy answer both changed the same way.
    assert _picks(html) == ["pick:needs"]
    assert "学习用品" in html
    assert "校服" in html
    assert Visit.objects.count() == 2  # nothing of the CWD's is saved yet

    choice = form_of(html, "conflict")
    choice["pick:needs"] = ["mine"]
    saved = cwd.post(url, choice)
    assert saved.status_code == 302
    v3 = Visit.objects.get(is_current=True)
    assert (v3.version, v3.recorded_by) == (3, people["cwd_a"])
    assert (v3.needs, v3.actions_taken, v3.living_conditions) == ("学习用品", "已联系学校", "与奶奶同住，屋顶漏雨")
    assert v3.answers["truancy"] == "no"
    # The draft was kept under the version the form was opened on: the saved page clears it.
    page = cwd.get(saved.url).content.decode()
    assert f'data-draft-clear="{draft_key(people["cwd_a"], visit.child, visit)}"' in page


def test_a_checklist_answer_both_changed_differently_is_asked_by_its_item(people, login, visit):
    url = reverse("visit_edit", args=[visit.child.uuid, visit.uuid])
    cwd, supervisor = login(people["cwd_a"]), Client()
    supervisor.force_login(people["supervisor"], backend="django.contrib.auth.backends.ModelBackend")
    typed, theirs = form_values(cwd.get(url)), form_values(supervisor.get(url))
    theirs.update(answer_truancy="unknown", note_truancy="老师说只是请假")
    assert supervisor.post(url, theirs).status_code == 302
    typed.update(answer_truancy="no", note_truancy="已返校")
    response = cwd.post(url, typed, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert _picks(response.content.decode()) == ["pick:answer_truancy", "pick:note_truancy"]
    choice = form_of(response.content.decode(), "conflict")
    choice["pick:answer_truancy"], choice["pick:note_truancy"] = ["theirs"], ["mine"]
    assert cwd.post(url, choice).status_code == 302
    current = Visit.objects.get(is_current=True)
    assert (current.answers["truancy"], current.notes["truancy"]) == ("unknown", "已返校")


def test_an_edit_racing_another_one_at_the_same_moment_is_merged(people, login, visit, monkeypatch):
    """Both forms were opened on version 1 and saved at the same moment: one wins, the other is
    merged into it (they changed different fields), never written over it."""
    real = actions.do_edit_visit
    raced = []

    def racing(actor, current, edited, **kwargs):
        if not raced:
            raced.append(1)
            other = actions.copy_for_edit(current)
            other.actions_taken = "已联系学校"
            real(people["supervisor"], Visit.objects.get(pk=current.pk), other, seen_version=current.version)
        return real(actor, current, edited, **kwargs)

    monkeypatch.setattr(actions, "do_edit_visit", racing)
    response = edit(login(people["cwd_a"]), visit, needs="学习用品")
    assert response.status_code == 302
    versions = list(Visit.objects.order_by("version").values_list("version", "recorded_by", "is_current"))
    assert versions == [
        (1, people["cwd_a"].pk, False),
        (2, people["supervisor"].pk, False),
        (3, people["cwd_a"].pk, True),
    ]
    v3 = Visit.objects.get(version=3)
    assert (v3.needs, v3.actions_taken) == ("学习用品", "已联系学校")


@pytest.mark.parametrize("editor", ["cwd_a", "supervisor", "county"])
def test_the_cwd_and_the_supervisor_and_county_in_scope_may_edit(people, login, visit, editor):
    response = edit(login(people[editor]), visit, actions_taken="转介到卫生院")
    assert response.status_code == 302
    assert Visit.objects.get(is_current=True).recorded_by == people[editor]


@pytest.mark.parametrize("commenter", ["supervisor", "county"])
def test_a_comment_alerts_the_cwd_who_made_the_visit(people, kids, login, visit, commenter):
    client = login(people[commenter])
    response = client.post(
        reverse("visit_comment", args=[kids["a"].uuid, visit.uuid]), {"text": "请下周再去一次，并联系学校。"}
    )
    assert response.status_code == 302
    comment = VisitComment.objects.get()
    assert (comment.visit, comment.author, comment.text) == (visit, people[commenter], "请下周再去一次，并联系学校。")
    alert = Alert.objects.get()
    assert (alert.recipient, alert.kind, alert.child) == (people["cwd_a"], SUPERVISOR_COMMENT, kids["a"])
    assert "请下周再去一次" in alert_text(alert)
    assert AuditEvent.objects.filter(child=kids["a"], action="create", details__comment=comment.pk).exists()
    # The CWD sees it on the visit.
    page = login(people["cwd_a"]).get(reverse("visit_detail", args=[kids["a"].uuid, visit.uuid]))
    assert "请下周再去一次" in page.content.decode()
    assert page.context["comment_form"] is None


def test_a_comment_on_an_edited_visit_alerts_the_cwd_not_the_editor(people, kids, login, visit):
    edit(login(people["supervisor"]), visit, actions_taken="已联系学校")
    v2 = Visit.objects.get(version=2)
    login(people["supervisor"]).post(reverse("visit_comment", args=[kids["a"].uuid, v2.uuid]), {"text": "好"})
    assert [a.recipient for a in Alert.objects.all()] == [people["cwd_a"]]
    # Comments on any version show on every version.
    page = login(people["cwd_a"]).get(reverse("visit_detail", args=[kids["a"].uuid, visit.uuid]))
    assert list(page.context["comments"]) == [VisitComment.objects.get()]


def test_no_alert_to_a_recorder_who_comments_or_is_gone(people, kids, login, visit):
    county = people["county"]
    post_visit(login(county), kids["a"], TODAY, needs="衣服")
    own = Visit.objects.get(recorded_by=county)
    login(county).post(reverse("visit_comment", args=[kids["a"].uuid, own.uuid]), {"text": "自己的备注"})
    people["cwd_a"].is_active = False
    people["cwd_a"].save()
    login(people["supervisor"]).post(reverse("visit_comment", args=[kids["a"].uuid, visit.uuid]), {"text": "好"})
    assert VisitComment.objects.count() == 2
    assert not Alert.objects.exists()


def test_the_cwd_cannot_comment_and_an_empty_comment_is_refused(people, kids, login, visit):
    url = reverse("visit_comment", args=[kids["a"].uuid, visit.uuid])
    assert login(people["cwd_a"]).post(url, {"text": "我自己"}).status_code == 404
    response = login(people["supervisor"]).post(url, {"text": ""})
    assert response.status_code == 200
    assert response.context["comment_form"].errors
    assert not VisitComment.objects.exists()
