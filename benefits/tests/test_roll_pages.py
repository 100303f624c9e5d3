"""The roll page reads a page as a range of the positions kept on the lines, and the totals kept
on the roll: the same lines in the same order as sorting the roll would give, after a correction
too, with a bounded number of queries."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from benefits import actions, views
from children import choices as c
from conftest import make_child

from .conftest import DEAD, PRISON, approved

JAN, FEB = date(2025, 1, 1), date(2025, 2, 1)


def test_pages_follow_the_roll_order_and_corrections_are_numbered_in(
    people, geo, standards, login, monkeypatch, django_assert_max_num_queries
):
    dfu = {"father": PRISON, "mother": DEAD, "categories": (c.Category.DE_FACTO_UNSUPPORTED,)}
    children = [make_child(geo["village_a"], f"童{i}", **dfu) for i in range(5)]
    benefits = [approved(ch, people, start=JAN).approved_benefit for ch in children]
    roll = actions.do_build_roll(people["county"], FEB)  # January in arrears, February this month
    actions.do_add_correction(people["county"], roll, benefits[2], month=JAN, amount=Decimal("-10"), note="多发")
    roll.refresh_from_db()
    assert roll.totals["numbered"] is True
    assert roll.totals["lines"] == 11
    assert roll.totals["corrections"] == "-10.00"
    expected = list(roll.lines.order_by("village_id", "child_id", "month", "id").values_list("pk", flat=True))
    assert list(roll.lines.order_by("position").values_list("pk", flat=True)) == expected
    monkeypatch.setattr(views, "ROLL_PAGE", 4)
    client = login(people["county"])
    url = reverse("benefit_roll", args=[roll.uuid])
    shown = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(16):
            r = client.get(url, {"page": page})
        shown += [line.pk for line in r.context["page"]]
        assert r.context["page"].paginator.count == 11
    assert shown == expected
    assert r.context["totals"]["total"] == Decimal("15924.00")  # 10 months at 1593.40, less 10
