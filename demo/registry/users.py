"""The demo personas: a county officer, supervisors, CWDs, a partner and an admin."""

from collections import Counter, defaultdict

from django.contrib.auth.hashers import make_password
from django.db.models import Count

from accounts.models import User
from children import choices as c
from children.models import Child
from geo.models import Division, code_range
from partners.models import Organisation

from .loader import county_villages
from .planner import DemoError, Village

DEMO_NAMES = {
    "county": "陈建华", "supervisor1": "李红梅", "supervisor2": "王志强", "cwd1": "张秀英", "cwd2": "刘德明",
    "cwd3": "何春燕", "partner1": "罗晓燕", "school1": "吴静", "admin": "赵磊",
}  # fmt: skip


def create_demo_users(county_code: str, password: str) -> list[tuple[str, str, str]]:
    """The demo personas, created or updated in place; returns (username, role, division name).

    Township 1 is the township with the most open records and township 2 the next; cwd1 and
    cwd2 get the two largest villages of township 1, cwd3 the largest of township 2, so that
    the personas have realistic caseloads. Without children, code order decides.
    """
    county, villages = county_villages(county_code)
    open_children = (
        Child.objects.filter(village__code__range=code_range(county.code))
        .exclude(status=c.Status.CLOSED)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    per_village = {row["village_id"]: row["n"] for row in open_children}
    per_township: Counter[str] = Counter()
    by_township: defaultdict[str, list[Village]] = defaultdict(list)
    for v in villages:
        per_township[v.township_code] += per_village.get(v.code, 0)
        by_township[v.township_code].append(v)
    busiest = sorted(by_township, key=lambda code: (-per_township[code], code))
    # Township 1 needs two villages (cwd1, cwd2); township 2 is the busiest of the others.
    first = next((t for t in busiest if len(by_township[t]) >= 2), None)
    second = next((t for t in busiest if t != first), None)
    if first is None or second is None:
        raise DemoError(f"{county.name} needs two townships, one with two villages, for the demo users.")

    def ranked(township: str) -> list[Village]:
        return sorted(by_township[township], key=lambda v: (-per_village.get(v.code, 0), v.code))

    t1, t2 = ranked(first), ranked(second)
    township1, township2 = Division.objects.get(code=first), Division.objects.get(code=second)
    organisation, _ = Organisation.objects.update_or_create(
        division=township1,
        name=f"{township1.name}卫生院",
        defaults={"type": Organisation.Type.TOWNSHIP_HEALTH_CENTRE, "address": f"{township1.name}政府街",
                  "phone": f"0817-72{township1.code[-2:]}120", "services": ["health", "nutrition", "rehabilitation"],
                  "capacity": 30, "contact_person": "何医生"},
    )  # fmt: skip
    # The township's central primary school, whose staff send absence sheets (schools app).
    school, _ = Organisation.objects.update_or_create(
        division=township1,
        name=f"{township1.name}中心小学",
        defaults={"type": Organisation.Type.SCHOOL, "address": f"{township1.name}学府路",
                  "phone": f"0817-72{township1.code[-2:]}301", "services": ["education"], "contact_person": "吴老师"},
    )  # fmt: skip
    # The county's own services, so that every village has somewhere to refer to.
    for name, kind, services in [
        (f"{county.name}未成年人救助保护中心", Organisation.Type.PROTECTION_CENTRE, ["temporary_care", "protection"]),
        (f"{county.name}教育局", Organisation.Type.EDUCATION_BUREAU, ["education", "school_return"]),
        (f"{county.name}公安局", Organisation.Type.POLICE_STATION, ["protection"]),
        (f"{county.name}人民医院", Organisation.Type.COUNTY_HOSPITAL, ["health", "nutrition", "psychological"]),
        (f"{county.name}妇联", Organisation.Type.WOMENS_FEDERATION, ["family_support", "material_aid"]),
        (
            f"{county.name}社会工作服务站",
            Organisation.Type.SOCIAL_WORK_STATION,
            ["psychological", "family_support", "legal_aid"],
        ),
    ]:
        Organisation.objects.update_or_create(division=county, name=name, defaults={"type": kind, "services": services})
    R = User.Role
    specs = [
        ("county", R.COUNTY_OFFICER, county.code, None),
        ("supervisor1", R.SUPERVISOR, township1.code, None),
        ("supervisor2", R.SUPERVISOR, township2.code, None),
        ("cwd1", R.CWD, t1[0].code, None),
        ("cwd2", R.CWD, t1[1].code, None),
        ("cwd3", R.CWD, t2[0].code, None),
        ("partner1", R.PARTNER, None, organisation),
        ("school1", R.PARTNER, None, school),
        ("admin", R.ADMIN, None, None),
    ]
    names = dict(Division.objects.filter(code__in=[s[2] for s in specs if s[2]]).values_list("code", "name"))
    # One hash for all: the personas share the password, and each hash takes most of a second.
    hashed = make_password(password)
    result = []
    for i, (username, role, division_code, org) in enumerate(specs):
        User.objects.update_or_create(
            username=username,
            defaults={
                "password": hashed,
                "role": role, "division_id": division_code, "organisation": org, "full_name": DEMO_NAMES[username],
                "phone": f"1390817{i:04d}", "is_active": True, "is_staff": role == R.ADMIN,
                "is_superuser": role == R.ADMIN,
            },
        )  # fmt: skip
        where = names.get(division_code, "") if division_code else (township1.name if org else "")
        result.append((username, str(role), where))
    return result
