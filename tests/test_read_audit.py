"""Every page, list, form, API answer and search that shows a child's data leaves a trace
(audit.reads): one event per child shown, with the page and the reason, in one INSERT."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert
from audit.models import AuditEvent
from audit.reads import ReadAuditMiddleware, mask_query, note_read
from caseplans.models import CasePlan
from children import choices as c
from children.identity import mask_id_number
from children.tests.test_registration import form_data
from conftest import make_child, make_user
from followup.models import TIER_RANK, FollowUp
from partners.models import Organisation
from referrals.models import Referral
from referrals.tests.test_referrals import refer
from reports.tests.conftest import file
from visits.models import Visit

TODAY = timezone.localdate()
AUDIT_INSERT = f'INSERT INTO "{AuditEvent._meta.db_table}"'


def set_tier(child, tier: str, due_on=TODAY) -> None:
    FollowUp.objects.update_or_create(
        child=child,
        defaults={
            "village_id": child.village_id,
            "tier": tier,
            "computed_tier": tier,
            "tier_rank": TIER_RANK[tier],
            "due_on": due_on,
            "computed_at": timezone.now(),
        },
    )


@pytest.fixture
def world(people, kids, geo, login):
    """Child a with a visit, an open referral to the clinic, a report to the police, a plan."""
    a = kids["a"]
    clinic = people["partner"].organisation
    clinic.services = ["health"]
    clinic.save()
    refer(login(people["cwd_a"]), a, clinic)
    police = Organisation.objects.create(name="金城派出所", type=Organisation.Type.POLICE_STATION, division=geo["t1"])
    officer = make_user("police1", User.Role.PARTNER, organisation=police, full_name="刘警官")
    set_tier(a, "red", due_on=TODAY - timedelta(days=3))
    set_tier(kids["b"], "red", due_on=TODAY - timedelta(days=3))  # red, overdue, nobody acting yet
    AuditEvent.objects.all().delete()  # only the reads of each test
    return {
        "a": a,
        "b": kids["b"],
        "visit": Visit.objects.create(child=a, visited_on=TODAY, recorded_by=people["cwd_a"]),
        "referral": Referral.objects.get(child=a),
        "report": file(people["cwd_a"], a, police=police),
        "plan": CasePlan.objects.create(child=a, village_id=a.village_id, summary="计划", review_on=TODAY),
        "officer": officer,
        "no_id": make_child(geo["village_a"], "无号", with_id=False),
        "waiting": make_child(geo["village_b"], "待确认", status=c.Status.REGISTERED),
    }


def read(client, url):
    """GET url; the response, the read events it wrote, and how many INSERTs into the trail."""
    AuditEvent.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    inserts = sum(q["sql"].startswith(AUDIT_INSERT) for q in queries.captured_queries)
    return response, list(AuditEvent.objects.order_by("id")), inserts


def u(name, *args):
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def child_uuid(w):
    return w["a"].uuid


# (persona, url, the page ("what") each event names, the child shown, the reason, besides the staff default)
PAGES = [
    ("cwd_a", u("child_detail", child_uuid), "profile", "a", None),
    ("cwd_a", u("child_edit", lambda w: w["no_id"].uuid), "edit", "no_id", None),
    ("cwd_a", u("child_photo", child_uuid), "photo", "a", None),
    ("county", u("child_history", child_uuid), "history", "a", None),
    ("county", u("child_reads", child_uuid), "reads", "a", None),
    ("supervisor", u("queue"), "queue", "waiting", None),
    ("cwd_a", u("roster"), "roster", "a no_id", None),
    ("cwd_a", u("child_growth", child_uuid), "growth", "a", None),
    ("cwd_a", u("child_visits", child_uuid), "visits", "a", None),
    ("cwd_a", u("visit_detail", child_uuid, lambda w: w["visit"].uuid), "visit", "a", None),
    ("cwd_a", u("visit_new", child_uuid), "visit_form", "a", None),
    ("cwd_a", u("visit_edit", child_uuid, lambda w: w["visit"].uuid), "visit_form", "a", None),
    ("cwd_a", u("contact_new", child_uuid), "contact_form", "a", None),
    ("cwd_a", u("child_referrals", child_uuid), "referrals", "a", None),
    ("cwd_a", u("referral_new", child_uuid), "referral_form", "a", None),
    ("cwd_a", u("referral_list"), "referrals", "a", None),
    ("partner", u("referral_list"), "referrals", "a", "referral"),
    ("partner", u("referral_detail", lambda w: w["referral"].uuid), "referral", "a", "referral"),
    ("partner", u("inbox"), "inbox", "a", "alert"),
    ("cwd_a", u("report_new", child_uuid), "report_form", "a", None),
    ("cwd_a", u("reports_list"), "reports", "a", None),
    ("officer", u("reports_list"), "reports", "a", "report"),
    ("officer", u("report_detail", lambda w: w["report"].uuid), "report", "a", "report"),
    ("cwd_a", u("case_plan", child_uuid), "plan", "a", None),
    ("cwd_a", u("case_plan_detail", lambda w: w["plan"].uuid), "plan", "a", None),
    ("cwd_a", u("case_plan_edit", lambda w: w["plan"].uuid), "plan_form", "a", None),
    ("cwd_a", u("today"), "today", "a", None),
    ("supervisor", u("followup_overdue"), "followup", "b", None),
    ("cwd_a", lambda w: f"/api/v1/children/{w['a'].uuid}", "api_child", "a", None),
    ("cwd_a", lambda w: "/api/v1/children/", "api_roster", "a no_id", None),
    ("officer", lambda w: f"/api/v1/reports/{w['report'].uuid}/", "api_report", "a", "report"),
    ("officer", lambda w: "/api/v1/reports/", "api_reports", "a", "report"),
]


def persona(people, world, name):
    return world["officer"] if name == "officer" else people[name]


@pytest.mark.parametrize(("who", "url", "what", "shown", "via"), PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES])
def test_each_page_records_who_saw_which_child_and_why_in_one_insert(
    people, world, login, settings, tmp_path, who, url, what, shown, via
):
    user = persona(people, world, who)
    if what == "photo":
        settings.MEDIA_ROOT = tmp_path
        world["a"].photo.save("a.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    response, events, inserts = read(login(user), url(world))
    assert response.status_code == 200
    assert inserts == 1
    mine = [e for e in events if e.details["what"] == what]
    assert {e.child_id for e in mine} == {world[name].pk for name in shown.split()}
    assert all(e.actor == user and e.action == "view" and e.ip_address == "127.0.0.1" for e in mine)
    expected = {
        None: f"division:{user.division_id}",
        "referral": f"referral:{world['referral'].pk}",
        "report": f"report:{world['report'].pk}",
        "alert": f"alert:{Alert.objects.filter(recipient=user, child=world['a']).values_list('pk', flat=True).first()}",
    }[via]
    assert {e.details["via"] for e in mine} == {expected}


def test_a_list_records_only_the_children_on_the_page_shown(people, geo, login, settings):
    settings.ROSTER_PAGE_SIZE = 2
    made = [make_child(geo["village_a"], f"孩子{n}") for n in range(5)]
    client = login(people["cwd_a"])
    response, events, inserts = read(client, reverse("roster"))
    assert response.status_code == 200
    assert inserts == 1
    first = {e.child_id for e in events}
    assert len(first) == 2
    assert first <= {ch.pk for ch in made}
    _response, events, _inserts = read(client, reverse("roster") + "?page=3")
    assert len({e.child_id for e in events}) == 1
    assert not first & {e.child_id for e in events}


def test_a_search_by_id_number_stores_only_the_masked_number_and_the_count(people, kids, login):
    number = kids["a"].id_number
    response, events, inserts = read(login(people["cwd_a"]), reverse("roster") + f"?q={number}")
    assert response.status_code == 200
    assert inserts == 1
    search = next(e for e in events if e.action == "search")
    assert search.details == {"what": "roster", "q": mask_id_number(number), "count": 1, "id_number": True}
    assert search.child is None
    assert [e.child_id for e in events if e.action == "view"] == [kids["a"].pk]
    assert not AuditEvent.objects.filter(details__icontains=number).exists()


def test_an_api_search_by_id_number_is_masked_too(people, kids, login):
    number = kids["a"].id_number
    _response, events, inserts = read(login(people["cwd_a"]), f"/api/v1/children/?q={number}")
    assert inserts == 1
    search = next(e for e in events if e.action == "search")
    assert search.details["q"] == mask_id_number(number)
    assert search.details["count"] == 1


def test_a_name_search_is_stored_as_typed(people, kids, login):
    _response, events, _inserts = read(login(people["cwd_a"]), reverse("roster") + "?q=张伟")
    assert next(e for e in events if e.action == "search").details == {"what": "roster", "q": "张伟", "count": 1}


def test_partial_id_numbers_in_a_query_are_masked():
    assert mask_query("51132420150308123X") == ("511324********123X", True)
    assert mask_query("张 5113242015") == ("张 **********", True)
    assert mask_query("张伟 12") == ("张伟 12", False)


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("child_detail", args=[w["a"].uuid]),
        lambda w: reverse("child_growth", args=[w["a"].uuid]),
        lambda w: reverse("referral_detail", args=[w["referral"].uuid]),
        lambda w: reverse("report_detail", args=[w["report"].uuid]),
        lambda w: f"/api/v1/children/{w['a'].uuid}",
    ],
)
def test_a_request_refused_with_404_writes_nothing(people, world, login, url):
    response, events, inserts = read(login(people["cwd_c"]), url(world))
    assert response.status_code == 404
    assert events == []
    assert inserts == 0


def test_a_form_shown_again_with_its_errors_is_recorded(people, world, login):
    client = login(people["cwd_a"])
    AuditEvent.objects.all().delete()
    response = client.post(reverse("child_growth", args=[world["a"].uuid]), {"measured_on": "bad"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="view", details__what="growth").count() == 1


@pytest.mark.parametrize(("status", "written"), [(200, 1), (400, 1), (409, 1), (302, 0), (404, 0), (500, 0)])
def test_reads_are_written_only_when_the_page_was_shown(people, kids, rf, status, written):
    def view(request):
        note_read(request, kids["a"], what="profile")
        return HttpResponse(status=status)

    request = rf.get("/")
    request.user = people["cwd_a"]
    ReadAuditMiddleware(view)(request)
    assert AuditEvent.objects.filter(child=kids["a"], action="view").count() == written


def test_the_county_sees_who_looked_when_where_and_why(people, world, login):
    a = world["a"]
    login(people["cwd_a"]).get(reverse("child_growth", args=[a.uuid]))
    login(people["partner"]).get(reverse("referral_detail", args=[world["referral"].uuid]))
    response = login(people["county"]).get(reverse("child_reads", args=[a.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    assert "李红" in html
    assert "生长发育页" in html
    assert "本人辖区：石佛村" in html
    assert f"转介 #{world['referral'].pk} 给 金城镇卫生院" in html
    assert "partner" in html
    assert "金城镇卫生院" in html
    assert "2 次" in html
    # Filtered to one person, and the county's own reading is itself on the record.
    filtered = login(people["county"]).get(reverse("child_reads", args=[a.uuid]) + "?who=李红").content.decode()
    assert "李红" in filtered
    assert "金城镇卫生院" not in filtered
    assert AuditEvent.objects.filter(actor=people["county"], child=a, details__what="reads").count() == 2


@pytest.mark.parametrize("who", ["cwd_a", "supervisor", "partner", "other_county", "cwd_d"])
def test_who_looked_is_404_for_everyone_but_the_county(people, world, login, who):
    response = login(people[who]).get(reverse("child_reads", args=[world["a"].uuid]))
    assert response.status_code == 404


def test_a_possible_duplicate_shown_at_registration_is_recorded_with_its_reason(people, geo, kids, login):
    data = form_data(
        geo["village_a"], id_number=kids["d"].id_number, date_of_birth=kids["d"].date_of_birth.isoformat(), sex="F"
    )
    AuditEvent.objects.all().delete()
    response = login(people["cwd_a"]).post(reverse("child_register"), data)
    assert "赵*" in response.content.decode()
    event = AuditEvent.objects.get(action="view")
    assert (event.child, event.details) == (kids["d"], {"what": "duplicate", "via": "duplicate"})


def test_an_export_says_why_the_exporter_could_see_each_child(people, world, login):
    a = world["a"]
    assert login(people["cwd_a"]).get(reverse("roster_export", args=["csv"])).status_code == 200
    event = AuditEvent.objects.get(child=a, action="export")
    assert event.details["via"] == f"division:{people['cwd_a'].division_id}"
    html = login(people["county"]).get(reverse("child_reads", args=[a.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "本人辖区：石佛村" in html.content.decode()
