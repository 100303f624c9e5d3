"""Demo allowances for the demo county: the 2025 national average standards (DOMAIN.md §2 W3),
applications waiting at every step, allowances running for most of the children recorded as
orphans or de facto unsupported, two issued and paid monthly rolls and this month's draft, and a
finance persona (`finance1`) who sees the rolls. Run by `manage.py seed_demo` (demo.discovery)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from children.access import children_for_jobs
from children.choices import Status
from geo.models import code_range

from . import actions, months
from .models import Application, Benefit, Category, PaymentStandard, Step

ORDER = 200
STANDARDS = {
    Category.ORPHAN_INSTITUTIONAL: Decimal("2069.90"),
    Category.ORPHAN_DISPERSED: Decimal("1606.80"),
    Category.DE_FACTO_UNSUPPORTED: Decimal("1593.40"),
    Category.DIFFICULTY: Decimal("600.00"),
}
WAITING = [
    Application.Status.DRAFT,
    Application.Status.POSTING,
    Application.Status.TOWNSHIP,
    Application.Status.COUNTY,
    Application.Status.RETURNED,
    Application.Status.REFUSED,
]
GUARDIANS = [("周秀英", "奶奶"), ("李德明", "爷爷"), ("王桂兰", "外婆"), ("张建国", "伯父"), ("刘美华", "姑姑")]


def _category(child) -> str:
    if child.cat_de_facto_unsupported:
        return Category.DE_FACTO_UNSUPPORTED
    return Category.ORPHAN_INSTITUTIONAL if child.orphan_care == "institutional" else Category.ORPHAN_DISPERSED


LOGINS = ("finance1",)  # printed by serve_demo with the other demo logins


def seed(county: str, *, seed: int, today: date) -> str:
    rng = random.Random(seed)
    officer = User.objects.filter(role=User.Role.COUNTY_OFFICER, division_id=county).order_by("pk").first()
    if officer is None:
        return "no county officer: no allowances"
    User.objects.update_or_create(
        username="finance1",
        defaults={
            "password": officer.password,
            "role": User.Role.FINANCE,
            "division_id": county,
            "full_name": "赵会计",
            "is_active": True,
        },
    )
    for category, amount in STANDARDS.items():
        PaymentStandard.objects.update_or_create(
            division_id=county, category=category, effective_from=date(2025, 1, 1), defaults={"amount": amount}
        )
    children = list(
        children_for_jobs()
        .filter(village__code__range=code_range(county))
        .exclude(status=Status.CLOSED)
        .filter(cat_de_facto_unsupported=True)
        .union(
            children_for_jobs()
            .filter(village__code__range=code_range(county), cat_orphan=True)
            .exclude(status=Status.CLOSED)
        )
        .order_by("id")
    )
    this_month = months.month_of(today)
    first_roll = months.add(this_month, -2)
    staff = {
        (u.role, u.division_id): u
        for u in User.objects.filter(
            role__in=[User.Role.CWD, User.Role.SUPERVISOR], division__code__range=code_range(county)
        )
    }
    now = timezone.now()
    made, running = 0, 0
    for i, child in enumerate(children):
        name, relation = GUARDIANS[i % len(GUARDIANS)]
        status = WAITING[i % len(WAITING)] if i % 3 == 0 else Application.Status.APPROVED
        cwd = staff.get((User.Role.CWD, child.village_id))
        sup = staff.get((User.Role.SUPERVISOR, child.village_id[:9]))
        category = _category(child)
        meets, reasons = actions.eligibility(child, category, today)
        submitted = today - timedelta(days=rng.randint(20, 120))
        app = Application.objects.create(
            child=child,
            village_id=child.village_id,
            category=category,
            status=status,
            eligible=meets,
            eligibility_reasons=reasons,
            request_reason="" if meets else "父母长期不在身边，家里老人无力抚养",
            applicant_name=name,
            applicant_relation=relation,
            note="孩子随祖辈生活，家庭收入低",
            prepared_by=cwd,
            submitted_at=None if status == Application.Status.DRAFT else now - timedelta(days=(today - submitted).days),
        )
        made += 1
        if status == Application.Status.POSTING:
            app.posting_from, app.posting_until = today - timedelta(days=3), today + timedelta(days=3)
        elif status != Application.Status.DRAFT:
            app.posting_from, app.posting_until = submitted, submitted + timedelta(days=6)
        if status in (Application.Status.COUNTY, Application.Status.APPROVED, Application.Status.REFUSED):
            app.township_on, app.township_opinion, app.township_by = (
                submitted + timedelta(days=9),
                "经入户核实，情况属实",
                sup,
            )
        if status == Application.Status.RETURNED:
            app.return_note = "请补充父亲服刑的判决书复印件"
        if status == Application.Status.REFUSED:
            app.refusal_reason = "孩子的父亲已经刑满释放回家，能照顾孩子，所以不能领这项生活费。"
            app.county_on, app.county_by = submitted + timedelta(days=15), officer
        if status == Application.Status.APPROVED:
            app.county_on, app.county_opinion, app.county_by = submitted + timedelta(days=15), "同意", officer
        app.save()
        Step.objects.create(application=app, kind=Step.Kind.CREATED, by=cwd)
        if status == Application.Status.APPROVED:
            start = min(months.start_month(app.county_on), first_roll if i % 5 else this_month)
            Benefit.objects.create(
                child=child,
                village_id=child.village_id,
                application=app,
                category=category,
                start_month=start,
                next_recheck_on=months.add(start, 12),
            )
            running += 1
    # Two issued rolls, paid (one payment returned by the bank), and this month's draft.
    for month in (first_roll, months.add(first_roll, 1)):
        roll = actions.do_build_roll(officer, month, county=county)
        if roll.status == roll.Status.DRAFT:
            actions.do_issue_roll(officer, roll)
            first = roll.lines.order_by("pk").first()
            if first is not None and month == first_roll:
                actions.do_record_payments(officer, roll, outcome="returned", line_ids=[first.pk])
            actions.do_record_payments(officer, roll, outcome="paid", paid_on=months.add(month, 0) + timedelta(days=14))
    actions.do_build_roll(officer, this_month, county=county)
    return f"{made} allowance applications, {running} allowances, 3 monthly rolls, finance1"
