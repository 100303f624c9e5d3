"""Who follows up a village's children: the people alerts and escalations go to."""

from accounts.models import User
from accounts.staff import staff_by_village, staff_of_organisation
from conftest import make_user
from partners.models import Organisation

R = User.Role


def test_staff_by_village_per_role_and_only_active(people, geo, django_assert_num_queries):
    people["cwd_b"].is_active = False
    people["cwd_b"].save()
    a, b, c = (geo[k].code for k in ("village_a", "village_b", "village_c"))
    with django_assert_num_queries(1):
        staff = staff_by_village([a, b, c], R.CWD, R.SUPERVISOR, R.COUNTY_OFFICER)
    names = {v: [u.username for u in users] for v, users in staff.items()}
    assert names == {a: ["cwd_a", "sup1", "county"], b: ["sup1", "county"], c: ["cwd_c", "sup2", "county"]}
    assert staff_by_village([a], R.SUPERVISOR)[a] == [people["supervisor"]]
    assert staff_by_village([], R.CWD) == {}


def test_staff_of_organisation_in_one_query_only_active_partner_staff(people, geo, django_assert_num_queries):
    health = people["partner"].organisation
    bureau = Organisation.objects.create(name="仪陇县教育局", type="education_bureau", division=geo["county"])
    empty = Organisation.objects.create(name="金城镇司法所", type="police_station", division=geo["t1"])
    officer = make_user("bureau", R.PARTNER, organisation=bureau)
    make_user("bureau_gone", R.PARTNER, organisation=bureau, is_active=False)
    with django_assert_num_queries(1):
        staff = staff_of_organisation([health, bureau.pk, empty, None])
    assert staff == {health.pk: [people["partner"]], bureau.pk: [officer], empty.pk: []}
    with django_assert_num_queries(0):
        assert staff_of_organisation([]) == {} == staff_of_organisation([None])
