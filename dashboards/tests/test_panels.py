"""The pages render the panels registered for their slots, and partner staff see none of them.

A probe panel stands for a new domain app: it is registered from here, not from any app, and the
profile, Today and the follow-up page show it without knowing it exists."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from caseplans.models import Action
from caseplans.tests.test_caseplans import make_plan
from conftest import make_child
from core import panels
from core.scope import in_scope, is_staff_role
from followup import services
from measurements.models import Measurement
from schools.models import Absence
from visits.models import Visit

TODAY = timezone.localdate()
CHILD_SLOTS = ("child_actions", "child_profile", "child_facts")


def _child_probe(slot):
    def probe(request, child):
        if not in_scope(request.user, child.village_id):  # the app's own access check
            return ""
        return format_html('<p data-probe="{}">{}</p>', slot, child.name)

    return probe


def _schedule_probe(slot):
    def probe(request, day):
        if not is_staff_role(request.user, "cwd", "supervisor", "county_officer"):
            return ""
        return format_html('<p data-probe="{}">{}</p>', slot, day.isoformat())

    return probe


@pytest.fixture
def probe():
    """A test app's panel in every slot: between visits and referrals in the buttons, after the risk
    card on the profile, before the growth card among the facts, first on Today and the follow-up page."""
    registered = [
        ("child_actions", 15, _child_probe),
        ("child_profile", 11, _child_probe),
        ("child_facts", 5, _child_probe),
        ("today", 5, _schedule_probe),
        ("followup", 5, _schedule_probe),
    ]
    for slot, order, make in registered:
        panels.register(slot, order=order, name="probe")(make(slot))
    yield
    for slot, _order, _make in registered:
        panels.unregister(slot, "probe")


@pytest.fixture
def red_child(geo, people):
    """A red child with a trigger, a measurement and school absences: every panel of the profile has something."""
    child = make_child(geo["village_a"], "张伟")
    Visit.objects.create(
        child=child, visited_on=TODAY - timedelta(days=8), answers={"lives_alone": "yes"}, recorded_by=people["cwd_a"]
    )
    services.recompute_all()
    Measurement.objects.create(child=child, measured_on=TODAY, weight_kg=25, length_cm=125, recorded_by=people["cwd_a"])
    Absence.objects.create(child=child, school=people["partner"].organisation, date=TODAY, reason="病假")
    return child


def test_the_profile_renders_the_registered_panels_in_their_places(people, red_child, probe, login):
    page = (
        login(people["supervisor"])
        .get(reverse("child_detail", args=[red_child.uuid]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    href = f'href="/children/{red_child.uuid}'
    order = [
        f'{href}/visits/"',
        'data-probe="child_actions"',
        f'{href}/referrals/"',
        f'{href}/edit/"',
        f'{href}/growth/"',
        'class="card risk',
        'data-probe="child_profile"',
        "data-report-new",
        'data-case-plan="none"',
        'id="school"',
        "Eligibility (derived)",
        'data-probe="child_facts"',
        "No growth problem found",
        "Schooling and health",
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)
    # Rendered with the request: the override form carries the csrf token, the texts the user's language.
    risk = page[page.index('class="card risk') : page.index('data-probe="child_profile"')]
    assert 'name="csrfmiddlewaretoken"' in risk
    assert "Set the tier by hand" in risk
    # The village's CWD of the next village cannot open the page at all.
    assert login(people["cwd_b"]).get(reverse("child_detail", args=[red_child.uuid])).status_code == 404


def test_partner_staff_see_no_panel_of_a_child(people, red_child, probe):
    factory = RequestFactory()
    for persona, sees in (("partner", False), ("cwd_b", False), ("cwd_a", True)):
        request = factory.get("/")
        request.user = people[persona]
        for slot in CHILD_SLOTS:
            html = panels.render(slot, request, child=red_child)
            assert bool(html) is sees, (persona, slot)
            assert (red_child.name in html) is sees, (persona, slot)
    request.user = people["cwd_a"]
    html = panels.render("child_profile", request, child=red_child)
    assert all(marker in html for marker in ("card risk", "data-report-new", "caseplan-card", "病假"))


def test_today_and_the_followup_page_render_the_registered_panels(people, geo, probe, login):
    plan = make_plan(make_child(geo["village_a"], "刘洋"), people["cwd_a"], status="approved")
    Action.objects.filter(plan=plan).update(due_on=TODAY - timedelta(days=2))
    page = login(people["cwd_a"]).get(reverse("today")).content.decode()
    assert page.index('data-probe="today"') < page.index("data-caseplan-today") < page.index('class="roster today"')
    page = login(people["supervisor"]).get(reverse("followup_overdue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        page.index("Red children without a report or referral")
        < page.index('data-probe="followup"')
        < page.index("data-plans-awaiting")
    )


def test_partner_staff_see_no_panel_on_today_and_no_followup_page(people, geo, probe, login):
    plan = make_plan(make_child(geo["village_a"], "刘洋"), people["cwd_a"], status="approved")
    Action.objects.filter(plan=plan).update(due_on=TODAY - timedelta(days=2))
    client = login(people["partner"])
    page = client.get(reverse("today")).content.decode()
    assert "data-probe" not in page
    assert "data-caseplan-today" not in page
    assert "刘洋" not in page
    assert client.get(reverse("followup_overdue")).status_code == 404


def test_the_profile_with_every_panel_keeps_its_query_count(people, red_child, login, django_assert_max_num_queries):
    client = login(people["supervisor"])
    client.get(reverse("child_detail", args=[red_child.uuid]))
    # Session, user, child, audit row, household and the registry's own figures, then a query or
    # two per panel; the risk card, the report link and the case plan share one follow-up query;
    # one more for the test suite's own after-school app (tests/settings.py); one for the sweep card
    # (is the child on a running sweep's list); three for the allowance card (its allowance, its
    # latest application, and the jurisdiction's eligibility rules for the "apply" prompt, which
    # benefits re-derives: children.assess does not share them); two for case conferences (is there
    # a council to convene, and the child's conferences with their open actions).
    with django_assert_max_num_queries(28):
        client.get(reverse("child_detail", args=[red_child.uuid]))
