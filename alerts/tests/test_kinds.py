"""The alert kinds registry: apps register their kinds; alerts itself knows none of them."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from alerts import kinds
from alerts.actions import do_alert
from alerts.models import Alert
from children.actions import do_transfer_child
from referrals.actions import do_close, do_refer
from referrals.models import Referral

# The values stored before the registry (alerts/migrations/0004_more_kinds.py): none may change.
STORED = {
    "new_red",
    "overdue_visit",
    "contact_lapsed",
    "supervisor_comment",
    "under16_without_guardian",
    "under8_unattended",
    "no_caregiver_parents_away",
    "report_feedback_overdue",
    "referral_new",
    "referral_accepted",
    "referral_declined",
    "referral_in_progress",
    "referral_completed",
    "referral_overdue",
    "report_filed",
    "truancy",
    "dropout",
    "school_ambiguous",
    "case_plan_submitted",
    "case_plan_approved",
    "case_plan_returned",
    "case_action_overdue",
    "case_review_due",
    "other",
    "policy_alert",
}
# Kinds apps registered since (their codes must not change either: alerts are stored with them).
ADDED = {
    "recheck_condition_counts",
    "recheck_condition_ended",
    "recheck_lbc_condition_counts",
    "recheck_left_behind_age",
    "recheck_turned_18",
    "sweep_started",
    # benefits/alert_kinds.py
    "benefit_to_review",
    "benefit_to_approve",
    "benefit_decided",
    "benefit_returned",
    "benefit_mismatch",
    "benefit_near_18",
    "benefit_recheck_due",
    # training/alert_kinds.py
    "training_expiring",
    "training_expired",
    # conferences/alert_kinds.py
    "conference_invited",
    "conference_action",
    "conference_overdue",
    # family/alert_kinds.py
    "family_linked",
    "family_entrusted",
    "family_notice",
    "family_answered",
    "benefit_stopped",
    # workforce/alert_kinds.py
    "caseload_over_norm",
    "term_ending",
    "handover_received",
    "supervision_action_overdue",
}
# Enough params for every kind's text and its own link.
PARAMS = {
    "referral": str(uuid.uuid4()),
    "report": str(uuid.uuid4()),
    "plan": str(uuid.uuid4()),
    "reasons": "x",
    "due": "2026-11-30",
    "days": 9,
    "author": "王芳",
    "text": "请再去一次",
}


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry that a test may add to without leaking into the others."""
    monkeypatch.setattr(kinds, "_KINDS", dict(kinds._KINDS))
    return kinds


def test_every_stored_kind_is_registered_by_its_app():
    registered = {code for code, _ in kinds.choices()}
    assert registered >= STORED
    # The test suite installs one more app (tests/settings.py), which brings its own kind.
    assert registered - STORED == {"afterschool_enrolled", *ADDED}
    assert Alert._meta.get_field("kind").choices == kinds.choices()


@pytest.mark.parametrize("language", ["zh-hans", "en", "ja"])
def test_every_kind_reads_as_a_sentence_never_a_code(people, kids, language):
    with translation.override(language):
        for code, _ in kinds.choices():
            alert = Alert(recipient=people["cwd_a"], kind=code, child=kids["a"], params={})
            text = kinds.alert_text(alert)
            assert text
            assert code not in text
            assert kinds.label(code) != code


def test_an_unknown_kind_falls_back_to_its_stored_text_or_a_label(people, kids):
    with translation.override("en"):
        stored = Alert(recipient=people["cwd_a"], kind="gone_kind", child=kids["a"], params={"text": "Call the school"})
        assert kinds.alert_text(stored) == "Call the school"
        bare = Alert(recipient=people["cwd_a"], kind="gone_kind", child=kids["a"], params={})
        assert kinds.alert_text(bare) == "Other" == kinds.label("gone_kind")
        # It still leads to the child's file, like any kind without a link of its own.
        assert kinds.alert_link(bare, people["cwd_a"]) == reverse("child_detail", args=[kids["a"].uuid])


def test_partner_staff_are_never_sent_to_a_childs_file(people, kids):
    child_file = reverse("child_detail", args=[kids["a"].uuid])
    for code in [*(c for c, _ in kinds.choices()), "gone_kind"]:
        for params in ({}, PARAMS):
            alert = Alert(recipient=people["partner"], kind=code, child=kids["a"], params=params)
            link = kinds.alert_link(alert, people["partner"])
            assert link != child_file, code
            assert not link.startswith(("/children/", "/case-plans/")), code
    # Staff of the child's area do get there.
    alert = Alert(recipient=people["cwd_a"], kind="new_red", child=kids["a"], params={})
    assert kinds.alert_link(alert, people["cwd_a"]) == child_file


def test_kinds_with_a_place_of_their_own_lead_there(people, kids):
    def link(code):
        return kinds.alert_link(Alert(kind=code, child=kids["a"], params=PARAMS), people["supervisor"])

    assert link("referral_overdue") == reverse("referral_detail", args=[PARAMS["referral"]])
    assert link("report_filed") == reverse("report_detail", args=[PARAMS["report"]])
    assert link("case_review_due") == reverse("case_plan_detail", args=[PARAMS["plan"]])
    partner_link = kinds.alert_link(Alert(kind="referral_new", child=kids["a"], params=PARAMS), people["partner"])
    assert partner_link == reverse("referral_detail", args=[PARAMS["referral"]])


def test_registering_a_code_twice_is_an_error(registry):
    with pytest.raises(ImproperlyConfigured, match="new_red"):
        registry.register("new_red", "Again", text=lambda alert: "")


def test_a_kind_an_app_registers_is_a_choice_without_a_migration(registry, people, kids):
    registry.register("benefit_due", "Benefit due", text=lambda alert: f"{alert.child.name}: benefit due")
    field = Alert._meta.get_field("kind")
    assert ("benefit_due", "Benefit due") in field.choices
    [alert] = do_alert([people["cwd_a"]], "benefit_due", child=kids["a"])
    alert.full_clean()  # a registered kind is a valid value
    assert kinds.alert_text(alert) == "张伟: benefit due"
    call_command("makemigrations", "alerts", "--check", "--dry-run", verbosity=0)  # exits if one were needed


def _open_referral(people, child):
    referral = Referral(child=child, organisation=people["partner"].organisation, service="health", urgency="high",
                        need="体检", guardian_consent=True)  # fmt: skip
    return do_refer(people["cwd_a"], referral)


def _inbox(client, user) -> str:
    client.force_login(user)
    with translation.override("en"):
        return client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_inbox_shows_each_kinds_text_and_link(client, people, kids):
    referral = _open_referral(people, kids["a"])  # alerts the clinic's staff
    [red] = do_alert([people["partner"]], "new_red", child=kids["a"], params={"reasons": "x"})
    page = _inbox(client, people["partner"])
    assert reverse("child_detail", args=[kids["a"].uuid]) not in page
    # Each alert opens through the inbox, which leads where the alert points.
    new = Alert.objects.get(recipient=people["partner"], kind="referral_new")
    assert client.get(reverse("alert_open", args=[new.uuid])).url == reverse("referral_detail", args=[referral.uuid])
    assert client.get(reverse("alert_open", args=[red.uuid])).url == reverse("inbox")  # not the child's file
    assert "New referral: 张伟 needs" in page
    # The red alert is about a child partner staff may not see: it names no one.
    assert "a child is now red" in page


def test_an_alert_stops_naming_a_child_the_reader_can_no_longer_see(client, people, kids, geo):
    do_alert([people["cwd_a"], people["supervisor"], people["county"]], "overdue_visit", child=kids["a"],
             params={"due": "2026-11-30"})  # fmt: skip
    assert "张伟: visit overdue" in _inbox(client, people["cwd_a"])
    do_transfer_child(people["county"], kids["a"], geo["village_c"], date(2026, 12, 1), "搬家")
    for former in (people["cwd_a"], people["supervisor"]):  # village A, township 1
        page = _inbox(client, former)
        assert "张伟" not in page
        assert "a child: visit overdue since 2026-11-30." in page
        assert reverse("child_detail", args=[kids["a"].uuid]) not in page
    assert "张伟: visit overdue" in _inbox(client, people["county"])  # still the county's child


def test_partner_staff_lose_the_name_when_the_referral_closes(client, people, kids):
    referral = _open_referral(people, kids["a"])
    assert "张伟" in _inbox(client, people["partner"])
    do_close(people["cwd_a"], referral, "家长已带孩子去县医院")
    page = _inbox(client, people["partner"])
    assert "张伟" not in page
    assert "New referral: a child needs" in page
