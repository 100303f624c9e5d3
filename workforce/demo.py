"""Demo workforce for the demo county: a registry record for each demo staff account (posts,
terms, ID numbers), CWDs without accounts for the other villages (registered by real name, as
the national system requires, though not every CWD logs in yet), a deputy, a recent handover
(a former CWD whose village passed to cwd3, whose first visits the supervisor reviews),
supervision logs with follow-up actions (one overdue), one spot check with a village scored, the
county's caseload norm and six months of caseloads. Run by `manage.py seed_demo` (demo.discovery)."""

import random
from datetime import date, timedelta

from django.db.models import Q

from accounts.models import User
from children.identity import make_id_number
from geo.models import Division, code_range

from . import actions, services
from .models import (
    Assignment,
    CaseloadNorm,
    CaseloadSnapshot,
    FollowUpAction,
    Handover,
    Post,
    SpotCheck,
    SpotCheckVillage,
    SupervisionLog,
    Worker,
    WorkerChange,
)
from .spotcheck import draw

ORDER = 250  # after the visits (cwd3's first visits go to review) and the tiers (caseloads)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许邓冯韩曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任卢姚"
GIVEN = [
    "秀英",
    "桂兰",
    "建华",
    "志强",
    "春梅",
    "玉兰",
    "德明",
    "丽华",
    "文军",
    "海燕",
    "国平",
    "淑珍",
    "红霞",
    "明辉",
    "小琴",
]
VILLAGE_POSTS = [
    [Post.WOMENS_DIRECTOR],
    [Post.WOMENS_DIRECTOR, Post.COMMITTEE_MEMBER],
    [Post.COMMITTEE_DIRECTOR],
    [Post.ACCOUNTANT],
    [Post.COMMITTEE_MEMBER],
    [Post.GRADUATE_OFFICIAL],
]
SEED = 20261201  # the spot check's draw number, shown on its page


def _id(rng, division: str, born: date, sex: str) -> str:
    return make_id_number(division, born, rng.randint(1, 499), sex)


def _worker(rng, *, role, division, name, appointed_on, today, user=None, posts=(), review_visits=0) -> Worker:
    sex = "F" if rng.random() < 0.7 else "M"  # women members preferred (DOMAIN.md §4)
    born = date(rng.randint(1968, 1995), rng.randint(1, 12), rng.randint(1, 28))
    # Village committees serve five-year terms; the demo's end within three years of today.
    term = today + timedelta(days=rng.randint(200, 1000))
    return Worker(
        role=role,
        division_id=division,
        full_name=name,
        sex=sex,
        id_number=_id(rng, division, born, sex),
        phone=f"13{rng.randint(100000000, 999999999)}",
        posts=list(posts),
        appointed_on=appointed_on,
        term_ends_on=term,
        user=user,
        review_visits=review_visits,
    )


def seed(county: str, *, seed: int, today: date) -> str:
    rng = random.Random(seed + 16)
    if Worker.objects.filter(division__pk__range=code_range(county)).exists():
        return "workforce already seeded"
    staff = list(
        User.objects.filter(
            is_active=True,
            role__in=[User.Role.CWD, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER],
            division__pk__range=code_range(county),
        ).order_by("pk")
    )
    officer = next((u for u in staff if u.role == User.Role.COUNTY_OFFICER), None)
    if officer is None:
        return "no county officer: no workforce"
    by_username = {u.username: u for u in staff}
    cwd3 = by_username.get("cwd3")
    workers: list[Worker] = []
    for u in staff:
        appointed = today - timedelta(days=rng.randint(400, 1500))
        posts = rng.choice(VILLAGE_POSTS) if u.role == User.Role.CWD else []
        review = 0
        if u is cwd3:
            appointed, review = today - timedelta(days=20), 5
        workers.append(
            _worker(
                rng,
                role=u.role,
                division=u.division_id,
                name=u.full_name or u.username,
                appointed_on=appointed,
                today=today,
                user=u,
                posts=posts,
                review_visits=review,
            )
        )
    # A CWD for every other village, registered without an account (most villages do not log in yet).
    villages = list(
        Division.objects.filter(level=Division.Level.VILLAGE, code__range=code_range(county)).values_list(
            "code", flat=True
        )
    )
    with_account = {u.division_id for u in staff if u.role == User.Role.CWD}
    for code in villages:
        if code in with_account:
            continue
        workers.append(
            _worker(
                rng,
                role=Worker.Role.CWD,
                division=code,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                appointed_on=today - timedelta(days=rng.randint(200, 2000)),
                today=today,
                posts=rng.choice(VILLAGE_POSTS),
            )
        )
    Worker.objects.bulk_create(workers)
    workers = list(Worker.objects.filter(division__pk__range=code_range(county)).select_related("user"))
    Assignment.objects.bulk_create(
        Assignment(worker=w, village_id=w.division_id, kind=Assignment.Kind.MAIN, starts_on=w.appointed_on)
        for w in workers
        if w.role == Worker.Role.CWD
    )
    WorkerChange.objects.bulk_create(
        WorkerChange(worker=w, kind=WorkerChange.Kind.REGISTERED, by=officer, fields={"role": w.role}) for w in workers
    )
    me = {w.user_id: w for w in workers if w.user_id}
    # A deputy for cwd1's village.
    cwd1 = me.get(getattr(by_username.get("cwd1"), "pk", None))
    if cwd1 is not None:
        deputy = _worker(
            rng,
            role=Worker.Role.CWD,
            division=cwd1.division_id,
            name="邓小琴",
            appointed_on=today - timedelta(days=300),
            today=today,
            posts=[Post.GRADUATE_OFFICIAL],
        )
        deputy.save()
        Assignment.objects.create(
            worker=deputy, village_id=cwd1.division_id, kind=Assignment.Kind.DEPUTY, starts_on=deputy.appointed_on
        )
    handed = _recent_handover(rng, me.get(getattr(cwd3, "pk", None)), officer, today)
    CaseloadNorm.objects.update_or_create(county_id=county, defaults={"max_files": 60, "max_hours": 40})
    logs = _supervision(rng, staff, officer, today)
    check = _spot_check(rng, county, villages, staff, officer, today)
    services.snapshot_caseloads(today)
    _past_caseloads(rng, today)
    reviews = actions.sync_reviews([w for w in workers if w.review_visits])
    return (
        f"{len(workers)} workers, {handed} handover, {logs} supervision log entries, "
        f"spot check #{check.seed if check else '-'}, {reviews} visits to review"
    )


def _recent_handover(rng, successor: Worker | None, officer, today: date) -> int:
    """A former CWD who left 20 days ago after 4 years; their village passed to cwd3."""
    if successor is None:
        return 0
    day = successor.appointed_on
    former = _worker(
        rng,
        role=Worker.Role.CWD,
        division=successor.division_id,
        name="苏桂兰",
        appointed_on=day - timedelta(days=4 * 365),
        today=today,
        posts=[Post.WOMENS_DIRECTOR],
    )
    former.left_on, former.leaving_reason, former.term_ends_on = day, "调任乡镇工作", None
    former.save()
    Assignment.objects.create(
        worker=former,
        village_id=successor.division_id,
        kind=Assignment.Kind.MAIN,
        starts_on=former.appointed_on,
        ends_on=day - timedelta(days=1),
    )
    Handover.objects.create(
        leaving=former,
        successor=successor,
        handover_on=day,
        township_id=former.division_id[:9],
        status=Handover.Status.DONE,
        moved={"villages": 1, "referrals": 1, "plans": 1, "drafts": 0, "alerts": 3},
        created_by=officer,
        completed_by=officer,
    )
    K = WorkerChange.Kind
    WorkerChange.objects.bulk_create(
        [
            WorkerChange(worker=former, kind=K.UNASSIGNED, by=officer, fields={"village": former.division_id}),
            WorkerChange(worker=former, kind=K.DEACTIVATED, by=officer, fields={"left_on": day.isoformat()}),
        ]
    )
    return 1


FINDINGS = [
    ("台账有3份档案未更新监护人电话，已当场指导补录。", "补录监护人联系电话"),
    ("儿童之家开放时间未公示，图书角缺少低龄读物。", "公示开放时间并补充绘本"),
    ("走访记录齐全，红色儿童均在期限内走访。", ""),
    ("宣传栏未张贴强制报告制度海报。", "张贴强制报告宣传海报"),
]


def _supervision(rng, staff, officer, today: date) -> int:
    made = 0
    for sup in [u for u in staff if u.role == User.Role.SUPERVISOR]:
        villages = list(
            Division.objects.filter(level=Division.Level.VILLAGE, code__range=code_range(sup.division_id))
            .order_by("code")
            .values_list("code", flat=True)[:3]
        )
        for i, code in enumerate(villages):
            findings, action = FINDINGS[(made + i) % len(FINDINGS)]
            log = SupervisionLog.objects.create(
                village_id=code,
                visited_on=today - timedelta(days=7 + 12 * i),
                checked=["files", "visits", "childrens_home", "awareness"][: 2 + i],
                findings=findings,
                author=sup,
            )
            if action:
                # The oldest visit's action is overdue: the nightly job alerts it.
                FollowUpAction.objects.create(
                    village_id=code, log=log, text=action, due_on=today + timedelta(days=14 - 20 * i), created_by=sup
                )
            made += 1
    return made


def _spot_check(rng, county: str, villages, staff, officer, today: date) -> SpotCheck | None:
    check = SpotCheck.objects.create(
        county_id=county, seed=SEED, per_township=2, drawn_on=today - timedelta(days=10), created_by=officer
    )
    drawn = draw(SEED, 2, villages)
    SpotCheckVillage.objects.bulk_create(SpotCheckVillage(spot_check=check, village_id=c) for c in drawn)
    first = check.villages.order_by("village_id").first()
    if first is not None:
        first.scores = {"files": 4, "visits": 3, "childrens_home": 2, "awareness": 4}
        first.findings = "儿童之家本月仅开放2次；入户走访记录签字不全。"
        first.checked_on, first.checked_by = today - timedelta(days=5), officer
        first.save()
        FollowUpAction.objects.create(
            village_id=first.village_id,
            spot_check=first,
            text="儿童之家每周至少开放2次并登记",
            due_on=today + timedelta(days=20),
            created_by=officer,
        )
    return check


def _past_caseloads(rng, today: date) -> None:
    """Five earlier months around this month's figures, for the "over time" table."""
    month = today.replace(day=1)
    current = list(CaseloadSnapshot.objects.filter(month=month).filter(~Q(files=0)))
    rows = []
    for back in range(1, 6):
        m = (month - timedelta(days=28 * back)).replace(day=1)
        for s in current:
            overdue = max(0, min(s.files, s.overdue + rng.randint(-3, 3)))
            rows.append(
                CaseloadSnapshot(
                    worker_id=s.worker_id,
                    month=m,
                    files=s.files,
                    red=s.red,
                    yellow=s.yellow,
                    visits_due=s.visits_due,
                    overdue=overdue,
                    hours=s.hours,
                )
            )
    CaseloadSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
