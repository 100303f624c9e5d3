"""The demo-data generator: deterministic, realistic, consistent with the eligibility rules, bulk."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import User
from children import choices as c
from children.eligibility import (
    NATIONAL_DEFAULT,
    ChildFacts,
    ParentFacts,
    add_months,
    age_on,
    de_facto_unsupported,
    left_behind,
    orphan,
)
from children.identity import validate_id_number
from children.models import Child, Household, Parent
from demo import registry
from geo.models import Division
from partners.models import Organisation

TODAY = date(2026, 3, 15)
COUNTY = "511324"
# A small 仪陇县: three townships, seven villages (one a town-centre 社区), and a neighbouring
# county whose village must stay empty.
DIVISIONS = [
    ("51", "四川省", 1, None),
    ("5113", "南充市", 2, "51"),
    ("511324", "仪陇县", 3, "5113"),
    ("511324100", "金城镇", 4, "511324"),
    ("511324100003", "金城社区居民委员会", 5, "511324100"),
    ("511324100201", "石佛村民委员会", 5, "511324100"),
    ("511324100202", "龙岗村民委员会", 5, "511324100"),
    ("511324101", "新政镇", 4, "511324"),
    ("511324101201", "白鹤村民委员会", 5, "511324101"),
    ("511324101202", "鲤鱼村民委员会", 5, "511324101"),
    ("511324102", "马鞍镇", 4, "511324"),
    ("511324102201", "琳琅村民委员会", 5, "511324102"),
    ("511324102202", "双庙村民委员会", 5, "511324102"),
    ("511321", "南部县", 3, "5113"),
    ("511321100", "南隆街道", 4, "511321"),
    ("511321100201", "红岩村民委员会", 5, "511321100"),
    ("511322", "营山县", 3, "5113"),  # no villages loaded
]
VILLAGES = [
    registry.Village(code, name, parent, next(n for k, n, _, _ in DIVISIONS if k == parent))
    for code, name, level, parent in DIVISIONS
    if level == 5 and code.startswith(COUNTY)
]


@pytest.fixture
def county(db):
    for code, name, level, parent in DIVISIONS:
        Division.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=name)
    return Division.objects.get(code=COUNTY)


def plan(children: int, seed: int = 7) -> list[registry.HouseholdPlan]:
    planner = registry.Planner(COUNTY, "仪陇县", VILLAGES, children=children, seed=seed, today=TODAY)
    return list(planner.households(children))


def snapshot() -> list[tuple]:
    return list(
        Child.objects.order_by("uuid").values_list(
            "uuid", "name", "date_of_birth", "sex", "id_number", "village_id", "status", "registered_at"
        )
    )


def facts(child: Child) -> ChildFacts:
    parents = {p.role: p for p in child.household.parents.all()}

    def parent(role: str) -> ParentFacts:
        p = parents[role]
        return ParentFacts(
            role,
            p.vital_status,
            p.condition,
            p.condition_start,
            p.migration_status,
            p.condition_evidence,
            p.disability_type,
            p.disability_grade,
        )

    return ChildFacts(child.date_of_birth, child.hukou_type, child.schooling_status, parent("father"), parent("mother"))


# Determinism


def test_the_same_seed_plans_the_same_families_and_another_seed_does_not():
    first, again, other = plan(400), plan(400), plan(400, seed=8)
    assert [p.children for p in first] == [p.children for p in again]
    assert [p.parents for p in first] == [p.parents for p in again]
    names = [ch["name"] for p in first for ch in p.children]
    assert names != [ch["name"] for p in other for ch in p.children]


class Rollback(Exception):
    pass


def generate_and_undo(**options) -> list[tuple]:
    """Load and read back, then roll back rather than delete, whatever other apps hang off a child."""
    try:
        with transaction.atomic():
            registry.generate(COUNTY, today=TODAY, **options)
            rows = snapshot()
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_stores_identical_rows_whatever_the_batch_size(county):
    stored = generate_and_undo(children=300, seed=11)
    assert not Child.objects.exists()
    registry.generate(COUNTY, children=300, seed=11, batch_size=37, today=TODAY)
    assert snapshot() == stored


# Size, place and the bulk path


def test_exactly_the_requested_children_in_the_county_only(county):
    counts = registry.generate(COUNTY, children=300, seed=3, today=TODAY)
    assert Child.objects.count() == counts["children"] == 300
    assert Household.objects.count() == counts["households"]
    assert Parent.objects.count() == 2 * counts["households"]
    assert not Child.objects.filter(village__code__startswith="511321").exists()
    assert set(Child.objects.values_list("village__level", flat=True)) == {Division.Level.VILLAGE}
    # Every child carries at least one category.
    assert all(Child.objects.get(pk=pk).categories for pk in Child.objects.values_list("pk", flat=True))


def test_rows_go_in_batches_not_one_query_per_row(county, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        registry.generate(COUNTY, children=300, seed=3, batch_size=100, today=TODAY)
    assert Child.objects.count() == 300


def test_a_county_that_already_has_children_is_refused(county):
    registry.generate(COUNTY, children=50, seed=1, today=TODAY)
    with pytest.raises(registry.DemoError, match="already has children"):
        registry.generate(COUNTY, children=50, seed=2, today=TODAY)
    assert Child.objects.count() == 50


# Realism


def test_proportions_follow_the_national_figures():
    kids = [ch for p in plan(4000) for ch in p.children]
    open_kids = [ch for ch in kids if ch["status"] != c.Status.CLOSED]
    share = lambda rows, pred: sum(1 for r in rows if pred(r)) / len(rows)  # noqa: E731

    assert 0.50 < share(kids, lambda ch: ch["sex"] == "M") < 0.59  # 54.5% boys (MCA 2018)
    assert 0.72 < share(open_kids, lambda ch: ch["cat_rural_left_behind"]) < 0.90
    assert 0.02 < share(open_kids, lambda ch: ch["cat_de_facto_unsupported"]) < 0.07
    assert 0.005 < share(open_kids, lambda ch: ch["cat_orphan"]) < 0.03
    assert 0.05 < share(open_kids, lambda ch: ch["cat_difficulty_economic"]) < 0.20
    assert 0.01 < share(open_kids, lambda ch: ch["cat_difficulty_disability"]) < 0.06
    assert all(any(v for k, v in ch.items() if k.startswith("cat_")) for ch in kids)

    lbc_ages = [age_on(ch["date_of_birth"], TODAY) for ch in open_kids if ch["cat_rural_left_behind"]]
    assert max(lbc_ages) < 16
    assert 0.17 < share(lbc_ages, lambda a: a <= 5) < 0.27  # 21.7%
    assert 0.60 < share(lbc_ages, lambda a: 6 <= a <= 13) < 0.75  # 67.4%

    assert 0.80 < share(kids, lambda ch: ch["id_number"]) < 0.92
    assert share(kids, lambda ch: ch["ethnicity"] == "01") > 0.95
    assert share(kids, lambda ch: ch["hukou_type"] == c.HukouType.RURAL) > 0.95

    statuses = Counter(ch["status"] for ch in kids)
    assert statuses[c.Status.ACTIVE] > 0.8 * len(kids)
    assert statuses[c.Status.REGISTERED] > 0
    assert statuses[c.Status.CONFIRMED] > 0
    assert 0.02 < statuses[c.Status.CLOSED] / len(kids) < 0.08


def test_caregivers_of_left_behind_children_are_mostly_grandparents_and_a_few_are_missing():
    households = [p.household for p in plan(4000) if any(ch["cat_rural_left_behind"] for ch in p.children)]
    unsupervised = [h for h in households if not h["has_caregiver"]]
    assert 0.02 < len(unsupervised) / len(households) < 0.08  # 2016 sweep: 4%
    cared = [h for h in households if h["has_caregiver"]]
    grandparents = [h for h in cared if h["caregiver_relation"] in registry.GRANDPARENTS]
    assert 0.84 < len(grandparents) / len(cared) < 0.96
    assert all(1940 < h["caregiver_birth_year"] <= TODAY.year - 18 for h in cared)


def test_away_parents_work_in_real_cities_and_keep_in_touch():
    parents = [p for pl in plan(1000) for p in pl.parents if p.get("work_city")]
    assert {p["work_city"] for p in parents} <= set(registry.CITIES.items)
    assert all(len(p["phone"]) == 11 and p["phone"].startswith("1") for p in parents)
    recent = [p for p in parents if (TODAY - p["last_contact"]).days <= 35]
    assert 0.8 < len(recent) / len(parents) < 0.97  # some have let contact lapse


def test_schooling_and_grade_match_the_age():
    primary, secondary = registry.PRIMARY_GRADES, registry.SECONDARY_GRADES
    for ch in (ch for p in plan(1500) for ch in p.children):
        year = age_on(ch["date_of_birth"], date(2025, 8, 31)) - 6  # school entry at 6 by 31 August
        status, grade = ch["schooling_status"], ch["grade"]
        if status == c.SchoolingStatus.KINDERGARTEN:
            assert grade == registry.KINDERGARTEN_GRADES[year + 3]
        elif status == c.SchoolingStatus.PRIMARY:
            assert primary.index(grade) in (year, year - 1)
            assert ch["school"].endswith("小学")
        elif status in (c.SchoolingStatus.JUNIOR_MIDDLE, c.SchoolingStatus.SENIOR_MIDDLE):
            assert secondary.index(grade) + 6 in (year, year - 1)
            assert ch["school"].endswith("中学")
        elif status == c.SchoolingStatus.PRESCHOOL_NOT_ENROLLED:
            assert year < 0
        else:  # dropped out or out of school
            assert year >= 0
            assert grade == ""


def test_siblings_share_the_fathers_surname():
    for p in plan(1000):
        father = p.parents[0]
        if father["name"]:
            assert all(ch["name"][0] == father["name"][0] for ch in p.children)


# Consistency with the rules and the registry's own checks


def test_categories_agree_with_the_national_eligibility_rules(county):
    registry.generate(COUNTY, children=300, seed=5, today=TODAY)
    open_children = Child.objects.exclude(status=c.Status.CLOSED).prefetch_related("household__parents")
    seen = Counter()
    for child in open_children:
        f = facts(child)
        assert child.cat_rural_left_behind == left_behind(f, NATIONAL_DEFAULT, TODAY).meets, child.name
        assert child.cat_de_facto_unsupported == de_facto_unsupported(f, NATIONAL_DEFAULT, TODAY).meets, child.name
        assert child.cat_orphan == orphan(f, TODAY).meets, child.name
        seen.update(cat for cat in child.categories)
    assert seen[c.Category.RURAL_LEFT_BEHIND] > 150
    assert seen[c.Category.DE_FACTO_UNSUPPORTED] > 0

    # De facto unsupported: every time-bound condition has run 6 months and carries evidence.
    for parent in Parent.objects.filter(
        household__children__cat_de_facto_unsupported=True, household__children__status=c.Status.ACTIVE
    ).exclude(condition=""):
        assert parent.condition_evidence
        if parent.condition in NATIONAL_DEFAULT.dfu_time_bound_conditions:
            assert add_months(parent.condition_start, 6) <= TODAY
    for child in Child.objects.filter(cat_orphan=True):
        assert child.orphan_basis
    for child in Child.objects.filter(status=c.Status.CLOSED):
        assert child.closure_reason
        assert child.closed_on <= TODAY


def test_id_numbers_are_valid_unique_and_match_birth_date_and_sex(county):
    registry.generate(COUNTY, children=300, seed=5, today=TODAY)
    rows = list(Child.objects.values_list("id_number", "date_of_birth", "sex"))
    numbers = [n for n, _, _ in rows if n]
    assert 0.75 < len(numbers) / len(rows) < 0.95
    assert len(set(numbers)) == len(numbers)
    for number, born, sex in rows:
        if number:
            assert validate_id_number(number, date_of_birth=born, sex=sex) == number
            assert number.startswith(COUNTY)
    for number in Parent.objects.exclude(id_number="").values_list("id_number", flat=True):
        validate_id_number(number)


def test_pinyin_keys_are_stored_for_search(county):
    registry.generate(COUNTY, children=50, seed=5, today=TODAY)
    for name, pinyin, initials in Child.objects.values_list("name", "name_pinyin", "name_initials"):
        assert pinyin.isascii()
        assert pinyin.isalpha()
        assert len(initials) == len(name)


# Demo users


def test_demo_users_are_bound_to_the_right_levels(county):
    registry.generate(COUNTY, children=300, seed=5, today=TODAY)
    listed = registry.create_demo_users(COUNTY, "demo-pass-123")
    users = {u.username: u for u in User.objects.select_related("division", "organisation")}
    assert [name for name, _, _ in listed] == [
        "county", "supervisor1", "supervisor2", "cwd1", "cwd2", "cwd3", "partner1", "school1", "admin",
    ]  # fmt: skip
    for user in users.values():
        user.clean()  # the model's own role/level check
        assert user.check_password("demo-pass-123")
        assert not user.must_change_password  # `make run` logs in straight to the pages
        assert user.full_name
        assert not user.full_name.isascii()

    t1, t2 = users["supervisor1"].division, users["supervisor2"].division
    assert users["county"].division.code == COUNTY
    assert users["county"].role == User.Role.COUNTY_OFFICER
    assert t1.level == t2.level == Division.Level.TOWNSHIP
    assert t1 != t2
    assert users["cwd1"].division.parent == users["cwd2"].division.parent == t1
    assert users["cwd1"].division != users["cwd2"].division
    assert users["cwd3"].division.parent == t2

    # cwd1 gets the busiest village of the busiest township.
    open_children = Child.objects.exclude(status=c.Status.CLOSED)
    caseload = Counter(open_children.values_list("village_id", flat=True))
    township_load = Counter({t: sum(n for v, n in caseload.items() if v.startswith(t)) for t in (t1.code, t2.code)})
    assert township_load[t1.code] >= township_load[t2.code]
    assert caseload[users["cwd1"].division.code] == max(n for v, n in caseload.items() if v.startswith(t1.code))

    partner = users["partner1"]
    assert partner.role == User.Role.PARTNER
    assert partner.organisation.type == Organisation.Type.TOWNSHIP_HEALTH_CENTRE
    assert partner.organisation.division == t1
    school = users["school1"].organisation
    assert (users["school1"].role, school.type, school.division) == (User.Role.PARTNER, Organisation.Type.SCHOOL, t1)
    admin = users["admin"]
    assert admin.role == User.Role.ADMIN
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.division is None
    assert not users["cwd1"].is_staff


def test_demo_users_can_be_created_again_without_duplicates(county):
    registry.generate(COUNTY, children=120, seed=5, today=TODAY)
    first = registry.create_demo_users(COUNTY, "first-pass-123")
    again = registry.create_demo_users(COUNTY, "second-pass-456")
    assert first == again
    assert User.objects.count() == 9
    assert Organisation.objects.count() == 8  # the health centre, the school and six county services, once each
    assert User.objects.get(username="cwd1").check_password("second-pass-456")


# The management command


def test_seed_demo_loads_once_with_if_empty(county, settings):
    settings.SHOUHU_DEMO_PASSWORD = "seed-demo-pass-1"
    out = StringIO()
    call_command("seed_demo", county=COUNTY, children=80, seed=9, if_empty=True, stdout=out)
    assert Child.objects.count() == 80
    assert "Generated 80 children" in out.getvalue()
    assert "cwd1" in out.getvalue()
    assert User.objects.get(username="supervisor1").check_password("seed-demo-pass-1")

    out = StringIO()
    call_command("seed_demo", county=COUNTY, children=80, seed=10, if_empty=True, stdout=out)
    assert Child.objects.count() == 80
    assert "no demo data loaded" in out.getvalue()

    with pytest.raises(CommandError, match="already has children"):
        call_command("seed_demo", county=COUNTY, children=80, seed=10, stdout=StringIO())


def test_a_seed_that_dies_half_way_leaves_nothing_and_the_next_one_fills_the_county(county, monkeypatch):
    class Killed(Exception):
        pass

    def dies(county_code, *, seed, today):
        raise Killed  # as if the process were stopped after the registry and before the tiers

    killed = type("demo", (), {"seed": staticmethod(dies), "__name__": "killed"})
    monkeypatch.setattr("demo.management.commands.seed_demo.app_demos", lambda: [killed])
    with pytest.raises(Killed):
        call_command("seed_demo", county=COUNTY, children=40, seed=9, if_empty=True, stdout=StringIO())
    assert not Child.objects.exists()
    assert not User.objects.filter(username="cwd1").exists()

    monkeypatch.undo()
    out = StringIO()
    call_command("seed_demo", county=COUNTY, children=40, seed=9, if_empty=True, stdout=out)
    assert Child.objects.count() == 40
    assert "Generated 40 children" in out.getvalue()


def test_seed_demo_says_what_is_missing_when_divisions_are_not_loaded(county):
    with pytest.raises(CommandError, match="no villages"):
        call_command("seed_demo", county="511322", children=10, stdout=StringIO())
    with pytest.raises(CommandError, match="load_divisions"):
        call_command("seed_demo", county="999999", children=10, stdout=StringIO())
    assert not Child.objects.exists()
    assert not User.objects.exists()
