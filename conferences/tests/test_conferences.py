"""Multi-agency case conferences (issue 17): the council and its representatives' undertakings,
convening with a need-to-know briefing pack, what each agency sees (404 for everything else),
minutes, actions and their progress, escalation of late actions, follow-up and closing."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from alerts.models import Alert
from audit.models import AuditEvent
from conferences import actions, services
from conferences.alert_kinds import ACTION, INVITED, OVERDUE
from conferences.indicators import conference_figures
from conferences.models import AgencyAction, Briefing, Conference
from conftest import make_child, make_user
from core.errors import ActionError
from partners.models import Organisation

TODAY = timezone.localdate()


@pytest.fixture
def table(people, geo):
    """The county's council: school, health centre (with `partner`) and police station, each with
    a representative who signed the undertaking; the women's federation's representative has not."""
    county = people["county"]
    council = actions.do_create_council(county, geo["county"], "仪陇县要保护儿童协调会")
    orgs = {
        "school": Organisation.objects.create(name="金城镇中心小学", type="school", division=geo["t1"]),
        "health": people["partner"].organisation,
        "police": Organisation.objects.create(name="金城派出所", type="police_station", division=geo["t1"]),
        "women": Organisation.objects.create(name="县妇联", type="womens_federation", division=geo["county"]),
        "far": Organisation.objects.create(name="南部县派出所", type="police_station", division=geo["other_county"]),
    }
    reps = {
        "school": make_user("teacher", User.Role.PARTNER, organisation=orgs["school"], full_name="赵老师"),
        "health": people["partner"],
        "police": make_user("officer", User.Role.PARTNER, organisation=orgs["police"], full_name="钱警官"),
        "women": make_user("women", User.Role.PARTNER, organisation=orgs["women"]),
    }
    members = {k: actions.do_add_member(county, council, orgs[k]) for k in ("school", "health", "police", "women")}
    for k, user in reps.items():
        actions.do_add_representative(county, members[k], user, None if k == "women" else TODAY - timedelta(days=30))
    return {"council": council, "orgs": orgs, "reps": reps, "members": members}


@pytest.fixture
def child(geo):
    return make_child(geo["village_a"], "张小红", sex="F")


def convene(people, table, child, **kw):
    m = table["members"]
    return actions.do_convene(
        people["supervisor"],
        child,
        reason="孩子多次带伤上学，奶奶管不了",
        urgency="urgent",
        meets_on=TODAY,
        place="金城镇政府会议室",
        members=kw.pop("members", [m["school"], m["health"], m["police"], m["women"]]),
        briefing=kw.pop("briefing", [Briefing.IDENTITY, Briefing.RISK, Briefing.SCHOOLING]),
        **kw,
    )


def test_invited_representatives_with_an_undertaking_are_told_without_the_childs_name(people, table, child):
    conference = convene(people, table, child)
    told = sorted(a.recipient.username for a in Alert.objects.filter(kind=INVITED))
    assert told == ["officer", "partner", "teacher"]  # never the one without an undertaking
    assert all(a.child is None for a in Alert.objects.filter(kind=INVITED))
    assert conference.village_id == child.village_id
    assert conference.council == table["council"]


def test_each_agency_reads_only_the_briefing_pack_and_every_view_is_audited(client, people, table, child):
    conference = convene(people, table, child)
    client.force_login(table["reps"]["school"])
    page = client.get(reverse("conference", args=[conference.uuid]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "张小红" in body  # identity was shared
    assert [code for code, _t, _rows in page.context["pack"]] == ["identity", "risk", "schooling"]
    assert "张父" not in body
    assert "张奶奶" not in body
    assert "/children/" not in body  # no way into the file
    event = AuditEvent.objects.filter(actor=table["reps"]["school"], child=child).latest("pk")
    assert event.details == {"what": "conference", "via": f"conference:{conference.pk}"}


def test_no_undertaking_not_invited_another_agency_or_county_is_404_on_everything(client, people, table, child):
    m = table["members"]
    conference = convene(people, table, child, members=[m["school"], m["women"]])
    action = actions.do_assign_action(people["supervisor"], conference, m["school"], "每天记录出勤", TODAY)
    far = make_user("faraway", User.Role.PARTNER, organisation=table["orgs"]["far"])
    urls = [
        reverse("conference", args=[conference.uuid]),
        reverse("conference_follow_up", args=[conference.uuid]),
    ]
    for who in (table["reps"]["women"], table["reps"]["police"], far, people["cwd_c"], people["other_county"]):
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 404, (who.username, url)
        post = client.post(reverse("conference_progress", args=[conference.uuid, action.pk]), {"note": "x"})
        assert post.status_code == 404
        assert conference.uuid.hex not in client.get(reverse("conference_list")).content.decode().replace("-", "")


def test_a_removed_agency_loses_access_at_once(client, people, table, child):
    conference = convene(people, table, child)
    client.force_login(table["reps"]["police"])
    assert client.get(reverse("conference", args=[conference.uuid])).status_code == 200
    actions.do_remove_member(people["county"], table["members"]["police"])
    assert client.get(reverse("conference", args=[conference.uuid])).status_code == 404


def test_actions_progress_escalation_follow_up_and_closing(client, people, table, child):
    m = table["members"]
    conference = convene(people, table, child, members=[m["school"], m["health"], m["police"]])
    actions.do_record_minutes(
        people["supervisor"],
        conference,
        attended=[m["school"].pk, m["police"].pk],
        child_views="她说奶奶打她，想让妈妈回来",
        family_views="奶奶说管不住",
        assessment="存在监护缺失和疑似家暴",
        decisions="派出所上门核查；学校每天关注",
        follow_up_until=TODAY + timedelta(days=60),
    )
    police = actions.do_assign_action(people["supervisor"], conference, m["police"], "上门核查并训诫", TODAY)
    school = actions.do_assign_action(
        people["supervisor"], conference, m["school"], "每天记录出勤和伤情", TODAY - timedelta(days=8)
    )
    assert sorted(a.recipient.username for a in Alert.objects.filter(kind=ACTION)) == ["officer", "teacher"]
    with pytest.raises(ActionError):  # only invited agencies get actions
        actions.do_assign_action(people["supervisor"], conference, m["women"], "x", TODAY)

    # The police see their action only, and complete it.
    client.force_login(table["reps"]["police"])
    page = client.get(reverse("conference", args=[conference.uuid]))
    assert [a.pk for a in page.context["actions"]] == [police.pk]
    assert "她说奶奶打她" not in page.content.decode()  # the minutes stay with the convening side
    client.post(
        reverse("conference_progress", args=[conference.uuid, police.pk]),
        {"note": "已上门，已训诫，奶奶签保证书", "done": "on"},
    )
    police.refresh_from_db()
    assert police.status == AgencyAction.Status.DONE
    assert police.done_on == TODAY
    # The police cannot report on the school's action.
    response = client.post(reverse("conference_progress", args=[conference.uuid, school.pk]), {"note": "x"})
    assert response.status_code == 404

    # The school's action is 8 days late: the convener and the county hear (once).
    counts = services.escalate_overdue(TODAY)
    assert counts == {"convener": 1, "county": 1}
    told = sorted(a.recipient.username for a in Alert.objects.filter(kind=OVERDUE))
    assert told == ["county", "sup1"]
    assert services.escalate_overdue(TODAY) == {"convener": 0, "county": 0}

    # A follow-up reviews it; closing records the outcome and stops the escalation.
    follow = convene(people, table, child, previous=conference)
    assert follow.previous == conference
    actions.do_close(people["supervisor"], conference, "派出所已处理，学校继续关注")
    assert Conference.objects.get(pk=conference.pk).status == Conference.Status.CLOSED
    AgencyAction.objects.filter(pk=school.pk).update(due_on=TODAY - timedelta(days=20))
    Alert.objects.filter(kind=OVERDUE).delete()
    assert services.escalate_overdue(TODAY) == {"convener": 0, "county": 0}

    # Representatives read a closed conference until the follow-up ends, then never again.
    assert client.get(reverse("conference", args=[conference.uuid])).status_code == 200
    Conference.objects.filter(pk=conference.pk).update(follow_up_until=TODAY - timedelta(days=1))
    assert client.get(reverse("conference", args=[conference.uuid])).status_code == 404


def test_who_may_convene_and_manage_the_council(client, people, table, child, geo):
    client.force_login(people["cwd_a"])
    assert client.get(reverse("conference_new", args=[child.uuid])).status_code == 404
    assert client.get(reverse("conference_council")).status_code == 404
    client.force_login(people["supervisor_t2"])
    assert client.get(reverse("conference_new", args=[child.uuid])).status_code == 404
    client.force_login(people["supervisor"])
    assert client.get(reverse("conference_new", args=[child.uuid])).status_code == 200
    with pytest.raises(ActionError):
        actions.do_add_member(people["supervisor"], table["council"], table["orgs"]["far"])
    with pytest.raises(ActionError):  # a representative is staff of the agency
        actions.do_add_representative(people["county"], table["members"]["school"], table["reps"]["police"], TODAY)
    other = make_child(geo["village_d"], "李四")
    with pytest.raises(ActionError):
        convene(people, table, other)


def test_the_convene_form_keeps_what_was_typed_and_says_what_is_missing(client, people, table, child):
    client.force_login(people["supervisor"])
    response = client.post(
        reverse("conference_new", args=[child.uuid]),
        {
            "reason": "孩子多次带伤",
            "urgency": "urgent",
            "meets_on": str(TODAY),
            "place": "镇政府",
            "briefing": ["risk"],
        },
    )
    assert response.status_code == 200
    assert "孩子多次带伤" in response.content.decode()
    assert response.context["form"].errors["members"]
    assert not Conference.objects.exists()


def test_the_minutes_pdf_leaves_out_what_an_agency_may_not_read(client, people, table, child):
    m = table["members"]
    conference = convene(people, table, child, members=[m["school"], m["police"]])
    actions.do_record_minutes(
        people["supervisor"],
        conference,
        attended=[m["school"].pk],
        child_views="她说想妈妈",
        family_views="奶奶说管不住",
        assessment="监护缺失",
        decisions="学校每天关注",
        follow_up_until=TODAY + timedelta(days=30),
    )
    actions.do_assign_action(people["supervisor"], conference, m["school"], "每天记录出勤", TODAY)
    actions.do_assign_action(people["supervisor"], conference, m["police"], "上门核查", TODAY)

    def text(user) -> str:
        client.force_login(user)
        response = client.get(reverse("conference_pdf", args=[conference.uuid]))
        assert response["Content-Type"] == "application/pdf"
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)

    full = text(people["supervisor"])
    assert "她说想妈妈" in full
    assert "上门核查" in full
    school = text(table["reps"]["school"])
    assert "学校每天关注" in school
    assert "每天记录出勤" in school
    assert "她说想妈妈" not in school
    assert "奶奶说管不住" not in school
    assert "上门核查" not in school


def test_the_dashboards_figures_count_conferences_and_actions(people, table, child):
    m = table["members"]
    conference = convene(people, table, child, members=[m["school"], m["police"]])
    assert conference_figures(TODAY, "511324") == {}  # planned, not yet held
    actions.do_record_minutes(
        people["supervisor"],
        conference,
        attended=[m["school"].pk],
        child_views="-",
        family_views="-",
        assessment="-",
        decisions="-",
        follow_up_until=TODAY,
    )
    late = actions.do_assign_action(people["supervisor"], conference, m["school"], "a", TODAY - timedelta(days=1))
    done = actions.do_assign_action(people["supervisor"], conference, m["police"], "b", TODAY)
    actions.do_report_progress(table["reps"]["police"], conference, done, "ok", done=True)
    assert late.pk
    assert conference_figures(TODAY, "511324") == {
        child.village_id: {
            "conferences_held_365d": 1,
            "conference_actions_open": 1,
            "conference_actions_late": 1,
            "conference_actions_done_365d": 1,
            "conference_actions_on_time_365d": 1,
        }
    }
    assert conference_figures(TODAY, "511321") == {}
