"""A new domain app plugs into Shouhu without any other file naming it.

tests/extension_app (四点半课堂, the after-school class) is installed only by tests/settings.py.
Its panel shows on the child's profile, its alert kind reads as text in the inbox, its audit
action is a valid choice, its risk fact reaches the engine, its nightly job runs and its rows
follow the child on transfer: each through an extension point, none through an edit elsewhere.
"""

import copy
import subprocess
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alerts.kinds import alert_text
from alerts.models import Alert
from audit.models import AuditEvent
from children.actions import do_transfer_child
from followup.models import RiskPolicy
from followup.services import CHILD_FIELDS, build_facts
from risk.defaults import NATIONAL_DEFAULT
from shouhu.nightly import run_jobs
from tests.extension_app.actions import do_enrol
from tests.extension_app.models import Enrolment

TODAY = date(2026, 12, 1)


def test_the_app_is_named_nowhere_else(settings):
    """Outside its folder, only the test settings that install it (and the docs) name it."""
    hits = subprocess.run(
        ["git", "grep", "-l", "extension_app"],  # noqa: S607 (git from PATH, as the developer runs it)
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    ).stdout.split()
    code = [h for h in hits if not h.startswith("tests/extension_app/") and not h.startswith("tests/test_")]
    assert sorted(code) == ["docs/architecture.md", "tests/settings.py"]


def test_its_panel_shows_on_the_profile_only_where_it_has_something(people, kids, login):
    do_enrol(people["cwd_a"], kids["a"], "石佛村四点半课堂", TODAY)
    page = login(people["cwd_a"]).get(reverse("child_detail", args=[kids["a"].uuid])).content.decode()
    assert "data-after-school" in page
    assert "石佛村四点半课堂" in page
    other = login(people["cwd_b"]).get(reverse("child_detail", args=[kids["b"].uuid])).content.decode()
    assert "data-after-school" not in other


def test_its_alert_and_audit_action_read_as_text(people, kids):
    do_enrol(people["supervisor"], kids["a"], "石佛村四点半课堂", TODAY)
    alert = Alert.objects.get(recipient=people["cwd_a"])
    assert alert_text(alert) == "张伟 joined the after-school class 石佛村四点半课堂."
    event = AuditEvent.objects.get(action="enrol")
    assert event.get_action_display() == "Enrolled in the after-school class"


def test_its_risk_fact_reaches_the_engine_and_its_job_runs_nightly(people, kids):
    do_enrol(people["cwd_a"], kids["a"], "石佛村四点半课堂", TODAY)
    rows = [{f: getattr(c, f if f != "id" else "pk") for f in CHILD_FIELDS} for c in (kids["a"], kids["b"])]
    facts, _overrides = build_facts(rows, TODAY)
    assert facts[kids["a"].pk]["in_after_school_class"] is True
    assert facts[kids["b"].pk]["in_after_school_class"] is False
    assert run_jobs(today=TODAY)["tests.extension_app.jobs.count_enrolments"] == 1


def test_its_rows_follow_the_child_on_transfer(people, kids, geo):
    enrolment = do_enrol(people["cwd_a"], kids["a"], "石佛村四点半课堂", TODAY)
    do_transfer_child(people["county"], kids["a"], geo["village_c"], TODAY, "搬家")
    enrolment.refresh_from_db()
    assert enrolment.village_id == geo["village_c"].code
    assert Enrolment.objects.count() == 1


def test_a_county_policy_may_test_the_fact_it_declares(geo):
    policy = copy.deepcopy(NATIONAL_DEFAULT)
    policy["reasons"] = {"after_school": "In the after-school class."}
    policy["rules"].append({"code": "after_school", "tier": "green", "reason": "after_school",
                            "when": {"fact": "in_after_school_class", "is": True}})  # fmt: skip
    RiskPolicy(division=geo["county"], data=policy).full_clean()
    policy["rules"][-1]["when"] = {"fact": "in_a_club_nobody_declared", "is": True}
    with pytest.raises(ValidationError, match="unknown fact"):
        RiskPolicy(division=geo["county"], data=policy).full_clean()
