"""Mandatory reports in a real browser on a 360 px phone in Chinese: a CWD files one for a red
child from the profile; the supervisor sees it in the list, without the witness's identity."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from followup.models import FollowUp, Tier
from partners.models import Organisation
from reports import actions
from reports.models import MandatoryReport
from visits import actions as visit_actions
from visits.models import Visit

from .support import CHROMIUM, NO_CHROMIUM, label, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

REPORT_URL = re.compile(r"/reports/[0-9a-f-]{36}/$")
WITNESS, WITNESS_PHONE = "周老师", "13800001111"


def police_station(geo) -> Organisation:
    return Organisation.objects.create(name="金城派出所", type=Organisation.Type.POLICE_STATION, division=geo["t1"])


def test_cwd_files_a_report_for_a_red_child_from_the_profile(phone, live_server, people, geo, results_dir):
    police = police_station(geo)
    child = make_child(geo["village_a"], "刘小花", sex="F")
    # A visit finds violence at home: the child turns red with a report trigger.
    visit_actions.do_record_visit(
        people["cwd_a"],
        Visit(child=child, visited_on=timezone.localdate(), saw_child=True, answers={"domestic_violence": "yes"}),
    )
    followup = FollowUp.objects.get(child=child)
    assert followup.tier == Tier.RED
    assert "SUSPECTED_DOMESTIC_VIOLENCE" in followup.triggers

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    page.locator("a[data-report-new]").tap()
    page.wait_for_url(re.compile(r"/reports/new/$"))

    # The triggers found at the visit are ticked; every other one is offered, unticked.
    for code in followup.triggers:
        expect(page.locator(f"input[name=triggers][value={code}]")).to_be_checked()
    expect(page.locator("input[name=triggers]:checked")).to_have_count(len(followup.triggers))
    expect(page.locator("main .notice.danger").first).to_contain_text("12355")
    expect(page.locator(f"input[name=channel][value={MandatoryReport.Channel.HOTLINE_12355}]")).to_have_count(1)

    page.locator("#id_facts").fill("孩子手臂上有新的淤青，说是爸爸打的")
    observed = timezone.localtime() - timedelta(hours=2)
    page.locator("#id_observed_at").fill(observed.strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=channel][value=police_station]").check()
    page.locator("#id_receiving_org").select_option(str(police.pk))
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "report-form-360.png"), full_page=True)
    page.locator("button[data-file-report]").tap()

    page.wait_for_url(REPORT_URL)
    expect(page.locator("main h1 [data-status]")).to_have_text(label(MandatoryReport.Status.FILED.label))
    expect(page.locator("main")).to_contain_text("金城派出所")
    expect(page.locator("main [data-step=filed]")).to_contain_text(people["cwd_a"].display_name)
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "report-detail-360.png"), full_page=True)
    assert page.context.js_errors == []

    report = MandatoryReport.objects.get()
    assert (report.child, report.filed_by, report.status) == (child, people["cwd_a"], MandatoryReport.Status.FILED)
    assert report.triggers == followup.triggers
    assert report.receiving_org == police
    assert page.url.endswith(f"/reports/{report.uuid}/")


def test_supervisor_sees_a_relayed_report_without_the_witness(phone, live_server, people, geo, results_dir):
    police = police_station(geo)
    child = make_child(geo["village_a"], "陈小军")
    now = timezone.now()
    actions.do_file_report(
        people["cwd_a"],
        MandatoryReport(
            child=child,
            triggers=["LIVING_ALONE_WITHOUT_GUARDIAN"],
            facts="孩子一个人住了两个星期",
            observed_at=now - timedelta(days=1),
            channel=MandatoryReport.Channel.POLICE_STATION,
            receiving_body=police.name,
            receiving_org=police,
            reported_at=now - timedelta(hours=2),
            relayed=True,
            reporter_name=WITNESS,
            reporter_role="teacher",
            reporter_phone=WITNESS_PHONE,
            reporter_told_at=now - timedelta(hours=5),
        ),
    )

    page = phone
    log_in(page, live_server, people["supervisor"], PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    item = page.locator("main .report-list .roster-item").filter(has_text="陈小军")
    expect(item).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(WITNESS)
    item.locator("a").tap()
    page.wait_for_url(REPORT_URL)
    expect(page.locator("main [data-reporter-hidden]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("孩子一个人住了两个星期")
    for secret in (WITNESS, WITNESS_PHONE):
        assert secret not in page.content()
    assert scroll_width(page) <= 360
    page.screenshot(path=str(results_dir / "report-supervisor-360.png"), full_page=True)
    assert page.context.js_errors == []


def test_the_police_warning_shows_as_soon_as_a_2020_situation_is_sent_elsewhere(phone, live_server, people, geo):
    """The warning appeared only after sending the form; now it shows while the CWD chooses, and goes
    again when she picks the police or a police station."""
    police = police_station(geo)
    child = make_child(geo["village_a"], "王小丽", sex="F")
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/reports/new/")
    warning = page.locator("[data-police-warning]")
    expect(warning).to_be_hidden()
    page.locator("input[name=triggers][value=ABNORMAL_INJURY_OR_DEATH]").check()
    expect(warning).to_be_hidden()  # no body chosen yet
    page.locator("input[name=channel][value=civil_affairs]").check()
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("公安")
    page.locator("input[name=channel][value=police_110]").check()
    expect(warning).to_be_hidden()
    page.locator("input[name=channel][value=education]").check()
    expect(warning).to_be_visible()
    page.locator("#id_receiving_org").select_option(str(police.pk))
    expect(warning).to_be_hidden()
    page.locator("#id_receiving_org").select_option("")
    page.locator("input[name=triggers][value=ABNORMAL_INJURY_OR_DEATH]").uncheck()
    expect(warning).to_be_hidden()
    assert page.context.js_errors == []
