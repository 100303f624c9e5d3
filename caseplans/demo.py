"""Demo case plans for some of the demo county's red and yellow children.

Deterministic for a seed. Children in the demo CWDs' villages come first, so that the personas
see plans: the first is awaiting the supervisor's approval, the second has an overdue action,
the rest are approved and on track (one already reviewed). Written straight to the tables, with
their events, because the demo has no requests to audit and must stay fast. Run by
`manage.py seed_demo` (demo.discovery) after the tiers are computed: the plans are for red and
yellow children.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.utils import timezone, translation

from accounts.models import User
from followup import texts
from followup.models import FollowUp, Tier
from geo.models import code_range, township_code
from partners.models import Organisation
from risk.checklist import BY_CODE

from .models import Action, CasePlan, Goal, PlanEvent, Review

ORDER = 200  # after followup's demo (100): plans need the tiers
PLANS = 6
OT = Organisation.Type
# Per domain: a goal and its actions as (text, organisation type or None, responsible person).
GOALS = {
    "supervision": (
        "孩子有稳定可靠的照料人，家中安全隐患消除",
        [
            ("与祖母商定日常照料安排，每周电话确认", None, "儿童主任"),
            ("检查并修好家中裸露电线", None, "祖父"),
        ],
    ),
    "abuse": (
        "孩子在家中免受暴力",
        [
            ("向派出所报告并跟进处理结果", OT.POLICE_STATION, "儿童主任"),
            ("安排社工心理疏导", OT.SOCIAL_WORK_STATION, ""),
        ],
    ),
    "exploitation": (
        "孩子不再外出务工或乞讨，回到学校",
        [
            ("与家长面谈，签订不让孩子外出务工承诺", None, "儿童主任"),
        ],
    ),
    "education": (
        "孩子每天按时上学",
        [
            ("与班主任沟通出勤情况，每周核对一次", None, "儿童主任"),
            ("办理返校手续", OT.EDUCATION_BUREAU, ""),
        ],
    ),
    "health": (
        "孩子完成体检，疾病得到治疗",
        [
            ("到乡镇卫生院体检并补种疫苗", OT.TOWNSHIP_HEALTH_CENTRE, "祖母陪同"),
        ],
    ),
    "mental_health": (
        "孩子情绪稳定，愿意与人交流",
        [
            ("社工每两周一次心理辅导", OT.SOCIAL_WORK_STATION, ""),
            ("鼓励孩子参加儿童之家活动", None, "儿童主任"),
        ],
    ),
    "economic": (
        "家庭按时领到应得的救助",
        [
            ("协助申请困境儿童基本生活补贴", OT.CIVIL_AFFAIRS_BUREAU, "儿童主任"),
        ],
    ),
    "guardianship": (
        "明确监护人，落实委托照护",
        [
            ("联系在外父母，确定委托照护人并签订协议", None, "儿童主任"),
        ],
    ),
}
SUMMARY = "走访发现：{reasons}。祖辈照料，父母长期在外务工。需要落实照料和相应服务。"


def _domains(reasons: list) -> list[str]:
    found = []
    for reason in reasons:
        item = BY_CODE.get(reason[1] if len(reason) > 1 else "")
        if item and item.domain not in found:
            found.append(item.domain)
    return found or ["supervision"]


def generate(county_code: str, *, seed: int, today: date) -> int:
    """Create case plans (some approved, some awaiting approval); returns how many."""
    rng = random.Random(seed * 104729 + 3)
    now = timezone.now()
    staff = list(
        User.objects.filter(
            is_active=True,
            division__code__range=code_range(county_code),
            role__in=[User.Role.CWD, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER],
        ).order_by("username")
    )
    cwds = {u.division_id: u for u in staff if u.role == User.Role.CWD}
    supervisors = {u.division_id: u for u in staff if u.role == User.Role.SUPERVISOR}
    county = next((u for u in staff if u.role == User.Role.COUNTY_OFFICER), None)
    orgs: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(is_active=True, division__code__range=code_range(county_code)).order_by(
        "-division_id", "pk"
    ):
        orgs.setdefault(org.type, org)  # the township's own first (longer codes sort first)
    has_plan = CasePlan.objects.exclude(status=CasePlan.Status.CLOSED).values("child_id")
    candidates = list(
        FollowUp.objects.filter(tier__in=[Tier.RED, Tier.YELLOW], village_id__range=code_range(county_code))
        .exclude(child_id__in=has_plan)
        .order_by("tier_rank", "child_id")
        .values_list("child_id", "village_id", "reasons")[:2000]
    )
    # The personas' villages first, taking turns (cwd1, cwd2, cwd3, cwd1…), so that the plan
    # awaiting approval and the overdue one both fall in supervisor1's township.
    persona_villages = [u.division_id for u in sorted(cwds.values(), key=lambda u: u.username)]
    seen: Counter[str] = Counter()
    keys = {}
    for child_id, village, _reasons in candidates:  # most at risk first within each village
        keys[child_id] = (0, seen[village], persona_villages.index(village)) if village in cwds else (1, 0, 0)
        seen[village] += 1
    candidates.sort(key=lambda row: keys[row[0]])
    made = 0
    for i, (child_id, village, reasons) in enumerate(candidates[:PLANS]):
        author = cwds.get(village) or supervisors.get(township_code(village)) or county
        approver = supervisors.get(township_code(village))
        if approver is None or approver == author:
            approver = county
        if author is None or approver is None:
            continue
        with translation.override("zh-hans"):
            reason_text = "、".join(str(texts.reason_text(r[1])).rstrip("。") for r in reasons[:2]) or "照料不足"
        submitted = i == 0
        submitted_at = now - timedelta(days=1 if submitted else rng.randint(10, 30))
        times = {
            PlanEvent.Kind.CREATED: submitted_at - timedelta(days=1),
            PlanEvent.Kind.SUBMITTED: submitted_at,
            PlanEvent.Kind.APPROVED: now - timedelta(days=8),
            PlanEvent.Kind.ACTION_DONE: now - timedelta(days=3),
            PlanEvent.Kind.REVIEWED: now - timedelta(days=2),
        }
        plan = CasePlan.objects.create(
            child_id=child_id,
            village_id=village,
            summary=SUMMARY.format(reasons=reason_text),
            status=CasePlan.Status.SUBMITTED if submitted else CasePlan.Status.APPROVED,
            review_on=today + timedelta(days=rng.randint(20, 60)),
            created_by=author,
            submitted_by=author,
            submitted_at=submitted_at,
            approved_by=None if submitted else approver,
            approved_at=None if submitted else now - timedelta(days=8),
        )
        events = [
            PlanEvent(plan=plan, kind=PlanEvent.Kind.CREATED, by=author),
            PlanEvent(plan=plan, kind=PlanEvent.Kind.SUBMITTED, by=author),
        ]
        if not submitted:
            events.append(PlanEvent(plan=plan, kind=PlanEvent.Kind.APPROVED, by=approver))
        goals_made = []
        for domain in _domains(reasons)[:2]:
            text, steps = GOALS[domain]
            goal = Goal.objects.create(plan=plan, domain=domain, text=text)
            goals_made.append(goal)
            for j, (action_text, org_type, person) in enumerate(steps):
                org = orgs.get(org_type) if org_type else None
                due = today + timedelta(days=rng.randint(5, 40))
                if i == 1 and not goals_made[1:] and j == 0:
                    due = today - timedelta(days=5)  # the overdue one, for the schedule and the alerts
                Action.objects.create(
                    goal=goal,
                    plan=plan,
                    text=action_text,
                    organisation=org,
                    responsible_person=person or ("" if org else "儿童主任"),
                    due_on=due,
                )
        if i == 2 and goals_made:
            first = Action.objects.filter(plan=plan).order_by("pk").first()
            first.status, first.done_on, first.due_on = (
                Action.Status.DONE,
                today - timedelta(days=3),
                today - timedelta(days=2),
            )
            first.save(update_fields=["status", "done_on", "due_on"])
            Review.objects.create(
                plan=plan,
                reviewed_on=today - timedelta(days=2),
                by=author,
                progress="已完成第一项措施，孩子情况有所好转，继续跟进。",
                goal_statuses={str(g.pk): g.status for g in goals_made},
                next_review_on=plan.review_on,
            )
            events += [
                PlanEvent(plan=plan, kind=PlanEvent.Kind.ACTION_DONE, by=author, note=first.text),
                PlanEvent(plan=plan, kind=PlanEvent.Kind.REVIEWED, by=author),
            ]
        PlanEvent.objects.bulk_create(events)
        # Back-date the history to the story told above (the timestamps are set on insert).
        CasePlan.objects.filter(pk=plan.pk).update(created_at=times[PlanEvent.Kind.CREATED])
        for kind, at in times.items():
            PlanEvent.objects.filter(plan=plan, kind=kind).update(at=at)
        made += 1
    return made


def seed(county: str, *, seed: int, today: date) -> str:
    return f"{generate(county, seed=seed, today=today)} case plans"
