"""Recording a visit: pre-filled from the last one, validated, saved whole or not at all."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from audit.models import AuditEvent
from conftest import make_child
from followup.models import FollowUp
from measurements.models import Measurement
from measurements.texts import describe
from visits import actions
from visits.models import Visit
from visits.views import draft_key

from .helpers import checked, field_block, form_values, post_visit, visit_post

TODAY = timezone.localdate()


def record(user, child, visited_on, answers=None, **fields) -> Visit:
    visit = Visit(child=child, visited_on=visited_on, answers=answers or {}, **fields)
    return actions.do_record_visit(user, visit)[0]


@pytest.fixture
def previous(people, kids):
    """Two earlier visits to child a; the newer one was edited, so its version 2 is current."""
    cwd, child = people["cwd_a"], kids["a"]
    record(cwd, child, TODAY - timedelta(days=60), {"bullying": "yes"})
    first = record(
        cwd,
        child,
        TODAY - timedelta(days=20),
        {"domestic_violence": "no", "truancy": "yes"},
        mode="phone",
        saw_caregiver=True,
        living_conditions="旧房子",
        notes={"truancy": "逃课两次"},
    )
    edited = actions.copy_for_edit(first)
    edited.answers = {**first.answers, "not_enough_food": "yes"}
    edited.notes = {"truancy": "逃课两次", "not_enough_food": "冰箱是空的"}
    return actions.do_edit_visit(cwd, first, edited, seen_version=first.version)


def test_the_form_is_prefilled_from_the_previous_current_visit(people, kids, login, previous):
    response = login(people["cwd_a"]).get(reverse("visit_new", args=[kids["a"].uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    # The newest current version: its answers, not those of the older visit or the first version.
    assert checked(html, "answer_truancy") == "yes"
    assert checked(html, "answer_not_enough_food") == "yes"
    assert checked(html, "answer_domestic_violence") == "no"
    assert checked(html, "answer_bullying") == "unknown"  # not asked last time
    # How the CWD got in touch is chosen every time: last time's phone call is not assumed.
    assert checked(html, "mode") is None
    values = form_values(response)
    assert values["visited_on"] == TODAY.isoformat()
    assert values["saw_caregiver"] == "on"
    assert values["living_conditions"] == "旧房子"
    assert values["actions_taken"] == ""
    # Notes are per visit: shown as last time's, never copied into the new visit.
    assert values["note_not_enough_food"] == ""
    assert "冰箱是空的" in html
    assert f'data-draft-key="{draft_key(people["cwd_a"], kids["a"])}"' in html


def test_a_routine_visit_is_the_prefilled_form_with_one_change(
    people, kids, login, previous, django_capture_on_commit_callbacks
):
    client = login(people["cwd_a"])
    child = kids["a"]
    values = form_values(client.get(reverse("visit_new", args=[child.uuid])))
    values["answer_truancy"] = "no"
    values["mode"] = "home"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("visit_new", args=[child.uuid]), values)
    visit = Visit.objects.filter(child=child).order_by("-pk").first()
    assert response.status_code == 302
    assert response.url == reverse("visit_detail", args=[child.uuid, visit.uuid])
    assert visit.visited_on == TODAY
    assert visit.answers == {
        **dict.fromkeys(visit.answers, "unknown"),
        "domestic_violence": "no",
        "truancy": "no",
        "not_enough_food": "yes",
    }
    assert visit.notes == {}
    assert (visit.mode, visit.saw_caregiver, visit.living_conditions) == ("home", True, "旧房子")
    assert visit.contact_only is False
    assert (visit.version, visit.is_current, visit.original_id, visit.recorded_by) == (
        1,
        True,
        visit.pk,
        people["cwd_a"],
    )
    event = AuditEvent.objects.get(child=child, action="create", details__visit=str(visit.uuid))
    assert event.actor == people["cwd_a"]
    assert event.details["yes"] == ["not_enough_food"]
    # The tier was recomputed once the visit committed.
    assert FollowUp.objects.get(child=child).last_visit_on == TODAY
    # The page after saving tells the draft script to forget the draft.
    page = client.get(response.url).content.decode()
    assert f'data-draft-clear="{draft_key(people["cwd_a"], child)}"' in page
    assert 'src="/static/js/form-draft.js"' in page
    # Only once.
    assert "data-draft-clear" not in client.get(response.url).content.decode()


def test_a_report_trigger_shows_at_once_on_the_saved_visit(people, kids, login, django_capture_on_commit_callbacks):
    client = login(people["cwd_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_visit(client, kids["a"], TODAY, domestic_violence="yes", note_domestic_violence="手臂有淤青")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report now" in page
    assert "Suspected domestic violence" in page
    assert "手臂有淤青" in page
    assert FollowUp.objects.get(child=kids["a"]).tier == "red"
    assert 'class="tier tier-red"' in page


def test_a_working_child_hurt_at_work_prompts_a_report(people, kids, login, django_capture_on_commit_callbacks):
    """Issue 12: a working child injured at work had no item and no trigger (DOMAIN §1.6 A5, B)."""
    client = login(people["cwd_a"])
    form = client.get(reverse("visit_new", args=[kids["a"].uuid]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Was hurt while working" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = post_visit(client, kids["a"], TODAY, child_labour="yes", work_injury="yes")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report now" in page
    assert "Disability or death from suicide, self-harm, work injury" in page
    assert "Suspected accidental injury or unlawful harm" in page
    assert FollowUp.objects.get(child=kids["a"]).triggers == [
        "ABNORMAL_INJURY_OR_DEATH",
        "SUSPECTED_ACCIDENTAL_INJURY_OR_UNLAWFUL_HARM",
    ]


def test_a_first_visit_opens_every_section_and_answers_unknown(people, kids, login):
    html = login(people["cwd_a"]).get(reverse("visit_new", args=[kids["a"].uuid])).content.decode()
    assert len(re.findall(r'<details class="checklist-domain" data-domain="\w+" open>', html)) == 8
    assert checked(html, "answer_lives_alone") == "unknown"


def test_the_measurement_is_saved_with_the_visit_and_its_findings_shown(people, geo, login):
    # A boy of 1000 days, 11.5 kg at 100 cm standing: severe wasting (see measurements tests).
    child = make_child(geo["village_a"], "刘小虎", dob=TODAY - timedelta(days=1000))
    client = login(people["cwd_a"])
    response = post_visit(
        client, child, TODAY, **{"m-weight_kg": "11.5", "m-length_cm": "100", "m-position": "standing"}
    )
    assert response.status_code == 302
    visit = Visit.objects.get(child=child)
    m = visit.measurement
    assert (m.measured_on, m.weight_kg, m.length_cm, m.measured_lying, m.source) == (
        TODAY,
        11.5,
        100,
        False,
        Measurement.Source.CWD,
    )
    assert m.recorded_by == people["cwd_a"]
    assert "sam" in m.findings
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    with translation.override("zh-hans"):
        findings = describe(m.findings)
    for text in findings:
        assert text in page
    assert reverse("child_growth", args=[child.uuid]) in page


def test_no_measurement_is_recorded_when_the_section_is_left_empty(people, kids, login):
    post_visit(login(people["cwd_a"]), kids["a"], TODAY)
    assert Visit.objects.get(child=kids["a"]).measurement is None
    assert not Measurement.objects.exists()


def shown(message: str, language: str = "zh-hans") -> str:
    """`message` as the page shows it in `language` (translated, HTML-escaped)."""
    with translation.override(language):
        return escape(translation.gettext(message))


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("visited_on", (TODAY + timedelta(days=1)).isoformat(), "This date cannot be in the future."),
        ("visited_on", "2015-03-07", "The visit cannot be before the child's birth."),
        ("next_visit_on", (TODAY - timedelta(days=3)).isoformat(), "The next visit must be after this visit."),
        ("answer_truancy", "maybe", "Select a valid choice. %(value)s is not one of the available choices."),
    ],
)
def test_errors_are_shown_next_to_the_field_and_nothing_is_saved(people, kids, login, field, value, error):
    client = login(people["cwd_a"])
    data = visit_post(TODAY, living_conditions="屋顶漏水", **{"m-weight_kg": "30"})
    data[field] = value
    response = client.post(reverse("visit_new", args=[kids["a"].uuid]), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    block = field_block(html, field)
    assert "has-error" in block.split(">", 1)[0]
    assert shown(error) % {"value": value} in block
    assert shown("Please correct the fields marked below. Nothing has been saved yet.") in html
    # What was typed is still there.
    values = form_values(response)
    assert values["living_conditions"] == "屋顶漏水"
    assert values["m-weight_kg"] == "30"
    assert not Visit.objects.exists()
    assert not Measurement.objects.exists()


def test_a_wrong_measurement_keeps_the_visit_from_being_saved(people, kids, login):
    client = login(people["cwd_a"])
    response = post_visit(client, kids["a"], TODAY, needs="书包", **{"m-weight_kg": "1500"})
    assert response.status_code == 200
    assert 'value="1500"' in response.content.decode()
    assert form_values(response)["needs"] == "书包"
    assert not Visit.objects.exists()
    assert not Measurement.objects.exists()


def test_a_length_needs_the_position(people, kids, login):
    response = login(people["cwd_a"]).post(
        reverse("visit_new", args=[kids["a"].uuid]),
        visit_post(TODAY, **{"m-length_cm": "120"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Say whether the child was lying down or standing." in response.content.decode()
    assert not Visit.objects.exists()


def test_nothing_is_half_written_when_saving_fails(people, kids, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "do_log", broken)
    visit = Visit(child=kids["a"], visited_on=TODAY, answers={})
    measurement = Measurement(weight_kg=30)
    with pytest.raises(RuntimeError):
        actions.do_record_visit(people["cwd_a"], visit, measurement)
    assert not Visit.objects.exists()
    assert not Measurement.objects.exists()


def test_all_no_in_a_section_works_without_javascript(people, kids, login):
    client = login(people["cwd_a"])
    data = visit_post(TODAY, default="unknown", actions_taken="打电话给妈妈", all_no="abuse")
    response = client.post(reverse("visit_new", args=[kids["a"].uuid]), data)
    assert response.status_code == 200
    assert not Visit.objects.exists()
    html = response.content.decode()
    for code in (
        "unexplained_injuries",
        "genital_injury",
        "sexual_abuse_or_pregnancy",
        "domestic_violence",
        "bullying",
    ):
        assert checked(html, f"answer_{code}") == "no"
    assert checked(html, "answer_truancy") == "unknown"
    assert form_values(response)["actions_taken"] == "打电话给妈妈"
    assert '<details class="checklist-domain" data-domain="abuse" open>' in html


def test_saving_the_same_visit_twice_keeps_one(people, kids, login):
    """The phone lost the answer to the first POST; the CWD pressed Save again."""
    client = login(people["cwd_a"])
    first = post_visit(client, kids["a"], TODAY, truancy="yes", **{"m-weight_kg": "30"})
    again = post_visit(client, kids["a"], TODAY, truancy="yes", **{"m-weight_kg": "30"})
    assert first.url == again.url
    assert Visit.objects.count() == 1
    assert Measurement.objects.count() == 1
    # A different visit on the same day is a second visit.
    post_visit(client, kids["a"], TODAY, truancy="no")
    assert Visit.objects.count() == 2


def test_a_closed_file_takes_no_visit(people, geo, login):
    child = make_child(geo["village_a"], status="closed", closed_on=date(2024, 1, 1), closure_reason="moved")
    client = login(people["cwd_a"])
    assert client.get(reverse("visit_new", args=[child.uuid])).status_code == 404
    assert post_visit(client, child, TODAY).status_code == 404
    assert client.get(reverse("child_visits", args=[child.uuid])).status_code == 200
