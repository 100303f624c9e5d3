"""Filing a mandatory report: at once, with no approval; the form validates and keeps input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from followup.models import FollowUp, Tier
from followup.texts import trigger_text
from reports import actions
from reports.actions import do_file_report
from reports.models import MandatoryReport, ReportEvent

from .conftest import WITNESS, WITNESS_PHONE, new_report


def dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def form_data(police=None, **extra) -> dict:
    now = timezone.now()
    data = {
        "triggers": ["SUSPECTED_DOMESTIC_VIOLENCE", "GUARDIAN_INCAPABLE_OR_NEGLECTING"],
        "facts": "孩子脸上有伤",
        "observed_at": dt(now - timedelta(hours=2)),
        "channel": "police_station",
        "receiving_org": str(police.pk) if police else "",
        "receiving_body": "",
        "receipt_number": "",
        "reported_at": dt(now),
    }
    return data | extra


def test_cwd_files_at_once_without_approval(people, kids, police, login):
    client = login(people["cwd_a"])
    response = client.post(reverse("report_new", args=[kids["a"].uuid]), form_data(police))
    report = MandatoryReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("report_detail", args=[report.uuid])
    # In force as saved: filed, by her, to the police station chosen; no approval step exists.
    assert report.status == MandatoryReport.Status.FILED
    assert report.filed_by == people["cwd_a"]
    assert report.receiving_body == "金城派出所"
    assert report.triggers == ["SUSPECTED_DOMESTIC_VIOLENCE", "GUARDIAN_INCAPABLE_OR_NEGLECTING"]
    assert report.feedback_due_on == timezone.localdate(report.reported_at) + timedelta(days=7)
    assert list(report.events.values_list("kind", "by")) == [("filed", people["cwd_a"].pk)]
    audit = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, child=kids["a"])
    assert audit.details["report"] == str(report.uuid)
    page = client.get(response["Location"]).content.decode()
    assert "孩子脸上有伤" in page
    assert "金城派出所" in page


def test_feedback_days_come_from_settings(people, kids, login, settings):
    settings.SHOUHU_REPORT_FEEDBACK_DAYS = 15
    response = login(people["supervisor"]).post(
        reverse("report_new", args=[kids["a"].uuid]), form_data(channel="hotline_12355")
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = MandatoryReport.objects.get()
    assert report.feedback_due_on == timezone.localdate(report.reported_at) + timedelta(days=15)
    # A hotline needs no body named: the hotline is the body.
    assert report.receiving_body == str(MandatoryReport.Channel.HOTLINE_12355.label)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"triggers": []}, "triggers"),
        ({"triggers": ["NOT_A_TRIGGER"]}, "triggers"),
        ({"facts": ""}, "facts"),
        ({"channel": ""}, "channel"),
        ({"receiving_org": ""}, "receiving_body"),
        ({"observed_at": dt(timezone.now() + timedelta(days=1))}, "observed_at"),
        ({"reported_at": dt(timezone.now() - timedelta(days=1))}, "reported_at"),  # before the facts were seen
        ({"relayed": "on"}, "reporter_name"),
        ({"relayed": "on", "reporter_name": WITNESS, "reporter_role": "teacher"}, "reporter_told_at"),
        (
            {
                "relayed": "on",
                "reporter_name": WITNESS,
                "reporter_role": "teacher",
                "reporter_told_at": dt(timezone.now() + timedelta(hours=2)),
            },
            "reporter_told_at",
        ),
    ],
)
def test_invalid_report_is_not_saved_and_keeps_input(people, kids, police, login, change, field):
    client = login(people["cwd_a"])
    response = client.post(reverse("report_new", args=[kids["a"].uuid]), form_data(police, **change))
    assert response.status_code == 200
    assert not MandatoryReport.objects.exists()
    html = response.content.decode()
    block = html[html.index(f'id="wrap-{field}"') :]
    block = block[: block.index('id="wrap-', 10)] if 'id="wrap-' in block[10:] else block
    assert 'class="fielderror"' in block, field
    if change.get("facts", None) != "":
        assert "孩子脸上有伤" in html  # what was typed is still there


def test_relayed_without_time_order_is_refused(people, kids, police, login):
    now = timezone.now()
    client = login(people["cwd_a"])
    response = client.post(
        reverse("report_new", args=[kids["a"].uuid]),
        form_data(
            police,
            relayed="on",
            reporter_name=WITNESS,
            reporter_role="teacher",
            reporter_told_at=dt(now - timedelta(minutes=30)),
            reported_at=dt(now - timedelta(hours=1)),
        ),
    )
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = translation.gettext("They must have told you before you forwarded the report.")
    assert expected in response.content.decode()


def test_direct_report_stores_no_reporter(people, kids, police, login):
    login(people["cwd_a"]).post(
        reverse("report_new", args=[kids["a"].uuid]), form_data(police, reporter_name="不该保存")
    )
    report = MandatoryReport.objects.get()
    assert not report.relayed
    assert report.reporter_name == ""


def test_form_prefills_the_red_childs_triggers(people, kids, login):
    child = kids["a"]
    FollowUp.objects.create(
        child=child,
        village_id=child.village_id,
        tier=Tier.RED,
        computed_tier=Tier.RED,
        tier_rank=0,
        triggers=["LIVING_ALONE_WITHOUT_GUARDIAN"],
        due_on=timezone.localdate(),
        computed_at=timezone.now(),
    )
    html = login(people["cwd_a"]).get(reverse("report_new", args=[child.uuid])).content.decode()
    assert 'value="LIVING_ALONE_WITHOUT_GUARDIAN"' in html
    tag = html[html.rindex("<input", 0, html.index('value="LIVING_ALONE_WITHOUT_GUARDIAN"')) :]
    assert "checked" in tag[: tag.index(">")]
    assert str(trigger_text("ORGANISED_BEGGING")) in html  # every trigger is offered
    assert "12355" in html
    assert "110" in html
    assert html.count(" checked") == 1


def test_the_laws_triggers_are_prefilled_even_when_the_county_policy_keeps_the_child_yellow(people, kids, login):
    """Issue 12: the duty to report is the law's. The old form prefilled only for a red child, so a
    county policy without the trigger rules (or an override) hid the situation the law names."""
    child = kids["a"]
    FollowUp.objects.create(
        child=child,
        village_id=child.village_id,
        tier=Tier.YELLOW,
        computed_tier=Tier.YELLOW,
        tier_rank=1,
        triggers=["LIVING_ALONE_WITHOUT_GUARDIAN"],
        due_on=timezone.localdate(),
        computed_at=timezone.now(),
    )
    html = login(people["cwd_a"]).get(reverse("report_new", args=[child.uuid])).content.decode()
    assert html.count(" checked") == 1
    tag = html[html.rindex("<input", 0, html.index('value="LIVING_ALONE_WITHOUT_GUARDIAN"')) :]
    assert "checked" in tag[: tag.index(">")]


def test_no_prefill_without_a_trigger(people, kids, login):
    child = kids["a"]
    FollowUp.objects.create(
        child=child,
        village_id=child.village_id,
        tier=Tier.RED,
        computed_tier=Tier.RED,
        tier_rank=0,
        triggers=[],
        due_on=timezone.localdate(),
        computed_at=timezone.now(),
    )
    html = login(people["cwd_a"]).get(reverse("report_new", args=[child.uuid])).content.decode()
    assert " checked" not in html


POLICE_WARNING_ZH = "你发现的情况属于法律规定必须立即向公安报案的情形"


def test_a_2020_situation_reported_to_civil_affairs_is_filed_with_a_clear_warning(people, kids, login):
    """高检发〔2020〕9号 Art. 4: the nine situations go to the police. Filing elsewhere is allowed
    (MPL Art. 11) but the form and the report's page say plainly to call the police too."""
    client = login(people["cwd_a"])
    url = reverse("report_new", args=[kids["a"].uuid])
    data = form_data(
        triggers=["ABNORMAL_INJURY_OR_DEATH"], channel="civil_affairs", receiving_body="县民政局", facts=""
    )
    shown_again = client.post(url, data).content.decode()  # facts missing: the form comes back
    assert POLICE_WARNING_ZH in shown_again
    response = client.post(url, data | {"facts": "孩子在砖厂干活时摔伤，腿可能残疾"})
    assert response.status_code == 302
    report = MandatoryReport.objects.get()
    assert report.skips_police
    page = client.get(response["Location"]).content.decode()
    assert POLICE_WARNING_ZH in page
    assert page.count(POLICE_WARNING_ZH) == 2  # the message after filing and the notice on the page


@pytest.mark.parametrize(
    ("triggers", "channel", "warned"),
    [
        (["ABNORMAL_INJURY_OR_DEATH"], "police_110", False),
        (["ABNORMAL_INJURY_OR_DEATH"], "education", True),
        (["ORGANISED_BEGGING"], "hotline_12355", True),
        # A 2016 situation only (not one of the nine): MPL Art. 11 lets it go to civil affairs.
        (["SUSPECTED_DOMESTIC_VIOLENCE"], "civil_affairs", False),
    ],
)
def test_the_police_warning_is_for_the_nine_2020_situations_sent_elsewhere(
    people, kids, login, triggers, channel, warned
):
    client = login(people["cwd_a"])
    data = form_data(triggers=triggers, channel=channel, receiving_body="某部门")
    response = client.post(reverse("report_new", args=[kids["a"].uuid]), data)
    assert response.status_code == 302
    assert MandatoryReport.objects.get().skips_police is warned
    page = client.get(response["Location"]).content.decode()
    assert ("data-police-warning" in page) is warned


def test_the_warning_reads_in_english_and_japanese(people, kids, login):
    client = login(people["cwd_a"])
    report_url = client.post(
        reverse("report_new", args=[kids["a"].uuid]),
        form_data(triggers=["ORGANISED_BEGGING"], channel="education", receiving_body="县教育局"),
    )["Location"]
    for lang, words in (("en", "must be reported to the police at once"), ("ja", "警察へすぐに通報")):
        page = client.get(report_url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert words in page, lang


def test_closed_file_cannot_be_reported_on_here(people, kids, login):
    child = kids["a"]
    child.status, child.closed_on, child.closure_reason = "closed", timezone.localdate(), "moved_away"
    child.save(update_fields=["status", "closed_on", "closure_reason"])
    assert login(people["cwd_a"]).get(reverse("report_new", args=[child.uuid])).status_code == 404


def test_filing_writes_one_history_step(relayed_report):
    assert ReportEvent.objects.filter(report=relayed_report).count() == 1


def test_filing_alerts_who_follows_the_child_up_but_never_names_the_witness(people, kids, police, officer, login):
    from alerts.kinds import alert_text
    from alerts.models import Alert

    report = new_report(kids["a"], police=police, relayed=True)
    do_file_report(people["cwd_a"], report)
    alerts = Alert.objects.filter(kind="report_filed")
    # The township supervisor, the county and the police station's staff; not the filer, not
    # other villages' CWDs, not other townships or counties.
    assert {a.recipient.username for a in alerts} == {"sup1", "county", "police1"}
    for alert in alerts:
        assert WITNESS not in alert_text(alert)
        assert WITNESS_PHONE not in str(alert.params)
        assert "李红" in alert_text(alert)  # the filer
    # Each inbox leads to the report itself; the police officer's to a page they may open.
    mine = alerts.get(recipient=officer)
    assert f'href="{reverse("alert_open", args=[mine.uuid])}"' in login(officer).get(reverse("inbox")).content.decode()
    link = reverse("report_detail", args=[report.uuid])
    assert login(officer).get(reverse("alert_open", args=[mine.uuid])).url == link
    assert login(officer).get(link).status_code == 200
    # Filing again (a retry) raises nothing twice.
    actions._alert_filed(people["cwd_a"], report)
    assert Alert.objects.filter(kind="report_filed").count() == 3


def test_partner_alerts_never_lead_to_the_child_file(people, kids, login):
    from alerts.actions import do_alert

    do_alert([people["partner"]], "other", child=kids["a"], params={"text": "注意"})
    page = login(people["partner"]).get(reverse("inbox")).content.decode()
    assert "注意" in page
    assert reverse("child_detail", args=[kids["a"].uuid]) not in page
