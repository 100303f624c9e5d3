"""A council of agencies in the demo county and one case conference under way, so that `make run`
shows the whole flow (manage.py seed_demo, demo.discovery; after the tiers: the conference is on a
red child of the first township).

The county's council has the township health centre (partner1), the township school (school1),
the county police (police1, a demo login) and the women's federation (whose representative has
not signed the undertaking yet, so sees nothing). The first township's supervisor convened a
conference ten days ago on a red child of the first CWD's village; its minutes are recorded; the
police have done their action, the school's is three days late (the nightly job raises it), the
health centre's is due next week."""

from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from children.access import children_for_jobs
from followup.models import FollowUp, Tier
from geo.models import Division
from partners.models import Organisation

from . import actions
from .models import AgencyAction, Briefing, Conference, Council

ORDER = 210  # after the tiers (100) and the case plans (200)
LOGINS = ("police1",)  # printed by serve_demo with the other demo logins


@transaction.atomic
def seed(county: str, *, seed: int, today: date) -> str:
    officer = User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county).order_by("pk").first()
    supervisor = User.objects.filter(username="supervisor1", is_active=True).first()
    if officer is None or supervisor is None or Council.objects.filter(area_id=county).exists():
        return "no council (no county officer or supervisor, or one exists)"
    area = Division.objects.get(code=county)
    council = actions.do_create_council(officer, area, f"{area.name}困境儿童和留守儿童关爱保护协调会")
    orgs = {o.type: o for o in Organisation.objects.filter(division_id=county)}
    partner1 = User.objects.filter(username="partner1").first()
    school1 = User.objects.filter(username="school1").first()
    police = orgs.get(Organisation.Type.POLICE_STATION)
    police1, _created = User.objects.update_or_create(
        username="police1",
        defaults={
            "password": officer.password,
            "role": User.Role.PARTNER,
            "organisation": police,
            "full_name": "钱警官",
            "is_active": True,
        },
    )
    signed = today - timedelta(days=90)
    members = {}
    for key, org, rep, when in (
        ("health", partner1.organisation if partner1 else None, partner1, signed),
        ("school", school1.organisation if school1 else None, school1, signed),
        ("police", police, police1, signed),
        ("women", orgs.get(Organisation.Type.WOMENS_FEDERATION), None, None),
    ):
        if org is None:
            continue
        members[key] = actions.do_add_member(officer, council, org)
        if rep is not None:
            actions.do_add_representative(officer, members[key], rep, when)
    cwd1 = User.objects.filter(username="cwd1").first()
    village = cwd1.division_id if cwd1 else ""
    child = None
    # A red child of the first CWD's village, else of the township; else a yellow one.
    for tier in (Tier.RED, Tier.YELLOW):
        found = FollowUp.objects.filter(tier=tier, village_id__startswith=supervisor.division_id)
        ids = sorted(found.values_list("village_id", "child_id"), key=lambda r: (r[0] != village, r[1]))
        child = children_for_jobs().filter(pk__in=[c for _v, c in ids[:1]]).first()
        if child is not None:
            break
    if child is None:
        return f"1 council of {len(members)} agencies, no red or yellow child for a conference"
    invited = [members[k] for k in ("health", "school", "police") if k in members]
    held = today - timedelta(days=10)
    conference = actions.do_convene(
        supervisor,
        child,
        reason="孩子近一个月三次带伤到校，奶奶年迈管不住，父母在外务工联系不上。",
        urgency=Conference.Urgency.URGENT,
        meets_on=today,
        place=f"{supervisor.division.name}政府二楼会议室",
        members=invited,
        briefing=[Briefing.IDENTITY, Briefing.PLACE, Briefing.FAMILY, Briefing.RISK, Briefing.SCHOOLING],
    )
    Conference.objects.filter(pk=conference.pk).update(meets_on=held)
    conference.refresh_from_db()
    actions.do_record_minutes(
        supervisor,
        conference,
        attended=[m.pk for m in invited],
        child_views="孩子说奶奶有时会打她，她想让妈妈回来；在学校不想说话。",
        family_views="奶奶说孙女不听话，自己腿脚不好，管不过来；同意请孩子姑姑帮忙。",
        assessment="疑似家庭暴力和监护缺失，孩子情绪低落，需要派出所核查、学校关注和心理支持。",
        decisions="派出所三天内上门核查并联系父母；学校每天记录出勤和伤情；卫生院做一次心理评估；两周后复会。",
        follow_up_until=today + timedelta(days=60),
    )
    due = {"police": held + timedelta(days=3), "school": today - timedelta(days=3), "health": today + timedelta(days=7)}
    what = {
        "police": "上门核查，联系孩子父母，必要时训诫",
        "school": "每天记录孩子出勤和身上的伤，发现新伤当天告诉儿童主任",
        "health": "为孩子做一次心理评估，给出建议",
    }
    made = {}
    for key, member in members.items():
        if key in what and member in invited:
            made[key] = actions.do_assign_action(supervisor, conference, member, what[key], due[key])
    if "police" in made:
        actions.do_report_progress(
            police1,
            conference,
            made["police"],
            "已上门核查，已电话联系父亲，父亲答应春节前回来；已对奶奶进行教育。",
            done=True,
        )
        AgencyAction.objects.filter(pk=made["police"].pk).update(done_on=held + timedelta(days=2))
    return f"1 council of {len(members)} agencies, 1 conference with {len(made)} agency actions"
